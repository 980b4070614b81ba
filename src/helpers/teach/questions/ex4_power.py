"""Exercise sheet 4, power and energy (notebooks/exercises/ex4_power.ipynb): ``ex4_q1`` … ``ex4_q6``.

The share of rated power drawn, the PUE, the example site's GPUs, the training cluster and the
electricity price are the story's scenarios (``data/scenarios.csv``); the sheet's GPU (H200 in a
DGX H200) and Tomakomai's planned capacity are data.
"""

from __future__ import annotations

from helpers import scenarios
from helpers.calc import catalog, power
from helpers.teach.question import Question
from helpers.teach.questions.inputs import cluster_fields, dense_1t_flops, dense_1t_six_nd, energy, fact
from helpers.teach.units import ENERGY, GPUS, NUMBER, POWER, YEN, Unit

SHEET = "ex4_power"
GPU = "H200"  # the sheet's GPU, in a DGX H200


def _fields() -> dict[str, object]:
    return {**cluster_fields(), "site_gpus": scenarios.value("example_gpus"), "site_mw": fact("tomakomai_planned_mw")}


def _site_gpus() -> int:
    return int(scenarios.value("example_gpus"))


def _it_w() -> float:
    return float(power.it_power_per_gpu_w(GPU, scenarios.cluster().power_fraction))


def _site_mw() -> float:
    c = scenarios.cluster()
    return float(power.facility_power_mw(_site_gpus(), GPU, c.power_fraction, c.pue))


def _tomakomai_gpus() -> float:
    c = scenarios.cluster()
    return float(power.gpus_for_power(fact("tomakomai_planned_mw"), GPU, c.power_fraction, c.pue))


def _training_gwh(flops: float | None = None) -> float:
    c = scenarios.cluster()
    mwh = power.training_energy_mwh(dense_1t_flops() if flops is None else flops, c.gpu, c.mfu, c.power_fraction, c.pue)
    return float(mwh) / 1e3


def _bill_bn(gwh: float | None = None) -> float:
    energy_gwh = _training_gwh() if gwh is None else gwh
    return float(power.cost_jpy(energy_gwh * 1e3, scenarios.cluster().electricity_jpy_per_kwh)) / 1e9


def _board_w() -> float:
    return float(catalog.gpu(GPU)["tdp_w"])


QUESTIONS = (
    Question(
        "ex4_q1",
        SHEET,
        lambda: energy("pue_japan_target_fy2030"),
        Unit(NUMBER),  # a PUE
        advice="ex.advice.ex4_q1",
        hints=((lambda: energy("pue_japan_avg"), "ex.hint.ex4_q1.0"),),
    ),
    Question(
        "ex4_q2",
        SHEET,
        _it_w,
        Unit(POWER),  # W
        advice="ex.advice.ex4_q2",
        fields=_fields,
        hints=(
            (lambda: _board_w() * scenarios.cluster().power_fraction, "ex.hint.ex4_q2.0"),
            (lambda: _it_w() / scenarios.cluster().power_fraction, "ex.hint.ex4_q2.1"),
        ),
    ),
    Question(
        "ex4_q3",
        SHEET,
        _site_mw,
        Unit(POWER, 1e6),  # MW
        advice="ex.advice.ex4_q3",
        fields=_fields,
        hints=(
            (lambda: _site_mw() / scenarios.cluster().pue, "ex.hint.ex4_q3.0"),
            (
                lambda: _site_gpus() * _board_w() * scenarios.cluster().power_fraction * scenarios.cluster().pue / 1e6,
                "ex.hint.ex4_q3.1",
            ),
        ),
    ),
    Question(
        "ex4_q4",
        SHEET,
        _tomakomai_gpus,
        Unit(GPUS),
        advice="ex.advice.ex4_q4",
        fields=_fields,
        hints=((lambda: _tomakomai_gpus() * scenarios.cluster().pue, "ex.hint.ex4_q4.0"),),
    ),
    Question(
        "ex4_q5",
        SHEET,
        _training_gwh,
        Unit(ENERGY, 1e9),  # GWh
        advice="ex.advice.ex4_q5",
        fields=_fields,
        hints=(
            (lambda: _training_gwh() / scenarios.cluster().pue, "ex.hint.ex4_q5.0"),
            (lambda: _training_gwh() * scenarios.cluster().mfu, "ex.hint.ex4_q5.1"),
            (lambda: _training_gwh(dense_1t_six_nd()), "ex.hint.ex4_q5.2"),
        ),
    ),
    Question(
        "ex4_q6",
        SHEET,
        _bill_bn,
        Unit(YEN, 1e9, ja_scale=1e8),  # ¥ billions; 億円 in Japanese
        advice="ex.advice.ex4_q6",
        fields=_fields,
        hints=(
            (lambda: _bill_bn() / 1e3, "ex.hint.ex4_q6.0"),
            (lambda: _bill_bn(_training_gwh(dense_1t_six_nd())), "ex.hint.ex4_q6.1"),
        ),
    ),
)
