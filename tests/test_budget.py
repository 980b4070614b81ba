"""helpers.calc.budget: what a budget buys, pinned to published numbers (notebook 07)."""

import math

import numpy as np
import pytest

from helpers import data, scenarios, story
from helpers.calc import budget, compute, memory, power
from helpers.calc.compute import HOURS_PER_YEAR

PRICES = data.load("gpu_hour_prices").set_index("id")
COSTS = data.load("development_costs").set_index("id")
FACTS = data.load("facts").set_index("id")["value"]


# Published prices and runs --------------------------------------------------------------------------
def test_deepseek_v3_final_run_is_its_gpu_hours_at_two_dollars():
    """DeepSeek-V3 Table 1: 2.788M H800 GPU-hours at $2 = $5.576M."""
    price = PRICES.loc["deepseek_h800_rental", "price"]
    cost = COSTS.loc["deepseek_v3_final_run", "value"]
    assert budget.gpu_hours_bought(cost, price) == pytest.approx(2.788e6)
    flops = compute.six_nd(37e9, 14.8e12)  # 37B active parameters, 14.8T tokens (data/training_runs.csv)
    mfu = compute.implied_mfu(flops, 2.788e6, gpu="H800")
    assert budget.run_cost_jpy(flops, "H800", mfu, price) == pytest.approx(cost)  # the yen function, in dollars here


def test_llama_405b_gpu_hours_at_its_average_utilisation():
    """Llama 3.1 405B: 3.8e25 FLOPs took 30.84M H100-hours, 34.6% of the dense peak on average (llm.md)."""
    assert budget.run_gpu_hours(3.8e25, "H100", 0.346) == pytest.approx(30.84e6, rel=0.01)


def test_indiaai_rate_in_dollars_at_the_sources_own_rate():
    """The article prints ₹213.44 = $2.5, so ₹67 is $0.78 and the market's ₹115 is $1.35."""
    rate = PRICES.loc["indiaai_subsidised", "currency_per_usd"]
    assert budget.to_usd(213.44, rate) == pytest.approx(2.5)
    assert budget.to_usd(PRICES.loc["indiaai_subsidised", "price"], rate) == pytest.approx(0.785, abs=0.001)
    assert budget.to_usd(PRICES.loc["indiaai_market_average", "price"], rate) == pytest.approx(1.347, abs=0.001)


def test_aws_block_rates_are_the_instance_rate_over_eight_gpus():
    assert PRICES.loc["aws_p5_capacity_block", "price"] * 8 == pytest.approx(39.33, abs=0.005)
    assert PRICES.loc["aws_p5e_capacity_block", "price"] * 8 == pytest.approx(43.26, abs=0.005)


def test_programmes_in_dollars_at_their_sources_rates():
    table = data.load("programmes").set_index("id")
    india = table.loc["indiaai"]
    assert india["amount"] == pytest.approx(10_371.92e7)  # ₹10,371.92 crore
    assert budget.to_usd(india["amount"], india["amount"] / india["amount_usd"]) == pytest.approx(1.25e9)
    assert set(table["kind"]) <= {
        "budget",
        "public fund",
        "public and private",
        "private pledge",
        "state-owned company",
        "public model",
    }
    priced = table.dropna(subset=["amount"])
    assert (priced["amount_usd"] > 0).all() and priced["currency"].notna().all()


# Formulas ---------------------------------------------------------------------------------------------
def test_one_trillion_yen_in_gpu_hours_and_gpu_years():
    hours = budget.gpu_hours_bought(FACTS["ai_programme_total_jpy"], 600.0)
    assert hours == pytest.approx(1e12 / 600)
    assert budget.gpu_years(hours) == pytest.approx(hours / 8760)
    assert budget.gpu_years(HOURS_PER_YEAR) == 1.0


def test_the_budget_split():
    assert budget.final_run_share(0.6, 3.0) == pytest.approx(0.2)
    assert budget.development_compute_jpy(10.0, 2.5) == 25.0
    assert budget.runs_affordable(1e12, 5e10, 0.25) == pytest.approx(5.0)
    assert budget.people_cost_jpy(FACTS["engineers"], 15e6, 5) == pytest.approx(7.5e9)  # 100 engineers


def test_campus_share_and_a_campus_without_gpus():
    share = budget.campus_share(np.array([1.0, 2.0, 3.0]), np.array([0.0, 4.0, 2.0]))
    assert math.isnan(share[0]) and share[1] == 0.5 and share[2] == 1.5
    assert budget.campus_gpu_hours(10_000) == 10_000 * 8760


