"""The GPU table lookup that memory, compute and power share."""

import pytest

from helpers.calc import catalog


@pytest.mark.parametrize("name", ["H100", "h100", "H100 SXM", "H100 SXM5 80GB"])
def test_gpu_by_key_name_or_unique_start(name):
    row = catalog.gpu(name)
    assert row["gpu"] == "H100"
    assert row["memory_bytes"] == 80 * 10**9  # NVIDIA datasheet: 80 GB
    assert row["bf16_dense_tflops"] == 989.4
    assert row["tdp_w"] == 700


def test_gpu_memory_units():
    assert catalog.gpu("H200")["memory_bytes"] == 141 * 10**9
    assert catalog.gpu("TPU v5p")["memory_bytes"] == 95 * 2**30  # Google states GiB


def test_missing_figures_are_none():
    assert catalog.gpu("TPU v5p")["tdp_w"] is None


@pytest.mark.parametrize(
    "name, message", [("H1", "ambiguous"), ("RTX 9090", "known: V100"), ("", "gpu must be"), (None, "gpu must be")]
)
def test_unknown_or_ambiguous_gpu(name, message):
    with pytest.raises(ValueError, match=message):
        catalog.gpu(name)
