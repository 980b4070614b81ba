"""helpers.calc.finance against hand computations, MOF auction results, numpy-financial's documented
examples and the article's comparisons. Expected values are worked out here from first principles
(or quoted from a publication), never taken from the function under test."""

from datetime import date

import numpy as np
import numpy_financial as npf
import pytest

from helpers import data, scenarios
from helpers.calc import finance

FACTS = data.load("facts").set_index("id")["value"]
AUCTIONS = data.load("gx_auctions")


# Bond arithmetic: hand-computed cases --------------------------------------------------------------
def test_par_bond_prices_at_100():
    # A bond whose yield equals its coupon is worth its face value, at any frequency.
    assert finance.bond_price(5.0, 5.0, 10, freq=2) == pytest.approx(100, abs=1e-9)
    assert finance.bond_price(2.0, 2.0, 7, freq=1) == pytest.approx(100, abs=1e-9)


def test_two_year_annual_bond_by_hand():
    # 5% annual coupon, 2 years, 6% yield: 5/1.06 + 105/1.06² = 4.716981 + 93.449626 = 98.166607.
    assert finance.bond_price(5.0, 6.0, 2, freq=1) == pytest.approx(5 / 1.06 + 105 / 1.06**2, abs=1e-12)
    assert finance.bond_price(5.0, 6.0, 2, freq=1) == pytest.approx(98.166607, abs=1e-6)
    assert finance.bond_yield(98.166607, 5.0, 2, freq=1) == pytest.approx(6.0, abs=1e-5)


def test_semiannual_bond_by_annuity_formula():
    # 1.6% coupon, 10 years, 1.68% yield, semi-annual: r = 0.0084, n = 20,
    # P = 0.8·(1 − 1.0084⁻²⁰)/0.0084 + 100·1.0084⁻²⁰.
    r, n = 0.0084, 20
    expected = 0.8 * (1 - (1 + r) ** -n) / r + 100 * (1 + r) ** -n
    assert finance.bond_price(1.6, 1.68, 10) == pytest.approx(expected, abs=1e-10)


def test_fractional_period_gives_clean_price():
    # 1.5 years, 4% annual coupon, 4% yield: flows 4 at t=0.5, 104 at t=1.5; accrued = 4 × 0.5.
    dirty = 4 / 1.04**0.5 + 104 / 1.04**1.5
    assert finance.bond_price(4.0, 4.0, 1.5, freq=1) == pytest.approx(dirty - 2.0, abs=1e-12)
    times, amounts = finance.bond_cashflows(4.0, 1.5, freq=1)
    assert times.tolist() == [0.5, 1.5] and amounts.tolist() == [4.0, 104.0]


def test_price_and_yield_are_vectorised_and_invert():
    yields = np.array([-0.2, 0.5, 1.68, 4.0, 12.0])
    prices = finance.bond_price(1.6, yields, 9.9178)
    assert prices.shape == (5,) and np.all(np.diff(prices) < 0)
    assert finance.bond_yield(prices, 1.6, 9.9178) == pytest.approx(yields, abs=1e-8)


def test_yield_agrees_with_numpy_financial_rate():
    # For whole periods the bond yield is numpy-financial's annuity rate × frequency.
    for price, coupon, years in ((99.27, 1.6, 10), (104.0, 2.0, 5), (95.5, 0.7, 10)):
        expected = npf.rate(years * 2, coupon / 2, -price, 100) * 2 * 100
        assert finance.bond_yield(price, coupon, years) == pytest.approx(expected, abs=1e-8)


# The JGB simple-yield convention (単利) ---------------------------------------------------------
def test_jgb_simple_yield_by_hand():
    # Price 98, coupon 1%, 4 years: (1 + 2/4) / 98 × 100 = 1.530612%.
    assert finance.jgb_simple_yield(98.0, 1.0, 4) == pytest.approx(1.5 / 98 * 100, abs=1e-12)
    assert finance.jgb_simple_price(1.5 / 98 * 100, 1.0, 4) == pytest.approx(98.0, abs=1e-10)
    assert finance.jgb_simple_yield(100.0, 1.2, 7) == pytest.approx(1.2)  # at par it is the coupon


