"""The model builder: sliders change the count and the figure; impossible input explains itself."""

import pytest

from helpers.calc import catalog
from helpers.calc.params import count_params
from helpers.views import units
from helpers.views.builder import ModelBuilder


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
    from helpers.views.plots import breakdown_html

    count = count_params(catalog.model("Kimi K2"))
    chart = breakdown_html(count, "Kimi K2")
    assert 'style="width:100.000%;background:#0072B255"' in chart  # routed experts: the largest part
    assert f'width:{100 * 8 / 384:.3f}%;background:#0072B2"' in chart  # one token uses 8 of 384
    attention = 100 * count.attention / count.routed_experts
    assert f"width:{attention:.3f}%;background:#56B4E955" in chart


# Japanese (issue 7): every label of the builder, its summary and its chart come from the label table
def english_labels_with_a_japanese_entry():
    from helpers import i18n

    return {en for en, ja in i18n.pairs() if en != ja and "{" not in en and len(en) > 3}


def test_japanese_builder_shows_no_english_label():
    import re

    japanese = ModelBuilder(preset="Kimi K2", lang="ja")
    japanese.controls["n_layers"].value = 40  # "Your model"
    controls = japanese.controls.values()
    shown = [c.description for c in controls]
    shown += [
        str(o[0]) if isinstance(o, tuple) else str(o) for c in controls for o in getattr(c, "_options_labels", ())
    ]
    english = english_labels_with_a_japanese_entry()
    assert not english & set(shown)
    header = japanese.widget().children[0].children[1].children[0].value
    html = header + japanese.summary.value + japanese.chart.value
    assert not [word for word in english if re.search(rf">\s*{re.escape(word)}\b", html)]
    assert "総パラメーター数" in japanese.summary.value and "あなたのモデル" in japanese.chart.value
    assert "ルーテッドエキスパート" in japanese.chart.value and "1トークンが使う部分" in japanese.chart.value
    assert "兆" in japanese.summary.value and " T" not in japanese.summary.value


def test_japanese_tables_show_no_english_label():
    from helpers import data
    from helpers.views import tables

    english = english_labels_with_a_japanese_entry() | {"figure", "value", "year", "model", "total", "active"}
    moe = {"Kimi K2": count_params(catalog.model("Kimi K2"))}
    frames = [
        tables.facts_table(data.load("facts"), lang="ja"),
        tables.comparison_table(catalog.comparison(), lang="ja"),
        tables.breakdown_table(moe, lang="ja"),
    ]
    for frame in frames:
        shown = {str(c) for c in frame.columns} | {str(frame.index.name)}
        assert not english & shown, shown
    assert not english & set(frames[2].index)
    assert set(frames[0]["確度"]) <= {"確認済み", "出典が一つ", "未確認"}
    assert "label_en" not in frames[0].columns and "項目" in frames[0].columns
    assert "兆" in units.describe_params(moe["Kimi K2"], "ja") and "active" not in units.describe_params(
        moe["Kimi K2"], "ja"
    )
    assert list(tables.facts_table(data.load("facts"), lang="en").columns)[:2] == [
        "figure",
        "項目",
    ]  # English keeps both


def test_descriptions_are_wide_enough_to_show_whole():
    from helpers.views.widgets import fitted, label_px

    assert label_px(["MFU (%)"]) == 150  # short labels keep the common column
    assert label_px(["Power drawn (% of rated)"]) > 150  # the one that was cut "Power drawn (% of r…"
    assert label_px(["ルーテッドエキスパート数"]) >= 12 * 13  # twelve full-width characters at 13 px
    assert fitted(200)["style"] == {"description_width": "200px"}
    with pytest.raises(ValueError, match="width"):
        fitted(0)
    with pytest.raises(ValueError, match="descriptions"):
        label_px([None])
    builder = ModelBuilder(lang="ja")
    labelled = [c for name, c in builder.controls.items() if name != "tied_embeddings"]
    widths = {c.style.description_width for c in labelled}
    assert widths == {f"{label_px([c.description for c in labelled])}px"}  # one column, every label whole
