"""The publication pieces of the views layer: one chart style, result notes, tables for reading."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.views import cards, style, tables  # noqa: E402


def test_concepts_have_one_okabe_ito_colour():
    assert style.colour("weights") == "#0072B2" == style.colour("dense")
    assert style.colour("debt") == "#D55E00"
    assert set(style.CONCEPT.values()) <= set(style.OKABE_ITO.values())
    with pytest.raises(ValueError, match="concept"):
        style.colour("profit")


def test_japanese_silences_only_the_font_weight_fallback_warning():
    import logging

    from helpers import i18n

    i18n.set_language("ja")
    i18n.set_language("en")
    logger = logging.getLogger("matplotlib.font_manager")
    assert not logger.isEnabledFor(logging.WARNING) and logger.isEnabledFor(logging.ERROR)


def test_deck_text_is_at_least_24_px():
    assert style.rc(deck=True)["xtick.labelsize"] * 100 / 72 >= 24  # points at 100 dpi → px
    assert style.rc()["font.size"] * 100 / 72 >= 15


@pytest.mark.parametrize(
    ("unit", "lang", "value", "shown"),
    [
        ("JPY", "en", 4.05e12, "¥4.05 tn"),
        ("JPY", "ja", 4.05e12, "4.05兆円"),
        ("GB", "en", 80, "80 GB"),
        ("count", "ja", 1e12, "1兆"),
        ("count", "en", 1e12, "1.00 T"),
        ("percent", "en", 0.4, "40%"),
    ],
)
def test_ticks_read_as_words(unit, lang, value, shown):
    assert style.number_tick(unit, lang)(value) == shown


def test_show_needs_alt_text_and_stores_it():
    from IPython.core.formatters import DisplayFormatter

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="Debt")
    style.label_lines(ax)
    assert [t.get_text() for t in ax.texts] == ["Debt"]
    chart = style.Chart(style.png_bytes(fig), "A line from 0 to 1", "")
    data, metadata = DisplayFormatter().format(chart)
    assert data["image/png"].startswith(b"\x89PNG") and metadata["image/png"] == {"alt": "A line from 0 to 1"}
    with pytest.raises(ValueError, match="alt"):
        style.show(fig, alt=" ")
    plt.close("all")


def test_note_and_key_values_read_the_same_as_text_and_html():
    note = cards.Note("The model has **1.03 T** parameters.")
    assert repr(note) == "The model has 1.03 T parameters."
    assert "<strong>1.03 T</strong>" in note._repr_html_()
    kv = cards.KeyValues([("Weights", "2.05 TB")], title="Memory")
    assert repr(kv) == "Memory\nWeights: 2.05 TB"
    assert "<dt" in kv._repr_html_() and "t-kv" in kv._repr_html_()


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        (1.32e26, "en", "1.32×10²⁶"),
        (4.0, "en", "4"),
        (4.00001, "en", "4.00"),
        (0.01234, "en", "0.0123"),
        (math.nan, "en", "–"),
        (np.int64(62489), "en", "62,489"),
        (62489, "ja", "6万2489"),
        ("low double digits", "en", "low double digits"),
    ],
)
def test_cells_have_no_nan_or_e_notation(value, lang, shown):
    assert tables.cell_text(value, lang) == shown


def test_table_has_no_index_and_numbers_right_aligned():
    frame = pd.DataFrame({"Model": ["Llama 3.1 405B"], "Parameters (B)": [405.85]}, index=[7])
    table = tables.Table(frame, caption="Sizes", sources=["Source: Meta"], lang="en")
    assert repr(table) == "Sizes\nModel | Parameters (B)\nLlama 3.1 405B | 406\nSource: Meta"
    shown = table._repr_html_()
    assert ">7<" not in shown and "<td class=t-num>406</td>" in shown and 'scope="col"' in shown
    assert tables.Table(frame, folded="Sources")._repr_html_().startswith("<details")
    with pytest.raises(ValueError, match="frame"):
        tables.Table([1, 2])


def test_text_columns_of_numbers_align_right_and_japanese_counts_have_no_comma():
    frame = pd.DataFrame({"Run": ["GPT-3", "Llama 3"], "FLOPs": ["3.14×10²³", "3.8×10²⁵"], "Plan": ["FY2026", "–"]})
    cells = tables.Table(frame)._repr_html_()
    assert "<td class=t-num>3.14×10²³</td>" in cells and "<td>FY2026</td>" in cells and "<td>GPT-3</td>" in cells
    assert [tables.cell_text(n, "ja") for n in (5126, 25631)] == ["5126", "2万5631"]