# MOF auction figures ------------------------------------------------------------------------------
def test_oct_2025_auction_price_yield_round_trip():
    """10-year CTB #3, 21 Oct 2025 (MOF): coupon 1.6%, highest accepted yield 1.680%, price ¥99.27.

    MOF prints the price to the sen (0.01 yen) and the yield to 0.001%. Our compound semi-annual
    price at 1.680% (issue 22 Oct 2025, maturity 20 Sep 2035) is 99.2715 and rounds to 99.27;
    the yield of ¥99.27 is within 0.0005% of 1.680%. The 単利 formula would give ¥99.32 and
    1.686%: MOF's yield auction uses the compound yield, not the simple one.
    """
    row = AUCTIONS[AUCTIONS["auction_date"] == "2025-10-21"].iloc[0]
    years = finance.years_between(date.fromisoformat(row["issue_date"]), date.fromisoformat(row["maturity_date"]))
    assert years == pytest.approx((date(2035, 9, 20) - date(2025, 10, 22)).days / 365)
    price = finance.bond_price(row["coupon_pct"], row["yield_pct"], years)
    assert round(price, 2) == row["price_per_100"] == 99.27
    assert finance.bond_yield(row["price_per_100"], row["coupon_pct"], years) == pytest.approx(1.680, abs=5e-4)
    # The simple yield is a different number, and would not reproduce MOF's price.
    assert finance.jgb_simple_yield(99.27, 1.6, years) == pytest.approx(1.6859, abs=1e-4)
    assert finance.jgb_simple_price(1.680, 1.6, years) == pytest.approx(99.32, abs=0.005)


def test_feb_2024_auction_round_trip():
    """10-year CTB #1, 14 Feb 2024: coupon 0.7%, yield 0.740% (MOF via ESG Journal Japan).

    Its issue price and exact term were not found, so this checks the round trip over a 10-year
    term only: yield → price (≈ ¥99.62, below par because the yield exceeds the coupon) → yield.
    """
    row = AUCTIONS[AUCTIONS["auction_date"] == "2024-02-14"].iloc[0]
    assert (row["coupon_pct"], row["yield_pct"], row["bid_to_cover"]) == (0.7, 0.740, 2.90)
    assert row["bids_jpy"] / row["allotted_jpy"] == pytest.approx(2.90, abs=0.005)
    price = finance.bond_price(0.7, 0.740, 10)
    assert 99.6 < price < 99.63
    assert finance.bond_yield(price, 0.7, 10) == pytest.approx(0.740, abs=1e-9)


def test_greenium_rows_keep_the_disagreement():
    greenium = data.load("gx_greenium")
    first = greenium[greenium["auction_date"] == "2024-02-14"]
    reported = first.dropna(subset=["reference_yield_pct"])
    assert (
        ((reported["reference_yield_pct"] - reported["ctb_yield_pct"]) * 100).round(1).tolist()
        == reported["greenium_bp"].tolist()
        == [1.5, 0.5]
    )
    assert "unconfirmed" in set(first["confidence"])  # NordSIP's 15 bp kept, flagged


def test_issuance_rows_add_up_to_the_yearly_totals():
    issuance = data.load("gx_issuance")
    by_year = issuance.groupby("fiscal_year")["amount_jpy"].sum()
    assert by_year[2023] == pytest.approx(FACTS["gx_issuance_fy2023_jpy"], rel=0.001)  # 0.7995 + 0.8 ≈ 1.6 tn
    assert by_year[2024] == FACTS["gx_issuance_fy2024_jpy"]  # 4 × ¥350 bn


