"""Serving a model: the layouts engines can run, the smallest deployable unit, and a roofline from
batch and context to tokens per second, joules and yen per million tokens.

Explained in ``notebooks/08_serving.ipynb``.

**Layouts** (vLLM, SGLang): inside one node (8 GPUs on HGX boards, 72 in a GB200 NVL72 rack) the
model is split by tensor parallelism (``tp``, which must divide the attention heads; key-value heads
are replicated when there are fewer of them than ``tp``) and, for a mixture of experts, by expert
parallelism (``ep``, which must divide the routed experts). Attention may instead run data-parallel
(``dp`` groups, each with its own sequences: SGLang's DP attention, vLLM's DP+EP) while the experts
are spread over all GPUs. Beyond one node the unit grows by whole nodes, joined by pipeline stages
(``pp``, which must divide the layers), by wider expert and data parallelism, or by tensor
parallelism over both nodes when the heads allow it (Moonshot's TP16, SGLang's ``--tp 16``).

**Memory per GPU**: the GPU's share of the weights, the KV cache of its sequences, an activation
workspace for one prefill chunk, against its memory less the engine's reserve (vLLM keeps 10% back
by default: CUDA context, NCCL buffers, CUDA graphs). Multi-head latent attention (MLA) caches one
latent per token for all heads, so every tensor-parallel rank holds the whole cache of its
sequences: tensor parallelism does not divide an MLA cache, data-parallel attention does.

**Roofline**: a decode step reads, on each GPU, its weights (of the routed experts only those the
batch touches: with ``T`` tokens each sent to ``k`` of ``E`` experts, ``E·(1 − (1 − k/E)^T)``
distinct experts on average if routing is uniform) and the KV cache of its sequences, against the
GPU's memory bandwidth; it computes ``T`` tokens' FLOPs (:func:`helpers.calc.compute.inference_flops_per_token`),
the matrix products at the weights' precision and attention over the context in BF16, against the
GPU's dense peak. The step takes the longer of the two, each divided by an efficiency factor (1 is
the roofline itself: an upper bound on throughput). Communication between GPUs is not modelled; a
real fleet's efficiency factors absorb it (:func:`deepseek_fleet` measures them on DeepSeek's).

Energy per token = GPU power × GPUs × time ÷ tokens (board only, or the server's IT power), then ×
PUE; price per million tokens = GPU-hour price × GPUs × hours ÷ tokens × 1e6. Functions accept
NumPy arrays for ``batch`` and ``seq`` and broadcast them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from helpers import data
from helpers.calc import catalog, check, compute, memory, power
from helpers.calc.check import Num, NumLike
from helpers.calc.params import NORM_VECTORS, ModelConfig, count_params

ENGINE_RESERVE = round(1 - memory.USABLE_FRACTION, 10)  # vLLM gpu_memory_utilization 0.9 keeps 10% back
PREFILL_CHUNK_TOKENS = 8192  # vLLM max_num_batched_tokens (OpenAI server, >= 70 GiB GPUs); SGLang chunked_prefill_size
NODE_GPUS = 8  # GPUs of one node when data/servers.csv has no system for the GPU: HGX and OAM boards hold 8
ACTIVATION_BYTES = 2  # bf16 activations, whatever the weights' format
KV_DTYPE = "bf16"  # vLLM's and SGLang's default KV cache ("auto": the activations' dtype), FP8 weights or not
ATTENTION_PRECISION = "bf16"  # attention over the context runs in BF16 (DeepSeek: "core MLA computations ... BF16")
MAX_GPUS = 4096  # the search for a deployable unit stops here
LIMITS = {"batch": 2**20, "seq": 2**24}  # as helpers.calc.memory.LIMITS
SECONDS_PER_HOUR = compute.SECONDS_PER_HOUR


def _config(cfg: ModelConfig | str) -> ModelConfig:
    if isinstance(cfg, str):
        return catalog.model(cfg)
    if not isinstance(cfg, ModelConfig):
        raise ValueError(f"cfg must be a ModelConfig or a model name from data/models.csv, got {type(cfg).__name__}")
    return cfg


def _out(value: Any) -> Num:
    return float(value) if np.ndim(value) == 0 else np.asarray(value, dtype=float)


# The node and the precision of the arithmetic ------------------------------------------------------
def node_gpus(gpu: str) -> int:
    """GPUs in one node of ``gpu``: its system in ``data/servers.csv`` (8 for DGX, 72 for a GB200
    NVL72 rack), else :data:`NODE_GPUS`. Notebook 08, section '1. How many GPUs serve a trillion parameters?'."""
    key = catalog.gpu(gpu)["gpu"]
    table = power.servers()
    match = table[table["gpu"] == key]
    return int(match.iloc[0]["gpus"]) if not match.empty else NODE_GPUS


def compute_precision(gpu: str, dtype: str) -> str:
    """The precision whose dense peak the matrix products of ``dtype`` weights run at on ``gpu``:
    FP8 weights at the FP8 peak, 4-bit weights at the FP4 peak, each falling back to the next wider
    precision the GPU has (an H200 has no FP4 units: 4-bit weights are widened to FP8).

    Notebook 08, section '2. Decode is a memory problem: the roofline'.
    """
    bits = memory.number_format(dtype).bits
    row = catalog.gpu(gpu)
    wanted = "fp4" if bits <= 4 else "fp8" if bits <= 8 else "bf16"
    order = compute.PRECISIONS[compute.PRECISIONS.index(wanted) :: -1]
    for precision in order:
        if row[f"{precision}_dense_tflops"] is not None:
            return precision
    raise ValueError(f"gpu {row['name']!r} has no dense peak in data/gpus.csv for dtype {dtype!r}")


# Layouts ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Layout:
    """How one copy of the model is split over GPUs: ``tp·dp·pp`` GPUs.

    Notebook 08, section '1. How many GPUs serve a trillion parameters?'.
    """

    tp: int = 1  # tensor parallel: attention heads (and experts when ep == 1) split over tp GPUs
    dp: int = 1  # data-parallel attention groups of one stage, each with its own sequences
    ep: int = 1  # expert parallel: routed experts spread over ep GPUs (1, or tp·dp: the whole stage)
    pp: int = 1  # pipeline stages, each a whole number of layers
    redundant_experts: int = 0  # extra copies of busy experts (DeepSeek's EPLB keeps 32)

    def __post_init__(self) -> None:
        for name in ("tp", "dp", "ep", "pp"):
            object.__setattr__(self, name, check.integer(name, getattr(self, name), maximum=MAX_GPUS))
        object.__setattr__(
            self, "redundant_experts", check.integer("redundant_experts", self.redundant_experts, minimum=0)
        )
        if self.ep not in (1, self.tp * self.dp):
            raise ValueError(
                f"ep must be 1 or tp·dp = {self.tp * self.dp} (experts spread over a whole stage); got ep={self.ep}"
            )
        if self.dp > 1 and self.ep == 1:
            raise ValueError(
                f"dp > 1 needs ep = tp·dp = {self.tp * self.dp}: data-parallel attention serves "
                f"a mixture of experts whose experts are spread over the stage; got ep=1"
            )

    @property
    def n_gpus(self) -> int:
        """GPUs of one copy of the model: tp·dp·pp."""
        return self.tp * self.dp * self.pp

    @property
    def name(self) -> str:
        """The engines' shorthand: "TP8", "DP16+EP16", "TP8+EP8", "TP8×PP2"."""
        parts = [f"TP{self.tp}"] if self.tp > 1 or self.dp == 1 else []
        if self.dp > 1:
            parts.append(f"DP{self.dp}")
        if self.ep > 1:
            parts.append(f"EP{self.ep}")
        text = "+".join(parts)
        return f"{text}×PP{self.pp}" if self.pp > 1 else text


