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
    chart = builder.chart.value
    builder.controls["n_layers"].value = 313
    assert builder.count.total == count_params(catalog.model("Llama 3.1 405B").replace(n_layers=313)).total
    assert builder.count.total > 10**12
    assert builder.chart.value != chart
    assert "Your model: 1.00 T parameters by component" in builder.chart.value


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


def test_breakdown_chart_bars_are_proportional():
    from helpers.plots import breakdown_html

    count = count_params(catalog.model("Kimi K2"))
    chart = breakdown_html(count, "Kimi K2")
    assert 'style="width:100.000%;background:#0072B255"' in chart  # routed experts: the largest part
    assert f'width:{100 * 8 / 384:.3f}%;background:#0072B2"' in chart  # one token uses 8 of 384
    attention = 100 * count.attention / count.routed_experts
    assert f'width:{attention:.3f}%;background:#56B4E955' in chart