# NPV / IRR / payback -----------------------------------------------------------------------------
def test_npv_matches_numpy_financial_docs_example():
    # numpy-financial docs: npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]) = 3065.22267.
    assert finance.npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]) == pytest.approx(3065.22267, abs=1e-5)
    # By hand: −100 + 60/1.1 + 60/1.21 = 4.1322314.
    assert finance.npv(0.1, [-100, 60, 60]) == pytest.approx(-100 + 60 / 1.1 + 60 / 1.21, abs=1e-12)


def test_npv_vectorises_like_numpy_financial():
    flows = np.array([[-100, 60, 60], [-100, 0, 121]])
    assert finance.npv(0.1, flows) == pytest.approx([npf.npv(0.1, f) for f in flows])
    assert finance.npv(np.array([0.0, 0.1]), [-100, 60, 60]) == pytest.approx([20, 4.1322314], abs=1e-6)


def test_irr_matches_numpy_financial_docs_examples():
    # numpy-financial docs: irr([-100, 39, 59, 55, 20]) = 0.28095 (rounded to 5 places), and others.
    assert round(finance.irr([-100, 39, 59, 55, 20]), 5) == 0.28095
    assert round(finance.irr([-100, 0, 0, 74]), 5) == -0.0955
    assert round(finance.irr([-100, 100, 0, 7]), 5) == 0.06206
    # By hand: −100 + 121/(1+r)² = 0 → r = 10%.
    assert finance.irr([-100, 0, 121]) == pytest.approx(0.10, abs=1e-12)


def test_payback_by_hand():
    assert finance.payback_years([-100, 60, 60]) == pytest.approx(1 + 40 / 60)
    assert finance.payback_years([-100, 50, 50]) == pytest.approx(2.0)
    assert np.isnan(finance.payback_years([-100, 10, 10]))


# The article's comparisons --------------------------------------------------------------------
def test_two_trillion_against_public_works():
    share = finance.share_of_budget(
        FACTS["softbank_dc_investment_jpy"], FACTS["softbank_dc_years"], FACTS["public_works_fy2026_jpy"]
    )
    assert share["total_vs_one_year"] == pytest.approx(2 / 6.1078) and round(share["total_vs_one_year"], 3) == 0.327
    assert share["per_year"] == pytest.approx(2 / 6 / 6.1078) and round(share["per_year"], 3) == 0.055


def test_openai_investment_in_yen_with_named_rates():
    fx = data.load("fx_rates").set_index("id")
    sbg_rate = fx.loc["sbg_20250331", "stated_jpy_per_usd"]
    assert sbg_rate == 149.52
    # SBG prints ¥5.98 tn (rounded to ¥10 bn) for US$40.0 bn: 149.50, consistent with 149.52.
    assert fx.loc["sbg_20250331", "jpy"] / fx.loc["sbg_20250331", "usd"] == pytest.approx(sbg_rate, abs=0.05)
    kyodo = fx.loc["kyodo_202512", "jpy"] / fx.loc["kyodo_202512", "usd"]
    assert kyodo == pytest.approx(157.7, abs=0.05)
    # One SoftBank Group figure at two dates: US$34.7 bn expected by end-2025 (results of 11 Nov 2025),
    # US$34.6 bn after sale proceeds (results of 12 Feb 2026); both as reported.
    sbg, nov = FACTS["openai_investment_usd_sbg"], FACTS["openai_investment_usd_sbg_nov2025"]
    assert (sbg, nov) == (34.6e9, 34.7e9)
    assert finance.usd_to_jpy(sbg, sbg_rate) == pytest.approx(34.6e9 * 149.52)  # ¥5.173 tn
    # The two dollar figures differ by ¥15 bn at one rate; the choice of rate moves it by ¥284 bn.
    assert finance.usd_to_jpy(nov - sbg, sbg_rate) == pytest.approx(14.952e9)
    assert finance.usd_to_jpy(sbg, kyodo) - finance.usd_to_jpy(sbg, sbg_rate) == pytest.approx(284e9, rel=0.01)


