"""Published models from ``data/models.csv`` as :class:`~helpers.calc.params.ModelConfig` objects.

Used by ``notebooks/01_parameters.ipynb`` for presets and for the table that sets our counts
beside the published ones.
"""

from __future__ import annotations

from dataclasses import fields
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from helpers import data
from helpers.calc.params import ModelConfig, count_params

_CONFIG_FIELDS = tuple(f.name for f in fields(ModelConfig) if f.name not in ("name", "extra"))
_INT_FIELDS = {
    "vocab_size",
    "d_model",
    "n_layers",
    "n_heads",
    "ffn_dim",
    "n_kv_heads",
    "head_dim",
    "max_positions",
    "n_experts",
    "n_shared_experts",
    "top_k",
    "expert_ffn_dim",
    "first_dense_layers",
    "moe_layer_step",
    "q_lora_rank",
    "kv_lora_rank",
    "qk_rope_head_dim",
    "qk_nope_head_dim",
    "v_head_dim",
}


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
    """``data/models.csv`` (a copy). Notebook 00, section '2. The key figures'."""
    return _table().copy()


def config_from_row(row: pd.Series | dict[str, Any]) -> ModelConfig:
    """Build the :class:`ModelConfig` of one ``models.csv`` row (read as text).

    Notebook 01, section '6. Our counts against the published ones'.
    """
    values = {
        name: _cell(name, "" if pd.isna(row[name]) else str(row[name]).removesuffix(".0")) for name in _CONFIG_FIELDS
    }
    return ModelConfig(name=str(row["name"]), **{k: v for k, v in values.items() if v is not None})


def model(name: str) -> ModelConfig:
    """The configuration of a published model by its name in ``data/models.csv``.

    Notebook 01, section '1. What is a parameter?' (and every section after it).
    """
    table = _table()
    match = table[table["name"] == name]
    if match.empty:
        raise ValueError(f"name must be a model in data/models.csv, got {name!r}; known: {', '.join(table['name'])}")
    return config_from_row(match.iloc[0])


def names() -> list[str]:
    """The models' names, in ``data/models.csv`` order. Notebook 03, section '4. From FLOPs to days'."""
    return list(_table()["name"])


def comparison() -> pd.DataFrame:
    """Our counts beside the published ones, one row per model (counts in parameters).

    ``total_diff`` is (ours − published) / published: how far the published, rounded figure is
    from the exact count of the published configuration.
    Notebook 01, section '6. Our counts against the published ones'.
    """
    rows = []
    for _, row in _table().iterrows():
        count = count_params(config_from_row(row))
        published_active = row["published_active"] if pd.notna(row["published_active"]) else row["published_total"]
        rows.append(
            {
                "model": row["name"],
                "developer": row["developer"],
                "year": int(row["year"]),
                "ours_total": count.total,
                "ours_active": count.active,
                "published": row["published_as"],
                "total_diff": count.total / float(row["published_total"]) - 1,
                "active_diff": count.active / float(published_active) - 1,
                "source": row["source_title"],
            }
        )
    return pd.DataFrame(rows)


# Accelerators (data/gpus.csv) -------------------------------------------------------------------
_MEMORY_UNITS = {"GB": 10**9, "GiB": 2**30}


@lru_cache(maxsize=1)
def _gpu_table() -> pd.DataFrame:
    table = data.load("gpus")
    table["memory_bytes"] = [
        int(round(m * _MEMORY_UNITS[u])) for m, u in zip(table["memory"], table["memory_unit"], strict=True)
    ]
    return table


def gpus() -> pd.DataFrame:
    """``data/gpus.csv`` (a copy) with ``memory_bytes`` added (GB = 1e9, GiB = 2**30 bytes).

    Notebook 02, section '1. From parameters to bytes'.
    """
    return _gpu_table().copy()


def gpu(name: str) -> dict[str, Any]:
    """One accelerator's row as a dict, by its ``gpu`` key ("H100"), full name ("H100 SXM5 80GB")
    or the unique start of a name ("H100 SXM"), ignoring case; missing figures are ``None``.

    Notebook 02, section '1. From parameters to bytes'.
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"gpu must be a name from data/gpus.csv, got {name!r}")
    table = _gpu_table()
    wanted = name.strip().casefold()
    keys, full = table["gpu"].str.casefold(), table["name"].str.casefold()
    for match in (table[keys == wanted], table[full == wanted], table[full.str.startswith(wanted)]):
        if len(match) == 1:
            row = match.iloc[0].to_dict()
            return {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in row.items()}
        if len(match) > 1:
            raise ValueError(f"gpu {name!r} is ambiguous in data/gpus.csv: {', '.join(match['gpu'])}")
    raise ValueError(f"gpu must be a name from data/gpus.csv, got {name!r}; known: {', '.join(table['gpu'])}")
