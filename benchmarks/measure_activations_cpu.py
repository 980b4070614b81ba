"""Bytes that Hugging Face ``transformers`` + PyTorch keep for backward, counted exactly on the CPU.

For each configuration in ``CASES`` this script builds the model twice from a
config (2 and 4 decoder layers, random weights, nothing downloaded), runs ONE
training-mode forward pass with loss (``labels=input_ids``) and sums the bytes
of the DISTINCT storages that autograd saves for backward, as seen by
``torch.autograd.graph.saved_tensors_hooks``. It writes
``data/measured/activations_cpu.csv``; the test suite never runs it.

How to run, in a separate environment with the ``measure`` extra (torch, transformers; the data
in the repository was measured with torch 2.13.0+cpu and transformers 5.24.0)::

    python -m venv /tmp/refvenv && /tmp/refvenv/bin/pip install -e '.[measure]'

    /tmp/refvenv/bin/python benchmarks/measure_activations_cpu.py            # all cases -> CSV
    /tmp/refvenv/bin/python benchmarks/measure_activations_cpu.py --detail   # + per-op tables
    /tmp/refvenv/bin/python benchmarks/measure_activations_cpu.py --only gpt2 --detail --no-csv
    /tmp/refvenv/bin/python benchmarks/measure_activations_cpu.py --compare    # + the H200 rows, predicted

It takes about 4 minutes on 2 CPU cores (AMX bf16) and needs about 8 GB of memory.

Method (the CPU method of ``shared/measurements/README.md``)
---------------------------------------------------------------
* The pack hook records ``t.untyped_storage().data_ptr()`` and ``.nbytes()`` of
  every tensor autograd saves, and returns ``t.detach()``: the same storage,
  nothing copied (returning ``t`` itself would leak the graph through a
  reference cycle when ``t`` is the op's output). Storages are deduplicated by
  ``data_ptr``: q, k and v that are views of one fused projection output count
  once, a tensor saved by two ops counts once, and a view counts its whole
  storage.
* Storages of ``model.parameters()`` (and buffers) are left out: linear layers
  save their weights, which are not activations. Under autocast the bf16 COPIES
  of the fp32 weights are new tensors that the graph keeps alive until
  backward; they are not parameters and ARE counted (they are reported per op).
* Only storages still alive after the forward count (a weak reference per
  saved tensor), so a branch of the graph that was freed during the forward
  cannot be double counted through a reused address.
* ``per_layer = (L4 - L2) / 2`` and ``intercept = L2 - 2 * per_layer``
  (embeddings, final norm, LM head input, logits' fp32 copy, loss), as in
  ``shared/measurements/activations.csv``. The bf16 logits themselves are NOT
  saved for backward (the loss saves its fp32 ``log_softmax`` output), so they
  are not in these numbers although a live ``outputs.logits`` holds them.
* Models are built with ``torch.manual_seed(0)`` in ``model.train()``; the
  input ids are drawn with the same seed. Gradient checkpointing is Hugging
  Face's (``activation_checkpointing_enable``, the non-deprecated name of
  ``gradient_checkpointing_enable``; non-reentrant ``torch.utils.checkpoint``).
  The hooks see the block inputs it saves, but not tensors that a checkpointed
  layer receives as keyword arguments (Llama's rotary ``cos``/``sin``, an
  eager attention mask): the recompute closure keeps those alive without
  saving them. They are shared by all layers, so only the intercept misses them.
* MoE experts run with transformers' default experts implementation,
  ``grouped_mm`` (``torch._grouped_mm``, on the CPU as on CUDA): what it saves
  depends on tokens x top_k, not on how the router spreads them (the routing
  counts are printed anyway).
* ``use_cache`` is left at the config's default (True), as a plain
  ``model(input_ids, labels=...)`` call does: the ``DynamicCache`` then holds
  ``torch.cat`` copies of K and V, which sdpa saves (GPT-2: 4 bytes x s x b x h
  more per layer than with ``use_cache=False``; Llama: no difference).

What the CPU does differently from CUDA (so which numbers carry over)
-----------------------------------------------------------------------
* ``F.dropout`` on a CPU tensor is ``input * (bernoulli mask / (1 - p))``: it
  saves the scaled mask in the INPUT dtype (2 bytes per element in bf16). On
  CUDA it is ``native_dropout``, which saves a bool mask (1 byte).
* ``scaled_dot_product_attention`` with ``dropout_p > 0`` runs on the CPU as
  the math path (materialised ``s x s`` attention); on CUDA flash or
  memory-efficient attention handles dropout without it.
* ``torch.autocast("cpu")`` has its own op lists: CUDA autocast runs
  ``layer_norm``, ``softmax``, ``pow``, ``rsqrt``, ``exp`` and others in fp32,
  CPU autocast does not cast them at all. The per-op tables (``--detail``)
  give each saved tensor's dtype so the difference can be worked out.

Columns
-------
arch, attn, checkpointing, precision, dropout
    ``precision`` is ``bf16`` (weights and activations bf16, no autocast) or
    ``autocast_bf16_fp32_weights`` (fp32 weights, ``torch.autocast("cpu",
    dtype=torch.bfloat16)``). ``dropout`` is every dropout probability
    (GPT-2: ``embd_pdrop``, ``attn_pdrop``, ``resid_pdrop``).
d_model, n_heads, n_kv_heads, head_dim, ffn_dim, n_experts, top_k, vocab, seq, batch
    Model and batch shape; ``ffn_dim`` is the MLP width (per expert for MoE);
    ``n_experts`` and ``top_k`` are 0 for dense models.
act_bytes_L2, act_bytes_L4
    Distinct saved bytes with 2 and 4 decoder layers.
per_layer, intercept
    As above.
"""

