"""helpers.calc.memory pinned to measurements (data/measured/) and to the papers' worked examples."""

import numpy as np
import pytest

from helpers import data
from helpers.calc import catalog
from helpers.calc.evidence import DTYPES as DTYPE
from helpers.calc.evidence import measured_config
from helpers.calc.memory import (
    FORMATS,
    STATE_CONVENTIONS,
    bytes_per_element,
    kv_bytes_per_token,
    kv_cache_bytes,
    weights_bytes,
    zero_model_states_bytes,
)
from helpers.calc.params import ModelConfig, count_params


@pytest.mark.parametrize(
    "row", data.load("measured/h200_weights").to_dict("records"), ids=lambda r: f"{r['arch']}-{r['dtype']}"
)
def test_weights_equal_h200_allocation(row):
    """GPT-2: the allocation is exactly params x bytes. Llama also allocates non-parameter buffers:
    the rotary inv_freq and original_inv_freq (64 fp32 values each, 512 bytes after the CUDA
    allocator's 512-byte rounding) and, in the bf16 build, one further 2 MiB block."""
    cfg = measured_config(row)
    assert count_params(cfg).total == row["params"]
    predicted = weights_bytes(cfg, DTYPE[row["dtype"]])
    assert predicted == row["params"] * {"float32": 4, "bfloat16": 2}[row["dtype"]]
    buffers = 0 if row["arch"] == "gpt2" else 2 * 512 + (2 * 2**20 if row["dtype"] == "bfloat16" else 0)
    assert predicted + buffers == row["allocated"]


@pytest.mark.parametrize(
    "row", data.load("measured/h200_kv_cache").to_dict("records"), ids=lambda r: f"b{r['batch']}-s{r['seq']}"
)
def test_kv_cache_equals_h200_allocation(row):
    cfg = ModelConfig(
        vocab_size=32000,
        d_model=int(row["d_model"]),
        n_layers=int(row["n_layers"]),
        n_heads=int(row["n_heads"]),
        n_kv_heads=int(row["n_kv_heads"]),
        head_dim=int(row["head_dim"]),
        ffn_dim=5632,
    )
    predicted = kv_cache_bytes(cfg, int(row["batch"]), int(row["seq"]), "bf16")
    workspace = 32 * 2**20 if (row["batch"], row["seq"]) == (1, 4096) else 0  # cuBLAS, first run only (README)
    assert predicted + workspace == row["kv_bytes_measured"]


def test_kv_per_token_published_examples():
    """facts/llm.md 2.4: per-token KV bytes in bf16."""
    assert kv_bytes_per_token(catalog.model("Llama 3.1 8B")) == 131_072
    assert kv_bytes_per_token(catalog.model("Llama 3.1 405B")) == 516_096
    assert kv_bytes_per_token(catalog.model("DeepSeek-V3")) == 70_272  # MLA: 61 x (512 + 64) x 2
    assert kv_bytes_per_token(catalog.model("Kimi K2")) == 70_272
    gpt3 = catalog.model("GPT-3 175B")
    assert kv_bytes_per_token(gpt3) == 4_718_592


def test_kv_cache_sweeps_are_vectorised():
    llama = catalog.model("Llama 3.1 8B")
    seq = np.arange(1, 100_001)
    swept = kv_cache_bytes(llama, 1, seq)
    assert swept.shape == (100_000,) and swept[4095] == 4096 * 131_072
    with pytest.raises(ValueError, match="seq must hold integers from 1 to 16777216"):
        kv_cache_bytes(llama, 1, np.array([0, 5]))
    with pytest.raises(ValueError, match="batch must be an integer from 1 to 1048576, got 0"):
        kv_cache_bytes(llama, 0, 10)


def test_block_formats():
    assert bytes_per_element("bf16") == 2 and bytes_per_element("fp8") == 1
    assert bytes_per_element("mxfp4") == 4.25 / 8  # one 8-bit scale per 32 values
    assert bytes_per_element("nvfp4") == 4.5 / 8  # one FP8 scale per 16 values
    kimi = catalog.model("Kimi K2")
    n = count_params(kimi).total
    assert weights_bytes(kimi, "mxfp4") == pytest.approx(n * 4.25 / 8, abs=1)
    assert weights_bytes(kimi, "nvfp4") > n * 4.5 / 8  # plus one FP32 scale per weight matrix
    with pytest.raises(ValueError, match="dtype must be one of 'fp32', 'bf16'"):
        weights_bytes(kimi, "fp12")
    assert all(f.source for f in FORMATS.values())


def test_zero_paper_examples():
    """ZeRO Figure 1: 7.5B parameters, N_d = 64, K = 12; and the 1T / 1024-GPU headline."""
    expected = {0: 120e9, 1: 31.4e9, 2: 16.6e9, 3: 1.9e9}
    for stage, bytes_ in expected.items():
        assert zero_model_states_bytes(7.5e9, 64, stage) == pytest.approx(bytes_, rel=0.02)
    assert zero_model_states_bytes(1e12, 1024, 3) == pytest.approx(15.625e9)
    assert zero_model_states_bytes(1e12, 1, 0) == 16e12  # "a trillion parameters need ~16 TB"


def test_state_conventions():
    totals = {name: c.total for name, c in STATE_CONVENTIONS.items()}
    assert totals == {
        "zero_mixed": 16,
        "amp": 16,
        "bf16": 8,
        "adam_8bit": 10,
        "eleuther_cookbook": 18,
        "scaling_book": 10,
    }


def test_what_mla_saves():
    """Kimi K2 with full keys (128 + 64) and values (128) for 64 heads in 61 layers, bf16."""
    from helpers.calc.memory import kv_bytes_per_token_without_mla

    kimi = catalog.model("Kimi K2")
    assert kv_bytes_per_token_without_mla(kimi) == 61 * 64 * (128 + 64 + 128) * 2 == 2_498_560
    assert kv_bytes_per_token_without_mla(kimi) / kv_bytes_per_token(kimi) == pytest.approx(35.56, abs=0.01)
    with pytest.raises(ValueError, match="attention must be 'mla'"):
        kv_bytes_per_token_without_mla(catalog.model("Llama 3.1 8B"))


def test_gpus_to_hold_bytes():
    from helpers.calc.memory import gpus_for_bytes

    assert gpus_for_bytes(2e12, "H100") == 25 and gpus_for_bytes(2e12 + 1, "H100") == 26
    assert list(gpus_for_bytes(np.array([1, 141e9, 141e9 + 1]), "H200")) == [1, 1, 2]
