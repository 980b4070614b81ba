"""Every checked question, one record each, gathered from one module per sheet.

``ex1_parameters`` … ``ex6_economics`` hold the exercise sheets' questions (``ex<N>_q<n>``),
``notebooks`` those asked inside the main notebooks 00-06 (``nb<NN>_q<n>``). Each module defines
``SHEET`` and a tuple ``QUESTIONS``; :data:`QUESTIONS` below is built from them once, and a
repeated id or an id of the wrong sheet fails at import.
"""

from __future__ import annotations

from types import ModuleType

from helpers.teach.question import Question
from helpers.teach.questions import (
    ex1_parameters,
    ex2_memory,
    ex3_compute,
    ex4_power,
    ex5_financing,
    ex6_economics,
    ex7_budget,
    notebooks,
)

SHEET_MODULES: tuple[ModuleType, ...] = (
    ex1_parameters,
    ex2_memory,
    ex3_compute,
    ex4_power,
    ex5_financing,
    ex6_economics,
    ex7_budget,
)
MODULES: tuple[ModuleType, ...] = (notebooks, *SHEET_MODULES)


def _prefix(module: ModuleType, question: Question) -> str:
    """The id prefix a question of ``module`` must have: ``ex2`` for ex2_memory, ``nb03`` for notebook 03."""
    if module is notebooks:
        return "nb" + question.topic[:2]
    return module.SHEET.split("_")[0]


def _registry() -> dict[str, Question]:
    found: dict[str, Question] = {}
    for module in MODULES:
        for number, question in enumerate(module.QUESTIONS, start=1):
            if question.id in found:
                raise ValueError(f"question id {question.id!r} appears twice ({module.__name__})")
            if not question.id.startswith(_prefix(module, question) + "_q"):
                raise ValueError(
                    f"{question.id} is in {module.__name__}: its id must start with {_prefix(module, question)}_q"
                )
            if module is not notebooks and (
                question.topic != module.SHEET or question.id != f"{question.id[:3]}_q{number}"
            ):
                raise ValueError(
                    f"{question.id}: questions of {module.SHEET} are numbered in order and name it as topic"
                )
            found[question.id] = question
    return found


QUESTIONS: dict[str, Question] = _registry()  # id -> record, in sheet order
SHEETS: dict[str, tuple[str, ...]] = {m.SHEET: tuple(q.id for q in m.QUESTIONS) for m in SHEET_MODULES}


def get(question_id: str) -> Question:
    """The record of ``question_id``; ``ValueError`` names the known ids.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    if question_id not in QUESTIONS:
        raise ValueError(f"question must be one of {', '.join(QUESTIONS)}, got {question_id!r}")
    return QUESTIONS[question_id]