from __future__ import annotations

import argparse
import csv
import gc
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
import transformers
from torch.overrides import TorchFunctionMode
from transformers import (
    GPT2Config,
    GPT2LMHeadModel,
    LlamaConfig,
    LlamaForCausalLM,
    MixtralConfig,
    MixtralForCausalLM,
    PreTrainedModel,
    Qwen3MoeConfig,
    Qwen3MoeForCausalLM,
)

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "data" / "measured" / "activations_cpu.csv"
H200 = ROOT / "data" / "measured" / "h200_activations.csv"  # copy of shared/measurements/activations.csv

BF16 = "bf16"
AUTOCAST = "autocast_bf16_fp32_weights"
DETAIL_LAYER = 1  # the decoder layer whose saved tensors --detail lists (of the 4-layer model)


@dataclass(frozen=True)
class Case:
    """One configuration: a model shape, a batch shape and how it is trained."""

    arch: str  # gpt2 | llama | mixtral | qwen3_moe
    attn: str  # eager | sdpa
    checkpointing: bool
    precision: str  # BF16 | AUTOCAST
    dropout: float
    d_model: int
    n_heads: int
    n_kv_heads: int
    head_dim: int
    ffn_dim: int
    n_experts: int
    top_k: int
    vocab: int
    seq: int
    batch: int


def gpt2(
    attn: str, seq: int, batch: int, dropout: float = 0.1, checkpointing: bool = False, precision: str = BF16
) -> Case:
    """GPT-2 blocks of the shared H200 measurement: d=1024, 16 heads, GELU (gelu_new) MLP 4d."""
    return Case("gpt2", attn, checkpointing, precision, dropout, 1024, 16, 16, 64, 4096, 0, 0, 50257, seq, batch)


def llama(
    attn: str, seq: int, batch: int, checkpointing: bool = False, precision: str = BF16, head_dim: int = 64
) -> Case:
    """Llama blocks: d=1024, 16 query / 4 KV heads, SwiGLU MLP 2816, RMSNorm, vocab 32000, untied."""
    return Case("llama", attn, checkpointing, precision, 0.0, 1024, 16, 4, head_dim, 2816, 0, 0, 32000, seq, batch)


def moe(arch: str, n_experts: int = 8, top_k: int = 2, seq: int = 512, batch: int = 2) -> Case:
    """Small MoE blocks: d=512, 8 query / 2 KV heads of 64, experts of width 768, vocab 32000."""
    return Case(arch, "sdpa", False, BF16, 0.0, 512, 8, 2, 64, 768, n_experts, top_k, 32000, seq, batch)


