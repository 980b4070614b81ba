"""Checks for the notebooks' exercises, in the Data 8 ``grader.check("q1")`` style.

A check never raises on a wrong answer (the notebook keeps running): it returns a
:class:`Feedback` whose text says ✅ or gives a hint. Expected values are computed from ``data/``
here, never typed in, so a corrected fact corrects the exercise too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from . import catalog, data, params


@dataclass(frozen=True)
class Feedback:
    correct: bool
    text: str

    def __repr__(self) -> str:  # what a notebook cell shows
        return self.text

    def _repr_markdown_(self) -> str:
        return self.text


def _fact(fact_id: str) -> float:
    facts = data.load("facts").set_index("id")
    return float(facts.loc[fact_id, "value"])


def _close(answer: object, expected: float, rel: float) -> bool:
    try:
        value = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return math.isfinite(value) and math.isclose(value, expected, rel_tol=rel)


def _intro_q1() -> dict[str, float]:
    yearly = _fact("softbank_dc_investment_jpy") / _fact("softbank_dc_years")
    return {"q1": yearly / _fact("public_works_fy2026_jpy")}


def _intro_q2() -> dict[str, float]:
    total = _fact("ai_programme_total_jpy")
    final, reported = _fact("fy2026_ai_budget_jpy"), _fact("fy2026_ai_budget_reported_jpy")
    return {"q2a": 1 / _fact("ai_programme_years"), "q2b": final / total, "q2c": (final - reported) / reported}


def _params_q1() -> dict[str, float]:
    return {"q1": params.kaplan_non_embedding_params(96, 12288) / 1e9}  # GPT-3 175B, Table 2.1 shape


def _params_q2() -> dict[str, float]:
    kimi = catalog.model("Kimi K2")
    return {"q2": kimi.top_k / kimi.n_experts}


def _params_q3() -> dict[str, float]:
    llama = catalog.model("Llama 3.1 8B")
    return {"q3": params.ffn_params(llama.d_model, llama.ffn_dim, params.FFN_MATRICES[llama.ffn_type])}


# question -> function giving the expected answers, computed from data/ and tested formulas
QUESTIONS: dict[str, Callable[[], dict[str, float]]] = {
    "intro_q1": _intro_q1, "intro_q2": _intro_q2, "params_q1": _params_q1, "params_q2": _params_q2,
    "params_q3": _params_q3,
}
HINTS: dict[str, Callable[[], list[tuple[float, str]]]] = {
    "intro_q1": lambda: [
        (_fact("softbank_dc_investment_jpy") / _fact("public_works_fy2026_jpy"),
         "That is the six-year total against one year. Divide the investment by its years first."),
        (100 * _intro_q1()["q1"], "Give a fraction, not a percentage (0.1 rather than 10)."),
    ],
    "intro_q2": lambda: [],
    "params_q1": lambda: [(_params_q1()["q1"] * 1e9, "Give the answer in billions (divide by 10⁹).")],
    "params_q2": lambda: [(100 * _params_q2()["q2"], "Give a fraction, not a percentage.")],
    "params_q3": lambda: [(2 * 4096 * 14336, "SwiGLU has three matrices (gate, up, down), not two.")],
}


def expected(question: str) -> dict[str, float]:
    """The expected answers of ``question`` (for teachers and tests)."""
    if question not in QUESTIONS:
        raise ValueError(f"question must be one of {', '.join(QUESTIONS)}, got {question!r}")
    return QUESTIONS[question]()


def check(question: str, *answers: object, rel: float = 0.005) -> Feedback:
    """Compare the student's ``answers`` (in the order the question asks) with the expected ones."""
    wanted = expected(question)
    if len(answers) != len(wanted):
        return Feedback(False, f"❓ {question} expects {len(wanted)} answer(s): {', '.join(wanted)}.")
    if any(answer is ... or answer is None for answer in answers):
        return Feedback(False, f"✏️ {question}: replace the ... with your answer, then run this cell again.")
    wrong = [name for (name, value), answer in zip(wanted.items(), answers) if not _close(answer, value, rel)]
    if not wrong:
        return Feedback(True, f"✅ {question}: correct.")
    for slip, hint in HINTS[question]():
        if len(answers) == 1 and _close(answers[0], slip, rel):
            return Feedback(False, f"❌ {question}: not yet. {hint}")
    return Feedback(False, f"❌ {question}: not yet ({', '.join(wrong)}). Look up each row by its id and recompute.")
