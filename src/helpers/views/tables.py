"""Tables as notebooks show them: formatted text columns built from ``data/`` and calculations.

Pure functions from DataFrame to DataFrame; the notebook displays the result, and nbval compares
its text, so every number in a table is checked.
"""

from __future__ import annotations

import math
import numbers
import re

import pandas as pd

from helpers import i18n
from helpers.calc.memory import Saved
from helpers.i18n import _
from helpers.views import units


def _japanese_or_own(rows: pd.DataFrame, column: str, lang: str) -> list[str]:
    """``column`` in ``lang``: in Japanese ``<column>_ja`` where the row has one, else the column itself."""
    own = rows[column].fillna("")
    if lang != "ja" or f"{column}_ja" not in rows:
        return own.tolist()
    return [ja if isinstance(ja, str) and ja else text for ja, text in zip(rows[f"{column}_ja"], own, strict=True)]


def facts_table(facts: pd.DataFrame, topics: list[str] | None = None, lang: str | None = None) -> pd.DataFrame:
    """The story's figures for reading: label, value with unit, original wording, confidence, source,
    the source's date and the date we last confirmed the row (``confirmed``, data/manifest.csv says
    which rows carry only the date the table was compiled).

    In English (``lang``, default: the current language) the Japanese label stays beside the
    English one; in Japanese only the Japanese label is shown, and an English wording or source
    title is shown in its Japanese rendering (``value_text_ja``, ``source_title_ja``) where the row
    has one. Notebook 00, section '2. The key figures'.
    """
    lang = lang or i18n.language()
    rows = facts if topics is None else facts[facts["topic"].isin(topics)]
    written = _japanese_or_own(rows, "value_text", lang)
    value = [
        units.value_text(v, u, lang) if pd.notna(v) else w
        for v, u, w in zip(rows["value"], rows["unit"], written, strict=True)
    ]
    columns = {i18n.t("facts.col.label", lang): rows[f"label_{lang}"].to_numpy()}
    if lang != "ja":
        columns["項目"] = rows["label_ja"].to_numpy()  # the Japanese wording, for English readers
    columns |= {
        i18n.t("facts.col.value", lang): value,
        i18n.t("facts.col.as_written", lang): written,
        i18n.t("facts.col.confidence", lang): [i18n.t(f"facts.conf.{c}", lang) for c in rows["confidence"]],
        i18n.t("word.source", lang): _japanese_or_own(rows, "source_title", lang),
        i18n.t("facts.col.date", lang): rows["source_date"].fillna("").to_numpy(),
        _("last confirmed", lang): rows["confirmed"].fillna("").to_numpy(),
    }
    return pd.DataFrame(columns, index=pd.Index(rows["id"].to_numpy(), name="id"))


_PUBLISHED = re.compile(
    r"^(?P<total>[\d.,]+[MBT]) total, (?P<active>[\d.,]+[MBT]) (?P<kind>per token|activated)(?P<rest>.*)$"
)
_PUBLISHED_NOTES = (  # the notes beside published counts in data/models.csv, as regular expressions
    (re.compile(r"\s*\(Table (?P<table>[\w.]+)\)"), "table"),
    (re.compile(r"\s*\((?P<n>[\d.]+[MBT]) in README_WEIGHTS\)"), "weights"),
    (re.compile(r"\s*\(tech report: (?P<n>[\d.]+[MBT])\)"), "report"),
)


