"""The GPU-memory explorer of notebook 02: each control changes the shown bytes to helpers' values."""

import pytest

from helpers.calc import catalog, memory
from helpers.views.memory_explorer import MemoryExplorer


@pytest.fixture
def explorer():
    return MemoryExplorer("Kimi K2")


def test_inference_default_shows_weights_and_kv_per_gpu(explorer):
    kimi = catalog.model("Kimi K2")
    need = memory.inference_memory(kimi, 1, 4096)
    assert explorer.parts == pytest.approx({"weights": need.weights / 8, "KV cache": need.kv_cache / 8})
    assert "the fewest H100 that hold it: <b>29</b>" in explorer.summary.value
    assert explorer.problem.value == ""


def test_controls_drive_the_numbers(explorer):
    c = explorer.controls
    c["dtype"].value = "fp8"
    c["seq"].value = 131072
    kimi = catalog.model("Kimi K2")
    need = memory.inference_memory(kimi, 1, 131072, "fp8", "bf16")
    assert explorer.parts["weights"] == pytest.approx(need.weights / 8)
    assert explorer.parts["KV cache"] == pytest.approx(need.kv_cache / 8)
    c["task"].value = "training"
    assert c["dtype"].disabled and not c["zero_stage"].disabled
    step = memory.training_memory(
        kimi, 1, 131072, "bf16", "full", parallel=memory.Parallelism(dp=64, tp=8, ep=8, zero_stage=3)
    )
    assert sum(explorer.parts.values()) == pytest.approx(step.peak_bytes)
    assert "512 GPUs" in explorer.summary.value


def test_impossible_settings_explain_themselves(explorer):
    c = explorer.controls
    c["task"].value = "training"
    before = explorer.summary.value
    c["ep"].value = 128  # more expert groups than data-parallel replicas
    assert "ep must divide dp=64" in explorer.problem.value
    assert explorer.summary.value == before  # the last valid result stays
    c["ep"].value = 8
    assert explorer.problem.value == ""
    c["zero_stage"].value = 0
    c["tp"].value = 1
    assert "no number of data-parallel GPUs makes it fit" in explorer.summary.value


def test_custom_models_join_the_presets():
    dense = catalog.model("Llama 3.1 405B").replace(n_layers=256, name="custom")
    explorer = MemoryExplorer("custom", models={"custom": dense})
    assert explorer.parts["weights"] == pytest.approx(memory.weights_bytes(dense) / 8)
