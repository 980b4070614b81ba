"""The model builder: sliders change the count and the figure; impossible input explains itself."""

import pytest

from helpers import catalog
from helpers.builder import ModelBuilder
from helpers.params import count_params


@pytest.fixture(scope="module")
def builder():
    return ModelBuilder(preset="Kimi K2")


def test_preset_is_counted_exactly(builder):
    builder.controls["preset"].value = "Kimi K2"
    assert builder.count.total == 1_026_408_209_408
    assert builder.config == catalog.model("Kimi K2")
    assert "1.03 T" in builder.summary.value and "32.9 B" in builder.summary.value


def test_slider_updates_count_and_figure(builder):
    builder.controls["preset"].value = "Llama 3.1 405B"
    png = builder.view.widget.value
    builder.controls["n_layers"].value = 313
    assert builder.count.total == count_params(catalog.model("Llama 3.1 405B").replace(n_layers=313)).total
    assert builder.count.total > 10**12
    assert builder.view.widget.value != png
    assert builder.chart.title.get_text().startswith("Your model: 1.00 T")


def test_impossible_combination_is_explained_not_raised(builder):
    builder.controls["preset"].value = "Llama 3.1 405B"
    before = builder.count
    builder.controls["n_kv_heads"].value = 3
    assert "n_kv_heads must divide n_heads=128" in builder.problem.value
    assert builder.count == before  # the last valid result stays on screen
    builder.controls["n_kv_heads"].value = 8
    assert builder.problem.value == ""


def test_dense_model_ignores_expert_sliders(builder):
    builder.controls["preset"].value = "Llama 3.1 8B"
    builder.controls["top_k"].value = 4  # no experts: top-k is disabled and ignored
    assert builder.controls["top_k"].disabled
    assert builder.count.total == 8_030_261_248


def test_turning_a_dense_model_into_moe(builder):
    builder.controls["preset"].value = "Llama 3.1 8B"
    builder.controls["top_k"].value = 2
    builder.controls["n_experts"].value = 8
    assert builder.count.active < builder.count.total
    assert builder.problem.value == ""