def layout_problems(cfg: ModelConfig | str, layout: Layout) -> list[str]:
    """Why ``layout`` cannot run ``cfg`` (empty when it can): heads, key-value heads, experts,
    FFN width and layers must divide as the engines require.

    Notebook 08, section '1. How many GPUs serve a trillion parameters?'.
    """
    cfg = _config(cfg)
    found = []
    if cfg.n_heads % layout.tp:
        found.append(f"tp={layout.tp} does not divide the {cfg.n_heads} attention heads")
    if cfg.attention != "mla" and cfg.n_kv_heads % layout.tp and layout.tp % cfg.n_kv_heads:
        found.append(f"tp={layout.tp} neither divides nor is a multiple of the {cfg.n_kv_heads} key-value heads")
    if cfg.n_layers % layout.pp:
        found.append(f"pp={layout.pp} does not divide the {cfg.n_layers} layers")
    dense_layers = cfg.n_layers - cfg.n_moe_layers
    if dense_layers and cfg.ffn_dim % layout.tp:
        found.append(f"tp={layout.tp} does not divide the dense FFN width {cfg.ffn_dim}")
    if cfg.is_moe:
        if layout.ep > 1 and (cfg.n_experts + layout.redundant_experts) % layout.ep:
            found.append(
                f"ep={layout.ep} does not divide the {cfg.n_experts + layout.redundant_experts} routed experts"
            )
        if layout.ep == 1 and cfg.expert_ffn_dim % layout.tp:
            found.append(f"tp={layout.tp} does not divide the expert width {cfg.expert_ffn_dim}")
    elif layout.ep > 1 or layout.dp > 1 or layout.redundant_experts:
        found.append(f"{cfg.name} has no experts: ep, dp and redundant_experts must stay 1, 1, 0")
    return found


def group_sizes(gpu: str, max_gpus: int = MAX_GPUS) -> list[int]:
    """Sizes a deployment of ``gpu`` can have, smallest first: 1, 2 or 4 GPUs, then multiples of 8
    up to one node, then whole nodes (8, 16, 24, ... for 8-GPU nodes; ..., 72, 144, ... for racks).

    Notebook 08, section '1. How many GPUs serve a trillion parameters?'.
    """
    node = node_gpus(gpu)
    max_gpus = check.integer("max_gpus", max_gpus, maximum=MAX_GPUS)
    inside = [n for n in (1, 2, 4) if n < node] + list(range(8, node + 1, 8))
    beyond = list(range(2 * node, max_gpus + 1, node))
    return [n for n in inside + beyond if n <= max_gpus]


