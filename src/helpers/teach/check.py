"""The check engine, in the Data 8 ``grader.check("q1")`` style: ``check("ex2_q4", q4)``.

A check never raises on an answer (the notebook keeps running): it returns a :class:`Feedback`
whose text says ✅, or ❌ with the hint of a known mistake, or what to do next. What a question
expects, its unit, its tolerance and its known mistakes are its record
(:mod:`helpers.teach.questions`); every sentence is a label (``ex.*`` in
:mod:`helpers.i18n.labels.exercises`), in the current language, with named fields filled from the
scenarios at check time.

An answer is a number in the unit the question asks for (in the Japanese edition, 億円 where the
English one asks for ¥ billions), or a number with its unit, as text ("8696億円", "148 GWh") or as
``with_unit(value, "yen")``: the check converts it (:mod:`helpers.teach.units`) and says how it read
it. A number in another scale (×1,000, GiB for GB, percent for a fraction, 万 or 億 in Japanese)
gets a hint that names the scale, unless a known mistake of the question matches first.
"""

from __future__ import annotations

import html
import math
import numbers
from dataclasses import dataclass

import numpy as np

from helpers import i18n
from helpers.teach import units
from helpers.teach.question import DEFAULT_REL, Question
from helpers.teach.questions import QUESTIONS, get
from helpers.teach.units import Amount, with_unit


@dataclass(frozen=True)
class Feedback:
    """What a check says: whether the answer is ``correct``, and the ``text`` a notebook cell shows.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """

    correct: bool
    text: str

    def __repr__(self) -> str:  # the plain text a notebook stores (and tests read)
        return self.text

    def _repr_html_(self) -> str:  # what a reader sees: a badge, then the message
        return feedback_html(self)


# A verdict as a badge (issue 16): green "✓ Correct" or amber "Not yet", each with text of at least
# 4.5:1 contrast (white on #17693a: 6.7:1; #3d2600 on #ffd666: 10.2:1), and the message without its
# leading emoji (an emoji font is missing on many classroom machines: it shows as an empty box).
BADGE_CSS = {
    "t-ok": "background:#17693a;color:#ffffff;border:1px solid #17693a",
    "t-warn": "background:#ffd666;color:#3d2600;border:1px solid #8a5a00",
}
_EMOJI = ("✅", "❌", "✏️", "✏", "🔢", "🤔", "📏", "❓", "🧩")


def message_text(text: str) -> str:
    """``text`` without the emoji a check message starts with (``✅ q1: correct.`` → ``q1: correct.``).

    README, section 'For teachers'; the teachers' guide, section '7. How the checks work'.
    """
    shown = text.lstrip()
    for mark in _EMOJI:
        if shown.startswith(mark):
            return shown[len(mark) :].lstrip("\ufe0f ").lstrip()
    return shown


def badge_html(correct: bool) -> str:
    """The verdict badge: ``✓ Correct`` (class ``t-badge t-ok``) or ``Not yet`` (``t-badge t-warn``),
    in the current language.

    README, section 'For teachers'; the teachers' guide, section '7. How the checks work'.
    """
    kind = "t-ok" if correct else "t-warn"
    words = i18n._("✓ Correct") if correct else i18n._("Not yet")
    style = (
        f"display:inline-block;padding:1px 8px;margin-right:8px;border-radius:10px;font-weight:700;{BADGE_CSS[kind]}"
    )
    return f'<span class="t-badge {kind}" style="{style}">{html.escape(words)}</span>'


def feedback_html(feedback: Feedback) -> str:
    """A check's feedback as HTML (class ``t-feedback``): a badge, then the message and its hint; an
    instruction (``replace the ...``, ``type your answer``) has no badge, since nothing was checked yet.

    README, section 'For teachers'; the teachers' guide, section '7. How the checks work'.
    """
    pending = feedback.text.lstrip().startswith("✏")
    badge = "" if pending else badge_html(feedback.correct)
    body = html.escape(message_text(feedback.text))
    return f'<div class="t-feedback" style="margin:4px 0;line-height:1.6">{badge}<span>{body}</span></div>'


def say(key: str, **fields: object) -> str:
    """The message ``ex.msg.<key>`` in the current language.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return i18n.t("ex.msg." + key, **fields)


def label(key: str, question: Question) -> str:
    """A hint or advice label of ``question``, its named fields filled in (``{mfu:.0%}`` → 40%;
    ``{asked}``: the unit asked for in the current language).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return i18n.t(key, asked=question.asked.name(), **question.label_fields())


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


def _shown(answer: object) -> str:
    text = answer if isinstance(answer, str) else repr(answer)
    return text if len(text) <= 40 else text[:37] + "..."


def _times(ratio: float) -> str:
    """A scale factor in words: "1,000", "1/1,000", "1.074"."""
    if ratio >= 1:
        return f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.4g}"
    return f"1/{1 / ratio:,.0f}" if ratio <= 0.1 else f"{ratio:.4g}"


@dataclass(frozen=True)
class Read:
    """One answer as the check reads it: its ``value`` in the asked unit, the ``unit`` it was written
    with ("" for a plain number), the ``note`` that says how a unit was converted, or the ``problem``
    (the sentence to say instead of checking it).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """

    value: float | None
    unit: str = ""
    note: str = ""
    problem: str = ""


