"""Money: bond arithmetic, the GX bond programme, the AI stage gate, data-centre economics.

Explained in ``notebooks/05_gx_bond_financing.ipynb`` (bonds, GX programme, AI money) and
``notebooks/06_datacenter_economics.ipynb`` (SoftBank's ¥2 trillion, NPV / IRR / payback,
break-even utilisation, tornado). Pure functions on plain values; every function that a slider or a
sweep calls accepts NumPy arrays and broadcasts them. Percentages stay percentages in the
arguments (``yield_pct=1.68``) and become fractions once, inside.

Conventions
-----------
- ``npv`` and ``irr`` follow numpy-financial: ``cashflows[0]`` happens now (t = 0, undiscounted),
  outflows are negative, inflows positive.
- ``bond_price`` / ``bond_yield``: the compound yield with ``freq`` coupons a year (the
  international convention). MOF's yield-auction issue prices agree with it: the 10-year Climate
  Transition Bond of 21 Oct 2025 (coupon 1.6%, highest accepted yield 1.680%) was issued at
  ¥99.27, which is this formula's price (tests/test_finance.py).
- ``jgb_simple_yield`` / ``jgb_simple_price``: the Japanese market's 単利 (simple) yield to
  maturity, 最終利回り(単利) = (coupon + (100 − price) / years) / price × 100, which MOF uses for
  the yields it prints beside prices in price-competitive auctions ("募入最高利回りは発行価格を基に
  算出した単利利回り", MOF『ファイナンス』Jan 2024 p.42).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

import numpy as np
import numpy_financial as npf

from helpers.calc import check
from helpers.calc.check import Num, NumLike
from helpers.calc.compute import HOURS_PER_YEAR


def _out(array: np.ndarray) -> Num:
    """A 0-d result as a plain float, anything else as an array."""
    return float(array) if np.ndim(array) == 0 else array


def _freq(freq: Any) -> int:
    if isinstance(freq, bool) or freq not in (1, 2, 4, 12):
        raise ValueError(f"freq must be one of 1, 2, 4, 12 (payments a year); got {freq!r}")
    return int(freq)


# Bonds ------------------------------------------------------------------------------------------
def bond_cashflows(
    coupon_pct: float, years: float, freq: int = 2, face: float = 100.0
) -> tuple[np.ndarray, np.ndarray]:
    """Times (in years from now) and amounts of a fixed-coupon bond's remaining payments.

    Coupons of ``coupon_pct / freq`` per 100 face fall every ``1/freq`` years counted back from
    maturity; the last payment adds the face value. A fractional ``years`` gives a first coupon
    sooner than a full period. Notebook 05, section '4. Price and yield'.
    """
    coupon = check.number("coupon_pct", coupon_pct, minimum=0, maximum=100)
    n_years = check.number("years", years, minimum=1e-6, maximum=100)
    f = _freq(freq)
    periods = n_years * f
    count = math.ceil(periods - 1e-9)
    times = (periods - np.arange(count)[::-1]) / f
    amounts = np.full(count, face * coupon / 100 / f)
    amounts[-1] += face
    return times, amounts


def bond_price(coupon_pct: NumLike, yield_pct: NumLike, years: float, freq: int = 2) -> Num:
    """Clean price per 100 face of a fixed-coupon bond at a compound yield (``freq`` times a year).

    ``price = Σ c/f · (1 + y/f)^(−f·t) + 100 · (1 + y/f)^(−f·T) − accrued``, with ``t`` the time
    of each coupon in years and the accrued coupon ``c/f × (elapsed part of the period)``
    subtracted (a standard clean price). For whole periods this is the textbook annuity formula
    (e.g. Fabozzi, *Bond Markets, Analysis and Strategies*, ch. 2). ``coupon_pct`` and
    ``yield_pct`` may be arrays (they broadcast). Notebook 05, section '4. Price and yield'.
    """
    coupon = check.array("coupon_pct", coupon_pct, minimum=0, maximum=100)
    yld = check.array("yield_pct", yield_pct, minimum=-5, maximum=50)
    n_years = check.number("years", years, minimum=1e-6, maximum=100)
    f = _freq(freq)
    periods = n_years * f
    count = math.ceil(periods - 1e-9)
    t = periods - np.arange(count)  # periods until each payment, last first
    discount = (1 + yld[..., None] / 100 / f) ** (-t)
    dirty = (coupon[..., None] / f * discount).sum(axis=-1) + 100 * (1 + yld / 100 / f) ** (-periods)
    elapsed = count - periods  # part of the current period already gone
    return _out(dirty - coupon / f * elapsed)


def bond_yield(price: NumLike, coupon_pct: NumLike, years: float, freq: int = 2) -> Num:
    """Compound yield (percent a year, ``freq`` compounding) at which :func:`bond_price` equals ``price``.

    Solved by bisection on [−5%, 50%] to 1e-10 percentage points (the price falls monotonically
    as the yield rises, so the root is unique); arrays broadcast. For whole periods this agrees with
    ``numpy_financial.rate(n, coupon/f, −price, 100) × f`` (tests/test_finance.py).
    Notebook 05, section '4. Price and yield'.
    """
    p = check.array("price", price, minimum=1e-6, maximum=1000)
    coupon = check.array("coupon_pct", coupon_pct, minimum=0, maximum=100)
    n_years = check.number("years", years, minimum=1e-6, maximum=100)
    f = _freq(freq)
    low, high = np.full(np.broadcast(p, coupon).shape, -5.0), np.full(np.broadcast(p, coupon).shape, 50.0)
    p_low, p_high = bond_price(coupon, low, n_years, f), bond_price(coupon, high, n_years, f)
    if np.any(p > p_low) or np.any(p < p_high):
        raise ValueError(f"price must give a yield between -5% and 50% for this bond, got {np.ravel(p)[0]:g}")
    for _ in range(80):
        mid = (low + high) / 2
        above = bond_price(coupon, mid, n_years, f) > p  # price too high -> yield must rise
        low, high = np.where(above, mid, low), np.where(above, high, mid)
    return _out((low + high) / 2)


def jgb_simple_yield(price: NumLike, coupon_pct: NumLike, years: NumLike) -> Num:
    """The JGB market's simple yield to maturity, 最終利回り(単利), in percent.

    ``(coupon + (100 − price) / years) / price × 100``: the coupon plus the pull to par spread
    evenly over the remaining years, per yen paid; no compounding. MOF prints this next to the
    price of price-competitive auctions ("単利利回り", MOF『ファイナンス』Jan 2024 p.42).
    Notebook 05, section '4. Price and yield'.
    """
    p = check.array("price", price, minimum=1e-6, maximum=1000)
    coupon = check.array("coupon_pct", coupon_pct, minimum=0, maximum=100)
    n_years = check.array("years", years, minimum=1e-6, maximum=100)
    return _out((coupon + (100 - p) / n_years) / p * 100)


def jgb_simple_price(yield_pct: NumLike, coupon_pct: NumLike, years: NumLike) -> Num:
    """Price per 100 face at a 単利 simple yield: the inverse of :func:`jgb_simple_yield`.

    From ``y/100 = (c + (100 − P)/n) / P``: ``P = (c + 100/n) / (y/100 + 1/n)``.
    Notebook 05, section '4. Price and yield'.
    """
    yld = check.array("yield_pct", yield_pct, minimum=-5, maximum=50)
    coupon = check.array("coupon_pct", coupon_pct, minimum=0, maximum=100)
    n_years = check.array("years", years, minimum=1e-6, maximum=100)
    return _out((coupon + 100 / n_years) / (yld / 100 + 1 / n_years))


def years_between(start: date, end: date) -> float:
    """Years from ``start`` to ``end`` as actual days / 365 (the JGB simple-yield day count).

    Notebook 05, section '4. Price and yield'.
    """
    if not isinstance(start, date) or not isinstance(end, date) or end <= start:
        raise ValueError(f"end must be a date after start, got start={start!r}, end={end!r}")
    return (end - start).days / 365


# Cash-flow valuation ------------------------------------------------------------------------------
def npv(rate: NumLike, cashflows: NumLike) -> Num:
    """Net present value, numpy-financial's convention: ``Σ cashflows[t] / (1 + rate)^t``, t from 0.

    ``rate`` is a fraction per period (0.08 for 8%). A 1-D series at one rate goes to
    ``numpy_financial.npv``; a 2-D array of series (one per row, for sweeps) or an array of rates
    is discounted the same way along the last axis. Notebook 06, section '2. The business model in numbers'.
    """
    r = check.array("rate", rate, minimum=-0.99, maximum=10)
    values = check.array("cashflows", cashflows)
    if values.ndim == 1 and r.ndim == 0:
        return float(npf.npv(float(r), values))
    t = np.arange(values.shape[-1])
    return _out((values / (1 + r[..., None]) ** t).sum(axis=-1))


def irr(cashflows: NumLike) -> float:
    """Internal rate of return (fraction per period) by ``numpy_financial.irr``; NaN if none exists.

    Sign convention as numpy-financial: at least one negative and one positive flow.
    Notebook 06, section '2. The business model in numbers'.
    """
    values = check.array("cashflows", cashflows)
    if values.ndim != 1 or values.size < 2:
        raise ValueError(f"cashflows must be one series of at least 2 values, got shape {values.shape}")
    return float(npf.irr(values))


def payback_years(cashflows: NumLike) -> float:
    """Years until the cumulative cash flow turns non-negative, interpolated within the year.

    ``cashflows[t]`` falls at the end of year t (t = 0 is the first year), so a payback of 3.5
    means halfway through the fourth year's cash flow. NaN when it never pays back.
    Notebook 06, section '2. The business model in numbers'.
    """
    values = check.array("cashflows", cashflows)
    cumulative = np.cumsum(values)
    if cumulative[0] >= 0:
        return 0.0
    later = np.nonzero(cumulative >= 0)[0]
    if later.size == 0:
        return math.nan
    k = int(later[0])
    return float(k - 1 + -cumulative[k - 1] / values[k])


# Context comparisons -----------------------------------------------------------------------------
def share_of_budget(investment_jpy: float, years: float, budget_jpy: float) -> dict[str, float]:
    """An investment spread over ``years`` against one year's budget, both ways.

    ``total_vs_one_year``: the article's comparison (¥2 tn / ¥6.1078 tn = 0.327, "about one
    third"); ``per_year``: like with like (¥2 tn / 6 / ¥6.1078 tn = 0.0546).
    Notebook 06, section '1. ¥2 trillion in context'.
    """
    total = check.number("investment_jpy", investment_jpy, minimum=0)
    n = check.number("years", years, minimum=1e-9)
    budget = check.number("budget_jpy", budget_jpy, minimum=1e-9)
    return {"total_vs_one_year": total / budget, "per_year": total / n / budget}


def usd_to_jpy(amount_usd: NumLike, jpy_per_usd: NumLike) -> Num:
    """Dollars in yen at a named rate (yen per dollar); arrays broadcast. Notebook 06, section '1. ¥2 trillion in context'."""
    usd = check.array("amount_usd", amount_usd, minimum=0)
    rate = check.array("jpy_per_usd", jpy_per_usd, minimum=1, maximum=1000)
    return _out(usd * rate)


# The GX programme ---------------------------------------------------------------------------------
GX_FIRST_FY = 2023  # 令和5年度以降10年間 (MOF; data/gx_redemption.csv issuance_start_fy)
GX_LAST_FY = 2050  # 令和32年度までに償還 (MOF; redemption_end_fy)


@dataclass(frozen=True)
class GxPath:
    """Yearly path of the GX bond programme, FY2023 to FY2050 (last axis = fiscal year, JPY).

    Notebook 05, section '5. The redemption plan to FY2050'.
    """

    fiscal_years: np.ndarray
    issuance_jpy: np.ndarray
    revenue_jpy: np.ndarray  # levy + allowance payments available for redemption
    redemption_jpy: np.ndarray
    outstanding_jpy: np.ndarray  # at the end of each fiscal year
    interest_jpy: np.ndarray

    @property
    def total_interest_jpy(self) -> Num:
        """Interest over the whole path."""
        return _out(self.interest_jpy.sum(axis=-1))

    @property
    def unredeemed_jpy(self) -> Num:
        """Debt still outstanding at the end of FY2050 (0 when the plan is met)."""
        return _out(self.outstanding_jpy[..., -1])

    @property
    def peak_outstanding_jpy(self) -> Num:
        """The largest closing debt of any year."""
        return _out(self.outstanding_jpy.max(axis=-1))

    @property
    def average_life_years(self) -> Num:
        """Years an issued yen stays borrowed on average: Σ outstanding / Σ issuance."""
        return _out(self.outstanding_jpy.sum(axis=-1) / self.issuance_jpy.sum(axis=-1))

    @property
    def redeemed_fy(self) -> float:
        """First fiscal year, after the last issue, whose closing debt is zero (NaN if none by FY2050).

        For a single path (no sweep axes).
        """
        if self.outstanding_jpy.ndim != 1:
            raise ValueError(f"redeemed_fy needs a single path, got shape {self.outstanding_jpy.shape}")
        last_issue = np.nonzero(self.issuance_jpy)[0].max(initial=0)
        done = np.nonzero(
            (np.arange(self.fiscal_years.size) >= last_issue) & (self.outstanding_jpy <= 1e-9 * self.issuance_jpy.sum())
        )[0]
        return float(self.fiscal_years[done[0]]) if done.size else math.nan


def gx_path(
    issuance_jpy: NumLike,
    yield_pct: NumLike,
    levy_jpy: NumLike,
    levy_growth_pct: NumLike,
    allowance_jpy: NumLike,
    allowance_growth_pct: NumLike,
    levy_start_fy: int = 2028,
    allowance_start_fy: int = 2033,
) -> GxPath:
    """Outstanding GX debt, its interest and its redemption, FY2023-FY2050.

    Model (each step is a stated simplification, not MOF's accounting):
    - ``issuance_jpy[k]`` is issued in FY2023 + k (10 values for the 10 years of the programme);
    - revenue from the fossil-fuel levy starts at ``levy_jpy`` in ``levy_start_fy`` (FY2028) and
      from paid allowance auctions at ``allowance_jpy`` in ``allowance_start_fy`` (FY2033), each
      growing by its percentage a year (start years: data/gx_redemption.csv; amounts: no official
      figure found, so they are scenario inputs);
    - revenue redeems principal, never more than is outstanding (the Act assigns both revenues to
      redemption, 償還); maturing bonds before that are refinanced (a bridge bond, つなぎ国債);
    - interest = ``yield_pct`` × the average of the opening and closing debt of each year, as if
      the whole stock paid one rate; it is reported as a cost, paid outside these revenues.

    Yields, revenues and growth rates may be arrays: they broadcast over leading axes, so one call
    computes a whole sweep. Notebook 05, section '5. The redemption plan to FY2050'.
    """
    issue = check.array("issuance_jpy", issuance_jpy, minimum=0)
    if issue.shape[-1] != 10:
        raise ValueError(f"issuance_jpy must have 10 yearly values (FY2023-FY2032), got {issue.shape[-1]}")
    yld = check.array("yield_pct", yield_pct, minimum=-5, maximum=50)[..., None]
    levy0 = check.array("levy_jpy", levy_jpy, minimum=0)[..., None]
    levy_g = check.array("levy_growth_pct", levy_growth_pct, minimum=-50, maximum=50)[..., None]
    allow0 = check.array("allowance_jpy", allowance_jpy, minimum=0)[..., None]
    allow_g = check.array("allowance_growth_pct", allowance_growth_pct, minimum=-50, maximum=50)[..., None]
    levy_start = check.integer("levy_start_fy", levy_start_fy, minimum=GX_FIRST_FY, maximum=GX_LAST_FY)
    allow_start = check.integer("allowance_start_fy", allowance_start_fy, minimum=GX_FIRST_FY, maximum=GX_LAST_FY)
    fy = np.arange(GX_FIRST_FY, GX_LAST_FY + 1)
    issued = np.zeros(issue.shape[:-1] + fy.shape)
    issued[..., :10] = issue
    revenue = np.where(fy >= levy_start, levy0 * (1 + levy_g / 100) ** np.maximum(fy - levy_start, 0), 0.0) + np.where(
        fy >= allow_start, allow0 * (1 + allow_g / 100) ** np.maximum(fy - allow_start, 0), 0.0
    )
    shape = np.broadcast_shapes(issued.shape, revenue.shape, yld.shape)
    issued, revenue = np.broadcast_to(issued, shape), np.broadcast_to(revenue, shape)
    outstanding, redemption = np.zeros(shape), np.zeros(shape)
    opening = np.zeros(shape[:-1])
    for k in range(fy.size):
        available = opening + issued[..., k]
        redemption[..., k] = np.minimum(revenue[..., k], available)
        outstanding[..., k] = available - redemption[..., k]
        opening = outstanding[..., k]
    previous = np.concatenate([np.zeros(shape[:-1] + (1,)), outstanding[..., :-1]], axis=-1)
    interest = np.broadcast_to(yld, shape) / 100 * (previous + outstanding) / 2
    return GxPath(fy, issued, revenue, redemption, outstanding, interest)


def even_completion(issued_jpy: NumLike, total_jpy: float, years: int) -> np.ndarray:
    """Yearly issuance: the amounts issued so far, then the rest of ``total_jpy`` spread evenly.

    The default path of notebook 05: FY2023-FY2025 the Climate Transition Bonds sold or planned at
    auction (data/facts.csv), FY2026 onwards an even split of what is left of ¥20 tn (a scenario: the
    FY2026 issuance plan's transition-bond amount was not found; the Cabinet Office spreads the rest
    the same way). Notebook 05, section '2. How much has been issued: two ways to count'.
    """
    done = check.array("issued_jpy", issued_jpy, minimum=0)
    total = check.number("total_jpy", total_jpy, minimum=0)
    n = check.integer("years", years, minimum=done.size)
    rest = max(total - done.sum(), 0.0)
    return np.concatenate([done, np.full(n - done.size, rest / max(n - done.size, 1))])


def flat_revenue_needed(total_jpy: float, start_fy: int = 2028, end_fy: int = GX_LAST_FY) -> float:
    """Constant yearly revenue from ``start_fy`` that repays ``total_jpy`` by the end of ``end_fy``.

    Notebook 05, section '5. The redemption plan to FY2050'.
    """
    total = check.number("total_jpy", total_jpy, minimum=0)
    start = check.integer("start_fy", start_fy, minimum=GX_FIRST_FY, maximum=GX_LAST_FY)
    end = check.integer("end_fy", end_fy, minimum=start, maximum=2100)
    return total / (end - start + 1)


# The AI programme: a stage gate ------------------------------------------------------------------
@dataclass(frozen=True)
class StageGate:
    """Expected spend of a programme reviewed every year before further money.

    Notebook 05, section '7. The AI money inside the programme'.
    """

    budget_jpy: np.ndarray  # the money each year would get if it continues
    reach_probability: np.ndarray  # probability that year k is funded: p_continue ** k
    expected_spend_jpy: np.ndarray
    expected_total_jpy: Num
    expected_interest_jpy: Num


def stage_gate(budget_jpy: NumLike, p_continue: NumLike, yield_pct: NumLike, holding_years: NumLike) -> StageGate:
    """Expected spend and interest of a programme funded one year at a time.

    The first year's money is decided (the FY2026 budget); before each later year a review
    continues the programme with probability ``p_continue`` or stops it for good, so year k is
    funded with probability ``p_continue ** k``. Each yen is borrowed (GX bonds) for
    ``holding_years`` at ``yield_pct`` simple interest, e.g. the GX programme's
    :attr:`GxPath.average_life_years`. ``p_continue`` and ``yield_pct`` may be arrays.
    Notebook 05, section '7. The AI money inside the programme'.
    """
    budget = check.array("budget_jpy", budget_jpy, minimum=0)
    p = check.array("p_continue", p_continue, minimum=0, maximum=1)[..., None]
    yld = check.array("yield_pct", yield_pct, minimum=-5, maximum=50)
    hold = check.array("holding_years", holding_years, minimum=0, maximum=100)
    reach = p ** np.arange(budget.shape[-1])
    spend = budget * reach
    total = spend.sum(axis=-1)
    return StageGate(budget, _out(reach), _out(spend), _out(total), _out(total * yld / 100 * hold))


# Data-centre economics ------------------------------------------------------------------------
@dataclass(frozen=True)
class DataCentre:
    """A GPU data-centre investment: the inputs of notebook 06's business case.

    No defaults: :func:`helpers.scenarios.datacentre` builds the story's case, with SoftBank's
    published ¥2 tn over 6 years (data/facts.csv) and every other input from data/scenarios.csv
    (SoftBank has published no capex split, GPU count, price, utilisation or cost figures).
    Notebook 06, section '2. The business model in numbers'.
    """

    capex_jpy: float  # softbank_dc_investment_jpy (facts.csv)
    build_years: int  # softbank_dc_years (facts.csv), FY2026-FY2031, spent evenly (scenario)
    gpu_share_pct: float  # share of the capex spent on GPU servers and network
    capex_per_gpu_jpy: float  # installed cost per GPU incl. server and network
    gpu_life_years: int  # depreciation life and refresh cycle of the GPUs
    facility_life_years: int  # depreciation life of buildings, power and cooling
    price_jpy_per_gpu_hour: float  # average price of a sold GPU-hour
    utilisation_pct: float  # share of GPU-hours sold
    facility_kw_per_gpu: float  # GPU + server share + cooling (PUE); helpers.calc.power can supply it
    idle_power_pct: float  # power an unsold GPU still draws, % of full load
    electricity_jpy_per_kwh: float  # no recent industrial price found (shared/facts/japan.md §5)
    other_opex_pct: float  # staff, maintenance, network, % of capex spent so far, per year
    discount_rate_pct: float  # the investor's required return
    horizon_years: int  # years valued, FY2026 onwards; book value at the end counts as salvage

    def __post_init__(self) -> None:
        for name, low, high in (
            ("capex_jpy", 0, 1e15),
            ("gpu_share_pct", 0, 100),
            ("capex_per_gpu_jpy", 1e4, 1e9),
            ("price_jpy_per_gpu_hour", 0, 1e5),
            ("utilisation_pct", 0, 100),
            ("facility_kw_per_gpu", 0, 100),
            ("idle_power_pct", 0, 100),
            ("electricity_jpy_per_kwh", 0, 1000),
            ("other_opex_pct", 0, 100),
            ("discount_rate_pct", -50, 100),
        ):
            check.array(name, getattr(self, name), minimum=low, maximum=high)
        check.integer("build_years", self.build_years, minimum=1, maximum=30)
        check.integer("gpu_life_years", self.gpu_life_years, minimum=1, maximum=30)
        check.integer("facility_life_years", self.facility_life_years, minimum=1, maximum=100)
        check.integer("horizon_years", self.horizon_years, minimum=self.build_years + 1, maximum=60)

    def replace(self, **changes: Any) -> DataCentre:
        """A copy with some inputs changed (checked again)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class DataCentreResult:
    """Yearly lines (last axis = year, FY2026 first) and the investor's summary numbers.

    Notebook 06, section '2. The business model in numbers'.
    """

    fiscal_years: np.ndarray
    gpus_online: np.ndarray
    capex_jpy: np.ndarray  # build-out and GPU refresh
    revenue_jpy: np.ndarray
    power_cost_jpy: np.ndarray
    other_opex_jpy: np.ndarray
    depreciation_jpy: np.ndarray
    salvage_jpy: np.ndarray  # book value at the end of the horizon, in the last year
    cashflow_jpy: np.ndarray
    npv_jpy: Num

    @property
    def operating_profit_jpy(self) -> np.ndarray:
        """Revenue less power, other opex and depreciation, each year."""
        return self.revenue_jpy - self.power_cost_jpy - self.other_opex_jpy - self.depreciation_jpy


def _schedule(dc: DataCentre) -> dict[str, np.ndarray]:
    """Capex, GPUs online and depreciation by year; they do not depend on price or utilisation."""
    years = dc.horizon_years
    build = np.zeros(years)
    build[: dc.build_years] = dc.capex_jpy / dc.build_years
    gpu_spend = build * dc.gpu_share_pct / 100
    facility_spend = build - gpu_spend
    refresh = np.zeros(years)
    gpus = np.zeros(years)
    gpu_dep, facility_dep = np.zeros(years), np.zeros(years)
    book = 0.0
    for k in range(dc.build_years):
        buy = k
        while buy < years:  # a cohort of GPUs is bought, used for gpu_life_years, then replaced
            cost = gpu_spend[k]
            if buy > k:
                refresh[buy] += cost
            live = slice(buy + 1, min(buy + 1 + dc.gpu_life_years, years))
            gpus[live] += cost / dc.capex_per_gpu_jpy
            gpu_dep[live] += cost / dc.gpu_life_years
            used = max(min(years - 1 - buy, dc.gpu_life_years), 0)
            if buy + dc.gpu_life_years >= years:
                book += cost * (1 - used / dc.gpu_life_years)
            buy += dc.gpu_life_years
        live = slice(k + 1, min(k + 1 + dc.facility_life_years, years))
        facility_dep[live] += facility_spend[k] / dc.facility_life_years
        used = max(min(years - 1 - k, dc.facility_life_years), 0)
        book += facility_spend[k] * (1 - used / dc.facility_life_years)
    salvage = np.zeros(years)
    salvage[-1] = book
    capex = build + refresh
    spent = np.cumsum(capex)
    return {"capex": capex, "gpus": gpus, "depreciation": gpu_dep + facility_dep, "salvage": salvage, "spent": spent}


def datacenter_cashflows(
    dc: DataCentre,
    *,
    utilisation_pct: NumLike | None = None,
    price_jpy_per_gpu_hour: NumLike | None = None,
    electricity_jpy_per_kwh: NumLike | None = None,
    power_cost_jpy: NumLike | None = None,
) -> DataCentreResult:
    """Yearly cash flows of ``dc`` and their NPV at ``dc.discount_rate_pct``.

    - revenue = GPUs online × 8,760 h × utilisation × price per GPU-hour (the usage-fee model);
    - power cost = GPUs online × facility kW per GPU × 8,760 h × (idle + (1 − idle) × utilisation)
      × yen per kWh, unless ``power_cost_jpy`` (a yearly series, e.g. from ``helpers.calc.power``) is given;
    - other opex = ``other_opex_pct`` of the capex spent so far, each year;
    - cash flow = revenue − power − other opex − capex (+ salvage at book value in the last year).
      Pre-tax; depreciation matters for profit, not for cash.

    GPUs bought in a year earn from the next year. ``utilisation_pct``, ``price_jpy_per_gpu_hour``
    and ``electricity_jpy_per_kwh`` override the dataclass and may be arrays (they broadcast).
    Notebook 06, section '2. The business model in numbers'.
    """
    s = _schedule(dc)
    util = (
        check.array(
            "utilisation_pct",
            dc.utilisation_pct if utilisation_pct is None else utilisation_pct,
            minimum=0,
            maximum=100,
        )[..., None]
        / 100
    )
    price = check.array(
        "price_jpy_per_gpu_hour",
        dc.price_jpy_per_gpu_hour if price_jpy_per_gpu_hour is None else price_jpy_per_gpu_hour,
        minimum=0,
        maximum=1e5,
    )[..., None]
    tariff = check.array(
        "electricity_jpy_per_kwh",
        dc.electricity_jpy_per_kwh if electricity_jpy_per_kwh is None else electricity_jpy_per_kwh,
        minimum=0,
        maximum=1000,
    )[..., None]
    revenue = s["gpus"] * HOURS_PER_YEAR * util * price
    if power_cost_jpy is None:
        load = dc.idle_power_pct / 100 + (1 - dc.idle_power_pct / 100) * util
        power = s["gpus"] * dc.facility_kw_per_gpu * HOURS_PER_YEAR * load * tariff
    else:
        power = check.array("power_cost_jpy", power_cost_jpy, minimum=0)
        if power.shape[-1] != dc.horizon_years:
            raise ValueError(f"power_cost_jpy must have {dc.horizon_years} yearly values, got {power.shape[-1]}")
    other = s["spent"] * dc.other_opex_pct / 100
    shape = np.broadcast_shapes(revenue.shape, np.shape(power))
    cash = np.broadcast_to(revenue - power - other - s["capex"] + s["salvage"], shape)
    fy = np.arange(2026, 2026 + dc.horizon_years)
    return DataCentreResult(
        fy,
        s["gpus"],
        s["capex"],
        np.broadcast_to(revenue, shape),
        np.broadcast_to(power, shape),
        other,
        s["depreciation"],
        s["salvage"],
        cash,
        npv(dc.discount_rate_pct / 100, cash),
    )


def breakeven_utilisation(dc: DataCentre, **overrides: NumLike) -> Num:
    """Utilisation (percent) at which the NPV is zero; NaN above 100% (it cannot break even).

    NPV is linear in utilisation (revenue and power both are), so two evaluations give it exactly.
    Keyword overrides (``price_jpy_per_gpu_hour=...``) may be arrays. Notebook 06, section '3. Utilisation and price'.
    """
    at0 = np.asarray(datacenter_cashflows(dc, utilisation_pct=0.0, **overrides).npv_jpy)
    at100 = np.asarray(datacenter_cashflows(dc, utilisation_pct=100.0, **overrides).npv_jpy)
    slope = at100 - at0
    with np.errstate(divide="ignore", invalid="ignore"):
        level = np.where(slope > 0, -at0 / slope * 100, np.nan)
    level = np.where(level > 100, np.nan, np.maximum(level, 0.0))
    return _out(level)


def summary(dc: DataCentre) -> dict[str, float]:
    """NPV, IRR, payback (years from the start of FY2026) and break-even utilisation of ``dc``.

    Notebook 06, section '2. The business model in numbers'.
    """
    result = datacenter_cashflows(dc)
    flows = np.asarray(result.cashflow_jpy)
    return {
        "npv_jpy": float(result.npv_jpy),
        "irr": irr(flows),
        "payback_years": payback_years(flows),
        "breakeven_utilisation_pct": float(breakeven_utilisation(dc)),
    }


# Inputs the tornado varies, with the (low, high) each takes; all scenario ranges.
def tornado(dc: DataCentre, ranges: dict[str, tuple[float, float]]) -> list[tuple[str, float, float, float, float]]:
    """One-at-a-time sensitivity of the NPV: ``(field, low, high, npv_at_low, npv_at_high)``.

    Each input moves to its low and high value with all others at ``dc``; rows are sorted by
    swing (largest first), the order a tornado chart draws them. Notebook 06, section '4. What matters most: a tornado'.
    """
    names = {f.name for f in fields(DataCentre)}
    rows = []
    for name, (low, high) in ranges.items():
        if name not in names:
            raise ValueError(f"ranges must name DataCentre fields, got {name!r}")
        npv_low = float(datacenter_cashflows(dc.replace(**{name: low})).npv_jpy)
        npv_high = float(datacenter_cashflows(dc.replace(**{name: high})).npv_jpy)
        rows.append((name, low, high, npv_low, npv_high))
    return sorted(rows, key=lambda r: -abs(r[4] - r[3]))
