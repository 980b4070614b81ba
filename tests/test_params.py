"""helpers.calc.params pinned to published numbers and to models that transformers builds."""

import numpy as np
import pytest

from helpers.calc.params import (
    ModelConfig,
    count_params,
    dense_params,
    from_hf_config,
    kaplan_non_embedding_params,
    narayanan_params,
)


def llama(vocab, d, layers, heads, kv, ffn, **extra):
    return {
        "model_type": "llama",
        "vocab_size": vocab,
        "hidden_size": d,
        "num_hidden_layers": layers,
        "num_attention_heads": heads,
        "num_key_value_heads": kv,
        "intermediate_size": ffn,
        **extra,
    }


DEEPSEEK_V3 = {  # transformers' DeepseekV3Config defaults = deepseek-ai/DeepSeek-V3 config_671B
    "model_type": "deepseek_v3",
    "vocab_size": 129280,
    "hidden_size": 7168,
    "intermediate_size": 18432,
    "moe_intermediate_size": 2048,
    "num_hidden_layers": 61,
    "num_attention_heads": 128,
    "n_shared_experts": 1,
    "n_routed_experts": 256,
    "num_experts_per_tok": 8,
    "first_k_dense_replace": 3,
    "q_lora_rank": 1536,
    "kv_lora_rank": 512,
    "qk_rope_head_dim": 64,
    "qk_nope_head_dim": 128,
    "v_head_dim": 128,
    "tie_word_embeddings": False,
}
KIMI_K2 = DEEPSEEK_V3 | {
    "model_type": "kimi_k2",
    "vocab_size": 163840,
    "num_attention_heads": 64,
    "n_routed_experts": 384,
    "first_k_dense_replace": 1,
}


# The reference values: transformers models built on the meta device,
# sum(p.numel() for p in model.parameters()).
@pytest.mark.parametrize(
    ("config", "total", "active"),
    [
        (DEEPSEEK_V3, 671_026_404_352, 37_552_282_624),
        (KIMI_K2, 1_026_408_209_408, 32_861_477_888),
        (llama(128256, 16384, 126, 128, 8, 53248), 405_853_388_800, None),  # Llama 3.1 405B
        (llama(128256, 4096, 32, 32, 8, 14336), 8_030_261_248, None),  # Llama 3.1 8B
        (llama(32000, 8192, 80, 64, 8, 28672), 68_976_648_192, None),  # Llama 2 70B
    ],
    ids=["DeepSeek-V3", "Kimi-K2", "Llama-3.1-405B", "Llama-3.1-8B", "Llama-2-70B"],
)
def test_reference_models_match_exactly(config, total, active):
    count = count_params(from_hf_config(config))
    assert count.total == total
    assert count.active == (total if active is None else active)
    assert all(type(v) is int for v in count.breakdown().values())


def test_deepseek_v3_components():
    """Per-layer MLA size 187.1M (facts/llm.md 2.1) and the README_WEIGHTS split of embedding/head."""
    cfg = from_hf_config(DEEPSEEK_V3)
    count = count_params(cfg)
    assert count.attention // 61 == 187_107_328
    assert count.embeddings == count.lm_head == 129280 * 7168  # "0.9B embedding + 0.9B head"
    assert len(cfg.moe_layers()) == 58
    assert count.routed_experts == 58 * 256 * 3 * 7168 * 2048
    assert count.router == 58 * 256 * 7168


