"""Exercise sheet 3, compute and time (notebooks/exercises/ex3_compute.ipynb): ``ex3_q1`` … ``ex3_q5``.

The runs are timed on the story's reference cluster (``scenarios.cluster()``: its GPUs, their model,
the MFU and the deadline), never on numbers typed here.
"""

from __future__ import annotations

from helpers import scenarios
from helpers.calc import compute, params
from helpers.teach.question import Question
from helpers.teach.questions.inputs import (
    cluster_fields,
    dense_1t_flops,
    dense_1t_six_nd,
    kimi,
    run_tokens,
    target_params,
)
from helpers.teach.units import COUNT, DAYS, FLOPS, GPUS, NUMBER, Unit

SHEET = "ex3_compute"


def _kimi_flops(n: float | None = None, per_token: float = 6.0) -> float:
    """per_token · N · D for Kimi K2 (N: its active parameters unless given), in units of 1e23 FLOPs."""
    n = params.count_params(kimi()).active if n is None else n
    return per_token * n * run_tokens("Kimi K2") / 1e23


def _days(precision: str = "bf16") -> float:
    c = scenarios.cluster()
    return float(compute.training_days(_kimi_flops() * 1e23, c.n_gpus, gpu=c.gpu, mfu=c.mfu, precision=precision))


def _gpus_for_deadline(flops: float | None = None) -> float:
    c = scenarios.cluster()
    return float(
        compute.gpus_for_days(dense_1t_flops() if flops is None else flops, c.deadline_days, gpu=c.gpu, mfu=c.mfu)
    )


def _table3_tokens_tn() -> float:
    """Chinchilla's Table 3 for one trillion parameters (notebook 03 prints it): also a right answer."""
    return float(compute.chinchilla_optimal_tokens(target_params())) / 1e12


def _chinchilla_tokens_tn() -> float:
    return float(compute.chinchilla_tokens(target_params())) / 1e12


QUESTIONS = (
    Question(
        "ex3_q1",
        SHEET,
        lambda: float(compute.six_nd(1, 1)),
        Unit(NUMBER),  # FLOPs per parameter per token
        advice="ex.advice.ex3_q1",
        hints=((lambda: 2.0, "ex.hint.ex3_q1.0"), (lambda: 4.0, "ex.hint.ex3_q1.1")),
    ),
    Question(
        "ex3_q2",
        SHEET,
        _chinchilla_tokens_tn,
        Unit(COUNT, 1e12),  # trillions of tokens; 兆 in Japanese
        advice="ex.advice.ex3_q2",
        also=((_table3_tokens_tn, "ex.also.ex3_q2"),),
        hints=((lambda: target_params() / 1e12, "ex.hint.ex3_q2.0"),),
    ),
    Question(
        "ex3_q3",
        SHEET,
        _kimi_flops,
        Unit(FLOPS, 1e23),  # units of 10²³ FLOPs
        advice="ex.advice.ex3_q3",
        hints=(
            (lambda: _kimi_flops(n=params.count_params(kimi()).total), "ex.hint.ex3_q3.0"),
            (lambda: _kimi_flops(per_token=2.0), "ex.hint.ex3_q3.1"),
        ),
    ),
    Question(
        "ex3_q4",
        SHEET,
        _days,
        Unit(DAYS),
        advice="ex.advice.ex3_q4",
        fields=cluster_fields,
        hints=(
            (lambda: _days() * scenarios.cluster().mfu, "ex.hint.ex3_q4.0"),
            (lambda: _days("fp8"), "ex.hint.ex3_q4.1"),
        ),
    ),
    Question(
        "ex3_q5",
        SHEET,
        _gpus_for_deadline,
        Unit(GPUS),
        rel=0.01,
        advice="ex.advice.ex3_q5",
        fields=cluster_fields,
        hints=(
            (lambda: _gpus_for_deadline() * scenarios.cluster().mfu, "ex.hint.ex3_q5.0"),
            (lambda: _gpus_for_deadline() * 24, "ex.hint.ex3_q5.1"),
            (lambda: _gpus_for_deadline(dense_1t_six_nd()), "ex.hint.ex3_q5.2"),
        ),
    ),
)