# The GX programme ------------------------------------------------------------------------------
def test_gx_path_by_hand():
    # ¥10 issued in FY2023 only, 2% yield, 1/yr levy from FY2028: debt 10 to FY2027, then 9, 8, … 0 in FY2037.
    issue = [10.0] + [0.0] * 9
    path = finance.gx_path(issue, 2.0, 1.0, 0.0, 0.0, 0.0)
    debt = dict(zip(path.fiscal_years.tolist(), path.outstanding_jpy.tolist(), strict=True))
    assert debt[2027] == 10 and debt[2028] == 9 and debt[2037] == 0
    assert path.redeemed_fy == 2037
    # Interest: FY2023 on (0+10)/2, FY2024-27 on 10, then on (10+9)/2, (9+8)/2, … (1+0)/2 at 2%.
    expected = 0.02 * (5 + 4 * 10 + sum((k + k - 1) / 2 for k in range(10, 0, -1)))
    assert path.total_interest_jpy == pytest.approx(expected)
    assert path.unredeemed_jpy == 0


def test_gx_path_sweeps_and_shortfall():
    issue = finance.even_completion([1.6e12, 1.4e12, 1.2e12], 20e12, 10)
    assert issue.sum() == pytest.approx(20e12) and issue[3] == pytest.approx(15.8e12 / 7)
    paths = finance.gx_path(issue, np.array([1.0, 2.0]), 0.5e12, 0.0, 0.5e12, 0.0)
    assert paths.total_interest_jpy[1] == pytest.approx(2 * paths.total_interest_jpy[0])  # linear in the yield
    short = finance.gx_path(issue, 1.7, 0.3e12, 0.0, 0.3e12, 0.0)
    # 0.3 × 23 years (levy FY2028-50) + 0.3 × 18 years (auctions FY2033-50) = 12.3 tn repaid of 20.
    assert short.unredeemed_jpy == pytest.approx(20e12 - 12.3e12)
    assert finance.flat_revenue_needed(20e12) == pytest.approx(20e12 / 23)


def test_stage_gate_by_hand():
    gate = finance.stage_gate([100.0, 100.0, 100.0], 0.5, 2.0, 10)
    assert gate.reach_probability.tolist() == [1, 0.5, 0.25]
    assert gate.expected_total_jpy == 175 and gate.expected_interest_jpy == pytest.approx(175 * 0.02 * 10)
    sweep = finance.stage_gate([100.0, 100.0], np.array([0.0, 1.0]), 2.0, 10)
    assert sweep.expected_total_jpy.tolist() == [100, 200]


# Data-centre economics -------------------------------------------------------------------------
def test_datacentre_revenue_and_power_by_hand():
    dc = finance.DataCentre(
        capex_jpy=6e9,
        build_years=1,
        gpu_share_pct=50,
        capex_per_gpu_jpy=3e6,
        gpu_life_years=5,
        facility_life_years=10,
        price_jpy_per_gpu_hour=500,
        utilisation_pct=50,
        facility_kw_per_gpu=2.0,
        idle_power_pct=0,
        electricity_jpy_per_kwh=20,
        other_opex_pct=0,
        discount_rate_pct=0,
        horizon_years=3,
    )
    r = finance.datacenter_cashflows(dc)
    # ¥3bn of GPUs at ¥3m = 1,000 GPUs from year 1; revenue 1,000 × 8,760 × 0.5 × 500 = ¥2.19bn.
    assert r.gpus_online.tolist() == [0, 1000, 1000]
    assert r.revenue_jpy.tolist() == [0, 2.19e9, 2.19e9]
    # Power: 1,000 × 2 kW × 8,760 h × 0.5 load × ¥20 = ¥175.2m.
    assert r.power_cost_jpy[1] == pytest.approx(175.2e6)
    # Salvage: GPUs 2 of 5 years used → 60% of ¥3bn; facility 2 of 10 → 80% of ¥3bn.
    assert r.salvage_jpy[-1] == pytest.approx(0.6 * 3e9 + 0.8 * 3e9)
    assert r.npv_jpy == pytest.approx(-6e9 + 2 * (2.19e9 - 175.2e6) + 4.2e9)


