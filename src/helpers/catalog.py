"""Published models from ``data/models.csv`` as :class:`~helpers.params.ModelConfig` objects.

Used by ``notebooks/01_parameters.ipynb`` for presets and for the table that sets our counts
beside the published ones.
"""

from __future__ import annotations

from dataclasses import fields
from functools import lru_cache
from typing import Any

import pandas as pd

from . import data
from .params import ModelConfig, count_params

_CONFIG_FIELDS = tuple(f.name for f in fields(ModelConfig) if f.name not in ("name", "extra"))
_INT_FIELDS = {"vocab_size", "d_model", "n_layers", "n_heads", "ffn_dim", "n_kv_heads", "head_dim", "max_positions",
               "n_experts", "n_shared_experts", "top_k", "expert_ffn_dim", "first_dense_layers", "moe_layer_step",
               "q_lora_rank", "kv_lora_rank", "qk_rope_head_dim", "qk_nope_head_dim", "v_head_dim"}


def _cell(name: str, text: str) -> Any:
    if name == "dense_layer_ids":
        return tuple(int(i) for i in text.split())
    if text == "":
        return None
    if name in _INT_FIELDS:
        return int(text)
    if text in ("True", "False"):
        return text == "True"
    return text


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    return data.load("models")


def models() -> pd.DataFrame:
    """``data/models.csv`` (a copy)."""
    return _table().copy()


def config_from_row(row: pd.Series | dict[str, Any]) -> ModelConfig:
    """Build the :class:`ModelConfig` of one ``models.csv`` row (read as text)."""
    values = {name: _cell(name, "" if pd.isna(row[name]) else str(row[name]).removesuffix(".0")) for name in _CONFIG_FIELDS}
    return ModelConfig(name=str(row["name"]), **{k: v for k, v in values.items() if v is not None})


def model(name: str) -> ModelConfig:
    """The configuration of a published model by its name in ``data/models.csv``."""
    table = _table()
    match = table[table["name"] == name]
    if match.empty:
        raise ValueError(f"name must be a model in data/models.csv, got {name!r}; known: {', '.join(table['name'])}")
    return config_from_row(match.iloc[0])


def names() -> list[str]:
    return list(_table()["name"])


def comparison() -> pd.DataFrame:
    """Our counts beside the published ones, one row per model (counts in parameters).

    ``total_diff`` is (ours − published) / published: how far the published, rounded figure is
    from the exact count of the published configuration.
    """
    rows = []
    for _, row in _table().iterrows():
        count = count_params(config_from_row(row))
        published_active = row["published_active"] if pd.notna(row["published_active"]) else row["published_total"]
        rows.append({
            "model": row["name"],
            "developer": row["developer"],
            "year": int(row["year"]),
            "ours_total": count.total,
            "ours_active": count.active,
            "published": row["published_as"],
            "total_diff": count.total / float(row["published_total"]) - 1,
            "active_diff": count.active / float(published_active) - 1,
            "source": row["source_title"],
        })
    return pd.DataFrame(rows)