def gpt(layers, d, vocab=50257, seq=2048):
    """GPT-3 / Megatron GPT: LayerNorm, biases, learned positions, tied embeddings, d_ff = 4d."""
    return ModelConfig(
        vocab_size=vocab,
        d_model=d,
        n_layers=layers,
        n_heads=max(1, d // 128),
        ffn_dim=4 * d,
        ffn_type="gelu",
        tied_embeddings=True,
        position="learned",
        max_positions=seq,
        attn_bias=True,
        attn_out_bias=True,
        mlp_bias=True,
        norm="layernorm",
    )


# Brown et al. 2020, Table 2.1 (shapes) and Table D.1 (parameters in millions, as printed).
# 13B: Table 2.1 prints d_model 5140, a typo: 40 heads x 128 = 5120 reproduces D.1's 12,850M.
GPT3 = [
    ("Small", 12, 768, 125),
    ("Medium", 24, 1024, 356),
    ("Large", 24, 1536, 760),
    ("XL", 24, 2048, 1320),
    ("2.7B", 32, 2560, 2650),
    ("6.7B", 32, 4096, 6660),
    ("13B", 40, 5120, 12850),
    ("175B", 96, 12288, 174600),
]


@pytest.mark.parametrize(("name", "layers", "d", "published_m"), GPT3, ids=[g[0] for g in GPT3])
def test_gpt3_table_d1_to_its_printed_precision(name, layers, d, published_m):
    total_m = count_params(gpt(layers, d)).total / 1e6
    digits = len(str(published_m).rstrip("0")) if published_m % 10 == 0 else len(str(published_m))
    rounded = float(f"{total_m:.{max(digits, 3)}g}")
    assert rounded == published_m, (name, total_m)


# Narayanan et al. 2021, Table 1: (billions as printed, heads, hidden, layers); V = 51,200, s = 2,048.
MEGATRON = [
    (1.7, 24, 2304, 24),
    (3.6, 32, 3072, 30),
    (7.5, 32, 4096, 36),
    (18.4, 48, 6144, 40),
    (39.1, 64, 8192, 48),
    (76.1, 80, 10240, 60),
    (145.6, 96, 12288, 80),
    (310.1, 128, 16384, 96),
    (529.6, 128, 20480, 105),
    (1008.0, 160, 25600, 128),
]


@pytest.mark.parametrize(("billions", "heads", "d", "layers"), MEGATRON, ids=[str(m[0]) for m in MEGATRON])
def test_megatron_table1(billions, heads, d, layers):
    eq2 = narayanan_params(layers, d, 51200, 2048)
    assert round(eq2 / 1e9, 1) == billions
    cfg = gpt(layers, d, vocab=51200).replace(n_heads=heads)
    # Our count of the same block: Eq. 2 plus the final LayerNorm (2h) that Eq. 2 leaves out.
    assert count_params(cfg).total == eq2 + 2 * d


def test_megatron_1t_exact():
    assert narayanan_params(128, 25600, 51200, 2048) == 1_008_038_707_200


def test_kaplan_non_embedding_is_12_l_d_squared():
    assert kaplan_non_embedding_params(96, 12288) == 12 * 96 * 12288**2
    # GPT-3 175B: 173.9B non-embedding parameters (Kaplan's N excludes embeddings, biases, norms).
    assert kaplan_non_embedding_params(96, 12288) == 173_946_175_488


def test_dense_params_vectorised_equals_count_params():
    d = np.array([4096, 8192, 16384])
    layers = np.array([32, 80, 126])
    ffn = np.array([14336, 28672, 53248])
    heads = np.array([32, 64, 128])
    vector = dense_params(128256, d, layers, heads, 8, ffn)
    for i in range(3):
        cfg = ModelConfig(
            vocab_size=128256,
            d_model=int(d[i]),
            n_layers=int(layers[i]),
            n_heads=int(heads[i]),
            n_kv_heads=8,
            ffn_dim=int(ffn[i]),
        )
        assert vector[i] == count_params(cfg).total
    assert vector[2] == 405_853_388_800


def test_gpt2_small_and_untied_variant():
    cfg = from_hf_config(
        {"model_type": "gpt2", "vocab_size": 50257, "n_embd": 768, "n_layer": 12, "n_head": 12, "n_positions": 1024}
    )
    assert count_params(cfg).total == 124_439_808  # nanoGPT's "124M"
    untied = count_params(cfg.replace(tied_embeddings=False))
    assert untied.total - count_params(cfg).total == 50257 * 768


def test_moe_active_counts_only_top_k_routed_experts():
    cfg = from_hf_config(
        {
            "model_type": "mixtral",
            "vocab_size": 32000,
            "hidden_size": 4096,
            "intermediate_size": 14336,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": 8,
            "num_local_experts": 8,
            "num_experts_per_tok": 2,
        }
    )
    count = count_params(cfg)
    expert = 3 * 4096 * 14336
    assert count.routed_experts == 32 * 8 * expert
    assert count.total - count.active == 32 * 6 * expert
    assert count.total == 46_702_792_704  # Mixtral 8x7B, "46.7B total"


def test_qwen3_moe_layer_pattern():
    base = {
        "model_type": "qwen3_moe",
        "vocab_size": 1000,
        "hidden_size": 64,
        "intermediate_size": 128,
        "moe_intermediate_size": 32,
        "num_hidden_layers": 6,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "head_dim": 16,
        "num_experts": 8,
        "num_experts_per_tok": 2,
    }
    assert from_hf_config(base).moe_layers() == (0, 1, 2, 3, 4, 5)
    assert from_hf_config(base | {"decoder_sparse_step": 2}).moe_layers() == (1, 3, 5)
    assert from_hf_config(base | {"decoder_sparse_step": 2, "mlp_only_layers": [3]}).moe_layers() == (1, 5)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"d_model": 0}, "d_model must be an integer >= 1, got 0"),
        ({"n_layers": -3}, "n_layers must be an integer >= 1, got -3"),
        ({"vocab_size": float("nan")}, "vocab_size must be an integer >= 1, got nan"),
        ({"ffn_dim": "4096"}, "ffn_dim must be an integer >= 1, got '4096'"),
        ({"n_heads": 7}, "n_heads must divide d_model=64"),
        ({"n_kv_heads": 3}, "n_kv_heads must divide n_heads=8"),
        ({"n_experts": 4, "top_k": 5}, "top_k must be an integer from 1 to 4, got 5"),
        ({"n_experts": 4, "top_k": 0}, "top_k must be an integer from 1 to 4, got 0"),
        ({"top_k": 2}, "top_k must be 0 for a dense model"),
        ({"ffn_type": "relu3"}, "ffn_type must be one of 'gelu', 'swiglu'"),
        ({"tied_embeddings": "yes"}, "tied_embeddings must be true or false"),
        ({"attention": "mla"}, "kv_lora_rank is required when attention='mla'"),
        ({"kv_lora_rank": 64}, "kv_lora_rank is an MLA setting"),
        ({"position": "learned"}, "max_positions must be an integer >= 1 for learned positions"),
        ({"n_experts": 4, "top_k": 1, "first_dense_layers": 9}, "first_dense_layers must be an integer from 0 to 4"),
    ],
)
def test_invalid_configs_name_field_value_and_range(changes, message):
    base = dict(vocab_size=100, d_model=64, n_layers=4, n_heads=8, ffn_dim=128)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ModelConfig(**(base | changes))


