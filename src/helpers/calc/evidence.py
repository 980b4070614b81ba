"""Every measured run beside what :mod:`helpers.calc.memory` predicts for it (notebook 02's parity plot).

Measurements (``data/measured/``, provenance in ``data/manifest.csv``): NVIDIA H200 runs
(weights, KV cache, activations, training steps; PyTorch 2.11 + transformers 5.17) and exact CPU
counts of saved tensors (``benchmarks/measure_activations_cpu.py``; torch 2.13 + transformers 5.24).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from helpers import data
from helpers.calc import memory
from helpers.calc.params import ModelConfig

MOE_ARCHS = ("mixtral", "qwen3_moe")
DTYPES = {"float32": "fp32", "bfloat16": "bf16", "bf16": "bf16"}


def measured_config(row: Mapping[str, Any], n_layers: int | None = None) -> ModelConfig:
    """The configuration a measurement built: ``GPT2LMHeadModel`` (GELU, LayerNorm, learned
    positions, tied, biases), ``LlamaForCausalLM``, ``MixtralForCausalLM`` or ``Qwen3MoeForCausalLM``.

    Notebook 02a, section '2. Theory vs measurement'.
    """
    layers = int(n_layers if n_layers is not None else row["n_layers"])
    d = int(row["d_model"])
    ffn = int(row["ffn_dim"]) if "ffn_dim" in row and pd.notna(row["ffn_dim"]) else 4 * d
    if row["arch"] == "gpt2":
        return ModelConfig(
            vocab_size=int(row["vocab"]),
            d_model=d,
            n_layers=layers,
            n_heads=int(row["n_heads"]),
            ffn_dim=ffn,
            ffn_type="gelu",
            tied_embeddings=True,
            position="learned",
            max_positions=1024,
            attn_bias=True,
            attn_out_bias=True,
            mlp_bias=True,
            norm="layernorm",
        )
    moe = {}
    if row["arch"] in MOE_ARCHS:
        moe = {"n_experts": int(row["n_experts"]), "top_k": int(row["top_k"]), "qk_norm": row["arch"] == "qwen3_moe"}
    head_dim = int(row["head_dim"]) if "head_dim" in row and pd.notna(row["head_dim"]) else None
    return ModelConfig(
        vocab_size=int(row["vocab"]),
        d_model=d,
        n_layers=layers,
        n_heads=int(row["n_heads"]),
        n_kv_heads=int(row["n_kv_heads"]),
        head_dim=head_dim,
        ffn_dim=ffn,
        tied_embeddings=bool(row.get("tied_embeddings", False)),
        **moe,
    )


def activation_setting(row: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of :func:`helpers.calc.memory.activations_measured` for one measured row.

    Notebook 02, section '4. Activations: what the backward pass needs'.
    """
    precision = "amp" if str(row.get("precision", "bf16")).startswith("autocast") else "bf16"
    return {
        "precision": precision,
        "attention": row["attn"],
        "dropout": float(row["dropout"]),
        "recompute": "full" if row["checkpointing"] else "none",
    }


def _textbook_layer(cfg: ModelConfig, row: Mapping[str, Any]) -> float:
    """Korthikanti et al. per layer, read as peers do: full recomputation keeps 2sbh, fused
    attention drops the 5as/h term (like selective recomputation), eager keeps it."""
    recompute = "full" if row["checkpointing"] else ("selective" if row["attn"] == "sdpa" else "none")
    return memory.activations_textbook(cfg, int(row["batch"]), int(row["seq"]), recompute)


