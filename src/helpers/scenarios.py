"""The story's assumptions, once: every notebook, the deck, the explorers and the exercises read them here.

Each assumption is a row of ``data/scenarios.csv`` with a central value, a low and a high value,
its unit, whether it is sourced or an assumption, its source and when it was last confirmed. This
module turns the rows into typed, frozen objects (:class:`Cluster`, :class:`ReferenceRun`,
:class:`GxScenario`, :class:`~helpers.calc.finance.DataCentre`), so a notebook cell reads
``scenarios.cluster().mfu`` instead of typing ``0.4``. A test searches the notebooks, labels and
helpers for the scenario values typed as literals and fails on a second copy.

``case`` is ``"central"``, ``"low"`` or ``"high"``: each field takes its own low or high value
(``cluster("low").mfu`` is the low MFU), so a caller that wants a pessimistic run picks the case
per field; the headline ranges of notebooks 03-06 are built that way.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers import data
from helpers.calc import catalog, check, compute, finance
from helpers.calc.params import ModelConfig

CASES = ("central", "low", "high")
BASES = ("source", "assumption")


@dataclass(frozen=True)
class Assumption:
    """One row of ``data/scenarios.csv``: a value with its range and provenance. README, section 'Project layout'."""

    id: str
    group: str
    value: float | str  # central value; text for a model or GPU name
    low: float | str
    high: float | str
    unit: str
    basis: str  # "source" or "assumption"
    source: str
    confirmed: str  # ISO date the value was last checked
    note: str

    def case(self, case: str = "central") -> float | str:
        """The value for ``case`` ("central", "low" or "high")."""
        case = check.choice("case", case, CASES)
        return self.value if case == "central" else getattr(self, case)


def _parse(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


@lru_cache(maxsize=1)
def _rows() -> dict[str, Assumption]:
    rows = {}
    for raw in data.load("scenarios").to_dict("records"):
        record = {key: "" if pd.isna(cell) else cell for key, cell in raw.items()}
        basis = check.choice(f"scenarios.csv basis of {record['id']}", record["basis"], BASES)
        value = _parse(str(record["value"]))
        low = _parse(str(record["low"])) if record["low"] != "" else value
        high = _parse(str(record["high"])) if record["high"] != "" else value
        rows[record["id"]] = Assumption(
            record["id"],
            record["group"],
            value,
            low,
            high,
            record["unit"],
            basis,
            record["source"],
            record["confirmed"],
            record["note"],
        )
    return rows


def table() -> pd.DataFrame:
    """Every assumption as a table (id, group, value, low, high, unit, basis, source, confirmed, note).

    README, section 'Project layout'.
    """
    return data.load("scenarios")


def get(assumption_id: str) -> Assumption:
    """The row ``assumption_id`` of ``data/scenarios.csv``. README, section 'Project layout'."""
    rows = _rows()
    if assumption_id not in rows:
        raise ValueError(f"assumption_id must be a row of data/scenarios.csv, got {assumption_id!r}")
    return rows[assumption_id]


def value(assumption_id: str, case: str = "central") -> float:
    """A numeric assumption for ``case``; ``ValueError`` for a text row. Notebook 04, section '1. The power chain'."""
    found = get(assumption_id).case(case)
    if isinstance(found, str):
        raise ValueError(f"assumption_id {assumption_id!r} holds a name ({found!r}), not a number; use get()")
    return found


def text(assumption_id: str) -> str:
    """A named assumption (a model or GPU). README, section 'Project layout'."""
    found = get(assumption_id).value
    if not isinstance(found, str):
        raise ValueError(f"assumption_id {assumption_id!r} holds a number, not a name; use value()")
    return found


def bounds(assumption_id: str) -> tuple[float, float]:
    """``(low, high)`` of a numeric assumption. Notebook 06, section '3. Utilisation and price'."""
    return value(assumption_id, "low"), value(assumption_id, "high")


# The training cluster -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Cluster:
    """The reference training cluster and how hard it runs (notebooks 03 and 04).

    Notebook 03, section '4. From FLOPs to days'.
    """

    gpu: str  # a key or name of data/gpus.csv
    n_gpus: int  # GPUs training at once
    mfu: float  # model FLOPs utilisation, fraction of the dense BF16 peak
    power_fraction: float  # share of rated power drawn while training
    pue: float  # facility power / IT power
    deadline_days: float  # a training deadline, for "how many GPUs finish in time"
    electricity_jpy_per_kwh: float


def cluster(case: str = "central") -> Cluster:
    """The reference cluster with every numeric field at ``case``. Notebook 03, section '4. From FLOPs to days'."""
    return Cluster(
        gpu=text("cluster_gpu"),
        n_gpus=int(value("cluster_gpus", case)),
        mfu=value("mfu", case),
        power_fraction=value("power_fraction", case),
        pue=value("pue", case),
        deadline_days=value("deadline_days", case),
        electricity_jpy_per_kwh=value("electricity_jpy_per_kwh", case),
    )


# The reference 1T runs ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ReferenceRun:
    """One of the story's two reference training runs of a one-trillion-parameter model.

    Notebook 03, section '3. The FLOPs of a trillion-parameter model'.
    """

    key: str  # "dense" or "moe"
    model: ModelConfig
    tokens: float  # training tokens
    seq: int  # training sequence length
    flops: float  # helpers.calc.compute.training_flops (6·N_active·D + attention)


def target_params() -> float:
    """The story's target size: one trillion parameters (data/facts.csv model_target_params).

    Notebook 03, section '3. The FLOPs of a trillion-parameter model'.
    """
    facts = data.load("facts").set_index("id")
    return float(facts.loc["model_target_params", "value"])


@lru_cache(maxsize=3)
def reference_runs(case: str = "central") -> dict[str, ReferenceRun]:
    """``{"dense": ..., "moe": ...}``: the 1T dense run (Chinchilla-optimal tokens for the story's
    one trillion parameters) and the 1T MoE run (Kimi K2's shape and its published tokens).
    Notebook 03, section '3. The FLOPs of a trillion-parameter model'."""
    seq = int(value("train_seq_tokens", case))
    dense = catalog.model(text("dense_model"))
    moe = catalog.model(text("moe_model"))
    dense_tokens = float(compute.chinchilla_optimal_tokens(target_params()))
    moe_tokens = float(compute.training_runs().set_index("model").loc[moe.name, "tokens"])
    return {
        key: ReferenceRun(key, cfg, tokens, seq, float(compute.training_flops(cfg, tokens, seq=seq)))
        for key, cfg, tokens in (("dense", dense, dense_tokens), ("moe", moe, moe_tokens))
    }


# The GX bond path ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class GxScenario:
    """Inputs of :func:`helpers.calc.finance.gx_path` and :func:`~helpers.calc.finance.stage_gate` (notebook 05).

    Notebook 05, section '5. The redemption plan to FY2050'.
    """

    yield_pct: float
    levy_jpy: float  # first-year levy revenue (FY2028)
    levy_growth_pct: float
    allowance_jpy: float  # first-year allowance revenue (FY2033)
    allowance_growth_pct: float
    p_continue: float  # probability that each yearly review continues the AI programme


def gx(case: str = "central") -> GxScenario:
    """The GX scenario with every field at ``case``. Notebook 05, section '5. The redemption plan to FY2050'."""
    return GxScenario(
        *(value(f"gx_{f.name}" if f.name != "p_continue" else "ai_p_continue", case) for f in fields(GxScenario))
    )


def gx_path_args(scenario: GxScenario | None = None) -> tuple[float, float, float, float, float]:
    """``(yield_pct, levy_jpy, levy_growth_pct, allowance_jpy, allowance_growth_pct)`` for gx_path.

    Notebook 05, section '5. The redemption plan to FY2050'.
    """
    s = scenario or gx()
    return s.yield_pct, s.levy_jpy, s.levy_growth_pct, s.allowance_jpy, s.allowance_growth_pct


GX_ISSUED_FYS = (2023, 2024, 2025)  # fiscal years with a CTB amount sold or planned in data/facts.csv


def gx_issued() -> np.ndarray:
    """Climate Transition Bonds sold or planned at auction, FY2023-FY2025 (data/facts.csv
    ``gx_issuance_fy*_jpy``): the CTB series, not the legal-basis one (data/gx_accounting.csv).

    The CTB series is the complete one (the FY2025 legal-basis amount was not found) and counts the
    money actually borrowed under the label, FY2022's refinanced spending included, in the year it
    was borrowed, which is when interest starts.
    Notebook 05, section '2. How much has been issued: two ways to count'.
    """
    facts = data.load("facts").set_index("id")["value"]
    return np.array([float(facts[f"gx_issuance_fy{fy}_jpy"]) for fy in GX_ISSUED_FYS])


def issuance_path() -> np.ndarray:
    """GX issuance by fiscal year FY2023-FY2032: Climate Transition Bonds sold or planned at auction
    (:func:`gx_issued`), then the rest of the ¥20 tn spread evenly (an assumption: no CTB amount
    for FY2026 was found, and FY2026's GX budget is not a CTB figure).
    Notebook 05, section '2. How much has been issued: two ways to count'."""
    facts = data.load("facts").set_index("id")["value"]
    return finance.even_completion(
        gx_issued(), float(facts["gx_bond_programme_jpy"]), int(float(facts["gx_bond_years"]))
    )


def ai_budget_by_year() -> np.ndarray:
    """The AI programme by fiscal year FY2026-FY2030: FY2026's budget (data/facts.csv), then the rest
    of ¥1 tn spread evenly over the remaining years (an assumption).
    Notebook 05, section '7. The AI money inside the programme'."""
    facts = data.load("facts").set_index("id")["value"]
    first, total = float(facts["fy2026_ai_budget_jpy"]), float(facts["ai_programme_total_jpy"])
    years = int(float(facts["ai_programme_years"]))
    return np.array([first] + [(total - first) / (years - 1)] * (years - 1))


# The data-centre business case --------------------------------------------------------------------
DC_FROM_FACTS = {"capex_jpy": "softbank_dc_investment_jpy", "build_years": "softbank_dc_years"}
DC_SHARED = {"electricity_jpy_per_kwh": "electricity_jpy_per_kwh"}  # one price for notebooks 04 and 06


def _dc_id(field: str) -> str:
    return DC_SHARED.get(field, f"dc_{field}")


def datacentre(case: str = "central") -> finance.DataCentre:
    """SoftBank's ¥2 tn over 6 years (data/facts.csv) with every other input at ``case``.

    Notebook 06, section '2. The business model in numbers'.
    """
    facts = data.load("facts").set_index("id")["value"]
    values: dict[str, float | int] = {}
    for f in fields(finance.DataCentre):
        if f.name in DC_FROM_FACTS:
            number = float(facts[DC_FROM_FACTS[f.name]])
        else:
            number = value(_dc_id(f.name), case)
        values[f.name] = int(number) if f.type in ("int", int) else number
    return finance.DataCentre(**values)


TORNADO_FIELDS = (
    "utilisation_pct",
    "price_jpy_per_gpu_hour",
    "capex_per_gpu_jpy",
    "gpu_life_years",
    "electricity_jpy_per_kwh",
    "other_opex_pct",
    "discount_rate_pct",
)


def tornado_ranges() -> dict[str, tuple[float, float]]:
    """Low and high of each data-centre input that notebook 06's tornado moves.

    Notebook 06, section '4. What matters most: a tornado'.
    """
    ranges = {}
    for name in TORNADO_FIELDS:
        low, high = bounds(_dc_id(name))
        ranges[name] = (int(low), int(high)) if name.endswith("_years") else (low, high)
    return ranges
