"""Parameter counts of decoder-only transformers: dense, GQA, mixture-of-experts and MLA.

Explained in ``notebooks/01_parameters.ipynb``.

A *parameter* here is one trainable number, exactly as ``sum(p.numel() for p in
model.parameters())`` counts it for the model that Hugging Face ``transformers`` builds from the
same configuration: weights shared between the input embedding and the output head (tied
embeddings) count once, and buffers (rotary frequency tables, DeepSeek-V3's
``e_score_correction_bias``) are not parameters. Multi-token-prediction heads that ``transformers``
does not build (DeepSeek-V3's MTP module) are not counted.

The component formulas are plain arithmetic, so they also take NumPy arrays for sweeps
(:func:`dense_params`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from helpers.calc import check

FfnType = Literal["gelu", "swiglu"]
NormType = Literal["rmsnorm", "layernorm"]
Position = Literal["rotary", "learned"]
Attention = Literal["mha", "mla"]

FFN_MATRICES = {"gelu": 2, "swiglu": 3}  # up+down vs gate+up+down (SwiGLU, Shazeer 2020)
NORM_VECTORS = {"rmsnorm": 1, "layernorm": 2}  # RMSNorm: scale; LayerNorm: scale and shift


@dataclass(frozen=True)
class ModelConfig:
    """The shape of a decoder-only transformer, as far as its parameter count depends on it.

    Sizes are whole numbers; ``None`` means "derived from the others" as described per field.
    The instance checks itself on creation and raises ``ValueError`` naming the field, the value
    and what is allowed. Notebook 01, section '2. Anatomy of a transformer'.
    """

    vocab_size: int  # rows of the token-embedding table (V)
    d_model: int  # width of the residual stream (hidden size, h)
    n_layers: int  # transformer blocks (L)
    n_heads: int  # query heads (a)
    ffn_dim: int  # inner width of the dense feed-forward network (d_ff)
    name: str = "custom"  # label for tables and figures
    n_kv_heads: int | None = None  # key/value heads; None = n_heads (MHA), 1 = MQA, else GQA
    head_dim: int | None = None  # per-head width; None = d_model // n_heads (must divide)
    ffn_type: FfnType = "swiglu"  # "gelu": 2 matrices (GPT); "swiglu": 3 gated matrices (Llama)
    tied_embeddings: bool = False  # output head reuses the input embedding matrix
    position: Position = "rotary"  # "learned": a max_positions x d_model table (GPT-2/3)
    max_positions: int = 0  # rows of a learned position table (0 for rotary)
    attn_bias: bool = False  # biases on the input projections (Q, K, V; MLA's down-projections)
    attn_out_bias: bool = False  # bias on the attention output projection
    mlp_bias: bool = False  # biases on the feed-forward (and expert) matrices
    norm: NormType = "rmsnorm"  # RMSNorm (d parameters) or LayerNorm (2d: scale and shift)
    qk_norm: bool = False  # RMSNorm of width head_dim on queries and keys (Qwen3)
    # Mixture of experts (all zero for a dense model)
    n_experts: int = 0  # routed experts per MoE layer (E)
    n_shared_experts: int = 0  # always-on experts per MoE layer (DeepSeek)
    top_k: int = 0  # routed experts each token uses (k)
    expert_ffn_dim: int | None = None  # inner width of one expert; None = ffn_dim
    first_dense_layers: int = 0  # leading layers with a dense FFN instead of experts
    moe_layer_step: int = 1  # layer i (from 0) has experts only if (i + 1) % step == 0
    dense_layer_ids: tuple[int, ...] = ()  # further layers forced dense (Qwen3-MoE mlp_only_layers)
    router_bias: bool = False  # bias on the router's linear layer
    # Multi-head latent attention (DeepSeek-V2/V3, Kimi K2); all None for MHA/GQA
    attention: Attention = "mha"  # "mha" covers MHA, GQA and MQA through n_kv_heads
    q_lora_rank: int | None = None  # query down-projection rank; None = full-rank query
    kv_lora_rank: int | None = None  # rank of the compressed key-value latent (d_c)
    qk_rope_head_dim: int | None = None  # per-head rotary part of queries and keys
    qk_nope_head_dim: int | None = None  # per-head non-rotary part of queries and keys
    v_head_dim: int | None = None  # per-head value width
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if not isinstance(self.name, str):
            raise ValueError(f"name must be a string, got {self.name!r}")
        for name in ("vocab_size", "d_model", "n_layers", "n_heads", "ffn_dim"):
            set_(self, name, check.integer(name, getattr(self, name)))
        for name in ("max_positions", "n_experts", "n_shared_experts", "top_k", "first_dense_layers"):
            set_(self, name, check.integer(name, getattr(self, name), minimum=0))
        set_(self, "moe_layer_step", check.integer("moe_layer_step", self.moe_layer_step))
        set_(self, "ffn_type", check.choice("ffn_type", self.ffn_type, FFN_MATRICES))
        set_(self, "norm", check.choice("norm", self.norm, NORM_VECTORS))
        set_(self, "position", check.choice("position", self.position, ("rotary", "learned")))
        set_(self, "attention", check.choice("attention", self.attention, ("mha", "mla")))
        for name in ("tied_embeddings", "attn_bias", "attn_out_bias", "mlp_bias", "qk_norm", "router_bias"):
            set_(self, name, check.flag(name, getattr(self, name)))
        self._check_mla()
        self._check_heads()
        self._check_positions()
        self._check_experts()

    def _check_heads(self) -> None:
        kv = self.n_heads if self.n_kv_heads is None else check.integer("n_kv_heads", self.n_kv_heads)
        if self.n_heads % kv:
            raise ValueError(
                f"n_kv_heads must divide n_heads={self.n_heads} (each key/value head serves a whole "
                f"group of query heads); got n_kv_heads={kv}"
            )
        object.__setattr__(self, "n_kv_heads", kv)
        if self.head_dim is not None:
            object.__setattr__(self, "head_dim", check.integer("head_dim", self.head_dim))
        elif self.d_model % self.n_heads:
            raise ValueError(
                f"n_heads must divide d_model={self.d_model} when head_dim is not given; "
                f"got n_heads={self.n_heads} (set head_dim explicitly for such models)"
            )
        else:
            object.__setattr__(self, "head_dim", self.d_model // self.n_heads)

    def _check_positions(self) -> None:
        if self.position == "learned" and self.max_positions < 1:
            raise ValueError(f"max_positions must be an integer >= 1 for learned positions, got {self.max_positions}")
        if self.position == "rotary" and self.max_positions:
            raise ValueError(
                f"max_positions must be 0 for rotary positions (no table to learn), got {self.max_positions}"
            )

    def _check_experts(self) -> None:
        set_ = object.__setattr__
        if not isinstance(self.dense_layer_ids, (tuple, list)):
            raise ValueError(f"dense_layer_ids must be a list of layer numbers, got {self.dense_layer_ids!r}")
        ids = {
            check.integer("dense_layer_ids[]", i, minimum=0, maximum=self.n_layers - 1) for i in self.dense_layer_ids
        }
        set_(self, "dense_layer_ids", tuple(sorted(ids)))
        if self.n_experts == 0:
            for name in ("n_shared_experts", "top_k", "first_dense_layers"):
                if getattr(self, name):
                    raise ValueError(f"{name} must be 0 for a dense model (n_experts=0), got {getattr(self, name)}")
            if self.expert_ffn_dim is not None:
                raise ValueError(
                    f"expert_ffn_dim must be unset for a dense model (n_experts=0), got {self.expert_ffn_dim!r}"
                )
            return
        check.integer("top_k", self.top_k, minimum=1, maximum=self.n_experts)
        check.integer("first_dense_layers", self.first_dense_layers, minimum=0, maximum=self.n_layers)
        ffn = self.ffn_dim if self.expert_ffn_dim is None else check.integer("expert_ffn_dim", self.expert_ffn_dim)
        set_(self, "expert_ffn_dim", ffn)

    def _check_mla(self) -> None:
        names = ("q_lora_rank", "kv_lora_rank", "qk_rope_head_dim", "qk_nope_head_dim", "v_head_dim")
        if self.attention == "mha":
            for name in names:
                if getattr(self, name) is not None:
                    raise ValueError(
                        f"{name} is an MLA setting; it must be unset when attention='mha', got {getattr(self, name)!r}"
                    )
            return
        object.__setattr__(self, "q_lora_rank", check.optional_integer("q_lora_rank", self.q_lora_rank))
        for name in names[1:]:
            value = getattr(self, name)
            if value is None:
                raise ValueError(f"{name} is required when attention='mla' (a positive integer), got None")
            object.__setattr__(self, name, check.integer(name, value))
        if self.qk_norm:
            raise ValueError("qk_norm must be false when attention='mla' (MLA normalises its latents instead)")
        if self.head_dim is None:  # the query/key width per head
            object.__setattr__(self, "head_dim", self.qk_nope_head_dim + self.qk_rope_head_dim)

    # Derived facts about the layer stack -------------------------------------------------
    @property
    def is_moe(self) -> bool:
        """Whether any layer has experts (``n_experts > 0``)."""
        return self.n_experts > 0

    def moe_layers(self) -> tuple[int, ...]:
        """Indices (from 0) of the layers whose feed-forward block is a mixture of experts."""
        if not self.is_moe:
            return ()
        dense = set(self.dense_layer_ids)
        return tuple(
            i
            for i in range(self.n_layers)
            if i >= self.first_dense_layers and (i + 1) % self.moe_layer_step == 0 and i not in dense
        )

    @property
    def n_moe_layers(self) -> int:
        """How many layers have experts (arithmetic, so a huge n_layers costs nothing)."""
        if not self.is_moe:
            return 0
        step, first = self.moe_layer_step, self.first_dense_layers
        forced = sum(1 for i in self.dense_layer_ids if i >= first and (i + 1) % step == 0)
        return self.n_layers // step - first // step - forced

    def replace(self, **changes: Any) -> ModelConfig:
        """A copy with some fields changed (validated again).

        A derived field that still holds its derived value (n_kv_heads = n_heads, head_dim =
        d_model / n_heads or MLA's nope + rope, expert_ffn_dim = ffn_dim) follows its sources:
        ``cfg.replace(n_heads=64)`` of an MHA model stays MHA with the new head width.
        """
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        mla_head = (self.qk_nope_head_dim or 0) + (self.qk_rope_head_dim or 0)
        derived = {
            "n_kv_heads": self.n_kv_heads == self.n_heads,
            "head_dim": self.head_dim == (mla_head if self.attention == "mla" else self.d_model // self.n_heads),
            "expert_ffn_dim": self.is_moe and self.expert_ffn_dim == self.ffn_dim,
        }
        for name, follows in derived.items():
            if follows and name not in changes:
                values[name] = None
        values.update(changes)
        return ModelConfig(**values)


@dataclass(frozen=True)
class ParamCount:
    """Parameters of one model by component, each a plain ``int``.

    - ``embeddings``: token embedding table V·d, plus the learned position table (GPT-2/3).
    - ``attention``: Q, K, V and output projections with their biases, and norms inside the
      attention block (Qwen3's q/k norms, MLA's latent norms).
    - ``dense_ffn``: feed-forward blocks of the layers without experts, with biases.
    - ``routed_experts``: all routed experts of all MoE layers.
    - ``shared_experts``: always-on experts of all MoE layers.
    - ``router``: the gating matrices (d·E per MoE layer, plus bias if any).
    - ``norms``: the two per-layer norms (before attention, before the FFN) and the final norm.
    - ``lm_head``: the output projection d·V; 0 when tied to the embeddings (counted once there).

    ``active`` counts what one token uses: everything except the routed experts it is not sent
    to, i.e. ``total - (E - k) · (one expert) · (MoE layers)``. Following the published "active"
    figures (DeepSeek-V3's 37B, Kimi K2's 32B) it includes the whole embedding table and head.
    Notebook 01, section '4. Dense and mixture of experts: total vs active'.
    """

    embeddings: int
    attention: int
    dense_ffn: int
    routed_experts: int
    shared_experts: int
    router: int
    norms: int
    lm_head: int
    active_routed_experts: int

    @property
    def total(self) -> int:
        return (
            self.embeddings
            + self.attention
            + self.dense_ffn
            + self.routed_experts
            + self.shared_experts
            + self.router
            + self.norms
            + self.lm_head
        )

    @property
    def active(self) -> int:
        return self.total - self.routed_experts + self.active_routed_experts

    def breakdown(self) -> dict[str, int]:
        """Components in display order (without the bookkeeping field)."""
        parts = asdict(self)
        parts.pop("active_routed_experts")
        return parts


# Component formulas: plain arithmetic, valid for ints and NumPy arrays alike ----------------
def ffn_params(
    d_model: int | NDArray[np.int64], ffn_dim: int | NDArray[np.int64], matrices: int = 3, bias: bool = False
) -> int | NDArray[np.int64]:
    """One feed-forward block: ``matrices`` weight matrices of d x d_ff (2: GELU, 3: SwiGLU).

    Biases: every matrix into the inner width gets d_ff, the matrix back gets d.
    Notebook 01, section '2. Anatomy of a transformer'.
    """
    return matrices * d_model * ffn_dim + bias * ((matrices - 1) * ffn_dim + d_model)


def gqa_attention_params(
    d_model: int | NDArray[np.int64],
    n_heads: int | NDArray[np.int64],
    n_kv_heads: int | NDArray[np.int64],
    head_dim: int | NDArray[np.int64],
    qkv_bias: bool = False,
    out_bias: bool = False,
) -> int | NDArray[np.int64]:
    """Q (d·a·h_d), K and V (d·k·h_d each) and output (a·h_d·d) projections, with biases.

    Notebook 01, section '3. Attention heads: MHA, GQA and MLA'.
    """
    q, kv = n_heads * head_dim, n_kv_heads * head_dim
    return d_model * (q + 2 * kv) + q * d_model + qkv_bias * (q + 2 * kv) + out_bias * d_model


def dense_params(
    vocab_size: int | NDArray[np.int64],
    d_model: int | NDArray[np.int64],
    n_layers: int | NDArray[np.int64],
    n_heads: int | NDArray[np.int64],
    n_kv_heads: int | NDArray[np.int64],
    ffn_dim: int | NDArray[np.int64],
    matrices: int = 3,
    tied: bool | NDArray[np.bool_] = False,
) -> int | NDArray[np.int64]:
    """Total of a bias-free rotary dense model with RMSNorm and head_dim = d_model / n_heads.

    Vectorised: pass NumPy arrays to sweep shapes (notebook 01's "road to a trillion" figure).
    Equals ``count_params(...).total`` for such a model (a unit test checks this).
    Notebook 01, section '7. What it takes to reach one trillion'.
    """
    head_dim = d_model // n_heads
    per_layer = (
        gqa_attention_params(d_model, n_heads, n_kv_heads, head_dim)
        + ffn_params(d_model, ffn_dim, matrices)
        + 2 * d_model
    )
    return vocab_size * d_model * (2 - np.asarray(tied, dtype=np.int64)) + n_layers * per_layer + d_model


def _mla_attention_params(cfg: ModelConfig) -> int:
    """MLA block (DeepSeek-V2 §2.1; DeepSeek-V3 config names), as ``transformers`` builds it.

    Query: d·r_q down, RMSNorm(r_q), r_q·a·(nope+rope) up (or d·a·(nope+rope) if r_q is None).
    Key-value: d·(r_kv + rope) down (the rotary key is shared by all heads), RMSNorm(r_kv),
    r_kv·a·(nope + v) up. Output: a·v·d. ``attn_bias`` adds biases to the two down-projections,
    ``attn_out_bias`` to the output.
    """
    a, norm = cfg.n_heads, NORM_VECTORS[cfg.norm]
    qk = cfg.qk_nope_head_dim + cfg.qk_rope_head_dim
    if cfg.q_lora_rank is None:
        query = cfg.d_model * a * qk
    else:
        r = cfg.q_lora_rank
        query = cfg.d_model * r + cfg.attn_bias * r + norm * r + r * a * qk
    down = cfg.kv_lora_rank + cfg.qk_rope_head_dim
    kv = cfg.d_model * down + cfg.attn_bias * down + norm * cfg.kv_lora_rank
    kv += cfg.kv_lora_rank * a * (cfg.qk_nope_head_dim + cfg.v_head_dim)
    out = a * cfg.v_head_dim * cfg.d_model + cfg.attn_out_bias * cfg.d_model
    return query + kv + out


def attention_params(cfg: ModelConfig) -> int:
    """Parameters of one attention block of ``cfg`` (see :class:`ParamCount`).

    Notebook 01, section '3. Attention heads: MHA, GQA and MLA'.
    """
    if cfg.attention == "mla":
        return _mla_attention_params(cfg)
    qk_norm = 2 * cfg.head_dim * NORM_VECTORS["rmsnorm"] if cfg.qk_norm else 0
    return qk_norm + gqa_attention_params(
        cfg.d_model, cfg.n_heads, cfg.n_kv_heads, cfg.head_dim, cfg.attn_bias, cfg.attn_out_bias
    )


def count_params(cfg: ModelConfig) -> ParamCount:
    """Count the parameters of ``cfg`` by component; see :class:`ParamCount` for what each holds.

    Notebook 01, section '2. Anatomy of a transformer' (and every section after it).

    >>> gpt2 = ModelConfig(vocab_size=50257, d_model=768, n_layers=12, n_heads=12, ffn_dim=3072,
    ...     ffn_type="gelu", tied_embeddings=True, position="learned", max_positions=1024,
    ...     attn_bias=True, attn_out_bias=True, mlp_bias=True, norm="layernorm")
    >>> count_params(gpt2).total  # GPT-2 "124M"
    124439808
    """
    if not isinstance(cfg, ModelConfig):
        raise ValueError(f"cfg must be a ModelConfig, got {type(cfg).__name__}")
    d, matrices, norm = cfg.d_model, FFN_MATRICES[cfg.ffn_type], NORM_VECTORS[cfg.norm]
    n_moe = cfg.n_moe_layers
    n_dense = cfg.n_layers - n_moe
    expert = ffn_params(d, cfg.expert_ffn_dim or 0, matrices, cfg.mlp_bias)
    return ParamCount(
        embeddings=cfg.vocab_size * d + cfg.max_positions * d,
        attention=cfg.n_layers * attention_params(cfg),
        dense_ffn=n_dense * ffn_params(d, cfg.ffn_dim, matrices, cfg.mlp_bias),
        routed_experts=n_moe * cfg.n_experts * expert,
        shared_experts=n_moe * cfg.n_shared_experts * expert,
        router=n_moe * (d * cfg.n_experts + cfg.router_bias * cfg.n_experts),
        norms=(2 * cfg.n_layers + 1) * norm * d,
        lm_head=0 if cfg.tied_embeddings else cfg.vocab_size * d,
        active_routed_experts=n_moe * cfg.top_k * expert,
    )


# Published formulas, for comparison ---------------------------------------------------------
def narayanan_params(
    n_layers: int | NDArray[np.int64],
    d_model: int | NDArray[np.int64],
    vocab_size: int | NDArray[np.int64],
    seq_len: int | NDArray[np.int64],
) -> int | NDArray[np.int64]:
    """Megatron-LM's count, Narayanan et al. 2021 (arXiv 2104.04473) Eq. 2.

    P = 12·l·h²·(1 + 13/(12h) + (V + s)/(12·l·h)) = 12lh² + 13lh + (V + s)h: a GPT block with
    biases and LayerNorms, tied embeddings and learned positions, without the final LayerNorm.
    Exact integer arithmetic; vectorised. Notebook 01, section '6. Our counts against the published ones'.
    """
    return 12 * n_layers * d_model**2 + 13 * n_layers * d_model + (vocab_size + seq_len) * d_model


def kaplan_non_embedding_params(
    n_layers: int | NDArray[np.int64],
    d_model: int | NDArray[np.int64],
    d_attn: int | NDArray[np.int64] | None = None,
    d_ff: int | NDArray[np.int64] | None = None,
) -> int | NDArray[np.int64]:
    """Kaplan et al. 2020 (arXiv 2001.08361) Table 1: N = 2·d_model·n_layer·(2·d_attn + d_ff).

    With d_attn = d_model and d_ff = 4·d_model this is the familiar 12·n_layer·d_model².
    Notebook 01, section '2. Anatomy of a transformer'.
    """
    d_attn = d_model if d_attn is None else d_attn
    d_ff = 4 * d_model if d_ff is None else d_ff
    return 2 * d_model * n_layers * (2 * d_attn + d_ff)


# Hugging Face config.json ------------------------------------------------------------------
def _get(config: Mapping[str, Any], key: str, model_type: str, default: Any = ...) -> Any:
    if key in config and config[key] is not None:
        return config[key]
    if default is ...:
        raise ValueError(f"config is missing {key!r}, which model_type {model_type!r} needs")
    return default


def _gpt2(c: Mapping[str, Any], t: str) -> dict[str, Any]:
    d = _get(c, "n_embd", t)
    inner = _get(c, "n_inner", t, None)
    return dict(
        vocab_size=_get(c, "vocab_size", t),
        d_model=d,
        n_layers=_get(c, "n_layer", t),
        n_heads=_get(c, "n_head", t),
        ffn_dim=4 * d if inner is None and _is_int(d) else inner,
        ffn_type="gelu",
        tied_embeddings=_get(c, "tie_word_embeddings", t, True),
        position="learned",
        max_positions=_get(c, "n_positions", t),
        attn_bias=True,
        attn_out_bias=True,
        mlp_bias=True,
        norm="layernorm",
    )


# num_key_value_heads when config.json omits it: the transformers config class defaults
# (None means "= num_attention_heads"; qwen2/qwen3 default to 32 whatever the head count).
_KV_HEADS_DEFAULT = {"llama": None, "mistral": 8, "mixtral": 8, "qwen2": 32, "qwen3": 32, "qwen3_moe": 4}


def _common(c: Mapping[str, Any], t: str) -> dict[str, Any]:
    """Keys shared by the Llama family (llama, mistral, mixtral, qwen2, qwen3, qwen3_moe)."""
    return dict(
        vocab_size=_get(c, "vocab_size", t),
        d_model=_get(c, "hidden_size", t),
        n_layers=_get(c, "num_hidden_layers", t),
        n_heads=_get(c, "num_attention_heads", t),
        # Absent: the class default; explicit null: one key/value head per query head.
        n_kv_heads=c["num_key_value_heads"] if "num_key_value_heads" in c else _KV_HEADS_DEFAULT[t],
        head_dim=_get(c, "head_dim", t, None),
        ffn_dim=_get(c, "intermediate_size", t),
        tied_embeddings=_get(c, "tie_word_embeddings", t, False),
    )


def _llama(c: Mapping[str, Any], t: str) -> dict[str, Any]:
    bias = _get(c, "attention_bias", t, False)
    return _common(c, t) | dict(attn_bias=bias, attn_out_bias=bias, mlp_bias=_get(c, "mlp_bias", t, False))


def _mistral(c: Mapping[str, Any], t: str) -> dict[str, Any]:
    return _common(c, t)


def _mixtral(c: Mapping[str, Any], t: str) -> dict[str, Any]:
    return _common(c, t) | dict(
        n_experts=_get(c, "num_local_experts", t),
        top_k=_get(c, "num_experts_per_tok", t),
    )


def _qwen2(c: Mapping[str, Any], t: str) -> dict[str, Any]:
    return _common(c, t) | dict(attn_bias=True)


def _qwen3(c: Mapping[str, Any], t: str) -> dict[str, Any]:
    bias = _get(c, "attention_bias", t, False)
    # Qwen3Config's head_dim defaults to 128; Qwen3MoeConfig has none, so hidden / heads.
    head_dim = _get(c, "head_dim", t, 128 if t == "qwen3" else None)
    return _common(c, t) | dict(head_dim=head_dim, attn_bias=bias, attn_out_bias=bias, qk_norm=True)


def _qwen3_moe(c: Mapping[str, Any], t: str) -> dict[str, Any]:
    experts = _get(c, "num_experts", t, 0)
    moe = (
        dict(
            n_experts=experts,
            top_k=_get(c, "num_experts_per_tok", t),
            expert_ffn_dim=_get(c, "moe_intermediate_size", t),
            moe_layer_step=_get(c, "decoder_sparse_step", t, 1),
            dense_layer_ids=_get(c, "mlp_only_layers", t, []),
        )
        if experts
        else {}
    )
    return _qwen3(c, t) | moe


def _deepseek_v3(c: Mapping[str, Any], t: str) -> dict[str, Any]:
    nope, rope = _get(c, "qk_nope_head_dim", t), _get(c, "qk_rope_head_dim", t)
    bias = _get(c, "attention_bias", t, False)
    return dict(
        vocab_size=_get(c, "vocab_size", t),
        d_model=_get(c, "hidden_size", t),
        n_layers=_get(c, "num_hidden_layers", t),
        n_heads=_get(c, "num_attention_heads", t),
        ffn_dim=_get(c, "intermediate_size", t),
        tied_embeddings=_get(c, "tie_word_embeddings", t, False),
        attn_bias=bias,
        attn_out_bias=bias,
        n_experts=_get(c, "n_routed_experts", t),
        n_shared_experts=_get(c, "n_shared_experts", t, 0),
        top_k=_get(c, "num_experts_per_tok", t),
        expert_ffn_dim=_get(c, "moe_intermediate_size", t),
        first_dense_layers=_get(c, "first_k_dense_replace", t, 0),
        attention="mla",
        q_lora_rank=_get(c, "q_lora_rank", t, None),
        kv_lora_rank=_get(c, "kv_lora_rank", t),
        qk_rope_head_dim=rope,
        qk_nope_head_dim=nope,
        v_head_dim=_get(c, "v_head_dim", t),
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_READERS = {
    "gpt2": _gpt2,
    "llama": _llama,
    "mistral": _mistral,
    "mixtral": _mixtral,
    "qwen2": _qwen2,
    "qwen3": _qwen3,
    "qwen3_moe": _qwen3_moe,
    "deepseek_v3": _deepseek_v3,
    "kimi_k2": _deepseek_v3,  # Kimi K2 ships the DeepSeek-V3 architecture (its modeling code)
}
SUPPORTED_MODEL_TYPES = tuple(_READERS)


def from_hf_config(config: Mapping[str, Any], name: str | None = None) -> ModelConfig:
    """Read a Hugging Face ``config.json`` (as a dict) into a :class:`ModelConfig`.

    Supports the ``model_type`` values in :data:`SUPPORTED_MODEL_TYPES`. Core sizes must be
    present; optional keys take the defaults of the ``transformers`` config class of that type.
    Any problem raises ``ValueError`` with the key and the reason.
    Notebook 01, section '6. Our counts against the published ones' (the configurations behind the table).
    """
    if not isinstance(config, Mapping):
        raise ValueError(f"config must be a mapping (a parsed config.json), got {type(config).__name__}")
    model_type = config.get("model_type")
    if not isinstance(model_type, str) or model_type not in _READERS:
        raise ValueError(f"model_type must be one of {', '.join(SUPPORTED_MODEL_TYPES)}; got {model_type!r}")
    values = _READERS[model_type](config, model_type)
    if isinstance(values.get("dense_layer_ids"), list):
        values["dense_layer_ids"] = tuple(values["dense_layer_ids"])
    label = name if name is not None else str(config.get("_name_or_path") or model_type)
    return ModelConfig(name=label, extra={"model_type": model_type}, **values)


__all__ = [
    "ModelConfig",
    "ParamCount",
    "count_params",
    "from_hf_config",
    "dense_params",
    "ffn_params",
    "gqa_attention_params",
    "attention_params",
    "narayanan_params",
    "kaplan_non_embedding_params",
    "SUPPORTED_MODEL_TYPES",
]
