"""Tables as notebooks show them: formatted text columns built from ``data/`` and calculations.

Pure functions from DataFrame to DataFrame; the notebook displays the result, and nbval compares
its text, so every number in a table is checked.
"""

from __future__ import annotations

import pandas as pd

from . import units


def facts_table(facts: pd.DataFrame, topics: list[str] | None = None) -> pd.DataFrame:
    """The story's figures for reading: label (English and Japanese), value with unit, source."""
    rows = facts if topics is None else facts[facts["topic"].isin(topics)]
    value = [
        units.value_text(v, u) if pd.notna(v) else (t if pd.notna(t) else "")
        for v, u, t in zip(rows["value"], rows["unit"], rows["value_text"])
    ]
    return pd.DataFrame({
        "figure": rows["label_en"].to_numpy(),
        "項目": rows["label_ja"].to_numpy(),
        "value": value,
        "as written": rows["value_text"].fillna("").to_numpy(),
        "confidence": rows["confidence"].to_numpy(),
        "source": rows["source_title"].to_numpy(),
        "date": rows["source_date"].fillna("").to_numpy(),
    }, index=pd.Index(rows["id"].to_numpy(), name="id"))


def comparison_table(comparison: pd.DataFrame) -> pd.DataFrame:
    """``catalog.comparison()`` for reading: exact counts with separators, differences in percent."""
    return pd.DataFrame({
        "model": comparison["model"],
        "year": comparison["year"],
        "our total": [f"{n:,}" for n in comparison["ours_total"]],
        "our active": [f"{a:,}" if a != t else "= total" for a, t in zip(comparison["ours_active"], comparison["ours_total"])],
        "published": comparison["published"],
        "total vs published": [f"{d:+.2%}" for d in comparison["total_diff"]],
        "source": comparison["source"],
    }).set_index("model")


def breakdown_table(counts: dict[str, object]) -> pd.DataFrame:
    """Components of several :class:`~helpers.params.ParamCount` side by side, in billions."""
    frame = pd.DataFrame({name: count.breakdown() | {"total": count.total, "active": count.active}
                          for name, count in counts.items()})
    return (frame / 1e9).round(3)
