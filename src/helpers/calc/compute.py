"""Training and inference FLOPs, compute-optimal data, and time on N GPUs at an MFU.

Explained in ``notebooks/03_compute_and_time.ipynb``.

**FLOPs per token, the convention used everywhere here** (Narayanan et al. 2021, Eq. 3 and its
derivation; Kaplan et al. 2020, Table 1 for the forward count):

- Matrix multiplications with the parameters: a forward pass costs 2 FLOPs per parameter and
  token (a multiply and an add), the backward pass twice that, so training costs **6·N** per
  token and inference **2·N**. *N* is the **active** parameter count of
  :func:`helpers.calc.params.count_params` (all parameters for a dense model; for an MoE only the
  experts a token is routed to), embeddings included as the published 6·N·D figures do (GPT-3's
  Table D.1, Llama 3.1's 3.8e25). The input-embedding lookup costs no multiplications, so for a
  model with untied embeddings this overstates the matrix work by 6·V·d per token (0.5% for
  Llama 3.1 405B).
- Attention over the context, which has no parameters: per layer and token the scores
  Q·Kᵀ (2·s·a·d_qk FLOPs) and the weighted sum of the values (2·s·a·d_v), with *a* query
  heads, per-head widths d_qk and d_v, and context *s*. For the classic shape (a·d_qk = a·d_v =
  h) this is 4·L·h·s forward and **12·L·h·s** per trained token, Narayanan et al.'s
  ``s/(6h)`` term. Kaplan et al. count only the score product (2·L·s·d_attn forward); GPT-3's
  Table D.1 leaves attention out altogether.
- **Two conventions for the causal mask.** A decoder's token *t* attends only to the *t* tokens
  before it, so over a sequence the score matrix is half full. The default here, ``causal=False``,
  counts the **full** s² (every token against the whole context): Narayanan et al. 2021's Eq. 3,
  PaLM's 6·N + 12·L·H·Q·T (Chowdhery et al. 2022, Appendix B) and the MFU code that copies it.
  ``causal=True`` counts **half** (s²/2), as Megatron-LM's current ``num_floating_point_operations``
  does ("only half of the attention matrix is non-zero"). A published MFU is compared with the
  count in its own convention (``data/training_runs.csv`` column ``mfu_attention``).
- With full activation recomputation the forward runs twice: 8·N + 16·L·h·s per token, which is
  exactly Narayanan et al.'s Eq. 3, ``96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h))``, per token.

**MFU** (model FLOPs utilisation) is the model FLOPs above divided by the time and the GPU's dense
peak (``data/gpus.csv``); it leaves out recomputation, so a run that recomputes does more work
than its MFU says.

All functions are pure and accept NumPy arrays for sweeps.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from helpers import data
from helpers.calc import catalog, check
from helpers.calc.check import Num, NumLike
from helpers.calc.params import ModelConfig, count_params

SECONDS_PER_HOUR = 3600.0
HOURS_PER_DAY = 24.0
HOURS_PER_YEAR = 8760.0  # 365 days; a leap year's extra day is ignored
PRECISIONS = ("bf16", "fp8", "fp4")  # dense peaks listed in data/gpus.csv
CHINCHILLA_TOKENS_PER_PARAM = 20.0  # Hoffmann et al. 2022: "~20 tokens per parameter" (Table 3: 20.0-22.4)


def _config(cfg: Any) -> ModelConfig:
    if not isinstance(cfg, ModelConfig):
        raise ValueError(f"cfg must be a ModelConfig (e.g. catalog.model('Kimi K2')), got {type(cfg).__name__}")
    return cfg


# FLOPs per token ------------------------------------------------------------------------------
def attention_width(cfg: ModelConfig) -> tuple[int, int]:
    """(a·d_qk, a·d_v): the widths that the attention scores and the value sum multiply over.

    For MHA/GQA both are n_heads·head_dim (GQA shares keys and values, not the work); for MLA the
    query-key width includes the rotary part (DeepSeek-V3: 128·192 and 128·128).

    Notebook 03, section '1. FLOPs per token'.
    """
    cfg = _config(cfg)
    if cfg.attention == "mla":
        return cfg.n_heads * (cfg.qk_nope_head_dim + cfg.qk_rope_head_dim), cfg.n_heads * cfg.v_head_dim
    return cfg.n_heads * cfg.head_dim, cfg.n_heads * cfg.head_dim


def attention_flops_per_token(cfg: ModelConfig, seq: NumLike, *, causal: bool = False) -> Num:
    """Forward attention FLOPs per token over a context of ``seq`` tokens, all layers.

    ``causal=False`` (the default) counts the full context, 2·L·s·(a·d_qk + a·d_v) = 4·L·h·s for
    the classic shape: Narayanan et al. 2021's Eq. 3 and PaLM's convention. ``causal=True`` counts
    half of it, 2·L·(s/2)·(a·d_qk + a·d_v), the average over a sequence under the causal mask, as
    Megatron-LM's current FLOP counter does (see the module docstring).

    Notebook 03, section '1. FLOPs per token' (and section '5. Published runs against our formula').
    """
    seq = check.sweep("seq", seq, minimum=1)
    share = 0.5 if check.flag("causal", causal) else 1.0  # share of the s x s score matrix counted
    qk, v = attention_width(cfg)
    return 2.0 * cfg.n_layers * (share * seq) * (qk + v)


def training_flops_per_token(
    cfg: ModelConfig, seq: NumLike, *, attention: bool = True, recompute: bool = False, causal: bool = False
) -> Num:
    """FLOPs to train on one token: 6·N_active (+ 12·L·h·s attention, 6·L·h·s with ``causal=True``),
    or 8·N + 16·L·h·s with full activation recomputation (Narayanan et al. 2021, Eq. 3).

    Notebook 03, section '1. FLOPs per token'.
    """
    cfg = _config(cfg)
    passes = 4.0 if check.flag("recompute", recompute) else 3.0  # forward (+ recomputed forward) + backward (2x)
    matmul = 2.0 * count_params(cfg).active
    attn = attention_flops_per_token(cfg, seq, causal=causal) if check.flag("attention", attention) else 0.0
    return passes * (matmul + attn)


def training_flops(
    cfg: ModelConfig,
    tokens: NumLike,
    seq: NumLike,
    *,
    attention: bool = True,
    recompute: bool = False,
    causal: bool = False,
) -> Num:
    """Total FLOPs to train ``cfg`` on ``tokens`` tokens with a context of ``seq``.

    ``6·N_active·D + 12·L·h·s·D`` by default (see the module docstring for the convention);
    ``causal=True`` halves the attention term; ``attention=False`` gives the bare 6·N·D of GPT-3's
    Table D.1 and Chinchilla's Table 3.

    Notebook 03, section '3. The FLOPs of a trillion-parameter model'.
    """
    tokens = check.sweep("tokens", tokens, above=0)
    return tokens * training_flops_per_token(cfg, seq, attention=attention, recompute=recompute, causal=causal)


def inference_flops_per_token(cfg: ModelConfig, context: NumLike = 4096, *, attention: bool = True) -> Num:
    """FLOPs of one forward pass per token: 2·N_active plus attention over ``context`` tokens.

    ``context`` is the number of tokens a token attends to: the prompt length for a prefill
    averaged over its positions is about half of it (causal), a generated token attends to all
    tokens before it.

    Notebook 04, section '5. Energy per token: what "low-power AI" can mean'.
    """
    cfg = _config(cfg)
    attn = attention_flops_per_token(cfg, context) if check.flag("attention", attention) else 0.0
    return 2.0 * count_params(cfg).active + attn


def six_nd(params: NumLike, tokens: NumLike) -> Num:
    """The bare 6·N·D rule (Kaplan et al. 2020), for runs known only by N and D.

    Notebook 03, section '2. How many tokens?'.
    """
    return 6.0 * check.sweep("params", params, above=0) * check.sweep("tokens", tokens, above=0)


# Compute-optimal data (Chinchilla) ------------------------------------------------------------
def chinchilla_tokens(params: NumLike, tokens_per_param: float = CHINCHILLA_TOKENS_PER_PARAM) -> Num:
    """Tokens for ``params`` parameters by the ~20-tokens-per-parameter rule of thumb.

    Notebook 03, section '2. How many tokens?'.
    """
    ratio = check.number("tokens_per_param", tokens_per_param, minimum=0.1, maximum=10_000)
    return check.sweep("params", params, above=0) * ratio


@lru_cache(maxsize=1)
def _chinchilla() -> pd.DataFrame:
    return data.load("chinchilla")


def chinchilla_table() -> pd.DataFrame:
    """Hoffmann et al. 2022, Table 3 (Approach 1): compute-optimal parameters, FLOPs, tokens.

    Notebook 03, section '2. How many tokens?'.
    """
    return _as_floats(_chinchilla())


def chinchilla_optimal_tokens(params: NumLike) -> Num:
    """Compute-optimal tokens for ``params`` from Chinchilla's Table 3, interpolated in log-log
    between its rows (400M to 10T parameters): 1T parameters give its printed 21.2T tokens.

    Notebook 03, section '2. How many tokens?'.
    """
    table = _chinchilla()
    params = check.sweep("params", params, minimum=float(table["params"].min()), maximum=float(table["params"].max()))
    return np.exp(np.interp(np.log(params), np.log(table["params"]), np.log(table["tokens"])))


# GPUs, time and MFU -----------------------------------------------------------------------------
def peak_flops(gpu: str, precision: str = "bf16") -> float:
    """Dense peak FLOP/s of one accelerator from ``data/gpus.csv`` (no sparsity).

    Notebook 03, section '4. From FLOPs to days'.
    """
    precision = check.choice("precision", precision, PRECISIONS)
    row = catalog.gpu(gpu)
    tflops = row[f"{precision}_dense_tflops"]
    if tflops is None:
        raise ValueError(f"precision {precision!r} has no dense peak for gpu {row['name']!r} in data/gpus.csv")
    return float(tflops) * 1e12


def gpu_hours(flops: NumLike, gpu: str, mfu: NumLike, precision: str = "bf16") -> Num:
    """GPU-hours to perform ``flops`` model FLOPs at ``mfu`` of the dense ``precision`` peak.

    Notebook 03, section '4. From FLOPs to days'.
    """
    flops = check.sweep("flops", flops, minimum=0)
    mfu = check.sweep("mfu", mfu, above=0, maximum=1)
    return flops / (peak_flops(gpu, precision) * mfu) / SECONDS_PER_HOUR


def training_days(flops: NumLike, n_gpus: NumLike, gpu: str, mfu: NumLike, precision: str = "bf16") -> Num:
    """Wall-clock days for ``flops`` on ``n_gpus`` GPUs at ``mfu`` (perfect scaling assumed:
    the MFU is the whole cluster's, so communication losses belong in it).

    Notebook 03, section '4. From FLOPs to days'.
    """
    n_gpus = check.sweep("n_gpus", n_gpus, minimum=1)
    return gpu_hours(flops, gpu, mfu, precision) / n_gpus / HOURS_PER_DAY


def gpus_for_days(flops: NumLike, days: NumLike, gpu: str, mfu: NumLike, precision: str = "bf16") -> Num:
    """GPUs needed to finish ``flops`` within ``days`` at ``mfu`` (rounded up, still a float).

    Notebook 03, section '4. From FLOPs to days'.
    """
    days = check.sweep("days", days, above=0)
    return np.ceil(gpu_hours(flops, gpu, mfu, precision) / (days * HOURS_PER_DAY))


def implied_mfu(flops: NumLike, gpu_hours_used: NumLike, gpu: str, precision: str = "bf16") -> Num:
    """The MFU a run implies: its model FLOPs over GPU-hours × dense peak. Over a run's total
    GPU-hours this is an average that includes restarts and evaluation, so it comes out below
    the steady-state MFU a paper reports.

    Notebook 03, section '5. Published runs against our formula'.
    """
    flops = check.sweep("flops", flops, minimum=0)
    used = check.sweep("gpu_hours_used", gpu_hours_used, above=0)
    return flops / (used * SECONDS_PER_HOUR * peak_flops(gpu, precision))


def tokens_per_second(cfg: ModelConfig, seq: NumLike, gpu: str, mfu: NumLike, precision: str = "bf16") -> Num:
    """Training tokens per second per GPU at ``mfu``.

    Notebook 03, section '6. Our own measurement: MFU on one H200'.
    """
    mfu = check.sweep("mfu", mfu, above=0, maximum=1)
    return peak_flops(gpu, precision) * mfu / training_flops_per_token(cfg, seq)


# Published runs ---------------------------------------------------------------------------------
def training_runs() -> pd.DataFrame:
    """``data/training_runs.csv``: published runs with their published figures and sources.

    Counts (params, tokens, GPUs) come as floats, so that a student's ``6 * n * tokens`` cannot
    overflow as NumPy's int64 silently does (6 × 32.9e9 × 15.5e12 > 2**63).
    Notebook 03, section '5. Published runs against our formula'.
    """
    return _as_floats(data.load("training_runs"))


def _as_floats(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its integer columns as float64 (exact below 2**53, and safe to multiply)."""
    ints = frame.select_dtypes(include="integer").columns
    return frame.astype({column: "float64" for column in ints})


def published_vs_ours() -> pd.DataFrame:
    """Each published run beside our formula: FLOPs (6·N·D and with attention) and implied MFU.

    ``ours_params`` is our count of the run's configuration (active parameters for an MoE),
    ``flops_6nd`` uses the published N and D, ``flops_ours`` our count, context and attention over
    the full context (the default convention) and ``flops_causal`` the same with the causal half
    (:func:`attention_flops_per_token`). ``attention`` names the convention of the published MFU
    (``data/training_runs.csv`` column ``mfu_attention``: ``"full"`` for Megatron's Eq. 3,
    ``"not stated"`` for Llama 3.1; NaN where no MFU is published).

    The implied MFUs divide by the GPU-hours that trained the listed tokens: the pre-training hours
    where the source splits them (DeepSeek-V3: 2.664M of its 2.788M; the rest extended the context
    and post-trained on other tokens), else all published hours. ``mfu_implied_*`` use the dense
    BF16 peak; ``mfu_at_peak_*`` the peak of the precision the run trained in (``peak``: FP8 for
    DeepSeek-V3, BF16 where the source says BF16 or nothing).

    Notebook 03, section '5. Published runs against our formula'.
    """
    rows = []
    for _, run in training_runs().iterrows():
        cfg = catalog.model(run["model"])
        n = run["active_params"] if pd.notna(run["active_params"]) else run["params"]
        seq = int(run["seq"]) if pd.notna(run["seq"]) else 4096
        tokens = float(run["tokens"])
        peak = run["peak_precision"] if pd.notna(run["peak_precision"]) else "bf16"
        flops = {
            "6nd": float(six_nd(float(n), tokens)),
            "ours": float(training_flops(cfg, tokens, seq=seq)),
            "causal": float(training_flops(cfg, tokens, seq=seq, causal=True)),
        }
        hours = run["pretraining_gpu_hours"] if pd.notna(run["pretraining_gpu_hours"]) else run["gpu_hours"]
        row = {
            "run": run["run"],
            "gpu": run["gpu"],
            "peak": peak,
            "tokens": tokens,
            "seq": seq,
            "published_params": float(n),
            "ours_params": float(count_params(cfg).active),
            "published_flops": run["published_flops"],
            "flops_6nd": flops["6nd"],
            "flops_ours": flops["ours"],
            "flops_causal": flops["causal"],
            "gpu_hours": run["gpu_hours"],
            "gpu_hours_tokens": hours,
            "mfu_published": (run["mfu_low"], run["mfu_high"]),
            "attention": run["mfu_attention"],  # NaN where no MFU is published
        }
        for key, value in flops.items():
            bf16 = float(implied_mfu(value, float(hours), run["gpu"])) if pd.notna(hours) else np.nan
            at_peak = float(implied_mfu(value, float(hours), run["gpu"], peak)) if pd.notna(hours) else np.nan
            row[f"mfu_implied_{key}"] = bf16
            row[f"mfu_at_peak_{key}"] = at_peak
        rows.append(row)
    return pd.DataFrame(rows).set_index("run")
