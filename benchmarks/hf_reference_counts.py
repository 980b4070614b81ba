"""Ground-truth parameter counts from real Hugging Face ``transformers`` models.

For every entry of ``data/hf_configs.json`` this script builds the model with
``AutoModelForCausalLM.from_config`` on the ``meta`` device (no weights are
allocated or downloaded) and writes ``data/reference_counts.csv``. That CSV is
committed as data: it is the reference that ``src/helpers/params.py`` must
reproduce. The test suite never runs this script.

How to run (a throwaway venv, outside the project; torch 2.13.0 is a CPU build)::

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install torch==2.13.0 transformers
    /tmp/refvenv/bin/python benchmarks/hf_reference_counts.py

Columns
-------
total_params
    ``sum(p.numel() for p in model.parameters())``. Tied weights are counted
    once; buffers (rotary ``inv_freq``, DeepSeek's ``e_score_correction_bias``)
    are not parameters and are not counted.
active_params
    Parameters used per token: ``total - routed * (1 - top_k / n_experts)``.
    Only the top-k routed experts count; everything else counts, including the
    whole embedding table, the LM head, shared experts and the router.

Every named parameter falls into exactly one category, by its module path:

embed_params
    ``embed_tokens`` / ``wte`` (token embedding) and ``wpe`` (GPT-2 learned
    positions). A tied LM head is counted here, once.
lm_head_params
    ``lm_head``; 0 when tied to the embedding (deduplicated).
attention_params
    Everything under ``self_attn`` / ``attn``: q/k/v/o projections and their
    biases, Qwen3's per-head ``q_norm``/``k_norm``, MLA's ``q_a_proj``,
    ``q_b_proj``, ``q_proj``, ``kv_a_proj_with_mqa``, ``kv_b_proj`` and its
    ``q_a_layernorm``/``kv_a_layernorm``.
dense_mlp_params
    The ``mlp`` of a dense (non-MoE) layer, biases included.
routed_expert_params
    ``mlp.experts`` (stacked ``gate_up_proj`` and ``down_proj`` of all routed
    experts).
shared_expert_params
    ``mlp.shared_experts`` (DeepSeek-V3 / Kimi K2).
router_params
    ``mlp.gate``: the router weight ``[n_experts, hidden]``.
norm_params
    All remaining norms: per-layer input/post-attention norms and the final
    norm (RMSNorm weight, or LayerNorm weight + bias for GPT-2).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import torch
import transformers
from transformers import AutoConfig, AutoModelForCausalLM, PretrainedConfig

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ROOT / "data" / "hf_configs.json"
OUTPUT = ROOT / "data" / "reference_counts.csv"

CATEGORIES = ("embed", "lm_head", "attention", "dense_mlp", "routed_expert", "shared_expert", "router", "norm")
# model_types that transformers does not register but builds with another class.
ALIASES = {"kimi_k2": "deepseek_v3"}


def build_config(entry: dict) -> PretrainedConfig:
    """Turn a config.json-style dict (``_``-prefixed keys ignored) into a config."""
    kwargs = {k: v for k, v in entry.items() if not k.startswith("_")}
    model_type = kwargs.pop("model_type")
    return AutoConfig.for_model(ALIASES.get(model_type, model_type), **kwargs)


def category(name: str) -> str:
    """Category of one parameter, from its dotted module path."""
    parts = name.split(".")
    if {"embed_tokens", "wte", "wpe"} & set(parts):
        return "embed"
    if parts[0] == "lm_head":
        return "lm_head"
    if {"self_attn", "attn"} & set(parts):
        return "attention"
    if "mlp" in parts:
        sub = parts[parts.index("mlp") + 1]
        return {"experts": "routed_expert", "shared_experts": "shared_expert", "gate": "router"}.get(sub, "dense_mlp")
    if any("norm" in p or p.startswith("ln_") for p in parts):
        return "norm"
    raise ValueError(f"unclassified parameter: {name}")


def routing(config: PretrainedConfig) -> tuple[int, int]:
    """(top_k, number of routed experts); (0, 0) for a dense model."""
    for key in ("n_routed_experts", "num_local_experts", "num_experts"):
        n_experts = getattr(config, key, None)
        if n_experts:
            return config.num_experts_per_tok, n_experts
    return 0, 0


def count(name: str, entry: dict) -> dict[str, object]:
    """One CSV row: build the model on the meta device and count its parameters."""
    config = build_config(entry)
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(config)
    sizes = dict.fromkeys(CATEGORIES, 0)
    for param_name, param in model.named_parameters():
        sizes[category(param_name)] += param.numel()
    total = sum(p.numel() for p in model.parameters())
    assert sum(sizes.values()) == total, name

    top_k, n_experts = routing(config)
    routed = sizes["routed_expert"]
    assert (n_experts == 0) == (routed == 0) and routed % max(n_experts, 1) == 0, name
    active = total - routed + routed // n_experts * top_k if n_experts else total
    return {
        "name": name,
        "model_type": entry["model_type"],
        "total_params": total,
        "active_params": active,
        **{f"{c}_params": sizes[c] for c in CATEGORIES},
        "transformers_version": transformers.__version__,
        "torch_version": torch.__version__,
    }


def main() -> None:
    transformers.logging.set_verbosity_error()  # e.g. default token ids outside a synthetic vocab
    entries = json.loads(CONFIGS.read_text())
    rows = [count(name, entry) for name, entry in entries.items()]
    with OUTPUT.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    width = max(len(row["name"]) for row in rows)
    print(f"{'name':<{width}} {'total':>17} {'active':>17}")
    for row in rows:
        print(f"{row['name']:<{width}} {row['total_params']:>17,} {row['active_params']:>17,}")


if __name__ == "__main__":
    main()
