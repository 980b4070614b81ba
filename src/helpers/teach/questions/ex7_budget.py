"""Exercise sheet 7, where ¥1 trillion goes (notebooks/exercises/ex7_budget.ipynb): ``ex7_q1`` … ``ex7_q6``.

Every expected answer is computed from ``data/`` and ``data/scenarios.csv`` with
:mod:`helpers.calc.budget`, the same way notebook 07 and :func:`helpers.story.headlines` compute
them: FY2026's budget line in GPU-hours (q1), one final run of the 1T MoE in yen (q2), the dense
final runs the programme pays for (q3), the state's share of the data-centre case's GPU-hours (q4),
a 300 MW campus against Hokkaido's demand (q5), robot computers to hold a trillion parameters (q6).
"""

from __future__ import annotations

import math

from helpers import data, scenarios, story
from helpers.calc import budget, memory, power
from helpers.teach.question import Question
from helpers.teach.questions.inputs import fact

SHEET = "ex7_budget"


def _price() -> float:
    return scenarios.value("dc_price_jpy_per_gpu_hour")


def _fy2026_million_gpu_hours() -> float:
    return float(budget.gpu_hours_bought(fact("fy2026_ai_budget_jpy"), _price())) / 1e6


def _moe_run_bn() -> float:
    c = scenarios.cluster()
    return float(budget.run_cost_jpy(scenarios.reference_runs()["moe"].flops, c.gpu, c.mfu, _price())) / 1e9


def _dense_runs() -> float:
    c = scenarios.cluster()
    cost = budget.run_cost_jpy(scenarios.reference_runs()["dense"].flops, c.gpu, c.mfu, _price())
    share = budget.final_run_share(
        scenarios.value("budget_compute_share_pct") / 100, scenarios.value("budget_compute_multiple")
    )
    return float(budget.runs_affordable(scenarios.ai_budget_by_year().sum(), cost, share))


def _campus_share() -> float:
    return story.headlines()["budget_campus_share"].value


def _hokkaido_pct() -> float:
    mw = float(data.load("datacenters").set_index("id").loc["tomakomai_planned_300", "capacity_mw"])
    twh = float(power.yearly_energy_mwh(mw, scenarios.value("load_factor"))) / 1e6
    return 100 * twh / float(data.load("hokkaido_grid").set_index("id").loc["hokkaido_demand_fy2014", "value"])


def _robot_computers() -> float:
    weights = memory.weights_bytes(scenarios.reference_runs()["moe"].model, "fp8")
    memory_gb = float(data.load("physical_ai").set_index("id").loc["thor_memory_gb", "value"])
    return float(math.ceil(weights / (memory_gb * 1e9)))


def _fields() -> dict[str, object]:
    """Scenario values the hints quote (data/scenarios.csv)."""
    return {
        "share": scenarios.value("budget_compute_share_pct") / 100,
        "multiple": scenarios.value("budget_compute_multiple"),
        "mfu": scenarios.cluster().mfu,
        "utilisation": scenarios.datacentre().utilisation_pct,
        "load_factor": scenarios.value("load_factor"),
    }


def _bf16_robot_computers() -> float:
    weights = memory.weights_bytes(scenarios.reference_runs()["moe"].model, "bf16")
    memory_gb = float(data.load("physical_ai").set_index("id").loc["thor_memory_gb", "value"])
    return float(math.ceil(weights / (memory_gb * 1e9)))


QUESTIONS = (
    Question(
        "ex7_q1",
        SHEET,
        _fy2026_million_gpu_hours,
        "million GPU-hours",
        advice="ex.advice.ex7_q1",
        fields=_fields,
        hints=((lambda: _fy2026_million_gpu_hours() * _fields()["share"], "ex.hint.ex7_q1.0"),),
    ),
    Question(
        "ex7_q2",
        SHEET,
        _moe_run_bn,
        "¥ billions",
        advice="ex.advice.ex7_q2",
        fields=_fields,
        hints=((lambda: _moe_run_bn() * scenarios.cluster().mfu, "ex.hint.ex7_q2.0"),),
    ),
    Question(
        "ex7_q3",
        SHEET,
        _dense_runs,
        "final runs",
        rel=0.01,
        advice="ex.advice.ex7_q3",
        fields=_fields,
        hints=(
            (lambda: _dense_runs() * scenarios.value("budget_compute_multiple"), "ex.hint.ex7_q3.0"),
            (lambda: _dense_runs() / (scenarios.value("budget_compute_share_pct") / 100), "ex.hint.ex7_q3.1"),
        ),
    ),
    Question(
        "ex7_q4",
        SHEET,
        _campus_share,
        "a fraction",
        rel=0.01,
        advice="ex.advice.ex7_q4",
        fields=_fields,
        hints=((lambda: _campus_share() / (scenarios.datacentre().utilisation_pct / 100), "ex.hint.ex7_q4.0"),),
    ),
    Question(
        "ex7_q5",
        SHEET,
        _hokkaido_pct,
        "percent",
        rel=0.01,
        advice="ex.advice.ex7_q5",
        fields=_fields,
        hints=((lambda: _hokkaido_pct() / scenarios.value("load_factor"), "ex.hint.ex7_q5.0"),),
    ),
    Question(
        "ex7_q6",
        SHEET,
        _robot_computers,
        "robot computers",
        rel=0,
        advice="ex.advice.ex7_q6",
        hints=((_bf16_robot_computers, "ex.hint.ex7_q6.0"),),
    ),
)
