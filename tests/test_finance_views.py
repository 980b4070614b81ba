"""The charts and sliders of notebooks 05 and 06 (issue 16): concept colours, labels at the lines'
ends, yen ticks, an accessible name, slider labels that fit."""

import numpy as np
import pytest

from helpers.views import finance_explorers as finance_views
from helpers.views import style


def test_nice_ticks_cover_the_data_in_round_steps():
    assert finance_views.nice_ticks(0, 17.5).tolist() == [0, 5, 10, 15, 20]
    ticks = finance_views.nice_ticks(-1.03, 1.9)
    assert ticks.tolist() == [-2, -1, 0, 1, 2]
    assert finance_views.nice_ticks(0, 0.87).tolist() == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    with pytest.raises(ValueError, match="high"):
        finance_views.nice_ticks(1, 1)


def test_labels_are_spread_apart_and_stay_inside():
    placed = finance_views._spread([268.0, 267.0, 266.0, 40.0], 16.0, 34.0, 268.0)
    assert placed[3] == 40.0  # a label far from the others stays at its line's end
    low_three = sorted(placed[:3])
    assert max(low_three) <= 268.0 and np.diff(low_three).min() >= 16.0


def test_gx_chart_draws_debt_in_vermillion_with_labels_at_line_ends():
    svg = finance_views.GxExplorer(lang="en").chart.value
    assert f'stroke="{style.colour("debt")}"' in svg and style.colour("debt") == "#D55E00"
    assert f'fill="{style.colour("revenue")}" font-weight="700">Revenue (levy + auctions)</text>' in svg
    assert 'role="img"' in svg and 'aria-label="GX Economic Transition Bonds' in svg
    assert ">¥20 tn<" in svg and "<rect" not in svg  # yen ticks; no legend boxes
    japanese = finance_views.GxExplorer(lang="ja").chart.value
    assert ">20兆円<" in japanese and "2023年度" in japanese


def test_datacentre_chart_uses_the_concepts_of_value_revenue_and_cost():
    svg = finance_views.DataCentreExplorer(lang="en").chart.value
    for concept in ("value", "revenue", "cost"):
        assert f'stroke="{style.colour(concept)}"' in svg


def test_slider_labels_have_room():
    explorer = finance_views.GxExplorer(lang="en")
    for control in explorer.controls.values():
        assert control.style.description_width == "220px"
    assert explorer.controls["later_issue"].description == "Issue FY2026-32 (¥tn/yr)"  # tests/test_browser.py


def test_tornado_html_names_levels_with_units_and_colours_high_and_low():
    explorer = finance_views.DataCentreExplorer(lang="en")
    tornado = explorer.tornado.value
    assert "cost per GPU: ¥6 m to ¥9 m" in tornado and "6,000,000" not in tornado
    assert style.colour("high") in tornado and style.colour("low") in tornado
    assert "input at its high value" in tornado
    japanese = finance_views.DataCentreExplorer(lang="ja").tornado.value
    assert "GPU 1枚の費用：600万円〜900万円" in japanese
