"""The check engine, in the Data 8 ``grader.check("q1")`` style: ``check("ex2_q4", q4)``.

A check never raises on an answer (the notebook keeps running): it returns a :class:`Feedback`
whose text says ✅, or ❌ with the hint of a known mistake, or what to do next. What a question
expects, its tolerance and its known mistakes are its record (:mod:`helpers.teach.questions`);
every sentence is a label (``ex.*`` in :mod:`helpers.i18n.labels.exercises`), in the current
language, with named fields filled from the scenarios at check time.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from helpers import i18n
from helpers.teach.question import DEFAULT_REL, Question
from helpers.teach.questions import QUESTIONS, get


@dataclass(frozen=True)
class Feedback:
    """What a check says: whether the answer is ``correct``, and the ``text`` a notebook cell shows.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """

    correct: bool
    text: str

    def __repr__(self) -> str:  # what a notebook cell shows
        return self.text

    def _repr_markdown_(self) -> str:
        return self.text


def say(key: str, **fields: object) -> str:
    """The message ``ex.msg.<key>`` in the current language.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return i18n.t("ex.msg." + key, **fields)


def label(key: str, question: Question) -> str:
    """A hint or advice label of ``question``, its named fields filled in (``{mfu:.0%}`` → 40%).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return i18n.t(key, **question.label_fields())


# Numbers ------------------------------------------------------------------------------------------
def number(answer: object) -> float | None:
    """``answer`` as a finite float, or None when it is not a plain number (text, list, bool, NaN).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer.item()
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return None
    value = float(answer)
    return value if math.isfinite(value) else None


def close(answer: object, expected: float, rel: float) -> bool:
    """Whether ``answer`` is a number within ``rel`` (relative) of ``expected``.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    value = number(answer)
    return value is not None and math.isclose(value, expected, rel_tol=rel)


def parse_answer(text: str) -> object:
    """What a student typed in an answer box: a float where it reads as one, ``...`` when empty,
    else the text itself (which the check then calls "not a number").
    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    if not cleaned:
        return ...
    try:
        return float(cleaned)
    except ValueError:
        return text


def _shown(answer: object) -> str:
    text = repr(answer)
    return text if len(text) <= 40 else text[:37] + "..."


# Questions ----------------------------------------------------------------------------------------
def expected(question_id: str) -> dict[str, float]:
    """The expected answers of ``question_id`` by name (for teachers and tests).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return get(question_id).answers()


def tolerance(question_id: str) -> float:
    """The relative tolerance a question states (0: an exact whole number).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return get(question_id).rel


def tolerance_text(question_id: str) -> str:
    """The stated tolerance of ``question_id`` in words (shown beside each question).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    rel = tolerance(question_id)
    return say("exact") if rel == 0 else say("within", pct=100 * rel)


def known_mistake(question: Question, answer: object, rel: float) -> str | None:
    """The hint of the known mistake that ``answer`` matches, if any. An answer matches a mistake's
    value within the question's tolerance; a whole-number mistake of an exact question, exactly.
    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'."""
    for wrong, key in question.hints:
        slip = float(wrong())
        near = rel if rel > 0 else (0.0 if slip.is_integer() else DEFAULT_REL)
        if close(answer, slip, near):
            return label(key, question)
    return None


def check(question_id: str, *answers: object, rel: float | None = None) -> Feedback:
    """Compare the student's ``answers`` (in the order the question asks) with the expected ones.

    Never raises for an answer: a placeholder ``...``, text, a list or NaN gets a sentence, a wrong
    number the hint of its known mistake or the question's advice. ``rel`` overrides the
    question's stated tolerance. An unknown ``question_id`` raises ``ValueError``.
    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    question = get(question_id)
    if not answers or any(answer is ... or answer is None for answer in answers):
        return Feedback(False, say("placeholder", question=question_id))
    if question.custom is not None:
        return Feedback(*question.custom(question_id, *answers))
    wanted = question.answers()
    if len(answers) != len(wanted):
        return Feedback(False, say("arity", question=question_id, n=len(wanted), names=", ".join(wanted)))
    for answer in answers:
        if number(answer) is None:
            return Feedback(False, say("not_a_number", question=question_id, answer=_shown(answer)))
    rel = question.rel if rel is None else rel
    wrong = [
        name for (name, value), answer in zip(wanted.items(), answers, strict=True) if not close(answer, value, rel)
    ]
    if not wrong:
        return Feedback(True, say("correct", question=question_id))
    if len(answers) == 1:
        for value, key in question.also:
            if close(answers[0], float(value()), rel):
                return Feedback(True, say("correct", question=question_id) + " " + label(key, question))
    hint = known_mistake(question, answers[0], rel) if len(answers) == 1 else None
    if hint is not None:
        return Feedback(False, say("hint", question=question_id, hint=hint))
    if rel == 0 and any(not float(answer).is_integer() for answer in answers):  # type: ignore[arg-type]
        return Feedback(False, say("hint", question=question_id, hint=say("whole")))
    advice = label(question.advice, question) if question.advice else say("advice")
    return Feedback(False, say("wrong", question=question_id, names=", ".join(wrong), advice=advice))


__all__ = [
    "QUESTIONS",
    "Feedback",
    "check",
    "expected",
    "known_mistake",
    "number",
    "parse_answer",
    "tolerance",
    "tolerance_text",
]
