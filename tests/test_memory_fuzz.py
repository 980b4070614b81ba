"""Property-based tests: any input to the memory calculator gives sane bytes or a clear ValueError."""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from helpers.calc import catalog
from helpers.calc.memory import Parallelism, gpus_needed, kv_cache_bytes, training_memory, weights_bytes

JUNK = st.one_of(
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            None,
            True,
            False,
            "",
            "amp",
            "bf16",
            "fp8",
            "none",
            "full",
            "selective",
            "sdpa",
            "eager",
            [],
            0,
            1,
            2,
            0.1,
            np.int64(4),
            np.array([1, 2]),
            np.array([0]),
            np.array([1.5]),
        ]
    ),
    st.text(max_size=4),
)
MODELS = st.sampled_from(["Llama 3.1 8B", "Kimi K2", "DeepSeek-V3", "GPT-3 175B", "Mixtral 8x7B"])


@given(
    MODELS,
    st.dictionaries(
        st.sampled_from(["batch", "seq", "precision", "recompute", "attention", "dropout", "mode", "optimizer"]),
        JUNK,
        max_size=4,
    ),
)
def test_training_memory_gives_bytes_or_value_error(model, changes):
    cfg = catalog.model(model)
    try:
        step = training_memory(cfg, **({"batch": 1, "seq": 256} | changes))
    except ValueError as error:
        assert str(error)
        return
    peak = np.asarray(step.peak_bytes, dtype=float)
    assert np.all(np.isfinite(peak)) and np.all(peak >= step.static_bytes) and np.all(peak > 0)


@given(st.dictionaries(st.sampled_from(["dp", "tp", "pp", "ep", "zero_stage", "sp"]), JUNK, max_size=4))
def test_parallelism_is_valid_or_explained(changes):
    try:
        par = Parallelism(**changes)
    except ValueError as error:
        assert str(error)
        return
    assert par.gpus >= 1 and par.dp % par.ep == 0


@given(MODELS, JUNK, JUNK, st.sampled_from(["bf16", "fp8", "mxfp4", "nvfp4", "int4", "fp32"]))
def test_inference_bytes_or_value_error(model, batch, seq, dtype):
    cfg = catalog.model(model)
    try:
        kv = kv_cache_bytes(cfg, batch, seq, dtype)
        count = gpus_needed(cfg, "H200", batch=batch, seq=seq, dtype=dtype)
    except ValueError as error:
        assert str(error)
        return
    assert np.all(np.asarray(kv) > 0)
    assert np.all(np.asarray(count) >= math.ceil(weights_bytes(cfg, dtype) / 141e9))