def activation_runs() -> pd.DataFrame:
    """Per-layer activation bytes of every measured run: measured, ours, textbook.

    Notebook 02a, section '2. Theory vs measurement'.
    """
    rows = []
    for source, name, device in (
        ("H200", "measured/h200_activations", "cuda"),
        ("CPU", "measured/activations_cpu", "cpu"),
    ):
        for row in data.load(name).to_dict("records"):
            setting = activation_setting(row)
            if device == "cpu" and setting["dropout"] > 0 and setting["attention"] == "sdpa":
                continue  # the CPU's math fallback, not a kernel a GPU runs
            cfg = measured_config(row, n_layers=4)
            ours = memory.activations_measured(cfg, int(row["batch"]), int(row["seq"]), device=device, **setting)
            rows.append(
                {
                    "source": source,
                    "arch": row["arch"],
                    "attention": row["attn"],
                    "precision": setting["precision"],
                    "recompute": setting["recompute"],
                    "dropout": setting["dropout"],
                    "batch": int(row["batch"]),
                    "seq": int(row["seq"]),
                    "measured": float(row["per_layer"]),
                    "ours": float(ours.per_moe_layer if row["arch"] in MOE_ARCHS else ours.per_layer),
                    "textbook": float(_textbook_layer(cfg, row)),
                }
            )
    return pd.DataFrame(rows)


def training_runs() -> pd.DataFrame:
    """Peak bytes of the H200 training steps: measured, ours, and the textbook with ZeRO's 16 B/param.

    Notebook 02a, section '2. Theory vs measurement'.
    """
    rows = []
    for row in data.load("measured/h200_training").to_dict("records"):
        cfg = measured_config(row)
        b, s = int(row["batch"]), int(row["seq"])
        rows.append(
            {
                "source": "H200",
                "model": row["model"],
                "params": int(row["params"]),
                "batch": b,
                "seq": s,
                "measured": float(row["peak_bytes"]),
                "ours": float(memory.training_memory(cfg, b, s).peak_bytes),
                "textbook": float(
                    memory.training_memory(cfg, b, s, mode="textbook", optimizer="zero_mixed").peak_bytes
                ),
            }
        )
    return pd.DataFrame(rows)


WHAT = ("act_h200", "act_cpu", "peak", "weights", "kv")  # label keys "nb02.what.<what>"


def parity_table() -> pd.DataFrame:
    """One row per measured quantity: what (one of :data:`WHAT`), measured bytes, ours, textbook
    (NaN where there is none). Notebook 02a, section '2. Theory vs measurement'."""
    frames = []
    act = activation_runs()
    frames.append(
        pd.DataFrame(
            {
                "what": "act_" + act["source"].str.lower(),
                "run": act["arch"]
                + " "
                + act["attention"]
                + " "
                + act["precision"]
                + " recompute="
                + act["recompute"]
                + " b="
                + act["batch"].astype(str)
                + " s="
                + act["seq"].astype(str),
                "measured": act["measured"],
                "ours": act["ours"],
                "textbook": act["textbook"],
            }
        )
    )
    train = training_runs()
    frames.append(
        pd.DataFrame(
            {
                "what": "peak",
                "run": train["model"] + " b=" + train["batch"].astype(str),
                "measured": train["measured"],
                "ours": train["ours"],
                "textbook": train["textbook"],
            }
        )
    )
    weights = data.load("measured/h200_weights")
    frames.append(
        pd.DataFrame(
            {
                "what": "weights",
                "run": weights["arch"] + " " + weights["dtype"],
                "measured": weights["allocated"].astype(float),
                "ours": [
                    float(memory.weights_bytes(measured_config(r), DTYPES[r["dtype"]]))
                    for r in weights.to_dict("records")
                ],
                "textbook": float("nan"),
            }
        )
    )
    kv = data.load("measured/h200_kv_cache")
    frames.append(
        pd.DataFrame(
            {
                "what": "kv",
                "run": "llama b=" + kv["batch"].astype(str) + " s=" + kv["seq"].astype(str),
                # the first run also allocated cuBLAS's one-time 32 MiB workspace (shared/measurements/README.md)
                "measured": kv["kv_bytes_measured"].astype(float) - ([memory.CUBLAS_WORKSPACE] + [0] * (len(kv) - 1)),
                "ours": [
                    float(
                        memory.kv_cache_bytes(
                            measured_config(r | {"vocab": 32000, "ffn_dim": 5632}), int(r["batch"]), int(r["seq"])
                        )
                    )
                    for r in kv.to_dict("records")
                ],
                "textbook": float("nan"),
            }
        )
    )
    table = pd.concat(frames, ignore_index=True)
    table["ours / measured"] = table["ours"] / table["measured"]
    table["textbook / measured"] = table["textbook"] / table["measured"]
    return table