CASES: list[Case] = [
    # 1. GPT-2, pure bf16: the H200 shapes (s=1024 b=4 and s=512 b=8), dropout 0.1 and 0.0.
    *(gpt2(attn, s, b, p) for p in (0.1, 0.0) for attn in ("eager", "sdpa") for s, b in ((1024, 4), (512, 8))),
    *(gpt2("sdpa", s, b, p, checkpointing=True) for p in (0.1, 0.0) for s, b in ((1024, 4), (512, 8))),
    gpt2("eager", 1024, 4, 0.1, checkpointing=True),
    # 2. Llama, pure bf16 (no dropout): eager and sdpa, two batch shapes, checkpointing, head_dim 128.
    *(llama(attn, s, b) for attn in ("eager", "sdpa") for s, b in ((1024, 2), (512, 4))),
    llama("sdpa", 1024, 2, checkpointing=True),
    llama("eager", 1024, 2, head_dim=128),
    llama("sdpa", 1024, 2, head_dim=128),
    # 3. MoE, pure bf16, sdpa: Mixtral 8 experts top-2, then top_k and n_experts varied; Qwen3-MoE.
    moe("mixtral"),
    moe("mixtral", top_k=1),
    moe("mixtral", top_k=4),
    moe("mixtral", n_experts=4),
    moe("mixtral", n_experts=16),
    moe("mixtral", seq=1024),
    moe("qwen3_moe"),
    moe("qwen3_moe", top_k=4),
    moe("qwen3_moe", n_experts=16),
    # 4. Mixed precision as in the H200 training protocol: fp32 weights, bf16 autocast, sdpa, no dropout.
    gpt2("sdpa", 1024, 4, 0.0, precision=AUTOCAST),
    gpt2("sdpa", 512, 8, 0.0, precision=AUTOCAST),
    llama("sdpa", 1024, 2, precision=AUTOCAST),
    llama("sdpa", 512, 4, precision=AUTOCAST),
]


def build_model(case: Case, n_layers: int) -> PreTrainedModel:
    """The model of ``case`` with ``n_layers`` decoder layers, random weights, in training mode."""
    dtype = torch.bfloat16 if case.precision == BF16 else torch.float32
    common = {"attn_implementation": case.attn, "dtype": dtype}
    if case.arch == "gpt2":
        config = GPT2Config(
            vocab_size=case.vocab,
            n_embd=case.d_model,
            n_head=case.n_heads,
            n_layer=n_layers,
            n_inner=case.ffn_dim,
            n_positions=max(case.seq, 1024),
            activation_function="gelu_new",
            resid_pdrop=case.dropout,
            embd_pdrop=case.dropout,
            attn_pdrop=case.dropout,
        )
        cls: type[PreTrainedModel] = GPT2LMHeadModel
    elif case.arch == "llama":
        config = LlamaConfig(
            vocab_size=case.vocab,
            hidden_size=case.d_model,
            num_attention_heads=case.n_heads,
            num_key_value_heads=case.n_kv_heads,
            head_dim=case.head_dim,
            intermediate_size=case.ffn_dim,
            num_hidden_layers=n_layers,
            max_position_embeddings=max(case.seq, 2048),
            tie_word_embeddings=False,
        )
        cls = LlamaForCausalLM
    elif case.arch == "mixtral":
        config = MixtralConfig(
            vocab_size=case.vocab,
            hidden_size=case.d_model,
            num_attention_heads=case.n_heads,
            num_key_value_heads=case.n_kv_heads,
            head_dim=case.head_dim,
            intermediate_size=case.ffn_dim,
            num_hidden_layers=n_layers,
            num_local_experts=case.n_experts,
            num_experts_per_tok=case.top_k,
            max_position_embeddings=max(case.seq, 2048),
            tie_word_embeddings=False,
        )
        cls = MixtralForCausalLM
    elif case.arch == "qwen3_moe":
        config = Qwen3MoeConfig(
            vocab_size=case.vocab,
            hidden_size=case.d_model,
            num_attention_heads=case.n_heads,
            num_key_value_heads=case.n_kv_heads,
            head_dim=case.head_dim,
            moe_intermediate_size=case.ffn_dim,
            intermediate_size=4 * case.ffn_dim,
            num_hidden_layers=n_layers,
            num_experts=case.n_experts,
            num_experts_per_tok=case.top_k,
            decoder_sparse_step=1,
            mlp_only_layers=[],
            norm_topk_prob=True,
            max_position_embeddings=max(case.seq, 2048),
            tie_word_embeddings=False,
        )
        cls = Qwen3MoeForCausalLM
    else:
        raise ValueError(f"unknown arch: {case.arch}")
    torch.manual_seed(0)
    model = cls._from_config(config, **common)
    assert model.config._attn_implementation == case.attn, model.config._attn_implementation
    model.train()
    if case.checkpointing:
        model.activation_checkpointing_enable()
    return model


