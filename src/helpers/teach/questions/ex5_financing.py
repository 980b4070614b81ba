"""Exercise sheet 5, GX bond financing (notebooks/exercises/ex5_financing.ipynb): ``ex5_q1`` … ``ex5_q6``.

The GX path's revenues, yields and the AI programme's review probability are the story's
scenarios (``scenarios.gx()``); the bond of ex5_q2 and the holding years of ex5_q6 are the
questions' own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from helpers import data, scenarios
from helpers.calc import finance
from helpers.teach.question import Question
from helpers.teach.questions.inputs import fact
from helpers.teach.units import FISCAL_YEAR, POINTS, YEN, Unit

SHEET = "ex5_financing"

BOND_COUPON, BOND_YIELD, BOND_YEARS = 1.6, 2.0, 10  # ex5_q2: a 10-year bond at 1.6% priced at a 2.0% yield
AUCTION = "2025-10-21"  # ex5_q3: the 10-year Climate Transition Bond auction (data/gx_auctions.csv)
HOLDING_YEARS = 10.0  # ex5_q6: years the AI money is borrowed for (it changes the interest only)


def _plan(key: str) -> float:
    return float(data.load("gx_redemption").set_index("id").loc[key, "value"])


def _auction_term() -> float:
    """ex5_q3: the auctioned bond's term in years, from its issue date to its maturity (9.918, not 10)."""
    row = data.load("gx_auctions").set_index("auction_date").loc[AUCTION]
    return float(finance.years_between(date.fromisoformat(row["issue_date"]), date.fromisoformat(row["maturity_date"])))


def _auction_price(shift_pct: float, years: float | None = None) -> float:
    row = data.load("gx_auctions").set_index("auction_date").loc[AUCTION]
    term = _auction_term() if years is None else years
    return float(finance.bond_price(row["coupon_pct"], row["yield_pct"] + shift_pct, term))


def _price_fall(years: float | None = None) -> float:
    return _auction_price(0.0, years) - _auction_price(1.0, years)


def _interest_tn(yield_case: str) -> float:
    """Total GX interest FY2023-FY2050 in ¥ tn, at the ``yield_case`` yield and the central revenues."""
    scenario = replace(scenarios.gx(), yield_pct=scenarios.gx(yield_case).yield_pct)
    path = finance.gx_path(scenarios.issuance_path(), *scenarios.gx_path_args(scenario))
    return float(path.total_interest_jpy) / 1e12


def _flat_bn() -> float:
    return float(finance.flat_revenue_needed(fact("gx_bond_programme_jpy"))) / 1e9


def _expected_ai_bn() -> float:
    gx = scenarios.gx()
    gate = finance.stage_gate(scenarios.ai_budget_by_year(), gx.p_continue, gx.yield_pct, HOLDING_YEARS)
    return float(gate.expected_total_jpy) / 1e9


def _gx_fields() -> dict[str, object]:
    gx = scenarios.gx()
    return {
        "yield_pct": gx.yield_pct,
        "high_yield_pct": scenarios.gx("high").yield_pct,
        "levy_tn": gx.levy_jpy / 1e12,
        "allowance_tn": gx.allowance_jpy / 1e12,
        "p": gx.p_continue,
        "holding_years": HOLDING_YEARS,
        "levy_start": _plan("fossil_fuel_levy_start_fy"),
        "end": _plan("redemption_end_fy"),
        "years": _plan("redemption_end_fy") - _plan("fossil_fuel_levy_start_fy") + 1,
        "coupon": BOND_COUPON,
        "bond_yield": BOND_YIELD,
        "bond_years": BOND_YEARS,
        "term": _auction_term(),
    }


QUESTIONS = (
    Question(
        "ex5_q1",
        SHEET,
        lambda: _plan("redemption_end_fy"),
        Unit(FISCAL_YEAR),
        rel=0.0,
        advice="ex.advice.ex5_q1",
        hints=(
            (lambda: _plan("fossil_fuel_levy_start_fy"), "ex.hint.ex5_q1.0"),
            (lambda: _plan("allowance_auction_start_fy"), "ex.hint.ex5_q1.1"),
            (lambda: _plan("issuance_start_fy") + fact("gx_bond_years") - 1, "ex.hint.ex5_q1.2"),
        ),
    ),
    Question(
        "ex5_q2",
        SHEET,
        lambda: float(finance.bond_price(BOND_COUPON, BOND_YIELD, BOND_YEARS)),
        Unit(POINTS),  # price per 100 of face value
        rel=1e-4,
        advice="ex.advice.ex5_q2",
        fields=_gx_fields,
        hints=(
            (lambda: 100.0, "ex.hint.ex5_q2.0"),
            (lambda: float(finance.bond_price(BOND_COUPON, BOND_YIELD, BOND_YEARS, freq=1)), "ex.hint.ex5_q2.1"),
            (lambda: float(finance.jgb_simple_price(BOND_YIELD, BOND_COUPON, BOND_YEARS)), "ex.hint.ex5_q2.2"),
        ),
    ),
    Question(
        "ex5_q3",
        SHEET,
        _price_fall,
        Unit(POINTS),  # points per 100 of face value
        advice="ex.advice.ex5_q3",
        fields=_gx_fields,
        hints=(
            (lambda: 1.0, "ex.hint.ex5_q3.0"),
            (lambda: _price_fall(years=BOND_YEARS), "ex.hint.ex5_q3.1"),  # "the 10-year bond" over 10 years
        ),
    ),
    Question(
        "ex5_q4",
        SHEET,
        lambda: _interest_tn("high"),
        Unit(YEN, 1e12),  # ¥ trillions; 兆円 in Japanese
        advice="ex.advice.ex5_q4",
        fields=_gx_fields,
        hints=((lambda: _interest_tn("central"), "ex.hint.ex5_q4.0"),),
    ),
    Question(
        "ex5_q5",
        SHEET,
        _flat_bn,
        Unit(YEN, 1e9, ja_scale=1e8),  # ¥ billions a year; 億円 in Japanese
        advice="ex.advice.ex5_q5",
        fields=_gx_fields,
        hints=(
            (
                lambda: (
                    fact("gx_bond_programme_jpy") / (_plan("redemption_end_fy") - _plan("issuance_start_fy") + 1) / 1e9
                ),
                "ex.hint.ex5_q5.0",
            ),
            (
                lambda: (
                    fact("gx_bond_programme_jpy")
                    / (_plan("redemption_end_fy") - _plan("fossil_fuel_levy_start_fy"))
                    / 1e9
                ),
                "ex.hint.ex5_q5.1",
            ),
        ),
    ),
    Question(
        "ex5_q6",
        SHEET,
        _expected_ai_bn,
        Unit(YEN, 1e9, ja_scale=1e8),  # ¥ billions; 億円 in Japanese
        advice="ex.advice.ex5_q6",
        fields=_gx_fields,
        hints=(
            (lambda: scenarios.gx().p_continue * fact("ai_programme_total_jpy") / 1e9, "ex.hint.ex5_q6.0"),
            (lambda: fact("ai_programme_total_jpy") / 1e9, "ex.hint.ex5_q6.1"),
            (lambda: scenarios.gx().p_continue * _expected_ai_bn(), "ex.hint.ex5_q6.2"),  # FY2026 reviewed too
        ),
    ),
)