def published_text(published: str, lang: str | None = None) -> str:
    """A published parameter count as its developer wrote it (``46.7B total, 12.9B per token``), with
    its English words in ``lang`` (default: the current language): ``総数46.7B、1トークンあたり12.9B``.
    The figures stay as published. Notebook 01, section '6. Our counts against the published ones'."""
    lang = lang or i18n.language()
    if lang == "en" or not isinstance(published, str):
        return published
    text = published
    found = _PUBLISHED.match(text)
    if found:
        total, active, rest = found["total"], found["active"], found["rest"]
        text = (
            _("{total} total, {active} per token", lang, total=total, active=active)
            if found["kind"] == "per token"
            else _("{total} total, {active} activated", lang, total=total, active=active)
        ) + rest
    for pattern, kind in _PUBLISHED_NOTES:

        def note(match: re.Match[str], kind: str = kind) -> str:
            if kind == "table":
                return _(" (Table {table})", lang, table=match["table"])
            if kind == "weights":
                return _(" ({n} in README_WEIGHTS)", lang, n=match["n"])
            return _(" (tech report: {n})", lang, n=match["n"])

        text = pattern.sub(note, text)
    first, _sep, second = text.partition("; ")
    return _("{first}; {second}", lang, first=first, second=second) if second else text


def comparison_table(comparison: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """``catalog.comparison()`` for reading: exact counts with separators, differences in percent.

    The published figures and sources are quoted as their developers wrote them.
    Notebook 01, section '6. Our counts against the published ones'."""

    def t(key: str) -> str:
        return i18n.t(key, lang)

    return pd.DataFrame(
        {
            t("word.model"): comparison["model"],
            t("compare.col.year"): comparison["year"],
            t("compare.col.ours_total"): [f"{n:,}" for n in comparison["ours_total"]],
            t("compare.col.ours_active"): [
                f"{a:,}" if a != n else t("compare.same_as_total")
                for a, n in zip(comparison["ours_active"], comparison["ours_total"], strict=True)
            ],
            t("compare.col.published"): [published_text(p, lang) for p in comparison["published"]],
            t("compare.col.diff"): [f"{d:+.2%}" for d in comparison["total_diff"]],
            t("word.source"): comparison["source"],
        }
    ).set_index(t("word.model"))


def breakdown_table(counts: dict[str, object], lang: str | None = None) -> pd.DataFrame:
    """Components of several :class:`~helpers.calc.params.ParamCount` side by side, in billions
    (English) or in 億 (10⁸, Japanese); rows named in ``lang`` (default: the current language).
    Notebook 01, section '4. Dense and mixture of experts: total vs active'."""
    lang = lang or i18n.language()
    frame = pd.DataFrame(
        {name: count.breakdown() | {"total": count.total, "active": count.active} for name, count in counts.items()}
    )
    names = {
        key: i18n.t(f"part.{key}" if key not in ("total", "active") else f"part.row.{key}", lang) for key in frame.index
    }
    frame = frame.rename(index=names)
    if lang == "ja":  # 億 as Japanese counts, to the same 10⁶ as the English billions with three decimals
        frame.index.name = _("parameters (億)", lang)
        return (frame / 1e8).round(2)
    frame.index.name = i18n.t("part.row.header", lang)
    return (frame / 1e9).round(3)


def saved_description(item: Saved, lang: str | None = None) -> str:
    """What the tensors one layer saves for backward are, in words, in ``lang``.

    Notebook 02a, section '1. What one layer saves, tensor by tensor'.
    """
    where = i18n.t(f"saved.where.{item.where}", lang) if item.where else ""
    return i18n.t(f"saved.{item.what}", lang, where=where, n=item.n)


def cell_text(value: object, lang: str | None = None) -> str:
    """A table cell as a reader reads it: text as it is; a missing value as ``–``; whole numbers with
    thousands separators (``62,489``; ``6万2489`` in Japanese from 1万); other numbers to three
    significant figures without e-notation (``0.0123``, ``4.05``; ``1.32×10²⁶`` from 10¹⁵).

    Notebook 00, section '2. The key figures' (and every table of notebooks 00-08)."""
    lang = lang or i18n.language()
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return str(value)
    number = float(value)
    if number == 0:
        return "0"
    if abs(number) >= 1e15:
        exponent = math.floor(math.log10(abs(number)))
        return f"{number / 10**exponent:.3g}×10" + str(exponent).translate(_SUPERSCRIPT)
    if number == round(number):
        return units.count_text(number, lang) if lang == "ja" else f"{number:,.0f}"
    decimals = max(2 - math.floor(math.log10(abs(number))), 0)
    return f"{number:,.{decimals}f}"


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
# A cell that reads as a number (``1.32×10²⁶``, ``¥4.05 tn``, ``−12%``, ``3084万``, ``385 days``):
# a text column whose every filled cell does is aligned right like a numeric one.
_NUMBER_LIKE = re.compile(r"^[−+\-~約]?[¥$]?\d[\d,.]*(×10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?(\s?[^\s\d]{0,12}){0,2}$")
TABLE_CSS = (
    ".t-table table{border-collapse:collapse;font-size:0.92em;font-variant-numeric:tabular-nums;margin:4px 0}"
    ".t-table th{text-align:left;font-weight:600;border-bottom:2px solid #36454f;padding:5px 10px;vertical-align:bottom}"
    ".t-table td{text-align:left;border-bottom:1px solid #d5dbe1;padding:5px 10px;vertical-align:top}"
    ".t-table td.t-num{text-align:right;white-space:nowrap}"
    ".t-table caption{caption-side:top;text-align:left;font-weight:600;padding:0 0 6px}"
    ".t-source{font-size:0.85em;color:#3d4852;max-width:46em;margin:4px 0 12px}"
)


class Table:
    """A table for reading (class ``t-table``): no index column, text left and numbers right with
    separators (:func:`cell_text`; a text column of numbers such as ``¥4.05 tn`` aligns right too), units in the headers as the caller names them, an optional
    caption and source footnotes, and, with ``folded``, inside a ``<details>`` that opens on a click.
    nbval compares its text (the cells as shown, one row a line).

    Notebook 00, section '2. The key figures' (and every table of notebooks 00-08)."""

    def __init__(
        self,
        frame: pd.DataFrame,
        caption: str = "",
        sources: list[str] | None = None,
        folded: str = "",
        index: bool = False,
        lang: str | None = None,
    ) -> None:
        if not isinstance(frame, pd.DataFrame):
            raise ValueError(f"frame: a Table needs a pandas DataFrame, got {type(frame).__name__}")
        self.frame = frame.reset_index() if index else frame
        self.caption, self.sources, self.folded = caption, list(sources or []), folded
        self.lang = lang or i18n.language()

    def rows(self) -> list[list[str]]:
        """The header and the cells, as shown. Notebook 00, section '2. The key figures'."""
        header = [str(c) for c in self.frame.columns]
        return [header] + [[cell_text(v, self.lang) for v in row] for row in self.frame.itertuples(index=False)]

    def _repr_html_(self) -> str:
        from html import escape

        header, *body = self.rows()
        numeric = [
            pd.api.types.is_numeric_dtype(kind)
            or all(_NUMBER_LIKE.match(row[i]) for row in body if row[i] not in ("", "–"))
            and any(row[i] not in ("", "–") for row in body)
            for i, kind in enumerate(self.frame.dtypes)
        ]
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
        lines = "".join(
            "<tr>"
            + "".join(f"<td{' class=t-num' if n else ''}>{escape(c)}</td>" for c, n in zip(row, numeric, strict=True))
            + "</tr>"
            for row in body
        )
        caption = f"<caption>{escape(self.caption)}</caption>" if self.caption else ""
        notes = "".join(f'<p class="t-source">{escape(s)}</p>' for s in self.sources)
        table = (
            f'<div class="t-table" style="overflow-x:auto"><style>{TABLE_CSS}</style>'
            f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{lines}</tbody></table>{notes}</div>"
        )
        if self.folded:
            return f'<details class="t-fold"><summary style="cursor:pointer;font-weight:600">{escape(self.folded)}</summary>{table}</details>'
        return table

    def __repr__(self) -> str:
        lines = [self.folded] if self.folded else []
        lines += [self.caption] if self.caption else []
        lines += [" | ".join(row) for row in self.rows()]
        return "\n".join(lines + self.sources)