@dataclass
class Saved:
    """One tensor handed to the pack hook."""

    index: int
    segment: str  # "embed", "layer<i>" or "head": which part of the model was running
    module: str  # innermost module running (dotted path)
    func: str  # the torch function being called (TorchFunctionMode), e.g. "linear", "__mul__"
    shape: tuple[int, ...]
    dtype: torch.dtype
    tensor_bytes: int  # numel * element size of the saved view
    ptr: int  # storage data_ptr
    storage_bytes: int  # storage nbytes
    ref: Any = field(repr=False)  # weak reference to the saved tensor


class _CurrentFunction(TorchFunctionMode):
    """Remembers which torch function is running, so the pack hook can name it."""

    def __init__(self, recorder: SavedTensorRecorder) -> None:
        super().__init__()
        self.recorder = recorder

    def __torch_function__(self, func: Callable, types: Any, args: tuple = (), kwargs: dict | None = None) -> Any:
        previous = self.recorder.func
        self.recorder.func = getattr(func, "__name__", repr(func))
        try:
            return func(*args, **(kwargs or {}))
        finally:
            self.recorder.func = previous


class SavedTensorRecorder:
    """Records every tensor that autograd saves for backward during a forward pass."""

    def __init__(self, model: PreTrainedModel, layers: torch.nn.ModuleList) -> None:
        self.excluded = {t.untyped_storage().data_ptr() for t in (*model.parameters(), *model.buffers())}
        self.saved: list[Saved] = []
        self.excluded_hits: dict[int, int] = {}  # parameter/buffer storages that were saved: ptr -> bytes
        self.segment = "embed"
        self.func = "?"
        self._modules: list[str] = []
        self._handles: list[Any] = []
        names = {m: n for n, m in model.named_modules()}
        for module, name in names.items():
            self._handles.append(module.register_forward_pre_hook(self._enter(name)))
            self._handles.append(module.register_forward_hook(self._leave()))
        for i, layer in enumerate(layers):
            self._handles.append(layer.register_forward_pre_hook(self._set_segment(f"layer{i}")))
            if getattr(layer, "gradient_checkpointing", False):
                # Name the segment before the checkpoint saves the layer's input, whatever the hook order.
                original = layer._gradient_checkpointing_func
                layer._gradient_checkpointing_func = self._segment_wrapper(f"layer{i}", original)
        self._handles.append(layers[-1].register_forward_hook(lambda *_: setattr(self, "segment", "head")))

    def _enter(self, name: str) -> Callable:
        def hook(*_: Any) -> None:
            self._modules.append(name)

        return hook

    def _leave(self) -> Callable:
        def hook(*_: Any) -> None:
            self._modules.pop()

        return hook

    def _set_segment(self, segment: str) -> Callable:
        def hook(*_: Any) -> None:
            self.segment = segment

        return hook

    def _segment_wrapper(self, segment: str, func: Callable) -> Callable:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            self.segment = segment
            return func(*args, **kwargs)

        return wrapped

    def pack(self, t: torch.Tensor) -> torch.Tensor:
        storage = t.untyped_storage()
        ptr, nbytes = storage.data_ptr(), storage.nbytes()
        # A detached alias (same storage, no grad_fn): returning ``t`` itself would make an
        # output's grad_fn reference the output, a cycle that leaks the graph.
        packed = t.detach()
        if ptr in self.excluded:
            self.excluded_hits[ptr] = nbytes
            return packed
        self.saved.append(
            Saved(
                len(self.saved),
                self.segment,
                self._modules[-1] if self._modules else "",
                self.func,
                tuple(t.shape),
                t.dtype,
                t.numel() * t.element_size(),
                ptr,
                nbytes,
                weakref.ref(packed),
            )
        )
        return packed

    @contextmanager
    def recording(self) -> Iterator[None]:
        with torch.autograd.graph.saved_tensors_hooks(self.pack, lambda t: t), _CurrentFunction(self):
            yield

    def remove_hooks(self) -> None:
        for handle in self._handles:
            handle.remove()

    def alive(self) -> list[Saved]:
        """The records whose packed tensor is still alive, i.e. still held by the graph."""
        return [s for s in self.saved if s.ref() is not None]

    def distinct_bytes(self) -> int:
        """Sum of the distinct storages saved and still alive: the activation bytes."""
        return sum({s.ptr: s.storage_bytes for s in self.alive()}.values())