def test_unknown_model_type_lists_the_supported_ones():
    with pytest.raises(
        ValueError,
        match="model_type must be one of gpt2, llama, mistral, mixtral, qwen2, qwen3, "
        "qwen3_moe, deepseek_v3, kimi_k2; got 'bert'",
    ):
        from_hf_config({"model_type": "bert"})


def test_missing_key_is_named():
    with pytest.raises(ValueError, match="config is missing 'hidden_size', which model_type 'llama' needs"):
        from_hf_config({"model_type": "llama", "vocab_size": 10})


# Table 2.1's "n_params" column is a nominal label per size; within 2% of the exact count
# (Medium's "350M" is the loosest: 355.9M, printed as 356M in Table D.1).
TABLE_2_1 = [
    (12, 768, 125e6),
    (24, 1024, 350e6),
    (24, 1536, 760e6),
    (24, 2048, 1.3e9),
    (32, 2560, 2.7e9),
    (32, 4096, 6.7e9),
    (40, 5120, 13.0e9),
    (96, 12288, 175.0e9),
]


@pytest.mark.parametrize(("layers", "d", "label"), TABLE_2_1, ids=[f"{t[2]:.3g}" for t in TABLE_2_1])
def test_gpt3_table_2_1_labels(layers, d, label):
    assert count_params(gpt(layers, d)).total == pytest.approx(label, rel=0.02)
