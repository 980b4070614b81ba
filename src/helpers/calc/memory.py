"""GPU memory of transformers: weights, KV cache, training states, activations, sharding.

Explained in ``notebooks/02_gpu_memory.ipynb``. Bytes are plain bytes; GB = 1e9 bytes and
GiB = 2**30 bytes are only used for display (:mod:`helpers.views.units`).

Two kinds of estimate live side by side:

- **textbook**: the formulas of the papers (ZeRO's 16 bytes per parameter, Korthikanti et al.
  2022's activations), as peer tools use them;
- **measured**: what real framework code (Hugging Face ``transformers`` + PyTorch) holds, derived
  from which tensors each operation saves for backward and checked against H200 measurements
  (``data/measured/``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from helpers import data
from helpers.calc import catalog, check
from helpers.calc.check import Num, NumLike
from helpers.calc.params import FFN_MATRICES, ModelConfig, attention_params, count_params


# Number formats -------------------------------------------------------------------------------
@dataclass(frozen=True)
class NumberFormat:
    """A storage format: bits per value plus block scales (microscaling) and a per-tensor scale.

    Notebook 02, section '1. From parameters to bytes'.
    """

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
        NumberFormat(
            "fp8",
            8,
            source="FP8 E4M3/E5M2 (Micikevicius et al. 2022, arXiv 2209.05433); per-tensor scales in "
            "practice are a few bytes per tensor and not counted",
        ),
        NumberFormat("int8", 8, source="8-bit integer weights (LLM.int8(), Dettmers et al. 2022); scales not counted"),
        NumberFormat(
            "mxfp8",
            8,
            block=32,
            scale_bits=8,
            source="OCP Microscaling Formats (MX) v1.0: 32 values share one 8-bit E8M0 scale",
        ),
        NumberFormat(
            "mxfp4",
            4,
            block=32,
            scale_bits=8,
            source="OCP MX v1.0: FP4 E2M1 values, one 8-bit E8M0 scale per 32 values = 4.25 bits per value",
        ),
        NumberFormat(
            "nvfp4",
            4,
            block=16,
            scale_bits=8,
            tensor_scale_bits=32,
            source="NVIDIA NVFP4 (Blackwell): FP4 E2M1 values, one FP8 E4M3 scale per 16 values and one "
            "FP32 scale per tensor = 4.5 bits per value",
        ),
        NumberFormat(
            "int4",
            4,
            source="4-bit integer weights without scales (a lower bound; GPTQ/AWQ add a scale per group of 64-128)",
        ),
    )
}


def number_format(dtype: str) -> NumberFormat:
    """The :class:`NumberFormat` named ``dtype`` (a key of :data:`FORMATS`). Notebook 02, section '1. From parameters to bytes'."""
    return FORMATS[check.choice("dtype", dtype, FORMATS)]


def bytes_per_element(dtype: str) -> float:
    """Average bytes per value of ``dtype`` (block scales included): bf16 2, mxfp4 0.53125, ...

    Notebook 02, section '1. From parameters to bytes'.
    """
    return number_format(dtype).bytes_per_element


def linear_weight_tensors(cfg: ModelConfig) -> int:
    """Weight matrices a quantised checkpoint stores with their own scale (attention, FFN, experts).

    Notebook 02, section '1. From parameters to bytes'.
    """
    attention = 5 if cfg.attention == "mla" else 4
    matrices = FFN_MATRICES[cfg.ffn_type]
    per_moe = matrices * (cfg.n_experts + cfg.n_shared_experts) + 1  # + router
    n_moe = cfg.n_moe_layers
    return cfg.n_layers * attention + (cfg.n_layers - n_moe) * matrices + n_moe * per_moe + 1  # + output head


def weights_bytes(cfg: ModelConfig, dtype: str = "bf16") -> int:
    """Bytes of all parameters stored in ``dtype`` (tied embeddings once), rounded up to a byte.

    For block formats every parameter carries its block's scale share, and formats with a
    per-tensor scale add one per weight matrix (:func:`linear_weight_tensors`).
    Notebook 02, section '1. From parameters to bytes'.
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
    rotary key, no factor 2 (DeepSeek-V2 Table 1). Notebook 02, section '2. Inference: the KV cache'.
    """
    size = bytes_per_element(dtype)
    if cfg.attention == "mla":
        return cfg.n_layers * (cfg.kv_lora_rank + cfg.qk_rope_head_dim) * size
    return 2 * cfg.n_layers * cfg.n_kv_heads * cfg.head_dim * size


def kv_bytes_per_token_without_mla(cfg: ModelConfig, dtype: str = "bf16") -> float:
    """What an MLA model would cache per token if it kept full keys and values for every head
    (keys of qk_nope + qk_rope, values of v_head_dim): the cache MLA avoids.

    Notebook 02, section '2. Inference: the KV cache'.
    """
    if cfg.attention != "mla":
        raise ValueError(f"attention must be 'mla' for this comparison, got {cfg.attention!r}")
    width = cfg.qk_nope_head_dim + cfg.qk_rope_head_dim + cfg.v_head_dim
    return cfg.n_layers * cfg.n_heads * width * bytes_per_element(dtype)


LIMITS = {"batch": 2**20, "seq": 2**24}  # a million sequences, 16.8 million tokens: beyond any real job


def kv_cache_bytes(
    cfg: ModelConfig, batch: int | NDArray[np.integer], seq: int | NDArray[np.integer], dtype: str = "bf16"
) -> int | NDArray[np.int64]:
    """KV-cache bytes for ``batch`` sequences of ``seq`` tokens (ints or NumPy arrays).

    Notebook 02, section '2. Inference: the KV cache'.
    """
    batch, seq = check.sizes("batch", batch, LIMITS["batch"]), check.sizes("seq", seq, LIMITS["seq"])
    per_token = kv_bytes_per_token(cfg, dtype)
    total = batch * seq * per_token
    return int(round(total)) if np.ndim(total) == 0 else np.rint(total).astype(np.int64)


# Training states: the conventions side by side ----------------------------------------------------
@dataclass(frozen=True)
class StateConvention:
    """Bytes per parameter that training keeps for the model's state, by part.

    Notebook 02, section '3. Training: the bytes per parameter'.
    """

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
        "ZeRO mixed precision (fp16/bf16 weights and grads, fp32 master + Adam)",
        2,
        2,
        4,
        8,
        "Rajbhandari et al. 2020 (ZeRO), Section 3.1: 2Ψ + 2Ψ + KΨ with K = 12",
    ),
    "amp": StateConvention(
        "PyTorch AMP (fp32 weights and grads, fp32 Adam moments; bf16 copies live only during the step)",
        4,
        4,
        0,
        8,
        "torch.autocast + torch.optim.AdamW; H200 measurement: ~12 bytes/param between steps, +4 during the step",
    ),
    "bf16": StateConvention(
        "pure bf16 (bf16 weights, grads and Adam moments, no master copy)",
        2,
        2,
        0,
        4,
        "AdamW with all states in bf16 (e.g. torch.optim.AdamW on a bf16 model)",
    ),
    "adam_8bit": StateConvention(
        "8-bit Adam with mixed precision (bf16 weights and grads, fp32 master, 8-bit moments)",
        2,
        2,
        4,
        2,
        "Dettmers et al. 2022, 8-bit Optimizers via Block-wise Quantization (bitsandbytes); moments 1 byte each",
    ),
    "eleuther_cookbook": StateConvention(
        "EleutherAI cookbook calc_transformer_mem.py defaults (fp32 grads)",
        2,
        4,
        4,
        8,
        "EleutherAI cookbook calc/calc_transformer_mem.py: bytes_per_grad_ele = 4, optimizer 12 bytes",
    ),
    "scaling_book": StateConvention(
        "How to Scale Your Model (bf16 weights, fp32 Adam moments, gradients not counted)",
        2,
        0,
        0,
        8,
        "jax-ml/scaling-book training.md: 10 bytes per parameter",
    ),
}


def state_bytes_per_param(convention: str) -> float:
    """Bytes per parameter of a convention in :data:`STATE_CONVENTIONS` ("zero_mixed": 16).

    Notebook 02, section '3. Training: the bytes per parameter'.
    """
    return STATE_CONVENTIONS[check.choice("convention", convention, STATE_CONVENTIONS)].total


def zero_model_states_bytes(params: Num, dp: Num, stage: int, k: float = 12, precision_bytes: float = 2) -> Num:
    """Model-state bytes per GPU under ZeRO-DP (Rajbhandari et al. 2020, Section 5 / Figure 1).

    Stage 0: (2 + 2 + K)Ψ; stage 1 (P_os): 4Ψ + KΨ/N_d; stage 2 (P_os+g): 2Ψ + (2 + K)Ψ/N_d;
    stage 3 (P_os+g+p): (2 + 2 + K)Ψ/N_d. Vectorised over ``params`` and ``dp``.
    Notebook 02, section '5. Sharding across GPUs'.
    """
    stage = check.integer("stage", stage, minimum=0, maximum=3)
    weights, grads = precision_bytes * params, precision_bytes * params
    optimizer = k * params
    sharded = {0: 0, 1: optimizer, 2: optimizer + grads, 3: optimizer + grads + weights}[stage]
    return weights + grads + optimizer - sharded + sharded / dp


# Activations: the textbook ---------------------------------------------------------------------
RECOMPUTE = ("none", "selective", "full")


def activations_textbook(
    cfg: ModelConfig,
    batch: int | NDArray[np.integer],
    seq: int | NDArray[np.integer],
    recompute: str = "none",
    tp: int = 1,
    sp: bool = False,
) -> Num:
    """Bytes one layer saves for backward, Korthikanti et al. 2022 (arXiv 2205.05198) Table 2.

    16-bit activations of a GPT block with dropout, s = seq, b = batch, h = d_model, a = heads,
    t = tensor-parallel size:
    none: s·b·h·(10 + 24/t + 5·a·s/(h·t)); with sequence parallelism s·b·h·(34/t + 5·a·s/(h·t));
    selective recomputation drops the 5·a·s/h attention term; full recomputation keeps only the
    layer input, 2·s·b·h (divided by t with sequence parallelism). The paper's block is GPT's
    (4h MLP, full attention); the formula is applied unchanged to other blocks, as peers do.
    Notebook 02, section '4. Activations: what the backward pass needs'.
    """
    batch, seq = check.sizes("batch", batch, LIMITS["batch"]), check.sizes("seq", seq, LIMITS["seq"])
    recompute = check.choice("recompute", recompute, RECOMPUTE)
    t = check.integer("tp", tp)
    sbh = seq * batch * cfg.d_model
    if recompute == "full":
        return sbh * 2 / (t if sp else 1)
    attention = 0 if recompute == "selective" else 5 * cfg.n_heads * seq / (cfg.d_model * t)
    return sbh * ((34 / t if sp else 10 + 24 / t) + attention)


def logits_textbook(
    cfg: ModelConfig, batch: int | NDArray[np.integer], seq: int | NDArray[np.integer], tp: int = 1
) -> Num:
    """The output layer's share: fp32 logits kept for the softmax cross-entropy, 4·b·s·V / t.

    Notebook 02, section '4. Activations: what the backward pass needs'.
    """
    return (
        4
        * check.sizes("batch", batch, LIMITS["batch"])
        * check.sizes("seq", seq, LIMITS["seq"])
        * cfg.vocab_size
        / check.integer("tp", tp)
    )


# Training memory of one GPU ------------------------------------------------------------------------
PRECISIONS = {  # precision -> state convention (the measured protocols)
    "amp": "amp",  # fp32 weights, bf16 autocast, fused AdamW with fp32 moments
    "bf16": "bf16",  # bf16 weights and AdamW moments
}


@dataclass(frozen=True)
class Parallelism:
    """How a training job splits over GPUs: data (dp, with a ZeRO stage), tensor (tp, with
    sequence parallelism sp), pipeline (pp) and expert (ep, carved out of dp) parallelism.

    Notebook 02, section '5. Sharding across GPUs'.
    """

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
            raise ValueError(
                f"ep must divide dp={self.dp} (expert parallelism is carved out of data parallelism); got ep={self.ep}"
            )

    @property
    def gpus(self) -> int:
        """GPUs of the job: dp·tp·pp (expert parallelism splits dp, it adds none)."""
        return self.dp * self.tp * self.pp


@dataclass(frozen=True)
class TrainingMemory:
    """Bytes on the most loaded GPU of a training step, by part; ``peak_bytes`` is the maximum.

    Notebook 02, section '6. The memory calculator'.
    """

    weights: float
    gradients: float
    master: float
    optimizer: float
    activations: Num  # arrays when batch or seq is an array (a sweep)
    logits: Num
    overhead: float
    peak_bytes: Num
    gpus: int
    gradients_persist: bool = True  # False: one GPU, gradients appear while activations are freed
    backward_work: Num = 0.0  # one GPU: one layer's activations beside the gradients at the end of backward

    def at_peak(self) -> dict[str, Num]:
        """The parts that add up to ``peak_bytes``: on one GPU either the activations (end of the
        forward pass, loss backward) or the gradients (end of backward), whichever is larger."""
        parts = self.breakdown()
        if not self.gradients_persist:
            forward = (self.activations + self.logits) >= self.gradients + self.backward_work
            parts["gradients"] = np.where(forward, 0.0, self.gradients)
            parts["activations"] = np.where(forward, self.activations, self.backward_work)
            parts["logits and loss"] = np.where(forward, self.logits, 0.0)
            parts = {k: (float(v) if np.ndim(v) == 0 else v) for k, v in parts.items()}
        return parts

    @property
    def static_bytes(self) -> float:
        """What stays allocated between steps: weights, master copy, optimizer, fixed overhead."""
        return self.weights + self.master + self.optimizer + self.overhead

    def breakdown(self) -> dict[str, Num]:
        """Every part by its display name, in display order."""
        return {
            "weights": self.weights,
            "gradients": self.gradients,
            "master weights": self.master,
            "optimizer states": self.optimizer,
            "activations": self.activations,
            "logits and loss": self.logits,
            "framework overhead": self.overhead,
        }


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

    return {
        "weights": shard(convention.weights, 3),
        "gradients": shard(convention.gradients, 2),
        "master": shard(convention.master, 1),
        "optimizer": shard(convention.optimizer, 1),
    }


# Activations: what Hugging Face transformers + PyTorch really save ---------------------------------
ATTENTION_KERNELS = ("sdpa", "eager")
DEVICES = ("cuda", "cpu")


@dataclass(frozen=True)
class Saved:
    """Tensors one layer keeps for backward: ``tokens·(per_token + per_token_seq·seq) + fixed`` bytes.

    ``per_token_seq`` carries the attention matrix of eager attention (it grows with the context);
    ``fixed`` carries the bf16 copies of fp32 weights that autocast makes and the graph keeps.
    Notebook 02, section '4. Activations: what the backward pass needs'.
    """

    part: str  # "norms", "attention", "mlp", "experts", "router", "dropout", "weights", "head", "inputs"
    what: str  # a key of helpers.i18n.labels ("saved.<what>"): what the tensors are, in words
    per_token: float = 0.0
    per_token_seq: float = 0.0
    fixed: float = 0.0
    where: str = ""  # which norm ("attention_norm", "mlp_norm", "final_norm"), for the description
    n: int = 0  # a count the description names (matmuls reading a norm, bits, experts per token)

    def bytes(self, tokens: Num, seq: Num) -> Num:
        """Bytes for ``tokens`` tokens (batch · seq) of sequences of ``seq`` tokens."""
        return tokens * (self.per_token + self.per_token_seq * seq) + self.fixed


@dataclass(frozen=True)
class _Kernel:
    """The dtypes real code gives each saved tensor: a training protocol on a device."""

    precision: str  # "amp" (fp32 weights + bf16 autocast) or "bf16" (everything bf16)
    attention: str
    dropout: float
    device: str

    @property
    def amp(self) -> bool:
        return self.precision == "amp"

    @property
    def residual(self) -> int:  # the residual stream has the weights' dtype
        return 4 if self.amp else 2

    @property
    def mask(self) -> int:  # CUDA's native_dropout keeps a bool mask; the CPU keeps the scaled mask
        return 1 if self.device == "cuda" else 2

    @property
    def norm_stats(self) -> int:  # LayerNorm's mean and rstd: fp32 on CUDA, the input dtype on the CPU
        return 4 if (self.device == "cuda" or self.amp) else 2

    @property
    def dropping(self) -> bool:
        return self.dropout > 0


def _norm(kind: str, k: _Kernel, width: int, where: str, consumers: int = 1) -> list[Saved]:
    """A LayerNorm/RMSNorm of ``width`` and the bf16 input(s) of the matmul(s) that read it.

    LayerNorm (``native_layer_norm``) saves its input and per-row mean and rstd. Hugging Face's
    RMSNorm is written in Python: it saves the fp32 upcast input (``pow``, ``mul``), the fp32 rsqrt
    per row and the normalised input before the weight (in the weights' dtype). Under autocast
    every linear layer casts its input to bf16 separately (``consumers`` copies); in pure bf16 they
    share the normalised tensor.
    """
    reads = consumers if k.amp else 1
    if kind == "layernorm":
        items = [Saved("norms", "layernorm", k.residual * width + 2 * k.norm_stats, where=where)]
    else:
        items = [Saved("norms", "rmsnorm", 4 * width + 4 + k.residual * width, where=where)]
    return items + [Saved("norms", "matmul_input", 2 * width * reads, where=where, n=reads)]


def _attention_saved(cfg: ModelConfig, k: _Kernel, gpt2: bool) -> list[Saved]:
    """Attention of one layer (MHA/GQA): the projections' outputs each kernel keeps."""
    if cfg.attention == "mla":
        return _mla_saved(cfg, k)
    a, d = cfg.n_heads, cfg.head_dim
    kvd = cfg.n_kv_heads * d
    ad = a * d
    items = []
    if cfg.qk_norm:  # Qwen3: RMSNorm per head on q and k (fp32 input, rsqrt per head, normalised bf16)
        items.append(Saved("norms", "qk_norm", 6 * ad + 4 * a + 6 * kvd + 4 * cfg.n_kv_heads))
    return items + _attention_kernel(cfg, k, gpt2)


def _mla_saved(cfg: ModelConfig, k: _Kernel) -> list[Saved]:
    """Multi-head latent attention (DeepSeek-V3, Kimi K2) as transformers' DeepseekV3Attention runs it.

    Not measured: extrapolated from the same rules (RMSNorms of the latents, rotated parts copied
    by ``cat``, sdpa saving q, k, v, output and logsumexp; v stays a view of the kv_b output).
    """
    a = cfg.n_heads
    dq = cfg.qk_nope_head_dim + cfg.qk_rope_head_dim
    items = [Saved("norms", "kv_latent_norm", 8 * cfg.kv_lora_rank + 4)]
    if cfg.q_lora_rank:
        items.append(Saved("norms", "q_latent_norm", 8 * cfg.q_lora_rank + 4))
    items.append(Saved("attention", "mla_qkv", 2 * 2 * a * dq + 2 * a * (cfg.qk_nope_head_dim + cfg.v_head_dim)))
    if k.attention == "eager":
        items.append(Saved("attention", "mla_eager_probs", per_token_seq=6 * a))
        return items + [Saved("attention", "mla_out", 2 * a * cfg.v_head_dim)]
    return items + [Saved("attention", "mla_sdpa_out", 2 * a * cfg.v_head_dim + 4 * a)]


def _attention_kernel(cfg: ModelConfig, k: _Kernel, gpt2: bool) -> list[Saved]:
    a, d = cfg.n_heads, cfg.head_dim
    kvd = cfg.n_kv_heads * d
    ad = a * d
    if k.attention == "sdpa":
        if gpt2:
            # q, k, v are views of one fused projection output, which the query view keeps whole;
            # the DynamicCache (use_cache=True by default) holds cat-copies of k and v that sdpa saves.
            inputs = Saved("attention", "gpt2_qkv", 2 * 3 * ad + 2 * 2 * ad)
        else:
            # rotary makes new q and k (mul saves only cos/sin, shared by all layers); GQA runs
            # natively (enable_gqa), so k and v stay at n_kv_heads.
            inputs = Saved("attention", "rotated_qkv", 2 * ad + 4 * kvd)
        items = [inputs, Saved("attention", "sdpa_out", 2 * ad + 4 * a)]
        if k.dropping and k.device == "cuda":
            items.append(Saved("attention", "sdpa_rng", fixed=1024))
        return items
    # eager: q·kᵀ and p·v are batched matmuls over contiguous copies; GQA repeats k and v to all heads
    if gpt2:
        qkv = Saved("attention", "gpt2_eager_qkv", 3 * 2 * ad)
        probs = 4 if k.amp else 2  # CUDA autocast runs softmax in fp32; GPT-2 then casts to v's dtype
        cast = 2 if k.amp else 0
    else:
        qkv = Saved("attention", "eager_qkv", 3 * 2 * ad)
        probs, cast = 4, 2  # Llama: softmax(dtype=float32), then .to(bf16)
    items = [
        qkv,
        Saved("attention", "eager_out", 2 * ad),
        Saved("attention", "eager_probs", per_token_seq=a * probs, n=8 * probs),
    ]
    if cast:
        items.append(Saved("attention", "probs_copy", per_token_seq=2 * a))
    if k.dropping:
        items.append(Saved("dropout", "attn_dropout", per_token_seq=a * (k.mask + 2)))
    return items


def _mlp_saved(cfg: ModelConfig, k: _Kernel, width: int) -> list[Saved]:
    """A dense feed-forward network of inner ``width``: what the activation function saves."""
    if cfg.ffn_type == "gelu":
        # gelu_new = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) in Python: pow saves x, tanh its
        # result, the last mul both factors. CUDA autocast runs pow in fp32, so x³, tanh and
        # (1 + tanh) become fp32 (the CPU's autocast has no such rule).
        gelu = 14 if (k.amp and k.device == "cuda") else 8
        return [Saved("mlp", "gelu", gelu * width), Saved("mlp", "down_input", 2 * width)]
    # SwiGLU: down(silu(gate(x)) * up(x)): silu saves gate, mul saves silu(gate) and up
    return [Saved("mlp", "swiglu", 8 * width)]


def _weight_copies(cfg: ModelConfig, k: _Kernel, matrices: float) -> list[Saved]:
    """Autocast's bf16 copies of fp32 weight matrices: new tensors the graph keeps until backward."""
    return [Saved("weights", "weight_copies", fixed=2 * matrices)] if k.amp else []


def _dense_layer(cfg: ModelConfig, k: _Kernel) -> list[Saved]:
    gpt2 = cfg.ffn_type == "gelu"
    h = cfg.d_model
    items = _norm(cfg.norm, k, h, "attention_norm", consumers=1 if gpt2 else 3)
    items += _attention_saved(cfg, k, gpt2)
    items += _norm(cfg.norm, k, h, "mlp_norm", consumers=1 if gpt2 else 2)
    items += _mlp_saved(cfg, k, cfg.ffn_dim)
    if k.dropping:
        items.append(Saved("dropout", "resid_dropout", 2 * k.mask * h))
    return items + _weight_copies(cfg, k, _attention_matrices(cfg) + FFN_MATRICES[cfg.ffn_type] * h * cfg.ffn_dim)


def _attention_matrices(cfg: ModelConfig) -> int:
    if cfg.attention == "mla":
        return attention_params(cfg)  # matrices plus two latent norm vectors (a few thousand values)
    ad, kvd = cfg.n_heads * cfg.head_dim, cfg.n_kv_heads * cfg.head_dim
    return cfg.d_model * (2 * ad + 2 * kvd)


def _moe_layer(cfg: ModelConfig, k: _Kernel) -> list[Saved]:
    """A mixture-of-experts layer as transformers runs it (Mixtral, Qwen3-MoE; ``grouped_mm`` experts).

    Per token the router keeps its fp32 softmax and top-k bookkeeping; per routed slot (token x
    expert, ``top_k`` of them) the experts keep the gathered input, the gate|up output, silu, the
    product, the weighted output and int64 indices. Shared experts (DeepSeek) are extrapolated as a
    dense SwiGLU of their combined width.
    """
    h, f, e = cfg.d_model, cfg.expert_ffn_dim, cfg.n_experts
    items = _norm(cfg.norm, k, h, "attention_norm", consumers=3)
    items += _attention_saved(cfg, k, gpt2=False)
    items += _norm(cfg.norm, k, h, "mlp_norm", consumers=2 + (1 if cfg.n_shared_experts else 0))
    items.append(Saved("router", "router", 4 * e + 4 + cfg.top_k * 12, fixed=4 * e))
    per_slot = 4 * h + 8 * f + 28  # gathered input 2h, gate|up 4f, silu 2f, product 2f, output 2h, indices 24, weight 4
    items.append(Saved("experts", "routed", cfg.top_k * per_slot, n=cfg.top_k))
    matrices = cfg.n_experts * FFN_MATRICES[cfg.ffn_type] * h * f + h * e
    if cfg.n_shared_experts:
        width = cfg.n_shared_experts * f
        items += _mlp_saved(cfg, k, width)
        matrices += FFN_MATRICES[cfg.ffn_type] * h * width
    return items + _weight_copies(cfg, k, _attention_matrices(cfg) + matrices)


def _intercept(cfg: ModelConfig, k: _Kernel, seq: int | NDArray[np.integer]) -> tuple[list[Saved], list[Saved]]:
    """(Embedding and final norm, output head and loss): what sits outside the layers."""
    items = [Saved("inputs", "token_ids", 8)]
    if cfg.position == "learned":
        items.append(Saved("inputs", "position_ids", fixed=8 * seq))
    else:  # rotary cos and sin, shared by every layer, in the residual stream's dtype
        rotary = cfg.qk_rope_head_dim if cfg.attention == "mla" else cfg.head_dim
        items.append(Saved("inputs", "rotary", fixed=2 * seq * rotary * k.residual))
    if k.dropping:
        items.append(Saved("dropout", "embed_dropout", k.mask * cfg.d_model))
    items += _norm(cfg.norm, k, cfg.d_model, "final_norm")
    head = [Saved("head", "log_softmax", 4 * cfg.vocab_size), Saved("head", "labels", 8, fixed=4)]
    head += _weight_copies(cfg, k, cfg.vocab_size * cfg.d_model)
    return items, head


@dataclass(frozen=True)
class Activations:
    """Bytes saved for backward by one forward pass with loss (one micro-batch, one GPU).

    Notebook 02, section '4. Activations: what the backward pass needs'.
    """

    per_layer: Num  # one dense layer (0 if every layer has experts)
    per_moe_layer: Num  # one MoE layer (0 for dense models)
    embedding: Num  # inputs, embedding dropout, final norm
    head: Num  # the log_softmax output and labels (fp32 [tokens, vocab] dominates)
    total: Num
    items: tuple[Saved, ...]  # what one layer saves (the first MoE layer's if any), for tables

    @property
    def intercept(self) -> Num:
        """Everything outside the layers, as ``shared/measurements`` defines it."""
        return self.embedding + self.head


def _kernel(precision: str, attention: str, dropout: float, device: str) -> _Kernel:
    return _Kernel(
        check.choice("precision", precision, PRECISIONS),
        check.choice("attention", attention, ATTENTION_KERNELS),
        check.number("dropout", dropout, minimum=0.0, maximum=0.99),
        check.choice("device", device, DEVICES),
    )


def _total(items: Iterable[Saved], tokens: Num, seq: Num) -> Num:
    return sum(item.bytes(tokens, seq) for item in items)


def activations_measured(
    cfg: ModelConfig,
    batch: int | NDArray[np.integer],
    seq: int | NDArray[np.integer],
    precision: str = "amp",
    attention: str = "sdpa",
    dropout: float = 0.0,
    recompute: str = "none",
    device: str = "cuda",
) -> Activations:
    """What Hugging Face transformers + PyTorch keep for backward, from which tensors each op saves.

    Checked op by op on the CPU (``benchmarks/measure_activations_cpu.py``, exact for GPT-2,
    Llama, Mixtral and Qwen3-MoE blocks) and against the H200 (``data/measured/``). ``device``
    switches the few rules where CUDA and the CPU differ: dropout masks (bool vs scaled input),
    LayerNorm statistics (fp32 vs input dtype) and autocast's fp32 ops (CUDA runs ``pow`` in fp32).
    ``recompute="full"`` is Hugging Face gradient checkpointing: each layer keeps only its input.
    Notebook 02, section '4. Activations: what the backward pass needs'.
    """
    batch, seq = check.sizes("batch", batch, LIMITS["batch"]), check.sizes("seq", seq, LIMITS["seq"])
    k = _kernel(precision, attention, dropout, device)
    recompute = check.choice("recompute", recompute, ("none", "full"))
    if k.device == "cpu" and k.dropping and k.attention == "sdpa":
        raise ValueError(
            "device='cpu' with dropout > 0 and attention='sdpa' is not modelled: the CPU falls back to "
            "a math kernel that saves the attention matrix; use attention='eager' or dropout=0"
        )
    tokens = batch * seq
    dense, moe = (
        _dense_layer(cfg, k) if cfg.n_moe_layers < cfg.n_layers else [],
        _moe_layer(cfg, k) if cfg.n_moe_layers else [],
    )
    if recompute == "full":
        block_input = [Saved("inputs", "checkpoint", k.residual * cfg.d_model)]
        dense, moe = (block_input if dense else []), (block_input if moe else [])
    embedding, head = _intercept(cfg, k, seq)
    per_layer, per_moe = _total(dense, tokens, seq), _total(moe, tokens, seq)
    embedding_bytes, head_bytes = _total(embedding, tokens, seq), _total(head, tokens, seq)
    n_moe = cfg.n_moe_layers
    total = (cfg.n_layers - n_moe) * per_layer + n_moe * per_moe + embedding_bytes + head_bytes
    return Activations(per_layer, per_moe, embedding_bytes, head_bytes, total, tuple(moe or dense))


# Training memory of one GPU ------------------------------------------------------------------------
MODES = ("measured", "textbook")
CUBLAS_WORKSPACE = 32 * 2**20  # bytes per cuBLAS handle (Hopper default); shared/measurements/README.md


@lru_cache(maxsize=1)
def framework_overhead() -> float:
    """Bytes a PyTorch training step holds beyond weights and optimizer states, from the H200 runs.

    ``static_bytes − 12·params`` of ``data/measured/h200_training.csv`` (69.4 and 70.2 MB): two
    cuBLAS workspaces of 32 MiB (the forward thread's and autograd's) plus ~2-3 MB of small
    buffers. Their mean is used for every model. Notebook 02a, section '2. Theory vs measurement'.
    """
    runs = data.load("measured/h200_training")
    return float((runs["static_bytes"] - 12 * runs["params"]).mean())


def training_memory(
    cfg: ModelConfig,
    batch: int | NDArray[np.integer] = 1,
    seq: int | NDArray[np.integer] = 2048,
    precision: str = "amp",
    recompute: str = "none",
    attention: str = "sdpa",
    dropout: float = 0.0,
    optimizer: str | None = None,
    parallel: Parallelism | None = None,
    mode: str = "measured",
) -> TrainingMemory:
    """Bytes of one training step on the most loaded GPU, by part, and the step's peak.

    Defaults reproduce the H200 protocol of ``shared/measurements``: one GPU, PyTorch, Hugging Face
    transformers, ``precision="amp"`` (fp32 weights, bf16 autocast, fused AdamW) or ``"bf16"``
    (bf16 weights and AdamW states), sdpa attention, no dropout; ``batch`` is the micro-batch per GPU.

    ``mode="measured"`` counts activations as real code saves them (:func:`activations_measured`);
    on one GPU gradients are created during backward (``zero_grad(set_to_none=True)``) while
    activations are freed, so the peak is the larger of "all activations + the loss's backward"
    (two fp32 [tokens, vocab] buffers) and "all gradients + the first layer's activations" (the
    end of backward). With more than one GPU, gradient
    buffers are allocated once (DDP buckets, Megatron/DeepSpeed flat buffers) and always count.
    ``mode="textbook"`` uses Korthikanti et al. 2022 and the optimizer ``convention`` and adds
    every part, as peer calculators do.

    ``parallel`` shards states over data parallelism with ZeRO (experts over ``dp/ep``), divides
    layers' activations by ``tp`` (norms and dropout only with ``sp``) and, with 1F1B pipelining,
    the first stage keeps ``pp`` micro-batches of ``L/pp`` layers: the same as one micro-batch of
    all layers.

    Notebook 02, section '3. Training: the bytes per parameter' and '6. The memory calculator'.
    """
    mode = check.choice("mode", mode, MODES)
    precision = check.choice("precision", precision, PRECISIONS)
    convention = STATE_CONVENTIONS[check.choice("optimizer", optimizer or PRECISIONS[precision], STATE_CONVENTIONS)]
    par = Parallelism() if parallel is None else parallel
    if not isinstance(par, Parallelism):
        raise ValueError(f"parallel must be a Parallelism(dp=, tp=, pp=, ep=, zero_stage=, sp=), got {parallel!r}")
    if cfg.n_layers % par.pp:
        raise ValueError(f"pp must divide n_layers={cfg.n_layers}; got pp={par.pp}")
    states = _sharded_states(cfg, par, convention)
    tokens = check.sizes("batch", batch, LIMITS["batch"]) * check.sizes("seq", seq, LIMITS["seq"])
    t = par.tp
    if mode == "textbook":
        layers = cfg.n_layers * activations_textbook(cfg, batch, seq, recompute, tp=t, sp=par.sp)
        logits = logits_textbook(cfg, batch, seq, tp=t)
        overhead = 0.0
        peak = states["weights"] + states["gradients"] + states["master"] + states["optimizer"] + layers + logits
        return TrainingMemory(
            **states, activations=layers, logits=logits, overhead=overhead, peak_bytes=peak, gpus=par.gpus
        )
    act = activations_measured(cfg, batch, seq, precision, attention, dropout, recompute)
    layers = (act.total - act.head) / t  # the layers, embedding and final norm
    # the loss keeps its fp32 log_softmax (act.head) and its backward adds two more fp32 [tokens, vocab]
    logits = act.head / t + 8 * tokens * cfg.vocab_size / t
    overhead = framework_overhead()
    static = states["weights"] + states["master"] + states["optimizer"] + overhead
    alone = par.gpus == 1
    if alone:
        # the end of backward: nearly all gradients, plus the first layer's activations (recomputed
        # ones too) while its own backward runs
        full = act if recompute == "none" else activations_measured(cfg, batch, seq, precision, attention, dropout)
        work = np.maximum(full.per_layer, full.per_moe_layer) / t
        peak = static + np.maximum(layers + logits, states["gradients"] + work)
    else:
        work = 0.0
        peak = static + states["gradients"] + layers + logits
    return TrainingMemory(
        **states,
        activations=layers,
        logits=logits,
        overhead=overhead,
        peak_bytes=peak,
        gpus=par.gpus,
        gradients_persist=not alone,
        backward_work=work,
    )


# How many GPUs ------------------------------------------------------------------------------------
USABLE_FRACTION = 0.9  # vLLM's default gpu_memory_utilization: room for the CUDA context and allocator


@dataclass(frozen=True)
class InferenceMemory:
    """Bytes to serve a model: weights plus the KV cache of ``batch`` sequences of ``seq`` tokens.

    Notebook 02, section '2. Inference: the KV cache'.
    """

    weights: Num
    kv_cache: Num

    @property
    def total(self) -> Num:
        """Weights plus KV cache."""
        return self.weights + self.kv_cache


def inference_memory(
    cfg: ModelConfig,
    batch: int | NDArray[np.integer] = 1,
    seq: int | NDArray[np.integer] = 4096,
    dtype: str = "bf16",
    kv_dtype: str | None = None,
) -> InferenceMemory:
    """Weights in ``dtype`` and the KV cache in ``kv_dtype`` (default: ``dtype``; 4-bit weights
    usually keep a bf16 or fp8 cache, so pass it explicitly for them).

    Notebook 02, section '2. Inference: the KV cache'.
    """
    return InferenceMemory(weights_bytes(cfg, dtype), kv_cache_bytes(cfg, batch, seq, kv_dtype or dtype))


def _capacity(gpu: str, usable: float) -> float:
    usable = check.number("usable", usable, minimum=0.05, maximum=1.0)
    return catalog.gpu(gpu)["memory_bytes"] * usable


def gpus_for_bytes(n_bytes: NumLike, gpu: str = "H100", usable: float = 1.0) -> int | NDArray[np.int64]:
    """How many ``gpu`` hold ``n_bytes`` spread evenly, each filled to ``usable`` of its memory.

    Notebook 02, section '1. From parameters to bytes'.
    """
    count = np.ceil(np.asarray(n_bytes, dtype=float) / _capacity(gpu, usable)).astype(np.int64)
    return int(count) if np.ndim(count) == 0 else count


def gpus_needed(
    cfg: ModelConfig,
    gpu: str = "H100",
    task: str = "inference",
    batch: int | NDArray[np.integer] = 1,
    seq: int | NDArray[np.integer] = 4096,
    dtype: str = "bf16",
    kv_dtype: str | None = None,
    precision: str = "bf16",
    recompute: str = "full",
    tp: int = 1,
    pp: int = 1,
    ep: int = 1,
    zero_stage: int = 3,
    usable: float = USABLE_FRACTION,
) -> int | NDArray[np.int64]:
    """The smallest number of ``gpu`` (``data/gpus.csv``) whose memory holds the job.

    Inference: weights + KV cache, split evenly (tensor/pipeline parallel serving), each GPU
    filled to ``usable`` of its memory. Training: :func:`training_memory` per GPU with the given
    ``tp``, ``pp``, ``ep`` and ZeRO stage, adding data-parallel replicas until the sharded states
    fit; the count is ``dp·tp·pp``. Memory per GPU is ``A + B/dp`` (B: what ZeRO shards), so dp is
    solved in closed form (vectorised over ``batch`` and ``seq``). Raises ``ValueError`` when no dp
    can help (what is not sharded already exceeds the GPU).

    Notebook 02, section '2. Inference: the KV cache' and '7. How many GPUs to train the 1T model?'.
    """
    capacity = _capacity(gpu, usable)
    task = check.choice("task", task, ("inference", "training"))
    if task == "inference":
        return gpus_for_bytes(inference_memory(cfg, batch, seq, dtype, kv_dtype).total, gpu, usable)
    ep = check.integer("ep", ep)

    def per_gpu(dp: int) -> Num:
        par = Parallelism(dp=dp, tp=tp, pp=pp, ep=ep, zero_stage=zero_stage)
        return training_memory(cfg, batch, seq, precision, recompute, parallel=par).peak_bytes

    two, four = per_gpu(2 * ep), per_gpu(4 * ep)  # both multi-GPU: A + B/dp holds exactly
    sharded = (two - four) * 4 * ep  # B
    fixed = two - sharded / (2 * ep)  # A
    room = capacity - fixed
    if np.any(room <= 0):
        worst = float(np.max(fixed))
        raise ValueError(
            f"does not fit on {gpu}: {worst / 1e9:.1f} GB per GPU is not sharded by data parallelism "
            f"(activations, unsharded states) but {gpu} holds {capacity / 1e9:.1f} GB usable; "
            f"raise tp, pp or zero_stage, recompute, or lower batch/seq"
        )
    dp = np.maximum(np.ceil(np.round(sharded / room, 9)), 1)
    dp = np.ceil(dp / ep) * ep
    if tp * pp == 1 and ep == 1:  # one GPU alone has no gradient buffers: check it on its own terms
        dp = np.where(per_gpu(1) <= capacity, 1, np.maximum(dp, 2))
    count = (dp * tp * pp).astype(np.int64)
    return int(count) if np.ndim(count) == 0 else count