def layouts(cfg: ModelConfig | str, n_gpus: int, gpu: str) -> list[Layout]:
    """Every layout of ``n_gpus`` GPUs of ``gpu`` that the engines can run ``cfg`` on.

    Inside a node: tensor parallel (experts split by tensor or expert parallelism) or data-parallel
    attention with expert parallelism, mixed (``TP2+DP4+EP8``). Beyond a node also pipeline stages of
    whole nodes.

    Notebook 08, section '1. How many GPUs serve a trillion parameters?'.
    """
    cfg = _config(cfg)
    n = check.integer("n_gpus", n_gpus, maximum=MAX_GPUS)
    node = node_gpus(gpu)
    found: list[Layout] = []
    stages = [1] + [pp for pp in range(2, n + 1) if n % pp == 0 and (n // pp) % node == 0 and n > node]
    for pp in stages:
        size = n // pp
        for tp in (t for t in range(1, size + 1) if size % t == 0):
            dp = size // tp
            options = [Layout(tp=tp, dp=1, ep=1, pp=pp)] if dp == 1 else []
            if cfg.is_moe and size > 1:
                options.append(Layout(tp=tp, dp=dp, ep=size, pp=pp))
            found += [lay for lay in options if not layout_problems(cfg, lay)]
    return found


# Memory per GPU ---------------------------------------------------------------------------------------
def _attention_split(cfg: ModelConfig) -> tuple[float, float, float]:
    """(split by heads, replicated on every tensor rank, key-value projections) parameters per layer."""
    norm = NORM_VECTORS[cfg.norm]
    if cfg.attention == "mla":  # the down-projections (and their norms) are replicated, the rest split
        down = cfg.d_model * (cfg.kv_lora_rank + cfg.qk_rope_head_dim) + norm * cfg.kv_lora_rank
        if cfg.q_lora_rank is not None:
            down += cfg.d_model * cfg.q_lora_rank + norm * cfg.q_lora_rank
        total = count_params(cfg).attention / cfg.n_layers
        return total - down, down, 0.0
    kv = 2 * cfg.d_model * cfg.n_kv_heads * cfg.head_dim
    total = count_params(cfg).attention / cfg.n_layers
    return total - kv, 0.0, kv


def _kv_share(cfg: ModelConfig, tp: int) -> float:
    """Share of a sequence's KV cache that one tensor-parallel rank holds."""
    if cfg.attention == "mla":
        return 1.0  # one latent for all heads: every rank keeps it
    return max(cfg.n_kv_heads / tp, 1) / cfg.n_kv_heads


@dataclass(frozen=True)
class GpuMemory:
    """Bytes on the most loaded GPU of a layout, by part, against what it may use.

    Notebook 08, section '1. How many GPUs serve a trillion parameters?'.
    """

    weights: float  # the GPU's share of the weights
    kv_cache: Num  # the KV cache of the sequences this GPU attends for
    workspace: Num  # activations of one prefill chunk and the logits of the batch
    capacity: float  # memory × (1 − reserve)

    @property
    def total(self) -> Num:
        """Weights + KV cache + workspace."""
        return self.weights + self.kv_cache + self.workspace

    @property
    def fits(self) -> bool | NDArray[np.bool_]:
        """Whether the total fits in the capacity."""
        return self.total <= self.capacity


@lru_cache(maxsize=64)
def _parts(cfg: ModelConfig, dtype: str) -> dict[str, float]:
    """Bytes of each group of weights in ``dtype`` (block scales spread over every parameter)."""
    count = count_params(cfg)
    per_param = memory.weights_bytes(cfg, dtype) / count.total
    split, replicated, kv = _attention_split(cfg)
    return {
        name: value * per_param
        for name, value in {
            "vocab": count.embeddings + count.lm_head,
            "embeddings": count.embeddings,
            "lm_head": count.lm_head,
            "heads": split * cfg.n_layers,
            "replicated": replicated * cfg.n_layers + count.norms + count.router,
            "kv_proj": kv * cfg.n_layers,
            "dense_ffn": count.dense_ffn,
            "shared": count.shared_experts,
            "routed": count.routed_experts,
            "expert": count.routed_experts / max(cfg.n_experts * cfg.n_moe_layers, 1),
        }.items()
    }


def weights_per_gpu(cfg: ModelConfig | str, layout: Layout, dtype: str = "fp8") -> float:
    """Weight bytes on the most loaded GPU of ``layout``.

    Split by ``tp``: heads, the vocabulary (embeddings and output head), dense FFN and shared experts;
    key-value projections replicated once ``tp`` exceeds the key-value heads; MLA's down-projections,
    norms and routers on every GPU. Routed experts: ``(E + redundant)/ep`` per GPU, or split by ``tp``
    when ``ep`` is 1. With ``pp`` stages each GPU holds ``1/pp`` of the layers; the embeddings sit on
    the first stage and the output head on the last.

    Notebook 08, section '1. How many GPUs serve a trillion parameters?'.
    """
    cfg = _config(cfg)
    problems = layout_problems(cfg, layout)
    if problems:
        raise ValueError(f"layout {layout.name} cannot run {cfg.name}: {'; '.join(problems)}")
    p = _parts(cfg, dtype)
    t = layout.tp
    kv_share = 0.0 if cfg.attention == "mla" else max(cfg.n_kv_heads / t, 1) / cfg.n_kv_heads
    layers = p["heads"] / t + p["kv_proj"] * kv_share + p["dense_ffn"] / t + p["shared"] / t
    layers += p["replicated"]
    if layout.ep > 1:
        layers += p["expert"] * cfg.n_moe_layers * (cfg.n_experts + layout.redundant_experts) / layout.ep
    else:
        layers += p["routed"] / t
    vocab = p["vocab"] if layout.pp == 1 else max(p["embeddings"], p["lm_head"])
    return layers / layout.pp + vocab / t


def kv_cache_per_gpu(
    cfg: ModelConfig | str,
    layout: Layout,
    batch: int | NDArray[np.integer],
    seq: int | NDArray[np.integer],
    kv_dtype: str = KV_DTYPE,
) -> Num:
    """KV-cache bytes on the most loaded GPU: its data-parallel group's ``ceil(batch/dp)`` sequences of
    ``seq`` tokens, the rank's share of the key-value heads (all of an MLA latent), ``1/pp`` of the layers.

    Notebook 08, section '1. How many GPUs serve a trillion parameters?'.
    """
    cfg = _config(cfg)
    batch, seq = check.sizes("batch", batch, LIMITS["batch"]), check.sizes("seq", seq, LIMITS["seq"])
    sequences = np.ceil(np.asarray(batch) / layout.dp)
    per_token = memory.kv_bytes_per_token(cfg, kv_dtype) * _kv_share(cfg, layout.tp) / layout.pp
    return _out(sequences * seq * per_token)


def workspace_per_gpu(
    cfg: ModelConfig | str,
    layout: Layout,
    batch: int | NDArray[np.integer] = 1,
    chunk_tokens: int = PREFILL_CHUNK_TOKENS,
) -> Num:
    """Activation workspace of one prefill chunk (an estimate of what vLLM profiles): per token the
    residual stream and attention's input and output (4·d) and the gate and up outputs of the widest
    feed-forward (2·f, f the dense width or the routed and shared experts' combined width, split over
    the GPUs that share it), in bf16; plus fp32 logits of one position per sequence.

    Notebook 08, section '1. How many GPUs serve a trillion parameters?'.
    """
    cfg = _config(cfg)
    chunk = check.integer("chunk_tokens", chunk_tokens, maximum=LIMITS["seq"])
    batch = check.sizes("batch", batch, LIMITS["batch"])
    widths = [cfg.ffn_dim / layout.tp] if cfg.n_layers > cfg.n_moe_layers else []
    if cfg.is_moe:
        widths.append((cfg.top_k + cfg.n_shared_experts) * cfg.expert_ffn_dim / max(layout.tp, layout.ep))
    activations = chunk * ACTIVATION_BYTES * (4 * cfg.d_model + 2 * max(widths))
    logits = np.ceil(np.asarray(batch) / layout.dp) * cfg.vocab_size * 4 / layout.tp
    return _out(activations + logits)


def gpu_memory(
    cfg: ModelConfig | str,
    gpu: str,
    layout: Layout,
    batch: int | NDArray[np.integer] = 1,
    seq: int | NDArray[np.integer] = 8192,
    dtype: str = "fp8",
    kv_dtype: str = KV_DTYPE,
    reserve: float = ENGINE_RESERVE,
) -> GpuMemory:
    """Bytes on the most loaded GPU of ``layout`` serving ``batch`` sequences of ``seq`` tokens.

    Notebook 08, section '1. How many GPUs serve a trillion parameters?'.
    """
    cfg = _config(cfg)
    reserve = check.number("reserve", reserve, minimum=0.0, maximum=0.95)
    capacity = catalog.gpu(gpu)["memory_bytes"] * (1 - reserve)
    return GpuMemory(
        weights_per_gpu(cfg, layout, dtype),
        kv_cache_per_gpu(cfg, layout, batch, seq, kv_dtype),
        workspace_per_gpu(cfg, layout, batch),
        capacity,
    )


# The smallest deployable unit -------------------------------------------------------------------------
@dataclass(frozen=True)
class Deployment:
    """The smallest unit of ``gpu`` that serves ``batch`` sequences of ``seq`` tokens, and its layout.

    Notebook 08, section '1. How many GPUs serve a trillion parameters?'.
    """

    model: ModelConfig
    gpu: str  # key in data/gpus.csv
    dtype: str  # weights' format (helpers.calc.memory.FORMATS)
    kv_dtype: str
    batch: int
    seq: int
    layout: Layout
    memory: GpuMemory  # the most loaded GPU
    node_gpus: int
    reserve: float
    alternatives: tuple[Layout, ...]  # every layout of this size that fits, best first

    @property
    def n_gpus(self) -> int:
        """GPUs of the unit."""
        return self.layout.n_gpus

    @property
    def nodes(self) -> float:
        """Nodes of the unit (a fraction for a part of a node)."""
        return self.n_gpus / self.node_gpus

    @property
    def tp(self) -> int:
        """Tensor parallel size."""
        return self.layout.tp

    @property
    def ep(self) -> int:
        """Expert parallel size."""
        return self.layout.ep

    @property
    def pp(self) -> int:
        """Pipeline stages."""
        return self.layout.pp

    @property
    def dp(self) -> int:
        """Data-parallel attention groups."""
        return self.layout.dp

    @property
    def bytes_per_gpu(self) -> float:
        """Weights + KV cache + workspace on the most loaded GPU."""
        return float(self.memory.total)

    @property
    def weights_per_gpu(self) -> float:
        """Weight bytes on the most loaded GPU."""
        return self.memory.weights

    @property
    def kv_cache_per_gpu(self) -> float:
        """KV-cache bytes on the most loaded GPU."""
        return float(self.memory.kv_cache)


def deployment(
    cfg: ModelConfig | str,
    gpu: str,
    dtype: str = "fp8",
    batch: int = 1,
    seq: int = 8192,
    kv_dtype: str = KV_DTYPE,
    reserve: float = ENGINE_RESERVE,
    max_gpus: int = MAX_GPUS,
    layout: Layout | None = None,
) -> Deployment:
    """The smallest deployable unit: the fewest GPUs of ``gpu`` with a valid layout (:func:`layouts`)
    whose most loaded GPU holds its weights, its sequences' KV cache and a prefill workspace within its
    memory less ``reserve`` (vLLM's default 10%). Of the layouts of that size that fit, the one with
    the least on its most loaded GPU (most room for more sequences). ``layout`` fixes the layout
    instead (a published deployment); it need not be the smallest.

    Raises ``ValueError`` when nothing up to ``max_gpus`` fits. Compare
    :func:`helpers.calc.memory.gpus_needed`, the floor that divides the bytes evenly over GPUs.

    Notebook 08, section '1. How many GPUs serve a trillion parameters?'.
    """
    cfg = _config(cfg)
    key = catalog.gpu(gpu)["gpu"]
    memory.number_format(dtype)
    memory.number_format(kv_dtype)
    batch = check.integer("batch", batch, maximum=LIMITS["batch"])
    seq = check.integer("seq", seq, maximum=LIMITS["seq"])
    node = node_gpus(key)

    def make(found: list[tuple[float, Layout, GpuMemory]]) -> Deployment:
        found.sort(key=lambda item: (item[0], item[1].pp, item[1].dp, -item[1].tp))
        best = found[0]
        return Deployment(
            cfg, key, dtype, kv_dtype, batch, seq, best[1], best[2], node, reserve, tuple(item[1] for item in found)
        )

    if layout is not None:
        problems = layout_problems(cfg, layout)
        if problems:
            raise ValueError(f"layout {layout.name} cannot run {cfg.name}: {'; '.join(problems)}")
        used = gpu_memory(cfg, key, layout, batch, seq, dtype, kv_dtype, reserve)
        return make([(float(used.total), layout, used)])
    for n in group_sizes(key, max_gpus):
        found = []
        for candidate in layouts(cfg, n, key):
            used = gpu_memory(cfg, key, candidate, batch, seq, dtype, kv_dtype, reserve)
            if used.fits:
                found.append((float(used.total), candidate, used))
        if found:
            return make(found)
    raise ValueError(
        f"{cfg.name} in {dtype} with batch={batch} and seq={seq} does not fit on up to {max_gpus} "
        f"{key} in any valid layout; lower batch or seq, or use a narrower dtype"
    )


def deployment_per_gpu(
    cfg: ModelConfig | str,
    gpu: str,
    dtype: str = "fp8",
    batch_per_gpu: int = 1,
    seq: int = 8192,
    kv_dtype: str = KV_DTYPE,
    reserve: float = ENGINE_RESERVE,
    max_gpus: int = MAX_GPUS,
) -> Deployment:
    """The smallest unit of ``gpu`` in which every GPU decodes ``batch_per_gpu`` sequences of ``seq``
    tokens: :func:`deployment` with ``batch = batch_per_gpu × GPUs``, the size found together.

    Raises ``ValueError`` at once when one GPU cannot hold even its own sequences' KV cache (no layout
    holds less than ``batch_per_gpu × seq`` tokens of cache per GPU).

    Notebook 08, section '4. Energy and yen per million tokens'.
    """
    cfg = _config(cfg)
    key = catalog.gpu(gpu)["gpu"]
    per_gpu = check.integer("batch_per_gpu", batch_per_gpu, maximum=LIMITS["batch"])
    seq = check.integer("seq", seq, maximum=LIMITS["seq"])
    reserve = check.number("reserve", reserve, minimum=0.0, maximum=0.95)
    capacity = catalog.gpu(key)["memory_bytes"] * (1 - reserve)
    least = per_gpu * seq * memory.kv_bytes_per_token(cfg, kv_dtype)
    if least > capacity:
        raise ValueError(
            f"batch_per_gpu={per_gpu} sequences of seq={seq} tokens need {least / 1e9:,.0f} GB of KV cache per GPU "
            f"in any layout, more than the {capacity / 1e9:,.0f} GB a {key} may use; lower batch_per_gpu or seq"
        )
    for n in group_sizes(key, max_gpus):
        try:
            return deployment(cfg, key, dtype, per_gpu * n, seq, kv_dtype, reserve, max_gpus=n)
        except ValueError:
            continue
    raise ValueError(
        f"{cfg.name} in {dtype} with batch_per_gpu={per_gpu} and seq={seq} does not fit on up to {max_gpus} "
        f"{key} in any valid layout; lower batch_per_gpu or seq, or use a narrower dtype"
    )


def min_gpus(
    cfg: ModelConfig | str,
    gpu: str,
    dtype: str = "fp8",
    batch: int | NDArray[np.integer] = 1,
    seq: int | NDArray[np.integer] = 8192,
    kv_dtype: str = KV_DTYPE,
    reserve: float = ENGINE_RESERVE,
) -> int | NDArray[np.int64]:
    """:func:`deployment`'s GPU count, vectorised over ``batch`` and ``seq`` (broadcast together).

    Notebook 08, section '1. How many GPUs serve a trillion parameters?'.
    """
    cfg = _config(cfg)
    b, s = np.broadcast_arrays(check.sizes("batch", batch, LIMITS["batch"]), check.sizes("seq", seq, LIMITS["seq"]))
    counts = np.array(
        [
            deployment(cfg, gpu, dtype, int(x), int(y), kv_dtype, reserve).n_gpus
            for x, y in zip(b.ravel(), s.ravel(), strict=True)
        ],
        dtype=np.int64,
    ).reshape(b.shape)
    return int(counts) if counts.ndim == 0 else counts


def max_batch(dep: Deployment, seq: int | NDArray[np.integer] | None = None) -> int | NDArray[np.int64]:
    """The most sequences of ``seq`` tokens (default: the deployment's) that ``dep``'s layout holds.

    Notebook 08, section '2. Decode is a memory problem: the roofline'.
    """
    seq = check.sizes("seq", dep.seq if seq is None else seq, LIMITS["seq"])
    room = dep.memory.capacity - dep.memory.weights - workspace_per_gpu(dep.model, dep.layout, 1)
    per_sequence = kv_cache_per_gpu(dep.model, dep.layout, 1, seq, dep.kv_dtype)
    # each data-parallel group holds room // per_sequence sequences; the logits of a sequence are small
    per_group = np.floor(np.maximum(room, 0) / (np.asarray(per_sequence) + dep.model.vocab_size * 4 / dep.tp))
    counts = (per_group * dep.dp).astype(np.int64)
    return int(counts) if counts.ndim == 0 else counts


# The roofline -----------------------------------------------------------------------------------------
def expected_experts(n_experts: int, top_k: int, tokens: NumLike) -> Num:
    """Distinct experts that ``tokens`` tokens touch when each picks ``top_k`` of ``n_experts``
    uniformly: ``E·(1 − (1 − k/E)^T)`` (1 token: k; many tokens: all E).

    Notebook 08, section '2. Decode is a memory problem: the roofline'.
    """
    e = check.integer("n_experts", n_experts)
    k = check.integer("top_k", top_k, maximum=e)
    tokens = check.sweep("tokens", tokens, minimum=0)
    return _out(e * (1 - (1 - k / e) ** np.asarray(tokens, dtype=float)))


@dataclass(frozen=True)
class Step:
    """One forward step of a deployment on its most loaded GPU (arrays for sweeps).

    Notebook 08, section '2. Decode is a memory problem: the roofline'.
    """

    seconds: Num  # the step: the longer of memory and compute, each at its efficiency
    memory_s: Num  # bytes read ÷ (bandwidth × bw_efficiency)
    compute_s: Num  # FLOPs ÷ (peak × flops_efficiency)
    bytes_read: Num  # per GPU
    flops: Num  # per GPU
    tokens: Num  # tokens the whole deployment advances (decode: one per sequence; prefill: prompt tokens)

    @property
    def memory_bound(self) -> bool | NDArray[np.bool_]:
        """Whether reading memory takes longer than computing."""
        return self.memory_s >= self.compute_s


def _efficiency(name: str, value: NumLike) -> Num:
    return check.sweep(name, value, above=0, maximum=1)


def _flops_time(
    cfg: ModelConfig, gpu: str, dtype: str, tokens: Num, context: Num, flops_efficiency: Num, gpus: float
) -> tuple[Num, Num]:
    """(FLOPs per GPU, seconds): matrix products at the weights' precision, attention in BF16."""
    matmul = tokens * 2.0 * count_params(cfg).active / gpus
    attention = tokens * compute.attention_flops_per_token(cfg, context) / gpus
    peak = compute.peak_flops(gpu, compute_precision(gpu, dtype))
    seconds = (matmul / peak + attention / compute.peak_flops(gpu, ATTENTION_PRECISION)) / flops_efficiency
    return matmul + attention, seconds


def decode_step(
    dep: Deployment,
    batch: int | NDArray[np.integer] | None = None,
    seq: int | NDArray[np.integer] | None = None,
    bw_efficiency: NumLike = 1.0,
    flops_efficiency: NumLike = 1.0,
) -> Step:
    """One decode step: every one of ``batch`` sequences (default: the deployment's) gains a token,
    each attending to ``seq`` tokens of context.

    Per GPU it reads its non-expert weights, the routed experts the step's tokens touch
    (:func:`expected_experts`, its share of them) and its sequences' KV cache; it computes its share
    of the step's FLOPs. With ``pp`` stages the batch runs as ``pp`` micro-batches, each stage busy
    with one at a time, so a step takes ``pp`` stage-steps. Efficiency 1 is the roofline.

    Notebook 08, section '2. Decode is a memory problem: the roofline'.
    """
    cfg, lay = dep.model, dep.layout
    batch = check.sizes("batch", dep.batch if batch is None else batch, LIMITS["batch"])
    seq = check.sizes("seq", dep.seq if seq is None else seq, LIMITS["seq"])
    bw_eff, flops_eff = _efficiency("bw_efficiency", bw_efficiency), _efficiency("flops_efficiency", flops_efficiency)
    micro = np.maximum(np.asarray(batch, dtype=float) / lay.pp, 1.0)  # sequences per micro-batch
    p = _parts(cfg, dep.dtype)
    non_expert = dep.memory.weights
    expert_bytes = 0.0
    if cfg.is_moe:
        on_gpu = (cfg.n_experts + lay.redundant_experts) / lay.ep if lay.ep > 1 else cfg.n_experts / lay.tp
        touched = 1 - (1 - cfg.top_k / cfg.n_experts) ** micro
        held = p["expert"] * cfg.n_moe_layers / lay.pp * on_gpu
        non_expert = non_expert - held
        expert_bytes = held * touched
    groups = np.ceil(micro / lay.dp)  # sequences the most loaded data-parallel group attends for
    kv = groups * seq * memory.kv_bytes_per_token(cfg, dep.kv_dtype) * _kv_share(cfg, lay.tp) / lay.pp
    bytes_read = non_expert + expert_bytes + kv
    bandwidth = float(catalog.gpu(dep.gpu)["memory_bw_tbs"]) * 1e12
    memory_s = bytes_read / (bandwidth * bw_eff)
    flops, compute_s = _flops_time(
        cfg, dep.gpu, dep.dtype, groups * lay.dp, np.asarray(seq, dtype=float), flops_eff, lay.tp * lay.dp * lay.pp
    )
    stage = np.maximum(memory_s, compute_s)
    return Step(
        _out(stage * lay.pp),
        _out(memory_s * lay.pp),
        _out(compute_s * lay.pp),
        _out(bytes_read),
        _out(flops),
        _out(np.asarray(batch, dtype=float)),
    )


def prefill_step(
    dep: Deployment,
    batch: int | NDArray[np.integer] | None = None,
    prompt: int | NDArray[np.integer] | None = None,
    cached: NumLike = 0.0,
    bw_efficiency: NumLike = 1.0,
    flops_efficiency: NumLike = 1.0,
) -> Step:
    """Prefill ``batch`` prompts of ``prompt`` tokens (default: the deployment's batch and seq), of which
    the share ``cached`` was computed before (a prefix-cache hit: DeepSeek's 56.3%).

    Each new token costs 2·N_active FLOPs plus attention over its average span (the cached prefix and
    half the new tokens, causal); every weight is read once per chunk of :data:`PREFILL_CHUNK_TOKENS`
    tokens and the cached prefix's KV cache once. ``tokens`` counts every prompt token, cached or not,
    as DeepSeek's "input tokens" do.

    Notebook 08, section '3. Checked against DeepSeek's fleet'.
    """
    cfg, lay = dep.model, dep.layout
    batch = check.sizes("batch", dep.batch if batch is None else batch, LIMITS["batch"])
    prompt = check.sizes("prompt", dep.seq if prompt is None else prompt, LIMITS["seq"])
    cached = check.sweep("cached", cached, minimum=0, maximum=0.999)
    bw_eff, flops_eff = _efficiency("bw_efficiency", bw_efficiency), _efficiency("flops_efficiency", flops_efficiency)
    prompt = np.asarray(prompt, dtype=float)
    new = prompt * (1 - cached)
    span = prompt * cached + new / 2
    total_new = np.asarray(batch, dtype=float) * new
    flops, compute_s = _flops_time(cfg, dep.gpu, dep.dtype, total_new, span, flops_eff, lay.n_gpus)
    chunks = np.ceil(total_new / lay.dp / PREFILL_CHUNK_TOKENS)
    prefix = np.ceil(np.asarray(batch) / lay.dp) * prompt * cached * memory.kv_bytes_per_token(cfg, dep.kv_dtype)
    bytes_read = chunks * dep.memory.weights + prefix * _kv_share(cfg, lay.tp) / lay.pp
    bandwidth = float(catalog.gpu(dep.gpu)["memory_bw_tbs"]) * 1e12
    memory_s = bytes_read / (bandwidth * bw_eff)
    return Step(
        _out(np.maximum(memory_s, compute_s)),
        _out(memory_s),
        _out(compute_s),
        _out(bytes_read),
        _out(flops),
        _out(np.asarray(batch, dtype=float) * prompt),
    )


# Throughput, energy and price -------------------------------------------------------------------------
@dataclass(frozen=True)
class Throughput:
    """Tokens per second of a deployment's step (arrays for sweeps).

    Notebook 08, section '2. Decode is a memory problem: the roofline'.
    """

    per_deployment: Num  # tokens/s of the whole unit
    per_gpu: Num
    per_node: Num  # per GPU × GPUs per node (8, or 72 for an NVL72 rack)
    latency_s: Num  # seconds per step: for decode, the time between two tokens of one sequence
    per_sequence: Num  # decode: tokens/s one user sees (1 / latency)


def throughput(dep: Deployment, step: Step) -> Throughput:
    """Tokens per second of ``step`` on ``dep``, per unit, per GPU and per node.

    Notebook 08, section '2. Decode is a memory problem: the roofline'.
    """
    rate = np.asarray(step.tokens) / np.asarray(step.seconds)
    per_gpu = rate / dep.n_gpus
    return Throughput(
        _out(rate), _out(per_gpu), _out(per_gpu * dep.node_gpus), _out(step.seconds), _out(1 / np.asarray(step.seconds))
    )


def energy_per_token_j(
    dep: Deployment,
    step: Step,
    power_fraction: NumLike,
    pue: NumLike = 1.0,
    board_only: bool = False,
    server_name: str | None = None,
) -> Num:
    """Joules per token: GPU power × GPUs × step time ÷ tokens of the step, with the GPU board alone
    (``board_only``) or the server's IT power per GPU (``data/servers.csv``), then × ``pue``.

    Notebook 08, section '4. Energy and yen per million tokens'.
    """
    fraction = check.sweep("power_fraction", power_fraction, above=0, maximum=1)
    if check.flag("board_only", board_only):
        watts = power.gpu_power_w(dep.gpu, fraction)
    else:
        watts = power.it_power_per_gpu_w(dep.gpu, fraction, server_name)
    pue = check.sweep("pue", pue, minimum=1, maximum=3)
    return _out(watts * dep.n_gpus * np.asarray(step.seconds) / np.asarray(step.tokens) * pue)


def price_per_million(dep: Deployment, step: Step, price_per_gpu_hour: NumLike) -> Num:
    """Price of a million tokens (in the currency of ``price_per_gpu_hour``): GPU-hours of the step ÷
    its tokens × 1e6. Notebook 08, section '4. Energy and yen per million tokens'."""
    price = check.sweep("price_per_gpu_hour", price_per_gpu_hour, minimum=0)
    hours = dep.n_gpus * np.asarray(step.seconds) / SECONDS_PER_HOUR
    return _out(price * hours / np.asarray(step.tokens) * 1e6)


def node_hour_price_per_million(
    tokens_per_s_node: NumLike, price_per_gpu_hour: NumLike, gpus_per_node: int = NODE_GPUS
) -> Num:
    """Price of a million tokens from a node's throughput: ``node_gpus × price ÷ 3600 ÷ tokens/s × 1e6``
    (DeepSeek: $16 a node-hour ÷ 14.8k tokens/s ≈ $0.30 per million output tokens).

    Notebook 08, section '3. Checked against DeepSeek's fleet'.
    """
    rate = check.sweep("tokens_per_s_node", tokens_per_s_node, above=0)
    price = check.sweep("price_per_gpu_hour", price_per_gpu_hour, minimum=0)
    gpus = check.integer("gpus_per_node", gpus_per_node)
    return _out(gpus * price / SECONDS_PER_HOUR / rate * 1e6)


def fleet_gpus(
    input_tokens_per_s: NumLike, output_tokens_per_s: NumLike, prefill_per_gpu: NumLike, decode_per_gpu: NumLike
) -> Num:
    """GPUs that keep up with a load on average: input tokens at the prefill rate plus output tokens at
    the decode rate (prefill and decode on separate GPUs, as DeepSeek runs them).

    Notebook 08, section '5. A year of serving Japan'.
    """
    return _out(
        check.sweep("input_tokens_per_s", input_tokens_per_s, minimum=0)
        / check.sweep("prefill_per_gpu", prefill_per_gpu, above=0)
        + check.sweep("output_tokens_per_s", output_tokens_per_s, minimum=0)
        / check.sweep("decode_per_gpu", decode_per_gpu, above=0)
    )


# One deployment, start to end ------------------------------------------------------------------------
@dataclass(frozen=True)
class Estimate:
    """What serving costs on one deployment: decode and prefill rates, joules and price per token.

    Notebook 08, section '4. Energy and yen per million tokens'.
    """

    deployment: Deployment
    decode: Step  # all sequences gain one token
    prefill: Step  # one prompt of ``seq`` tokens per GPU
    output_per_gpu: Num  # output tokens/s per GPU
    output_per_user: Num  # tokens/s one sequence sees
    input_per_gpu: Num  # input tokens/s per GPU (cached ones included)
    output_j: Num  # joules per output token (facility: server power × PUE)
    input_j: Num  # joules per input token
    output_price_per_m: Num  # price of a million output tokens, in the GPU-hour price's currency
    input_price_per_m: Num


def estimate(
    dep: Deployment,
    power_fraction: NumLike,
    pue: NumLike,
    price_per_gpu_hour: NumLike,
    cached: NumLike = 0.0,
    bw_efficiency: NumLike = 1.0,
    flops_efficiency: NumLike = 1.0,
    batch: int | NDArray[np.integer] | None = None,
    seq: int | NDArray[np.integer] | None = None,
    server_name: str | None = None,
) -> Estimate:
    """Decode ``batch`` sequences (default: the deployment's) at a context of ``seq`` tokens and prefill
    prompts of ``seq`` tokens (``cached`` of them from the cache), then the energy per token (server
    power at ``power_fraction`` of its maximum, × ``pue``) and the price per million tokens.

    Notebook 08, section '4. Energy and yen per million tokens'.
    """
    efficiency = {"bw_efficiency": bw_efficiency, "flops_efficiency": flops_efficiency}
    seq = dep.seq if seq is None else seq
    decode = decode_step(dep, batch, seq, **efficiency)
    prefill = prefill_step(dep, dep.n_gpus, seq, cached, **efficiency)
    out, inp = throughput(dep, decode), throughput(dep, prefill)
    return Estimate(
        dep,
        decode,
        prefill,
        out.per_gpu,
        out.per_sequence,
        inp.per_gpu,
        energy_per_token_j(dep, decode, power_fraction, pue, server_name=server_name),
        energy_per_token_j(dep, prefill, power_fraction, pue, server_name=server_name),
        price_per_million(dep, decode, price_per_gpu_hour),
        price_per_million(dep, prefill, price_per_gpu_hour),
    )


@dataclass(frozen=True)
class Load:
    """A fleet that serves a daily load on average, with what it uses in a year.

    Notebook 08, section '5. A year of serving Japan'.
    """

    output_per_s: Num  # output tokens per second, averaged over the day
    input_per_s: Num
    gpus: Num  # GPUs busy on average (prefill + decode)
    energy_mwh_year: Num  # facility energy in a year
    average_mw: Num
    price_year: Num  # GPU-hours × price, in the price's currency


def serve_load(est: Estimate, output_tokens_per_day: NumLike, input_per_output_: NumLike) -> Load:
    """What a load of ``output_tokens_per_day`` (and ``input_per_output_`` input tokens per output token)
    takes on average with the rates, joules and prices of ``est``: GPUs (prefill and decode apart, as
    DeepSeek runs them, :func:`fleet_gpus`), energy and price over 8,760 hours.

    Notebook 08, section '5. A year of serving Japan'.
    """
    out = check.sweep("output_tokens_per_day", output_tokens_per_day, minimum=0) / (compute.HOURS_PER_DAY * 3600)
    inp = out * check.sweep("input_per_output_", input_per_output_, minimum=0)
    gpus = fleet_gpus(inp, out, est.input_per_gpu, est.output_per_gpu)
    seconds = compute.HOURS_PER_YEAR * 3600
    joules = (out * est.output_j + inp * est.input_j) * seconds
    price = (out * est.output_price_per_m + inp * est.input_price_per_m) * seconds / 1e6
    return Load(_out(out), _out(inp), gpus, _out(joules / 3.6e9), _out(joules / seconds / 1e6), _out(price))


# Published figures -------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _figures() -> pd.Series:
    return data.load("serving").set_index("id")["value"]


def figures() -> pd.Series:
    """``data/serving.csv`` values by id (DeepSeek's fleet, published deployments, API prices, ML.ENERGY).

    Notebook 08, section '3. Checked against DeepSeek's fleet'.
    """
    return _figures().copy()


def figures_table() -> pd.DataFrame:
    """``data/serving.csv`` with its sources. Notebook 08, section 'References'."""
    return data.load("serving")


API_MODELS = ("kimi_k2", "deepseek_v31", "deepseek_r1", "gpt4o", "gpt41_mini")


def api_prices() -> pd.DataFrame:
    """Published API prices in USD per million tokens: input, cached input, output, by model.

    Notebook 08, section '4. Energy and yen per million tokens'.
    """
    f = _figures()
    rows = {
        key: {kind: float(f[f"api_{key}_{kind}_usd_per_m"]) for kind in ("input", "cached", "output")}
        for key in API_MODELS
    }
    return pd.DataFrame(rows).T


@dataclass(frozen=True)
class FleetCheck:
    """DeepSeek's published V3/R1 fleet against our roofline: the efficiency a real fleet reaches.

    Notebook 08, section '3. Checked against DeepSeek's fleet'.
    """

    decode: Deployment  # EP144 over 18 nodes of H800, with the published batch and context
    prefill: Deployment  # EP32 over 4 nodes
    decode_roofline_node: float  # output tokens/s per node at efficiency 1
    decode_published_node: float
    prefill_roofline_node: float  # input tokens/s per node (cache hits included) at efficiency 1
    prefill_published_node: float
    batch_per_gpu: float  # published per-node rate ÷ 8 ÷ per-user speed
    cached: float  # share of input tokens that hit the cache

    @property
    def bw_efficiency(self) -> float:
        """Published decode ÷ roofline (decode is memory-bound here)."""
        return self.decode_published_node / self.decode_roofline_node

    @property
    def flops_efficiency(self) -> float:
        """Published prefill ÷ roofline (prefill is compute-bound)."""
        return self.prefill_published_node / self.prefill_roofline_node


@lru_cache(maxsize=1)
def deepseek_fleet() -> FleetCheck:
    """DeepSeek-V3 on DeepSeek's published units (FP8 weights, BF16 KV cache, 32 redundant experts):
    decode EP144 with ``batch_per_gpu`` = 14.8k ÷ 8 ÷ 21 ≈ 88 sequences per GPU at the average context
    of 4,989 tokens; prefill EP32 with prompts of that length, 56.3% of them cached. The roofline's
    tokens per second per node against the published averages give the efficiency factors a real
    fleet reaches (communication, load changing over a day, kernels below peak).

    Notebook 08, section '3. Checked against DeepSeek's fleet'.
    """
    f = _figures()
    cfg = catalog.model("DeepSeek-V3")
    per_user = (f["deepseek_user_tokens_per_s_low"] + f["deepseek_user_tokens_per_s_high"]) / 2
    per_node = float(f["deepseek_gpus_per_node"])
    batch_per_gpu = f["deepseek_decode_tokens_per_s_node"] / per_node / per_user
    context = int(f["deepseek_kv_length"])
    redundant = int(f["deepseek_redundant_experts"])
    cached = float(f["deepseek_cached_tokens_per_day"] / f["deepseek_input_tokens_per_day"])
    decode_gpus, prefill_gpus = int(f["deepseek_decode_ep"]), int(f["deepseek_prefill_ep"])
    decode_batch = int(round(batch_per_gpu * decode_gpus))
    decode = deployment(
        cfg,
        "H800",
        "fp8",
        decode_batch,
        context,
        layout=Layout(tp=1, dp=decode_gpus, ep=decode_gpus, redundant_experts=redundant),
    )
    prefill = deployment(
        cfg,
        "H800",
        "fp8",
        prefill_gpus,
        context,
        layout=Layout(tp=1, dp=prefill_gpus, ep=prefill_gpus, redundant_experts=redundant),
    )
    decode_rate = throughput(decode, decode_step(decode)).per_gpu * per_node
    prefill_rate = throughput(prefill, prefill_step(prefill, cached=cached)).per_gpu * per_node
    return FleetCheck(
        decode,
        prefill,
        float(decode_rate),
        float(f["deepseek_decode_tokens_per_s_node"]),
        float(prefill_rate),
        float(f["deepseek_prefill_tokens_per_s_node"]),
        float(batch_per_gpu),
        cached,
    )


def input_per_output() -> float:
    """DeepSeek's published mix: input tokens per output token (608 B ÷ 168 B a day ≈ 3.6).

    Notebook 08, section '5. A year of serving Japan'.
    """
    f = _figures()
    return float(f["deepseek_input_tokens_per_day"] / f["deepseek_output_tokens_per_day"])


def cached_share() -> float:
    """DeepSeek's published share of input tokens served from the cache (342 B of 608 B: 56.3%).

    Notebook 08, section '5. A year of serving Japan'.
    """
    f = _figures()
    return float(f["deepseek_cached_tokens_per_day"] / f["deepseek_input_tokens_per_day"])


__all__ = [
    "ACTIVATION_BYTES",
    "API_MODELS",
    "ATTENTION_PRECISION",
    "ENGINE_RESERVE",
    "KV_DTYPE",
    "MAX_GPUS",
    "NODE_GPUS",
    "PREFILL_CHUNK_TOKENS",
    "Deployment",
    "Estimate",
    "FleetCheck",
    "GpuMemory",
    "Layout",
    "Load",
    "Step",
    "Throughput",
    "api_prices",
    "cached_share",
    "compute_precision",
    "decode_step",
    "deepseek_fleet",
    "deployment",
    "deployment_per_gpu",
    "energy_per_token_j",
    "estimate",
    "expected_experts",
    "figures",
    "figures_table",
    "fleet_gpus",
    "gpu_memory",
    "group_sizes",
    "input_per_output",
    "kv_cache_per_gpu",
    "layout_problems",
    "layouts",
    "max_batch",
    "min_gpus",
    "node_gpus",
    "node_hour_price_per_million",
    "prefill_step",
    "price_per_million",
    "serve_load",
    "throughput",
    "weights_per_gpu",
    "workspace_per_gpu",
]
