"""Small views of notebooks 03-06: numbers in powers of ten and source footnotes for tables.

Tables show FLOPs as ``1.32×10²⁶`` rather than ``1.32e+26`` (issue 16: no e-notation in a table),
in both languages (a power of ten reads the same in Japanese).
"""

from __future__ import annotations

import math

import pandas as pd

from helpers import i18n
from helpers.calc import check
from helpers.i18n import _

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten_text(value: float, digits: int = 3) -> str:
    """``value`` as ``6.05×10¹²`` with ``digits`` significant figures (``0`` for zero, a minus sign
    for a negative value, the plain number from 0.001 to below 1,000: ``4.5``).

    Notebook 03, section '1. FLOPs per token' (and its tables of FLOPs)."""
    number = check.number("value", value)
    digits = check.integer("digits", digits, minimum=1)
    if number == 0:
        return "0"
    if number < 0:
        return "−" + power_of_ten_text(-number, digits)
    exponent = math.floor(math.log10(number))
    mantissa = round(number / 10**exponent, digits - 1)
    if mantissa >= 10:  # 9.996e12 rounds to 10.0: one more power of ten
        mantissa, exponent = mantissa / 10, exponent + 1
    text = f"{mantissa:.{digits - 1}f}".rstrip("0").rstrip(".")
    if -3 <= exponent < 3:
        return f"{number:.{digits}g}"
    return f"{text}×10" + str(exponent).translate(_SUPERSCRIPT)


def footnoted(rows: pd.DataFrame, shown: pd.DataFrame, lang: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """``shown`` (a table of ``rows`` for reading) with a source column of footnote marks ``[1]``,
    ``[2]`` …, and the footnotes: ``[1] MOF, 入札結果 (2025-10-21)``, one per distinct source of
    ``rows`` (its ``source_title`` and ``source_date``; ``source_title_ja`` in Japanese where a row
    has one). Notebook 05, section '3. The auctions so far'."""
    lang = lang or i18n.language()
    if "source_title" not in rows:
        raise ValueError(f"rows: a table with footnotes needs a source_title column, got {list(rows.columns)}")
    if len(rows) != len(shown):
        raise ValueError(f"shown: one row per source row ({len(rows)}), got {len(shown)}")
    titles = rows["source_title"].fillna("")
    if lang == "ja" and "source_title_ja" in rows:
        titles = rows["source_title_ja"].where(
            rows["source_title_ja"].notna() & (rows["source_title_ja"] != ""), titles
        )
    dates = rows["source_date"] if "source_date" in rows else pd.Series([""] * len(rows), index=rows.index)
    notes: list[str] = []
    marks = []
    for title, date in zip(titles, dates.fillna(""), strict=True):
        note = f"{title} ({date})" if date else str(title)
        if note not in notes:
            notes.append(note)
        marks.append(f"[{notes.index(note) + 1}]")
    marked = shown.reset_index(drop=True).assign(**{_("source", lang): marks})
    return marked, [f"[{i}] {note}" for i, note in enumerate(notes, start=1)]
