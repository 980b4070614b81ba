"""Exercise sheet 2, GPU memory (notebooks/exercises/ex2_memory.ipynb): ``ex2_q1`` … ``ex2_q6``."""

from __future__ import annotations

import math

from helpers.calc import memory, params
from helpers.teach.question import Question
from helpers.teach.questions.inputs import gpu_bytes, kimi, target_params
from helpers.teach.units import BYTES, GPUS, Unit

SHEET = "ex2_memory"

GPU = "H200"  # the sheet's GPU
CONTEXT = 131_072  # "128k" tokens of context (ex2_q3, ex2_q4)
USERS = 64  # sequences served at once (ex2_q4)


def _fields() -> dict[str, object]:
    return {"usable": memory.USABLE_FRACTION, "users": USERS, "context": CONTEXT, "memory_gb": gpu_bytes(GPU) / 1e9}


def _usable_bytes() -> float:
    return memory.USABLE_FRACTION * gpu_bytes(GPU)


def _serving_bytes() -> float:
    return memory.inference_memory(kimi(), USERS, CONTEXT, "fp8").total


def _gpus_to_serve() -> float:
    return memory.gpus_needed(
        kimi(), gpu=GPU, task="inference", batch=USERS, seq=CONTEXT, dtype="fp8", usable=memory.USABLE_FRACTION
    )


def _states_tb() -> float:
    return memory.state_bytes_per_param("zero_mixed") * target_params() / 1e12


def _fewest_gpus() -> float:
    return math.ceil(_states_tb() * 1e12 / _usable_bytes())


def _kv_gb(dtype: str) -> float:
    return memory.kv_cache_bytes(kimi(), 1, CONTEXT, dtype) / 1e9


def _weights_gb(dtype: str) -> float:
    return memory.weights_bytes(kimi(), dtype) / 1e9


QUESTIONS = (
    Question(
        "ex2_q1",
        SHEET,
        lambda: memory.bytes_per_element("mxfp4"),
        Unit(BYTES),  # bytes per value
        advice="ex.advice.ex2_q1",
        hints=((lambda: memory.number_format("mxfp4").bits / 8, "ex.hint.ex2_q1.0"),),
    ),
    Question(
        "ex2_q2",
        SHEET,
        lambda: _weights_gb("fp8"),
        Unit(BYTES, 1e9),  # GB
        advice="ex.advice.ex2_q2",
        hints=(
            (lambda: _weights_gb("bf16"), "ex.hint.ex2_q2.0"),
            (lambda: params.count_params(kimi()).active / 1e9, "ex.hint.ex2_q2.1"),
        ),
    ),
    Question(
        "ex2_q3",
        SHEET,
        lambda: _kv_gb("fp8"),
        Unit(BYTES, 1e9),  # GB
        advice="ex.advice.ex2_q3",
        fields=_fields,
        hints=(
            (lambda: 2 * kimi().n_layers * kimi().n_heads * kimi().head_dim * CONTEXT / 1e9, "ex.hint.ex2_q3.0"),
            (lambda: _kv_gb("bf16"), "ex.hint.ex2_q3.1"),
        ),
    ),
    Question(
        "ex2_q4",
        SHEET,
        _gpus_to_serve,
        Unit(GPUS),  # a whole number
        rel=0.0,
        advice="ex.advice.ex2_q4",
        fields=_fields,
        hints=(
            (lambda: math.ceil(memory.weights_bytes(kimi(), "fp8") / _usable_bytes()), "ex.hint.ex2_q4.0"),
            (lambda: math.ceil(_serving_bytes() / gpu_bytes(GPU)), "ex.hint.ex2_q4.1"),
            (lambda: _serving_bytes() / _usable_bytes(), "ex.hint.ex2_q4.2"),
            (lambda: _serving_bytes() / gpu_bytes(GPU), "ex.hint.ex2_q4.3"),
        ),
    ),
    Question(
        "ex2_q5",
        SHEET,
        _states_tb,
        Unit(BYTES, 1e12),  # TB
        advice="ex.advice.ex2_q5",
        hints=(
            (lambda: 2.0 * target_params() / 1e12, "ex.hint.ex2_q5.0"),
            (lambda: 12.0 * target_params() / 1e12, "ex.hint.ex2_q5.1"),
            (lambda: 14.0 * target_params() / 1e12, "ex.hint.ex2_q5.2"),
        ),
    ),
    Question(
        "ex2_q6",
        SHEET,
        _fewest_gpus,
        Unit(GPUS),  # a whole number
        rel=0.0,
        advice="ex.advice.ex2_q6",
        fields=_fields,
        hints=(
            (lambda: math.ceil(_states_tb() * 1e12 / gpu_bytes(GPU)), "ex.hint.ex2_q6.0"),
            (lambda: _fewest_gpus() - 1, "ex.hint.ex2_q6.1"),
            (lambda: _states_tb() * 1e12 / _usable_bytes(), "ex.hint.ex2_q6.2"),
        ),
    ),
)