def read_answer(question: Question, answer: object) -> Read:
    """``answer`` (a number, text such as "8696億円" or "1,5", or :func:`with_unit`) in the unit
    ``question`` asks for in the current language, or the sentence that says why it cannot be read.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    value = number(answer)
    if value is not None:
        return Read(value)
    not_a_number = say("not_a_number", question=question.id, answer=_shown(answer), asked=question.asked.name())
    if not isinstance(answer, str | Amount):
        return Read(None, problem=not_a_number)
    reading = units.read(answer, question.asked)
    if reading.problem == "ambiguous_comma":
        return Read(None, problem=say("comma", question=question.id, answer=_shown(answer), meant=reading.meant))
    if reading.problem in ("unknown_unit", "other_quantity"):
        key = "unknown_unit" if reading.problem == "unknown_unit" else "other_unit"
        return Read(None, problem=say(key, question=question.id, unit=reading.unit, asked=question.asked.name()))
    if reading.value is None or not math.isfinite(reading.value):
        return Read(None, problem=not_a_number)
    if not reading.unit:
        return Read(reading.value)
    if not reading.converted:
        return Read(reading.value, unit=reading.unit)
    value = reading.value
    if round(value) != 0 and abs(value - round(value)) <= 1e-9 * abs(value):  # 0.011 k GPUs: 11, not 11.000000000000002
        value = float(round(value))
    note = say("read_as", typed=_shown(answer), amount=question.asked.amount(value))
    return Read(value, unit=reading.unit, note=note)


# Questions ----------------------------------------------------------------------------------------
def expected(question_id: str) -> dict[str, float]:
    """The expected answers of ``question_id`` by name, in the unit asked in the current language
    (for teachers and tests).

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
    """The hint of the known mistake that ``answer`` (in the asked unit) matches, if any. An answer
    matches a mistake's value within the question's tolerance; a whole-number mistake of an exact
    question, exactly.
    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'."""
    for wrong, key in question.hints:
        slip = question.in_asked(wrong())
        near = rel if rel > 0 else (0.0 if slip.is_integer() else DEFAULT_REL)
        if close(answer, slip, near):
            return label(key, question)
    return None


def scale_hint(question: Question, answer: float, expected_value: float, rel: float, unit: str = "") -> str | None:
    """The hint for an answer that is right in another scale (×1,000, GiB for GB, percent for a
    fraction, 万 or 億 in Japanese), naming the scale the student used where it has a name; for an
    answer written with a unit, a hint to check that unit.
    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'."""
    slip = units.scale_slip(question.asked, answer, expected_value, rel if rel > 0 else DEFAULT_REL)
    if slip is None:
        return None
    ratio, used = slip
    asked = question.asked.name()
    if unit:
        return say("scale_written", unit=unit, times=_times(ratio), asked=asked)
    if used:
        return say("scale_named", used=used, asked=asked)
    return say("scale_times", times=_times(ratio), asked=asked)


def whole_hint(question: Question) -> str:
    """Why a whole number is expected, in the question's unit (GPUs, a fiscal year, households).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    quantity = question.asked.quantity
    if quantity == units.GPUS:
        return say("whole_gpus")
    if quantity == units.FISCAL_YEAR:
        return say("whole_year")
    return say("whole", unit=question.asked.name())


def check(question_id: str, *answers: object, rel: float | None = None) -> Feedback:
    """Compare the student's ``answers`` (in the order the question asks) with the expected ones.

    Never raises for an answer: a placeholder ``...``, text that is no number, a list or NaN gets a
    sentence; a number with its unit ("8696億円", ``with_unit(x, "yen")``) is converted to the
    question's unit, and the feedback says how; a wrong number gets the hint of its known mistake,
    the scale it was written in, or the question's advice. ``rel`` overrides the question's stated
    tolerance. An unknown ``question_id`` raises ``ValueError``.
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
    read = [read_answer(question, answer) for answer in answers]
    for one in read:
        if one.problem:
            return Feedback(False, one.problem)
    values = [one.value for one in read]
    notes = " ".join(one.note for one in read if one.note)

    def said(correct: bool, text: str) -> Feedback:
        space = "" if i18n.language() == "ja" else " "
        return Feedback(correct, f"{text}{space}{notes}" if notes else text)

    rel = question.rel if rel is None else rel
    wrong = [
        name for (name, value), answer in zip(wanted.items(), values, strict=True) if not close(answer, value, rel)
    ]
    if not wrong:
        return said(True, say("correct", question=question_id))
    if len(values) == 1:
        (answer,), (target,) = values, wanted.values()
        for value, key in question.also:
            if close(answer, question.in_asked(value()), rel):
                return said(True, say("correct", question=question_id) + " " + label(key, question))
        hint = known_mistake(question, answer, rel) or scale_hint(question, answer, target, rel, read[0].unit)
        if hint is not None:
            return said(False, say("hint", question=question_id, hint=hint))
    if rel == 0 and any(not float(answer).is_integer() for answer in values):  # type: ignore[arg-type]
        return said(False, say("hint", question=question_id, hint=whole_hint(question)))
    advice = label(question.advice, question) if question.advice else say("advice")
    if len(values) == 1:
        return said(False, say("wrong_one", question=question_id, advice=advice))
    return said(False, say("wrong", question=question_id, names=", ".join(wrong), advice=advice))


__all__ = [
    "QUESTIONS",
    "Feedback",
    "Read",
    "badge_html",
    "check",
    "expected",
    "feedback_html",
    "known_mistake",
    "number",
    "read_answer",
    "scale_hint",
    "tolerance",
    "tolerance_text",
    "with_unit",
]
