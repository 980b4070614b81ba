"""Result cards: a headline number, its unit, its range and one comparison, as HTML.

A card replaces a ``print()`` line for a key result. It is plain HTML (nbval compares it as text)
and carries ``data-headline`` and ``data-value`` attributes, so ``tests/test_story.py`` can check
that every notebook and edition shows a headline of :mod:`helpers.story` with one value.
"""

from __future__ import annotations

import html
import re

from helpers.i18n import _, language
from helpers.story import Headline, headlines
from helpers.views import units

CARD_CSS = (
    "display:inline-block;min-width:14em;max-width:30em;margin:4px 12px 8px 0;padding:10px 14px;"
    "border:1px solid #c9d3dd;border-left:6px solid #0072B2;border-radius:6px;vertical-align:top"
)


def value_text(value: float, unit: str, lang: str | None = None) -> str:
    """A headline value as a reader says it: ``385 days``, ``1.32e26 FLOPs``, ``¥2.97 bn``, ``148 GWh``;
    Japanese yen, GPU-hours and counts in the style of :func:`helpers.views.units.japanese_number`.

    Notebook 03, section '4. From FLOPs to days' (its result cards)."""
    lang = lang or language()
    if unit == "JPY":
        return units.yen_text(value, lang, digits=3)
    if unit == "FLOPs":
        return f"{value:.3g} FLOP" if lang == "ja" else f"{value:.3g} FLOPs"
    if unit == "days":
        return _("{n:,.0f} days", lang, n=value)
    if unit == "GPUs":
        return _("{n} GPUs", lang, n=units.count_text(value, lang))
    if unit == "t":
        return _("{n} t", lang, n=units.count_text(value, lang))
    if unit == "GPU-hours":
        return _("{n} GPU-hours", lang, n=units.params_text(value, lang=lang))
    if unit == "runs":
        return _("{n:,.1f} runs", lang, n=value) if value < 100 else _("{n:,.0f} runs", lang, n=value)
    if unit == "fraction":
        return f"{value:.1%}"
    return f"{value:,.3g} {unit}" if value < 1000 else f"{value:,.0f} {unit}"


def range_text(headline: Headline, lang: str | None = None) -> str:
    """``296–467 days`` (the headline's low to high), or ``""`` when it has no range.

    Notebook 03, section '4. From FLOPs to days'."""
    if headline.low == headline.high:
        return ""
    low, high = value_text(headline.low, headline.unit, lang), value_text(headline.high, headline.unit, lang)
    return _("range {low} to {high}", lang, low=low, high=high)


def result_card(title: str, shown: str, spread: str = "", comparison: str = "", key: str = "") -> str:
    """One card as HTML: ``title``, the value as ``shown`` (large), its range and one comparison.
    ``key`` marks a headline of :mod:`helpers.story` (``data-headline``) for tests/test_story.py; a
    result that is not a headline (a model's size, a sheet's answer) has none.

    Notebook 01, section '5. Build a model' (and every key result of notebooks 01-08)."""
    lines = [
        f'<div style="font-size:0.9em;color:#36454f">{html.escape(title)}</div>',
        f'<div style="font-size:1.7em;font-weight:700;font-variant-numeric:tabular-nums">{html.escape(shown)}</div>',
    ]
    if spread:
        lines.append(f'<div style="font-size:0.85em;color:#36454f">{html.escape(spread)}</div>')
    if comparison:
        lines.append(f'<div style="font-size:0.9em;margin-top:4px">{html.escape(comparison)}</div>')
    marks = f' data-headline="{key}"' if key else ""
    return (
        f'<div class="t-card"{marks} data-value="{html.escape(shown)}" style="{CARD_CSS}">' + "".join(lines) + "</div>"
    )


def card(key: str, title: str, comparison: str = "", lang: str | None = None) -> str:
    """The card of headline ``key`` (:func:`helpers.story.headlines`) under ``title``.

    Notebook 03, section '4. From FLOPs to days'; notebooks 04-06 and the deck show theirs the same way."""
    h = headlines()[key]
    return result_card(title, value_text(h.value, h.unit, lang), range_text(h, lang), comparison, key=key)


def _text(fragment: str) -> str:
    """The words of an HTML fragment, one space between them (what nbval compares)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


class Cards:
    """Several cards in a row, shown as HTML by Jupyter (``Cards([card(...), card(...)])``).

    Notebook 03, section '4. From FLOPs to days'."""

    def __init__(self, cards: list[str]) -> None:
        self.cards = cards

    def _repr_html_(self) -> str:
        return '<div class="t-cards">' + "".join(self.cards) + "</div>"

    def __repr__(self) -> str:  # the text nbval also stores: the values a reader should learn
        return "\n".join(_text(c) for c in self.cards)


NOTE_CSS = "max-width:46em;margin:6px 0 10px;line-height:1.55"


class Note:
    """Result sentences shown as prose (class ``t-note``) where a notebook used to ``print()`` them:
    ``Note(_("The model has {n} parameters.", n=...))``; several sentences are several paragraphs.
    ``**bold**`` marks the number a reader should take away. nbval compares the text.

    Notebook 01, section '5. Build a model' (and every result sentence of notebooks 00-08)."""

    def __init__(self, *sentences: str) -> None:
        self.sentences = [str(s) for s in sentences]

    def _repr_html_(self) -> str:
        paragraphs = [
            re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(s)).replace("\n", "<br>")
            for s in self.sentences
        ]
        return f'<div class="t-note" style="{NOTE_CSS}">' + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div>"

    def __repr__(self) -> str:
        return "\n".join(s.replace("**", "") for s in self.sentences)


class KeyValues:
    """A short list of results, label beside value (class ``t-note t-kv``), in place of several
    ``print(f"{label}: {value}")`` lines: ``KeyValues([(_("Weights"), "2.05 TB"), ...])``.

    Notebook 02, section '1. From parameters to bytes' (and the result lists of notebooks 01-08)."""

    def __init__(self, rows: list[tuple[str, str]], title: str = "") -> None:
        self.rows, self.title = [(str(k), str(v)) for k, v in rows], title

    def _repr_html_(self) -> str:
        head = f'<div style="font-weight:600;margin-bottom:4px">{html.escape(self.title)}</div>' if self.title else ""
        cells = "".join(
            f'<dt style="color:#36454f;float:none;width:auto;margin:0">{html.escape(k)}</dt>'
            f'<dd style="margin:0;font-weight:600;font-variant-numeric:tabular-nums">{html.escape(v)}</dd>'
            for k, v in self.rows
        )
        grid = "display:grid;grid-template-columns:max-content auto;gap:3px 18px;margin:0"
        return f'<div class="t-note t-kv" style="{NOTE_CSS}">{head}<dl style="{grid}">{cells}</dl></div>'

    def __repr__(self) -> str:
        lines = [self.title] if self.title else []
        return "\n".join(lines + [f"{k}: {v}" for k, v in self.rows])
