"""The exercises as the main notebooks and the teachers' guide use them: ``exercises.check(...)``.

Nothing is defined here: the engine is :mod:`helpers.teach.check`, the answer box
:mod:`helpers.teach.answer_box`, the questions :mod:`helpers.teach.questions` (one module per sheet).
"""

from __future__ import annotations

from helpers.teach.answer_box import answer_box
from helpers.teach.check import Feedback, check, expected, tolerance_text
from helpers.teach.question import DEFAULT_REL, Question
from helpers.teach.questions import QUESTIONS, SHEETS
from helpers.teach.units import with_unit

TOLERANCE: dict[str, float] = {question_id: q.rel for question_id, q in QUESTIONS.items()}  # id -> relative tolerance

__all__ = [
    "DEFAULT_REL",
    "QUESTIONS",
    "SHEETS",
    "TOLERANCE",
    "Feedback",
    "Question",
    "answer_box",
    "check",
    "expected",
    "tolerance_text",
    "with_unit",
]