def grad_fn_names(loss: torch.Tensor) -> dict[int, list[str]]:
    """Storage data_ptr -> ``"GradFn._saved_attr"`` of every graph node that saved it.

    Walks the graph from ``loss.grad_fn`` and reads the ``_saved_*`` attributes of
    each node (``saved_tensors`` for custom Python functions). Only for graphs
    without checkpointing: reading a checkpointed node's saved tensor recomputes.
    """
    names: dict[int, list[str]] = defaultdict(list)
    seen: set[int] = set()
    stack = [loss.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(next_fn for next_fn, _ in node.next_functions)
        attrs = [a for a in dir(node) if a.startswith("_saved_")]
        values = [(a, getattr(node, a)) for a in attrs]
        if hasattr(node, "saved_tensors"):
            values.append(("saved_tensors", node.saved_tensors))
        for attr, value in values:
            tensors = value if isinstance(value, (tuple, list)) else [value]
            for t in tensors:
                if isinstance(t, torch.Tensor):
                    names[t.untyped_storage().data_ptr()].append(f"{node.name()}.{attr.removeprefix('_saved_')}")
    return names


@dataclass
class Run:
    """The result of one forward pass."""

    act_bytes: int
    saved: list[Saved]
    grad_fns: dict[int, list[str]]
    excluded_bytes: int  # parameter/buffer storages that ops saved (not counted)
    routing: dict[str, list[int]]  # MoE: router module -> tokens routed to each expert


def measure(case: Case, n_layers: int, detail: bool = False) -> Run:
    """Build the model with ``n_layers`` layers, run one forward with loss, count the saved bytes."""
    model = build_model(case, n_layers)
    layers = model.transformer.h if case.arch == "gpt2" else model.model.layers
    recorder = SavedTensorRecorder(model, layers)
    routing: dict[str, list[int]] = {}
    router_handles = []
    if case.n_experts:
        for name, module in model.named_modules():
            if name.endswith("mlp.gate"):

                def count(_m: Any, _i: Any, out: tuple, name: str = name) -> None:
                    routing[name] = torch.bincount(out[-1].flatten(), minlength=case.n_experts).tolist()

                router_handles.append(module.register_forward_hook(count))
    torch.manual_seed(0)
    input_ids = torch.randint(0, case.vocab, (case.batch, case.seq))
    autocast = torch.autocast("cpu", dtype=torch.bfloat16) if case.precision == AUTOCAST else nullcontext()
    with recorder.recording(), autocast:
        loss = model(input_ids=input_ids, labels=input_ids).loss
    recorder.remove_hooks()
    for handle in router_handles:
        handle.remove()
    names = grad_fn_names(loss) if detail and not case.checkpointing else {}
    run = Run(
        recorder.distinct_bytes(),
        recorder.alive() if detail else [],
        names,
        sum(recorder.excluded_hits.values()),
        routing,
    )
    del loss, model, recorder, layers
    gc.collect()
    return run


def row(case: Case, l2: Run, l4: Run) -> dict[str, object]:
    """One CSV row."""
    diff = l4.act_bytes - l2.act_bytes
    per_layer: float = diff // 2 if diff % 2 == 0 else diff / 2
    return {
        **asdict(case),
        "act_bytes_L2": l2.act_bytes,
        "act_bytes_L4": l4.act_bytes,
        "per_layer": per_layer,
        "intercept": l2.act_bytes - 2 * per_layer,
        "torch_version": torch.__version__,
        "transformers_version": transformers.__version__,
    }


def describe(case: Case) -> str:
    """A one-line label of a case."""
    moe_part = f" E={case.n_experts} k={case.top_k}" if case.n_experts else ""
    return (
        f"{case.arch} {case.attn} ckpt={case.checkpointing} {case.precision} p={case.dropout} "
        f"d={case.d_model} a={case.n_heads}/{case.n_kv_heads}x{case.head_dim} ffn={case.ffn_dim}{moe_part} "
        f"V={case.vocab} s={case.seq} b={case.batch}"
    )


def print_segment(run: Run, segment: str, sbh: int) -> int:
    """Print the saved tensors of one segment of the model; return the bytes of its new storages."""
    seen_before = {s.ptr for s in run.saved if s.segment != segment and _order(s.segment) < _order(segment)}
    counted: set[int] = set()
    total = 0
    print(
        f"  {'#':>4} {'module':<34} {'func':<30} {'grad_fn.saved':<58} {'shape':<22} {'dtype':<9} "
        f"{'bytes':>11} {'new':>11} {'x sbh':>7}"
    )
    for s in run.saved:
        if s.segment != segment:
            continue
        new = s.ptr not in seen_before and s.ptr not in counted
        counted.add(s.ptr)
        nbytes = s.storage_bytes if new else 0
        total += nbytes
        fns = ",".join(sorted(set(run.grad_fns.get(s.ptr, []))))
        view = "" if s.tensor_bytes == s.storage_bytes else f" (view of {s.storage_bytes})"
        module = s.module.split(f".{segment.removeprefix('layer')}.", 1)[-1]
        print(
            f"  {s.index:>4} {module[-34:]:<34} {s.func[:30]:<30} {fns[:58]:<58} {str(list(s.shape)):<22} "
            f"{str(s.dtype).removeprefix('torch.'):<9} {s.tensor_bytes:>11}{view} {nbytes:>11} {nbytes / sbh:>7.3f}"
        )
    print(f"  total new bytes in {segment}: {total} = {total / sbh:.4f} x s*b*h")
    return total


def _order(segment: str) -> int:
    return -1 if segment == "embed" else 10**6 if segment == "head" else int(segment.removeprefix("layer"))


def predict_h200(gpu: dict[str, str], cpu: dict[tuple, dict[str, object]]) -> tuple[int, int]:
    """(L2, L4) bytes that an H200 row of ``h200_activations.csv`` should show, from the CPU rows.

    The H200 rows are GPT-2 blocks in pure bf16 with dropout, counted as
    ``torch.cuda.memory_allocated()`` deltas. What differs from the CPU count,
    each term read off the per-op tables (``--detail``):

    per layer
        * dropout masks: the CPU saves the scaled mask in bf16 (2 bytes per
          element), CUDA's ``native_dropout`` a bool mask (1 byte): minus one byte
          per element of the residual and MLP dropouts (b*s*h each) and, with
          eager attention, of the attention dropout (a*b*s^2).
        * ``layer_norm`` mean and rstd: bf16 on the CPU, fp32 on CUDA: plus
          2 bytes x 2 statistics x 2 LayerNorms per token.
        * sdpa with dropout: the CPU runs the math path (fp32 ``s x s``
          matrices); CUDA's flash kernel saves what the CPU flash kernel saves
          without dropout (the dropout 0.0 row) plus its philox seed and offset
          (two tiny tensors, one 512-byte allocator block each).
    intercept
        * the embedding dropout mask (minus b*s*h) and ``ln_f``'s statistics
          (plus 2 x 2 bytes per token), as above;
        * allocator blocks are multiples of 512 bytes: the loss's 4-byte
          ``total_weight`` takes 512 (plus 508), and the loss itself, an output
          rather than a saved tensor, another 512;
        * ``input_ids`` apparently existed before the "before" reading, yet the
          embedding saves it: minus 8*b*s;
        * the fp32 ``log_softmax`` output (4*b*s*V bytes) gets its own segment,
          rounded up to 2 MiB, and the caching allocator does not split off a
          remainder of at most 1 MiB, so ``memory_allocated`` counts it.

    With these terms 11 of the 12 H200 numbers come out exactly; the eager
    s=1024 L2 run holds 1 MiB more (a one-time allocation: its L4 run matches).
    """
    s, b, h, a, vocab = (int(gpu[k]) for k in ("seq", "batch", "d_model", "n_heads", "vocab"))
    p, attn, ckpt = float(gpu["dropout"]), gpu["attn"], gpu["checkpointing"] == "True"

    def cpu_row(dropout: float) -> dict[str, object]:
        return cpu[("gpt2", attn, ckpt, BF16, dropout, s, b)]

    own = cpu_row(p)
    per_layer = int(own["per_layer"])
    if not ckpt and p > 0:
        if attn == "sdpa":
            per_layer = int(cpu_row(0.0)["per_layer"]) + 2 * b * s * h + 2 * 512  # bool masks + philox seed/offset
        else:
            per_layer -= 2 * b * s * h + a * b * s * s  # bf16 -> bool masks
        per_layer += 2 * 2 * 2 * b * s  # LayerNorm statistics bf16 -> fp32
    segment = 2 * 1024**2
    logits_fp32 = 4 * b * s * vocab
    unsplit = -logits_fp32 % segment
    intercept = (
        int(own["intercept"])
        - (b * s * h if p > 0 else 0)
        + 2 * 2 * b * s
        + 508
        + 512
        - 8 * b * s
        + (unsplit if unsplit <= 1024**2 else 0)
    )
    return intercept + 2 * per_layer, intercept + 4 * per_layer


def compare_h200(rows: list[dict[str, object]]) -> None:
    """Print the H200 rows next to what the CPU rows predict for them."""
    cpu = {
        (r["arch"], r["attn"], r["checkpointing"], r["precision"], r["dropout"], r["seq"], r["batch"]): r for r in rows
    }
    with H200.open() as f:
        for gpu in csv.DictReader(f):
            try:
                l2, l4 = predict_h200(gpu, cpu)
            except KeyError:
                continue
            print(
                f"H200 {gpu['attn']:<5} ckpt={gpu['checkpointing']:<5} s={gpu['seq']:>4} b={gpu['batch']}: "
                f"L2 {gpu['act_bytes_L2']} vs CPU-predicted {l2} ({int(gpu['act_bytes_L2']) - l2:+d}); "
                f"L4 {gpu['act_bytes_L4']} vs {l4} ({int(gpu['act_bytes_L4']) - l4:+d})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detail", action="store_true", help="print the per-op saved tensors of one layer")
    parser.add_argument("--only", help="run only the cases whose label contains this text")
    parser.add_argument("--no-csv", action="store_true", help="do not write the CSV")
    parser.add_argument("--compare", action="store_true", help="compare with the H200 rows (needs the GPT-2 cases)")
    args = parser.parse_args()
    transformers.logging.set_verbosity_error()

    cases = [c for c in CASES if args.only is None or args.only in describe(c)]
    rows = []
    for case in cases:
        l2 = measure(case, 2, detail=args.detail)
        l4 = measure(case, 4, detail=args.detail)
        rows.append(row(case, l2, l4))
        sbh = case.seq * case.batch * case.d_model
        r = rows[-1]
        print(
            f"{describe(case)}\n  L2={l2.act_bytes} L4={l4.act_bytes} per_layer={r['per_layer']} "
            f"({r['per_layer'] / sbh:.4f} sbh) intercept={r['intercept']} ({r['intercept'] / sbh:.4f} sbh; "
            f"b*s*V = {case.batch * case.seq * case.vocab}); parameter storages saved (not counted): "
            f"{l4.excluded_bytes}",
            flush=True,
        )
        if l4.routing:
            for name, counts in l4.routing.items():
                print(f"  routing {name}: {counts}")
        if args.detail:
            print(f"  -- saved tensors of layer {DETAIL_LAYER} (4-layer model):")
            layer_bytes = print_segment(l4, f"layer{DETAIL_LAYER}", sbh)
            print("  -- saved tensors before the first layer (2-layer model): embeddings")
            embed_bytes = print_segment(l2, "embed", sbh)
            print("  -- head (final norm, LM head, loss)")
            head_bytes = print_segment(l2, "head", sbh)
            shared = int(r["intercept"]) - embed_bytes - head_bytes
            print(
                f"  check: layer {layer_bytes} vs per_layer {r['per_layer']}; intercept {r['intercept']} = "
                f"embed {embed_bytes} + head {head_bytes} + {shared} first saved in layer 0 and shared by all "
                f"layers (rotary cos/sin, attention mask)",
                flush=True,
            )

    if args.compare:
        compare_h200(rows)
    if not args.no_csv:
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        with OUTPUT.open("w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
