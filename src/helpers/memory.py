"""GPU memory of transformers: weights, KV cache, training states, activations, sharding.

Explained in ``notebooks/02_gpu_memory.ipynb``. Bytes are plain bytes; GB = 1e9 bytes and
GiB = 2**30 bytes are only used for display (:mod:`helpers.units`).

Two kinds of estimate live side by side:

- **textbook**: the formulas of the papers (ZeRO's 16 bytes per parameter, Korthikanti et al.
  2022's activations), as peer tools use them;
- **measured**: what real framework code (Hugging Face ``transformers`` + PyTorch) holds, derived
  from which tensors each operation saves for backward and checked against H200 measurements
  (``data/measured/``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import _validate as check
from .params import FFN_MATRICES, ModelConfig, count_params


# Number formats -------------------------------------------------------------------------------
@dataclass(frozen=True)
class NumberFormat:
    """A storage format: bits per value plus block scales (microscaling) and a per-tensor scale."""

    name: str
    bits: int  # bits of one stored value
    block: int = 0  # values sharing one scale (0: no block scale)
    scale_bits: int = 0  # bits of each block scale
    tensor_scale_bits: int = 0  # one extra scale per tensor (NVFP4's FP32 global scale)
    source: str = ""

    @property
    def bytes_per_element(self) -> float:
        """Average bytes per value including block scales (the per-tensor scale is separate)."""
        per_block = self.scale_bits / self.block if self.block else 0.0
        return (self.bits + per_block) / 8


FORMATS = {
    f.name: f
    for f in (
        NumberFormat("fp32", 32, source="IEEE 754 binary32"),
        NumberFormat("bf16", 16, source="bfloat16: 8-bit exponent, 7-bit mantissa (Google Brain; IEEE-754 layout)"),
        NumberFormat("fp16", 16, source="IEEE 754 binary16"),
        NumberFormat("fp8", 8, source="FP8 E4M3/E5M2 (Micikevicius et al. 2022, arXiv 2209.05433); per-tensor scales in "
                                      "practice are a few bytes per tensor and not counted"),
        NumberFormat("int8", 8, source="8-bit integer weights (LLM.int8(), Dettmers et al. 2022); scales not counted"),
        NumberFormat("mxfp8", 8, block=32, scale_bits=8, source="OCP Microscaling Formats (MX) v1.0: 32 values share one "
                                                                 "8-bit E8M0 scale"),
        NumberFormat("mxfp4", 4, block=32, scale_bits=8, source="OCP MX v1.0: FP4 E2M1 values, one 8-bit E8M0 scale per "
                                                                 "32 values = 4.25 bits per value"),
        NumberFormat("nvfp4", 4, block=16, scale_bits=8, tensor_scale_bits=32,
                     source="NVIDIA NVFP4 (Blackwell): FP4 E2M1 values, one FP8 E4M3 scale per 16 values and one "
                            "FP32 scale per tensor = 4.5 bits per value"),
        NumberFormat("int4", 4, source="4-bit integer weights without scales (a lower bound; GPTQ/AWQ add a scale "
                                       "per group of 64-128)"),
    )
}


def number_format(dtype: str) -> NumberFormat:
    return FORMATS[check.choice("dtype", dtype, FORMATS)]


def bytes_per_element(dtype: str) -> float:
    """Average bytes per value of ``dtype`` (block scales included): bf16 2, mxfp4 0.53125, ..."""
    return number_format(dtype).bytes_per_element


def linear_weight_tensors(cfg: ModelConfig) -> int:
    """Weight matrices a quantised checkpoint stores with their own scale (attention, FFN, experts)."""
    attention = 5 if cfg.attention == "mla" else 4
    matrices = FFN_MATRICES[cfg.ffn_type]
    per_moe = matrices * (cfg.n_experts + cfg.n_shared_experts) + 1  # + router
    n_moe = cfg.n_moe_layers
    return cfg.n_layers * attention + (cfg.n_layers - n_moe) * matrices + n_moe * per_moe + 1  # + output head


def weights_bytes(cfg: ModelConfig, dtype: str = "bf16") -> int:
    """Bytes of all parameters stored in ``dtype`` (tied embeddings once), rounded up to a byte.

    For block formats every parameter carries its block's scale share, and formats with a
    per-tensor scale add one per weight matrix (:func:`linear_weight_tensors`).
    """
    fmt = number_format(dtype)
    n = count_params(cfg).total
    if not fmt.block and not fmt.tensor_scale_bits:
        return n * fmt.bits // 8
    bits = n * fmt.bits + math.ceil(n / fmt.block) * fmt.scale_bits
    bits += linear_weight_tensors(cfg) * fmt.tensor_scale_bits
    return math.ceil(bits / 8)


def kv_bytes_per_token(cfg: ModelConfig, dtype: str = "bf16") -> float:
    """KV-cache bytes one token adds across all layers.

    MHA/GQA/MQA: 2 (K and V) · layers · kv_heads · head_dim · bytes (scaling-book "2SLKH").
    MLA: layers · (kv_lora_rank + qk_rope_head_dim) · bytes: the compressed latent and the shared
    rotary key, no factor 2 (DeepSeek-V2 Table 1).
    """
    size = bytes_per_element(dtype)
    if cfg.attention == "mla":
        return cfg.n_layers * (cfg.kv_lora_rank + cfg.qk_rope_head_dim) * size
    return 2 * cfg.n_layers * cfg.n_kv_heads * cfg.head_dim * size


def _positive(field: str, value):
    """Validate a size that may be an int or a NumPy array of ints (for sweeps)."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "iu" or value.size == 0 or (value < 1).any():
            raise ValueError(f"{field} must hold integers >= 1, got an array of {value.dtype} with min {value.min() if value.size else 'n/a'}")
        return value.astype(np.int64)
    return check.integer(field, value)


