"""Exercise sheet 6, data-centre economics (notebooks/exercises/ex6_economics.ipynb): ``ex6_q1`` … ``ex6_q6``.

ex6_q3-q6 use notebook 06's base data centre, ``scenarios.datacentre()``; the small project of
ex6_q1-q2, the lower price of ex6_q5 and the investor's payback of ex6_q6 are the questions' own.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from helpers import scenarios
from helpers.calc import finance
from helpers.teach.question import Question
from helpers.teach.units import GPUS, NUMBER, SHARE, YEN, Unit

SHEET = "ex6_economics"

FLOWS = (-100.0, 30.0, 30.0, 30.0, 30.0, 30.0)  # ex6_q1-q2: invest 100 today, receive 30 a year for 5 years
RATE = 0.08  # ex6_q1: the small project's discount rate
LOWER_PRICE = 500.0  # ex6_q5: yen per GPU-hour
PAYBACK_YEARS = 7.0  # ex6_q6: the payback the investor asks for


def _npv() -> float:
    return float(finance.npv(RATE, FLOWS))


def _irr_pct() -> float:
    return 100 * finance.irr(FLOWS)


def _result() -> finance.DataCentreResult:
    return finance.datacenter_cashflows(scenarios.datacentre())


def _gpus() -> float:
    return float(_result().gpus_online.max())


def _npv_bn() -> float:
    return float(_result().npv_jpy) / 1e9


def _breakeven(**overrides: float) -> float:
    return float(finance.breakeven_utilisation(scenarios.datacentre(), **overrides))


def payback_at(utilisation_pct: float) -> float:
    """Payback in years of notebook 06's base data centre at ``utilisation_pct`` (NaN: never).

    Notebook 06, section '2. The business model in numbers'.
    """
    flows = finance.datacenter_cashflows(scenarios.datacentre(), utilisation_pct=utilisation_pct).cashflow_jpy
    return finance.payback_years(np.asarray(flows))


@cache
def _utilisation_for_payback() -> float:
    """Bisection: payback falls as utilisation rises (every year's cash flow rises with it). Cached:
    the scenarios are read once per kernel, and every check of ex6_q6 asks for it."""
    low, high = 0.0, 100.0
    for _ in range(50):
        middle = (low + high) / 2
        low, high = (low, middle) if payback_at(middle) <= PAYBACK_YEARS else (middle, high)  # NaN (never) goes up
    return high


def _fields() -> dict[str, object]:
    dc = scenarios.datacentre()
    return {
        "rate": RATE,
        "gpu_share": dc.gpu_share_pct,
        "discount_pct": dc.discount_rate_pct,
        "price": dc.price_jpy_per_gpu_hour,
        "lower_price": LOWER_PRICE,
        "horizon": dc.horizon_years,
        "payback": PAYBACK_YEARS,
        "utilisation": dc.utilisation_pct,
        "base_years": payback_at(dc.utilisation_pct),
        "build_years": dc.build_years,
    }


QUESTIONS = (
    Question(
        "ex6_q1",
        SHEET,
        _npv,
        Unit(NUMBER),  # the cash flows' units
        advice="ex.advice.ex6_q1",
        fields=_fields,
        hints=((lambda: sum(FLOWS), "ex.hint.ex6_q1.0"), (lambda: _npv() / (1 + RATE), "ex.hint.ex6_q1.1")),
    ),
    Question(
        "ex6_q2",
        SHEET,
        _irr_pct,
        Unit(SHARE, 0.01),  # percent
        advice="ex.advice.ex6_q2",
        hints=((lambda: 100 * (sum(FLOWS) / -FLOWS[0]) / (len(FLOWS) - 1), "ex.hint.ex6_q2.0"),),
    ),
    Question(
        "ex6_q3",
        SHEET,
        _gpus,
        Unit(GPUS),
        advice="ex.advice.ex6_q3",
        fields=_fields,
        hints=(
            (lambda: scenarios.datacentre().capex_jpy / scenarios.datacentre().capex_per_gpu_jpy, "ex.hint.ex6_q3.0"),
            (lambda: _gpus() / scenarios.datacentre().build_years, "ex.hint.ex6_q3.1"),
        ),
    ),
    Question(
        "ex6_q4",
        SHEET,
        _npv_bn,
        Unit(YEN, 1e9, ja_scale=1e8),  # ¥ billions; 億円 in Japanese
        advice="ex.advice.ex6_q4",
        fields=_fields,
        hints=((lambda: float(np.sum(_result().cashflow_jpy)) / 1e9, "ex.hint.ex6_q4.0"),),
    ),
    Question(
        "ex6_q5",
        SHEET,
        lambda: _breakeven(price_jpy_per_gpu_hour=LOWER_PRICE),
        Unit(SHARE, 0.01),  # percent
        advice="ex.advice.ex6_q5",
        fields=_fields,
        hints=((lambda: _breakeven(), "ex.hint.ex6_q5.0"),),
    ),
    Question(
        "ex6_q6",
        SHEET,
        _utilisation_for_payback,
        Unit(SHARE, 0.01),  # percent
        advice="ex.advice.ex6_q6",
        fields=_fields,
        hints=(
            (lambda: _breakeven(), "ex.hint.ex6_q6.0"),
            (lambda: scenarios.datacentre().utilisation_pct, "ex.hint.ex6_q6.1"),
        ),
    ),
)