def test_breakeven_utilisation_sets_npv_to_zero():
    dc = scenarios.datacentre()
    level = finance.breakeven_utilisation(dc)
    assert 0 < level < 100
    assert finance.datacenter_cashflows(dc, utilisation_pct=level).npv_jpy == pytest.approx(0, abs=1e3)
    sweep = finance.breakeven_utilisation(dc, price_jpy_per_gpu_hour=np.array([100.0, 600.0, 2000.0]))
    assert np.isnan(sweep[0]) and sweep[1] == pytest.approx(level) and sweep[2] < level


def test_summary_and_tornado_are_consistent():
    dc = scenarios.datacentre()
    result = finance.summary(dc)
    flows = finance.datacenter_cashflows(dc).cashflow_jpy
    assert result["npv_jpy"] == pytest.approx(npf.npv(0.08, flows))
    assert finance.npv(result["irr"], flows) == pytest.approx(0, abs=1e-3 * 2e12)
    rows = finance.tornado(dc, scenarios.tornado_ranges())
    swings = [abs(high - low) for _, _, _, low, high in rows]
    assert swings == sorted(swings, reverse=True)
    util = next(r for r in rows if r[0] == "utilisation_pct")
    assert util[3] < result["npv_jpy"] < util[4]


def test_power_cost_can_come_from_elsewhere():
    dc = scenarios.datacentre().replace(horizon_years=8)
    own = finance.datacenter_cashflows(dc)
    given = finance.datacenter_cashflows(dc, power_cost_jpy=own.power_cost_jpy)
    assert given.npv_jpy == pytest.approx(own.npv_jpy)


# Validation: every bad input names its field ---------------------------------------------------
@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: finance.bond_price(-1, 1, 10), "coupon_pct"),
        (lambda: finance.bond_price(1, float("nan"), 10), "yield_pct"),
        (lambda: finance.bond_price(1, 1, 0), "years"),
        (lambda: finance.bond_price(1, 1, 10, freq=3), "freq"),
        (lambda: finance.bond_yield(0, 1, 10), "price"),
        (lambda: finance.bond_yield(500, 1, 10), "price"),
        (lambda: finance.jgb_simple_yield(99, "1", 10), "coupon_pct"),
        (lambda: finance.npv(True, [1, 2]), "rate"),
        (lambda: finance.irr([-1]), "cashflows"),
        (lambda: finance.gx_path([1.0] * 9, 1, 1, 0, 1, 0), "issuance_jpy"),
        (lambda: finance.gx_path([1.0] * 10, 1, -1, 0, 1, 0), "levy_jpy"),
        (lambda: finance.stage_gate([1.0], 1.5, 1, 10), "p_continue"),
        (lambda: scenarios.datacentre().replace(utilisation_pct=120), "utilisation_pct"),
        (lambda: scenarios.datacentre().replace(horizon_years=3), "horizon_years"),
        (lambda: finance.usd_to_jpy(1, 0), "jpy_per_usd"),
        (lambda: finance.share_of_budget(1, 0, 1), "years"),
    ],
)
def test_bad_inputs_raise_value_error_naming_the_field(call, field):
    with pytest.raises(ValueError, match=field):
        call()


# Exercises of notebooks 05 and 06 -----------------------------------------------------------
def test_finance_exercises_expect_values_from_data():
    from helpers.teach import exercises

    assert exercises.expected("nb05_q1")["q1"] == pytest.approx((1.6 + 1.4 + 1.2) / 20)
    assert exercises.expected("nb05_q2")["q2"] == pytest.approx(1.6859, abs=1e-4)
    assert exercises.expected("nb06_q1")["q1"] == pytest.approx(34.6 * 149.52 / 1000)
    assert exercises.expected("nb06_q2")["q2"] == pytest.approx(2 + 30 / 50)
    assert exercises.check("nb05_q2", 1.686, rel=1e-4).correct
    assert not exercises.check("nb05_q2", 1.680, rel=1e-4).correct
    assert "interpolate" in exercises.check("nb06_q2", 3).text