def kv_cache_bytes(cfg: ModelConfig, batch, seq, dtype: str = "bf16"):
    """KV-cache bytes for ``batch`` sequences of ``seq`` tokens (ints or NumPy arrays)."""
    batch, seq = _positive("batch", batch), _positive("seq", seq)
    per_token = kv_bytes_per_token(cfg, dtype)
    total = batch * seq * per_token
    return int(round(total)) if np.ndim(total) == 0 else np.rint(total).astype(np.int64)


# Training states: the conventions side by side ----------------------------------------------------
@dataclass(frozen=True)
class StateConvention:
    """Bytes per parameter that training keeps for the model's state, by part."""

    label: str
    weights: float  # the parameters as the forward pass reads them
    gradients: float
    master: float  # a higher-precision copy of the weights kept for the update
    optimizer: float  # optimizer moments
    source: str

    @property
    def total(self) -> float:
        return self.weights + self.gradients + self.master + self.optimizer


STATE_CONVENTIONS = {
    "zero_mixed": StateConvention(
        "ZeRO mixed precision (fp16/bf16 weights and grads, fp32 master + Adam)", 2, 2, 4, 8,
        "Rajbhandari et al. 2020 (ZeRO), Section 3.1: 2Ψ + 2Ψ + KΨ with K = 12"),
    "amp": StateConvention(
        "PyTorch AMP (fp32 weights and grads, fp32 Adam moments; bf16 copies live only during the step)", 4, 4, 0, 8,
        "torch.autocast + torch.optim.AdamW; H200 measurement: ~12 bytes/param between steps, +4 during the step"),
    "bf16": StateConvention(
        "pure bf16 (bf16 weights, grads and Adam moments, no master copy)", 2, 2, 0, 4,
        "AdamW with all states in bf16 (e.g. torch.optim.AdamW on a bf16 model)"),
    "adam_8bit": StateConvention(
        "8-bit Adam with mixed precision (bf16 weights and grads, fp32 master, 8-bit moments)", 2, 2, 4, 2,
        "Dettmers et al. 2022, 8-bit Optimizers via Block-wise Quantization (bitsandbytes); moments 1 byte each"),
    "eleuther_cookbook": StateConvention(
        "EleutherAI cookbook calc_transformer_mem.py defaults (fp32 grads)", 2, 4, 4, 8,
        "EleutherAI cookbook calc/calc_transformer_mem.py: bytes_per_grad_ele = 4, optimizer 12 bytes"),
    "scaling_book": StateConvention(
        "How to Scale Your Model (bf16 weights, fp32 Adam moments, gradients not counted)", 2, 0, 0, 8,
        "jax-ml/scaling-book training.md: 10 bytes per parameter"),
}


def state_bytes_per_param(convention: str) -> float:
    return STATE_CONVENTIONS[check.choice("convention", convention, STATE_CONVENTIONS)].total


def zero_model_states_bytes(params, dp, stage: int, k: float = 12, precision_bytes: float = 2):
    """Model-state bytes per GPU under ZeRO-DP (Rajbhandari et al. 2020, Section 5 / Figure 1).

    Stage 0: (2 + 2 + K)Ψ; stage 1 (P_os): 4Ψ + KΨ/N_d; stage 2 (P_os+g): 2Ψ + (2 + K)Ψ/N_d;
    stage 3 (P_os+g+p): (2 + 2 + K)Ψ/N_d. Vectorised over ``params`` and ``dp``.
    """
    stage = check.integer("stage", stage, minimum=0, maximum=3)
    weights, grads = precision_bytes * params, precision_bytes * params
    optimizer = k * params
    sharded = {0: 0, 1: optimizer, 2: optimizer + grads, 3: optimizer + grads + weights}[stage]
    return weights + grads + optimizer - sharded + sharded / dp


# Activations: the textbook ---------------------------------------------------------------------
RECOMPUTE = ("none", "selective", "full")


