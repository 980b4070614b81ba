"""What a budget buys: GPU-hours, final training runs, the whole development, a campus's output.

Explained in ``notebooks/07_where_the_money_goes.ipynb``: the ¥1 trillion of the AI programme turned
into GPU-hours at a price per GPU-hour (section 1), one final training run of a reference model in
yen (section 2), what else a frontier programme spends on and how many runs the budget buys
(section 3), the state's share of a campus's GPU-hours (section 4), and a tornado of the inputs
(section 5). Pure functions on plain numbers; every input a slider or a sweep moves accepts NumPy
arrays and broadcasts. Shares are fractions here (0.6, not 60): a percentage from
``data/scenarios.csv`` or a slider becomes a fraction once, at the caller.

Conventions
-----------
- A **GPU-hour** is one GPU busy for one hour; its price includes the server, the building and
  the power around it (what a cloud or a data centre charges).
- The **final run** is the one training run whose weights are released. A programme also spends
  compute on experiments, ablations, smaller models and failed starts: the **compute multiple**
  is all training compute divided by the final run's (Cottier et al. 2024 assume 1.2-4, median
  2.2; OPT-175B's authors estimated about 2; ``data/development_costs.csv``).
- The **share on the final run** is the fraction of the budget that pays for final runs: the
  compute share divided by the compute multiple (:func:`final_run_share`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from helpers.calc import check, compute
from helpers.calc.check import Num, NumLike
from helpers.calc.compute import HOURS_PER_YEAR


def _out(array: np.ndarray) -> Num:
    """A 0-d result as a plain float, anything else as an array."""
    return float(array) if np.ndim(array) == 0 else array


# GPU-hours and yen --------------------------------------------------------------------------------
def gpu_hours_bought(amount_jpy: NumLike, price_jpy_per_gpu_hour: NumLike) -> Num:
    """GPU-hours that ``amount_jpy`` buys at ``price_jpy_per_gpu_hour``: amount / price.

    Notebook 07, section '1. ¥1 trillion in GPU-hours'.
    """
    amount = check.array("amount_jpy", amount_jpy, minimum=0)
    price = check.array("price_jpy_per_gpu_hour", price_jpy_per_gpu_hour, minimum=1, maximum=1e6)
    return _out(amount / price)


def gpu_years(gpu_hours: NumLike) -> Num:
    """GPU-hours as GPUs busy for a whole year (8,760 hours each).

    Notebook 07, section '1. ¥1 trillion in GPU-hours'.
    """
    return _out(check.array("gpu_hours", gpu_hours, minimum=0) / HOURS_PER_YEAR)


def run_gpu_hours(flops: NumLike, gpu: str, mfu: NumLike, precision: str = "bf16") -> Num:
    """GPU-hours of one training run of ``flops`` model FLOPs at ``mfu``
    (:func:`helpers.calc.compute.gpu_hours`). Notebook 07, section '2. One final training run in yen'.
    """
    return compute.gpu_hours(flops, gpu, mfu, precision)


def run_cost_jpy(
    flops: NumLike, gpu: str, mfu: NumLike, price_jpy_per_gpu_hour: NumLike, precision: str = "bf16"
) -> Num:
    """Yen of one training run: its GPU-hours (:func:`run_gpu_hours`) × the price per GPU-hour.

    Notebook 07, section '2. One final training run in yen'.
    """
    hours = np.asarray(run_gpu_hours(flops, gpu, mfu, precision))
    price = check.array("price_jpy_per_gpu_hour", price_jpy_per_gpu_hour, minimum=1, maximum=1e6)
    return _out(hours * price)


# The whole development ------------------------------------------------------------------------------
def development_compute_jpy(final_run_jpy: NumLike, compute_multiple: NumLike) -> Num:
    """All training compute of a model's development: the final run × the compute multiple
    (experiments, ablations, smaller models and restarts included; 1 = the final run alone).

    Notebook 07, section '3. What else a programme pays for'.
    """
    final = check.array("final_run_jpy", final_run_jpy, minimum=0)
    multiple = check.array("compute_multiple", compute_multiple, minimum=1, maximum=100)
    return _out(final * multiple)


def final_run_share(compute_share: NumLike, compute_multiple: NumLike) -> Num:
    """Fraction of a budget that pays for final runs: the share spent on compute divided by the
    compute multiple (0.6 of the budget on compute at a multiple of 3 leaves 0.2 for final runs).

    Notebook 07, section '3. What else a programme pays for'.
    """
    share = check.array("compute_share", compute_share, minimum=0, maximum=1)
    multiple = check.array("compute_multiple", compute_multiple, minimum=1, maximum=100)
    return _out(share / multiple)


def runs_affordable(budget_jpy: NumLike, run_cost_jpy_: NumLike, final_share: NumLike) -> Num:
    """How many final runs the budget buys: budget × share on final runs / cost of one run.

    Notebook 07, section '3. What else a programme pays for'.
    """
    budget = check.array("budget_jpy", budget_jpy, minimum=0)
    cost = check.array("run_cost_jpy", run_cost_jpy_, minimum=1)
    share = check.array("final_share", final_share, minimum=0, maximum=1)
    return _out(budget * share / cost)


def people_cost_jpy(engineers: NumLike, cost_per_engineer_year_jpy: NumLike, years: NumLike) -> Num:
    """Yen of a team: engineers × cost of one engineer-year (pay and overhead) × years.

    Notebook 07, section '3. What else a programme pays for'.
    """
    people = check.array("engineers", engineers, minimum=0, maximum=1e6)
    cost = check.array("cost_per_engineer_year_jpy", cost_per_engineer_year_jpy, minimum=0, maximum=1e9)
    span = check.array("years", years, minimum=0, maximum=100)
    return _out(people * cost * span)


# A campus's output --------------------------------------------------------------------------------
def campus_gpu_hours(gpus: NumLike, hours: NumLike = HOURS_PER_YEAR) -> Num:
    """GPU-hours a campus can deliver: its GPUs × the hours (a year by default), every GPU busy.

    Notebook 07, section '4. The state's share of the new campuses'.
    """
    count = check.array("gpus", gpus, minimum=0)
    span = check.array("hours", hours, minimum=0)
    return _out(count * span)


def campus_share(state_gpu_hours: NumLike, campus_gpu_hours_: NumLike) -> Num:
    """Fraction of a campus's GPU-hours the state buys; NaN where the campus has none yet (a year
    before its first GPUs earn). Above 1 means the state's money needs more than the campus has.

    Notebook 07, section '4. The state's share of the new campuses'.
    """
    state = check.array("state_gpu_hours", state_gpu_hours, minimum=0)
    campus = check.array("campus_gpu_hours", campus_gpu_hours_, minimum=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(campus > 0, state / np.where(campus > 0, campus, 1.0), np.nan)
    return _out(share)


# Currencies ---------------------------------------------------------------------------------------
def to_usd(amount: NumLike, per_usd: NumLike) -> Num:
    """An amount in another currency in US dollars, at ``per_usd`` units of it per dollar
    (₹67 at ₹85.4/$ is $0.78). Notebook 07, section '1. ¥1 trillion in GPU-hours'.
    """
    value = check.array("amount", amount, minimum=0)
    rate = np.asarray(check.sweep("per_usd", per_usd, above=0), dtype=float)
    return _out(value / rate)


# One input at a time ------------------------------------------------------------------------------
def sensitivity(
    function: Callable[..., Any], base: Mapping[str, float], ranges: Mapping[str, tuple[float, float]]
) -> list[tuple[str, float, float, float, float]]:
    """One-at-a-time sensitivity of ``function(**inputs)``: ``(name, low, high, at_low, at_high)``.

    Each named input moves to its low and its high value with all others at ``base``; rows are
    sorted by swing (largest first), the order a tornado chart draws them (as
    :func:`helpers.calc.finance.tornado` does for the data centre).
    Notebook 07, section '5. What decides the answer: a tornado'.
    """
    if not callable(function):
        raise ValueError(f"function must be callable, got {type(function).__name__}")
    rows = []
    for name, bounds in ranges.items():
        if name not in base:
            raise ValueError(f"ranges must name inputs of base ({', '.join(base)}), got {name!r}")
        if len(bounds) != 2:
            raise ValueError(f"ranges[{name!r}] must be (low, high), got {bounds!r}")
        low = check.number(f"ranges[{name!r}] low", bounds[0])
        high = check.number(f"ranges[{name!r}] high", bounds[1])
        at_low = float(function(**{**base, name: low}))
        at_high = float(function(**{**base, name: high}))
        rows.append((name, low, high, at_low, at_high))
    return sorted(rows, key=lambda row: -abs(row[4] - row[3]))
