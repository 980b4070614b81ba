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


def test_a_bar_past_the_gpu_line_is_marked_as_not_fitting(explorer):
    """Kimi K2 with GQA at 131,072 tokens and 64 sequences on 8 H100: the bytes past the line are
    hatched (class t-unfit) and a sentence says how many GPUs it needs."""
    c = explorer.controls
    c["model"].value = "Kimi K2"
    c["dtype"].value = "fp8"
    c["tp"].value = 16
    assert sum(explorer.parts.values()) <= memory.USABLE_FRACTION * 80e9
    assert "t-unfit" not in explorer.chart.value and "Does not fit" not in explorer.chart.value
    c["tp"].value = 1
    total = sum(explorer.parts.values())
    assert total > memory.USABLE_FRACTION * 80e9
    assert 'class="t-stack t-unfit"' in explorer.chart.value and "t-unfit-part" in explorer.chart.value
    fewest = memory.gpus_needed(catalog.model("Kimi K2"), "H100", "inference", 1, 4096, "fp8", "bf16")
    assert f"it needs at least {fewest} H100" in explorer.chart.value
    assert "the 72.0 GB one H100 may use" in explorer.chart.value


def test_the_unfit_sentence_in_both_languages():
    from helpers.views.memory_explorer import unfit_text

    assert unfit_text(257e9, 72e9, "H100", 29, "en") == (
        "Does not fit: 257 GB per GPU, more than the 72.0 GB one H100 may use; it needs at least 29 H100."
    )
    ja = unfit_text(257e9, 72e9, "H100", 29, "ja")
    assert "257 GB" in ja and "29" in ja and "Does not fit" not in ja
    assert "raise TP, PP or the ZeRO stage" in unfit_text(257e9, 72e9, "H100", None, "en")


def test_explorer_labels_show_whole_in_japanese():
    from helpers.views.widgets import label_px

    ja = MemoryExplorer("Kimi K2", lang="ja")
    widths = {c.style.description_width for c in ja.controls.values()}
    assert len(widths) == 1  # one column, lined up
    (width,) = widths
    assert int(width.removesuffix("px")) >= label_px([c.description for c in ja.controls.values()])