def activations_textbook(cfg: ModelConfig, batch, seq, recompute: str = "none", tp: int = 1, sp: bool = False):
    """Bytes one layer saves for backward, Korthikanti et al. 2022 (arXiv 2205.05198) Table 2.

    16-bit activations of a GPT block with dropout, s = seq, b = batch, h = d_model, a = heads,
    t = tensor-parallel size:
    none: s·b·h·(10 + 24/t + 5·a·s/(h·t)); with sequence parallelism s·b·h·(34/t + 5·a·s/(h·t));
    selective recomputation drops the 5·a·s/h attention term; full recomputation keeps only the
    layer input, 2·s·b·h (divided by t with sequence parallelism). The paper's block is GPT's
    (4h MLP, full attention); the formula is applied unchanged to other blocks, as peers do.
    """
    batch, seq = _positive("batch", batch), _positive("seq", seq)
    recompute = check.choice("recompute", recompute, RECOMPUTE)
    t = check.integer("tp", tp)
    sbh = seq * batch * cfg.d_model
    if recompute == "full":
        return sbh * 2 / (t if sp else 1)
    attention = 0 if recompute == "selective" else 5 * cfg.n_heads * seq / (cfg.d_model * t)
    return sbh * ((34 / t if sp else 10 + 24 / t) + attention)


def logits_textbook(cfg: ModelConfig, batch, seq, tp: int = 1):
    """The output layer's share: fp32 logits kept for the softmax cross-entropy, 4·b·s·V / t."""
    return 4 * _positive("batch", batch) * _positive("seq", seq) * cfg.vocab_size / check.integer("tp", tp)


# Training memory of one GPU ------------------------------------------------------------------------
PRECISIONS = {  # precision -> state convention (the measured protocols)
    "amp": "amp",  # fp32 weights, bf16 autocast, fused AdamW with fp32 moments
    "bf16": "bf16",  # bf16 weights and AdamW moments
}


@dataclass(frozen=True)
class Parallelism:
    """How a training job splits over GPUs: data (dp, with a ZeRO stage), tensor (tp, with
    sequence parallelism sp), pipeline (pp) and expert (ep, carved out of dp) parallelism."""

    dp: int = 1
    tp: int = 1
    pp: int = 1
    ep: int = 1
    zero_stage: int = 0
    sp: bool = False

    def __post_init__(self) -> None:
        for name in ("dp", "tp", "pp", "ep"):
            object.__setattr__(self, name, check.integer(name, getattr(self, name)))
        object.__setattr__(self, "zero_stage", check.integer("zero_stage", self.zero_stage, minimum=0, maximum=3))
        object.__setattr__(self, "sp", check.flag("sp", self.sp))
        if self.dp % self.ep:
            raise ValueError(f"ep must divide dp={self.dp} (expert parallelism is carved out of data parallelism); got ep={self.ep}")

    @property
    def gpus(self) -> int:
        return self.dp * self.tp * self.pp


@dataclass(frozen=True)
class TrainingMemory:
    """Bytes on the most loaded GPU of a training step, by part; ``peak_bytes`` is the maximum."""

    weights: float
    gradients: float
    master: float
    optimizer: float
    activations: float
    logits: float
    overhead: float
    peak_bytes: float
    gpus: int

    @property
    def static_bytes(self) -> float:
        """What stays allocated between steps: weights, master copy, optimizer, fixed overhead."""
        return self.weights + self.master + self.optimizer + self.overhead

    def breakdown(self) -> dict[str, float]:
        return {"weights": self.weights, "gradients": self.gradients, "master weights": self.master,
                "optimizer states": self.optimizer, "activations": self.activations, "logits and loss": self.logits,
                "framework overhead": self.overhead}


def _per_gpu_params(cfg: ModelConfig, par: Parallelism) -> tuple[float, float]:
    """(parameters on one GPU, of which routed experts): tp and pp divide everything, ep the experts."""
    count = count_params(cfg)
    experts = count.routed_experts / (par.tp * par.pp * par.ep)
    return (count.total - count.routed_experts) / (par.tp * par.pp) + experts, experts


def _sharded_states(cfg: ModelConfig, par: Parallelism, convention: StateConvention) -> dict[str, float]:
    """Weights, gradients, master and optimizer bytes per GPU with ZeRO over dp (dp/ep for experts)."""
    params, experts = _per_gpu_params(cfg, par)
    dense = params - experts

    def shard(bytes_per_param: float, from_stage: int) -> float:
        if par.zero_stage < from_stage:
            return bytes_per_param * params
        return bytes_per_param * (dense / par.dp + experts / (par.dp // par.ep))

    return {"weights": shard(convention.weights, 3), "gradients": shard(convention.gradients, 2),
            "master": shard(convention.master, 1), "optimizer": shard(convention.optimizer, 1)}