def test_arrays_broadcast():
    prices = np.array([450.0, 600.0, 750.0])
    hours = budget.gpu_hours_bought(1e12, prices)
    assert hours.shape == (3,) and hours[0] > hours[1] > hours[2]
    costs = budget.run_cost_jpy(1e24, "H100", np.array([[0.33], [0.52]]), prices)
    assert costs.shape == (2, 3) and (costs[0] > costs[1]).all()


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: budget.gpu_hours_bought(1e12, 0), "price_jpy_per_gpu_hour"),
        (lambda: budget.gpu_hours_bought(-1, 600), "amount_jpy"),
        (lambda: budget.final_run_share(1.5, 2), "compute_share"),
        (lambda: budget.final_run_share(0.5, 0.5), "compute_multiple"),
        (lambda: budget.runs_affordable(1e12, 0, 0.2), "run_cost_jpy"),
        (lambda: budget.run_cost_jpy(1e24, "H100", 0, 600), "mfu"),
        (lambda: budget.to_usd(67, 0), "per_usd"),
        (lambda: budget.people_cost_jpy(-1, 1, 1), "engineers"),
        (lambda: budget.campus_share(1.0, -1.0), "campus_gpu_hours"),
        (lambda: budget.gpu_hours_bought("a lot", 600), "amount_jpy"),
    ],
)
def test_impossible_inputs_name_their_field(call, field):
    with pytest.raises(ValueError, match=field):
        call()


def test_sensitivity_moves_one_input_at_a_time_and_sorts_by_swing():
    def area(width, height):
        return width * height

    rows = budget.sensitivity(area, {"width": 2.0, "height": 3.0}, {"width": (1.0, 3.0), "height": (2.9, 3.1)})
    assert [r[0] for r in rows] == ["width", "height"]
    assert rows[0] == ("width", 1.0, 3.0, 3.0, 9.0)
    with pytest.raises(ValueError, match="ranges must name inputs"):
        budget.sensitivity(area, {"width": 2.0, "height": 3.0}, {"depth": (1.0, 2.0)})


# The story's headlines of notebook 07 -------------------------------------------------------------------
def test_headlines_follow_the_scenarios():
    h = story.headlines()
    total = scenarios.ai_budget_by_year().sum()
    share = scenarios.value("budget_compute_share_pct") / 100
    price = scenarios.value("dc_price_jpy_per_gpu_hour")
    assert h["budget_gpu_hours"].value == pytest.approx(total * share / price)
    assert h["budget_gpu_hours"].value == pytest.approx(1e9)  # ¥1 tn × 60% / ¥600
    c = scenarios.cluster()
    for key, run in scenarios.reference_runs().items():
        cost = compute.gpu_hours(run.flops, c.gpu, c.mfu) * price
        assert h[f"budget_{key}_run_jpy"].value == pytest.approx(cost)
        runs = total * share / scenarios.value("budget_compute_multiple") / cost
        assert h[f"budget_{key}_runs"].value == pytest.approx(runs)
        assert h[f"budget_{key}_runs"].low < runs < h[f"budget_{key}_runs"].high
    assert h["budget_dense_run_jpy"].value / 1e9 == pytest.approx(55.4, abs=0.05)  # the figure notebook 07 prints


def test_the_state_buys_about_two_fifths_of_the_campus_hours():
    h = story.headlines()["budget_campus_share"]
    assert h.value == pytest.approx(0.428, abs=0.001)
    assert 0 < h.low < h.value < h.high < 1


def test_a_300_mw_campus_against_hokkaido():
    """300 MW × 8,760 h × OCCTO's 0.8 = 2.10 TWh, 7.0% of Hokkaido's 30.1 TWh (FY2014)."""
    grid = data.load("hokkaido_grid").set_index("id")["value"]
    twh = power.yearly_energy_mwh(300, scenarios.value("load_factor")) / 1e6
    assert twh == pytest.approx(2.1024)
    assert story.headlines()["campus_hokkaido_share"].value == pytest.approx(twh / grid["hokkaido_demand_fy2014"])


def test_a_trillion_parameters_do_not_fit_a_robot_computer():
    """Notebook 07, section 8: Kimi K2 in FP8 needs 9 Jetson AGX Thor's 128 GB just for its weights."""
    from helpers.calc import catalog

    thor = data.load("physical_ai").set_index("id")["value"]
    weights = memory.weights_bytes(catalog.model("Kimi K2"), "fp8")
    assert math.ceil(weights / (thor["thor_memory_gb"] * 1e9)) == 9
