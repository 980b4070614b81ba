"""Result cards: a headline number, its unit, its range and one comparison, as HTML.

A card replaces a ``print()`` line for a key result. It is plain HTML (nbval compares it as text)
and carries ``data-headline`` and ``data-value`` attributes, so ``tests/test_story.py`` can check
that every notebook and edition shows a headline of :mod:`helpers.story` with one value.
"""

from __future__ import annotations

import html

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


def card(key: str, title: str, comparison: str = "", lang: str | None = None) -> str:
    """The card of headline ``key`` (:func:`helpers.story.headlines`) under ``title``.

    Notebook 03, section '4. From FLOPs to days'; notebooks 04-06 and the deck show theirs the same way."""
    h = headlines()[key]
    shown = value_text(h.value, h.unit, lang)
    spread = range_text(h, lang)
    lines = [
        f'<div style="font-size:0.9em;color:#36454f">{html.escape(title)}</div>',
        f'<div style="font-size:1.7em;font-weight:700;font-variant-numeric:tabular-nums">{html.escape(shown)}</div>',
    ]
    if spread:
        lines.append(f'<div style="font-size:0.85em;color:#36454f">{html.escape(spread)}</div>')
    if comparison:
        lines.append(f'<div style="font-size:0.9em;margin-top:4px">{html.escape(comparison)}</div>')
    return (
        f'<div class="t-card" data-headline="{key}" data-value="{html.escape(shown)}" style="{CARD_CSS}">'
        + "".join(lines)
        + "</div>"
    )


class Cards:
    """Several cards in a row, shown as HTML by Jupyter (``Cards([card(...), card(...)])``).

    Notebook 03, section '4. From FLOPs to days'."""

    def __init__(self, cards: list[str]) -> None:
        self.cards = cards

    def _repr_html_(self) -> str:
        return '<div class="t-cards">' + "".join(self.cards) + "</div>"

    def __repr__(self) -> str:  # the text nbval also stores: the values a reader should learn
        import re

        texts = [html.unescape(re.sub(r"<[^>]+>", " ", c)) for c in self.cards]
        return "\n".join(" ".join(text.split()) for text in texts)
