"""Tables as notebooks show them: formatted text columns built from ``data/`` and calculations.

Pure functions from DataFrame to DataFrame; the notebook displays the result, and nbval compares
its text, so every number in a table is checked.
"""

from __future__ import annotations

import pandas as pd

from helpers import i18n
from helpers.calc.memory import Saved
from helpers.i18n import _
from helpers.views import units


def facts_table(facts: pd.DataFrame, topics: list[str] | None = None, lang: str | None = None) -> pd.DataFrame:
    """The story's figures for reading: label, value with unit, original wording, confidence, source,
    the source's date and the date we last confirmed the row (``confirmed``, data/manifest.csv says
    which rows carry only the date the table was compiled).

    In English (``lang``, default: the current language) the Japanese label stays beside the
    English one; in Japanese only the Japanese label is shown. Sources keep their own titles.
    Notebook 00, section '2. The key figures'.
    """
    lang = lang or i18n.language()
    rows = facts if topics is None else facts[facts["topic"].isin(topics)]
    value = [
        units.value_text(v, u, lang) if pd.notna(v) else (t if pd.notna(t) else "")
        for v, u, t in zip(rows["value"], rows["unit"], rows["value_text"], strict=True)
    ]
    columns = {i18n.t("facts.col.label", lang): rows[f"label_{lang}"].to_numpy()}
    if lang != "ja":
        columns["項目"] = rows["label_ja"].to_numpy()  # the Japanese wording, for English readers
    columns |= {
        i18n.t("facts.col.value", lang): value,
        i18n.t("facts.col.as_written", lang): rows["value_text"].fillna("").to_numpy(),
        i18n.t("facts.col.confidence", lang): [i18n.t(f"facts.conf.{c}", lang) for c in rows["confidence"]],
        i18n.t("word.source", lang): rows["source_title"].to_numpy(),
        i18n.t("facts.col.date", lang): rows["source_date"].fillna("").to_numpy(),
        _("last confirmed", lang): rows["confirmed"].fillna("").to_numpy(),
    }
    return pd.DataFrame(columns, index=pd.Index(rows["id"].to_numpy(), name="id"))


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
            t("compare.col.published"): comparison["published"],
            t("compare.col.diff"): [f"{d:+.2%}" for d in comparison["total_diff"]],
            t("word.source"): comparison["source"],
        }
    ).set_index(t("word.model"))


def breakdown_table(counts: dict[str, object], lang: str | None = None) -> pd.DataFrame:
    """Components of several :class:`~helpers.calc.params.ParamCount` side by side, in billions; rows
    named in ``lang`` (default: the current language).
    Notebook 01, section '4. Dense and mixture of experts: total vs active'."""
    frame = pd.DataFrame(
        {name: count.breakdown() | {"total": count.total, "active": count.active} for name, count in counts.items()}
    )
    names = {
        key: i18n.t(f"part.{key}" if key not in ("total", "active") else f"part.row.{key}", lang) for key in frame.index
    }
    frame = frame.rename(index=names)
    frame.index.name = i18n.t("part.row.header", lang)
    return (frame / 1e9).round(3)


def saved_description(item: Saved, lang: str | None = None) -> str:
    """What the tensors one layer saves for backward are, in words, in ``lang``.

    Notebook 02a, section '1. What one layer saves, tensor by tensor'.
    """
    where = i18n.t(f"saved.where.{item.where}", lang) if item.where else ""
    return i18n.t(f"saved.{item.what}", lang, where=where, n=item.n)
