"""Property-based tests: random and malformed input gives a valid count or a clear ValueError."""

from dataclasses import fields

from hypothesis import given
from hypothesis import strategies as st

from helpers import data
from helpers.calc.params import SUPPORTED_MODEL_TYPES, ModelConfig, ParamCount, count_params, from_hf_config

JUNK = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=-2, max_value=64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            float("nan"),
            0,
            -1,
            0.5,
            4096.0,
            "4096",
            "",
            None,
            True,
            False,
            [],
            {},
            [0, 1],
            "swiglu",
            "gelu",
            "mla",
            "mha",
            "learned",
            "rotary",
            "layernorm",
            10**30,
        ]
    ),
    st.text(max_size=5),
)
CONFIG_FIELDS = [f.name for f in fields(ModelConfig) if f.name != "extra"]


def assert_valid(count: ParamCount) -> None:
    parts = count.breakdown()
    assert all(type(v) is int and v >= 0 for v in parts.values())
    assert type(count.active_routed_experts) is int
    assert 0 < count.active <= count.total == sum(parts.values())


@given(st.dictionaries(st.sampled_from(CONFIG_FIELDS), JUNK, max_size=12))
def test_model_config_junk_gives_count_or_value_error(changes):
    base = dict(vocab_size=1000, d_model=64, n_layers=2, n_heads=4, ffn_dim=256)
    if changes.get("n_experts") and "n_layers" not in changes:
        changes["n_layers"] = 10**18  # experts over an astronomically deep stack: still instant
    try:
        cfg = ModelConfig(**(base | changes))
    except ValueError as error:
        assert str(error)  # a message a reader can act on
        return
    assert_valid(count_params(cfg))


@st.composite
def valid_configs(draw):
    heads = draw(st.integers(1, 64))
    kv = draw(st.sampled_from([d for d in range(1, heads + 1) if heads % d == 0]))
    experts = draw(st.integers(0, 64))
    layers = draw(st.integers(1, 200))
    moe = {}
    if experts:
        moe = dict(
            n_experts=experts,
            top_k=draw(st.integers(1, experts)),
            n_shared_experts=draw(st.integers(0, 4)),
            expert_ffn_dim=draw(st.integers(1, 10**5)),
            first_dense_layers=draw(st.integers(0, layers)),
            moe_layer_step=draw(st.integers(1, 4)),
            dense_layer_ids=draw(st.lists(st.integers(0, layers - 1), max_size=3)),
        )
    return ModelConfig(
        vocab_size=draw(st.integers(1, 10**6)),
        d_model=heads * draw(st.integers(1, 512)),
        n_layers=layers,
        n_heads=heads,
        n_kv_heads=kv,
        ffn_dim=draw(st.integers(1, 10**6)),
        ffn_type=draw(st.sampled_from(["gelu", "swiglu"])),
        tied_embeddings=draw(st.booleans()),
        attn_bias=draw(st.booleans()),
        mlp_bias=draw(st.booleans()),
        qk_norm=draw(st.booleans()),
        norm=draw(st.sampled_from(["rmsnorm", "layernorm"])),
        **moe,
    )


@given(valid_configs())
def test_valid_configs_count_consistently(cfg):
    count = count_params(cfg)
    assert_valid(count)
    assert cfg.n_moe_layers == len(cfg.moe_layers())
    deeper = count_params(cfg.replace(n_layers=cfg.n_layers + 1))
    assert deeper.total > count.total
    if not cfg.is_moe:
        assert count.active == count.total


REAL = {name: {k: v for k, v in c.items() if not k.startswith("_")} for name, c in data.load_json("hf_configs").items()}


@st.composite
def mangled_hf_configs(draw):
    config = dict(draw(st.sampled_from(sorted(REAL.items())))[1])
    for key in draw(st.lists(st.sampled_from(sorted(config)), max_size=4)):
        if draw(st.booleans()):
            config.pop(key, None)
        else:
            config[key] = draw(JUNK)
    return config


@given(
    st.one_of(
        mangled_hf_configs(),
        st.dictionaries(st.text(max_size=8), JUNK, max_size=6),
        st.fixed_dictionaries(
            {"model_type": st.sampled_from(SUPPORTED_MODEL_TYPES)},
            optional={
                k: JUNK
                for k in ("hidden_size", "vocab_size", "num_hidden_layers", "num_attention_heads", "intermediate_size")
            },
        ),
        JUNK,
    )
)
def test_from_hf_config_gives_count_or_value_error(config):
    try:
        cfg = from_hf_config(config)
    except ValueError as error:
        assert str(error)
        return
    assert_valid(count_params(cfg))
