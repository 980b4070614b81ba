"""A question as one record: what it asks for, how its answer is computed, how it is checked.

Each sheet's module in :mod:`helpers.teach.questions` is a tuple of :class:`Question` records; the
check engine (:mod:`helpers.teach.check`) reads nothing else. A record never holds the expected
value itself, only the function that computes it from ``helpers.calc``, ``helpers.scenarios`` and
``helpers.data``: a corrected fact or a changed scenario moves the expected answer with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from helpers.teach.units import Unit, unit_of

DEFAULT_REL = 0.005  # relative tolerance of a question that states no other
ID = re.compile(r"^(ex[1-9]|nb\d\d)_q(\d+)$")  # ex2_q4: sheet 2, question 4; nb03_q1: notebook 03

Expected = Callable[[], "float | tuple[float, ...]"]
Hint = tuple[Callable[[], float], str]  # (the value a known mistake gives, label key of its hint)


@dataclass(frozen=True)
class Question:
    """One checked question.

    ``expected`` returns the answer (or a tuple of answers, named by ``names``) in ``unit``'s
    scale: a :class:`~helpers.teach.units.Unit` (the quantity, the record's scale and the scale the
    Japanese edition asks in, ``Unit("yen", 1e9, ja_scale=1e8)``), or words that
    :func:`~helpers.teach.units.unit_of` reads ("¥ billions", "GB"); :meth:`answers` gives the
    values in the scale asked in the current language, and the known mistakes convert the same way.
    ``hints`` pair a known mistake's wrong value with the label key of the hint it earns;
    ``advice`` is the label key said after any other wrong number; ``also`` pairs another right
    answer (a value a student copies from a notebook that counts another way) with the label key that
    names that convention. Label texts may name fields
    (``{mfu:.0%}``); ``fields`` supplies them at check time, from the scenarios. A question
    whose answer is not a number (a model to design) has a ``custom`` check, returning
    ``(correct, text)``, and an ``example`` answer that the custom check accepts.
    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """

    id: str
    topic: str  # the notebook that asks it: "ex2_memory", "03_compute_and_time"
    expected: Expected
    unit: Unit | str  # what the answer measures and in which scale: Unit("yen", 1e9, ja_scale=1e8), "GB"
    rel: float = DEFAULT_REL  # relative tolerance; 0: an exact whole number
    hints: tuple[Hint, ...] = ()
    advice: str | None = None
    also: tuple[Hint, ...] = ()  # other right answers: (value, label key naming the convention it follows)
    fields: Callable[[], Mapping[str, object]] | None = None
    names: tuple[str, ...] = ()  # answer names when there are several; default ("q<n>",)
    custom: Callable[..., tuple[bool, str]] | None = None
    example: Callable[[], object] | None = None

    def __post_init__(self) -> None:
        if not ID.match(self.id):
            raise ValueError(f"question id must read <sheet>_q<n> (ex2_q4, nb03_q1), got {self.id!r}")
        if isinstance(self.unit, str):
            object.__setattr__(self, "unit", unit_of(self.unit))
        if self.rel < 0:
            raise ValueError(f"{self.id}: rel must be >= 0, got {self.rel}")
        if (self.custom is None) != (self.example is None):
            raise ValueError(f"{self.id}: a custom check needs an example answer, and only it")

    @property
    def answer_names(self) -> tuple[str, ...]:
        """``("q4",)`` for ``ex2_q4``, or the names given (``("q2a", "q2b", "q2c")``)."""
        return self.names or (f"q{ID.match(self.id).group(2)}",)  # type: ignore[union-attr]

    @property
    def asked(self) -> Unit:
        """The unit record (``unit`` as a :class:`~helpers.teach.units.Unit`)."""
        return self.unit  # type: ignore[return-value]  (a str became a Unit in __post_init__)

    def answers(self, lang: str | None = None) -> dict[str, float]:
        """The expected answers by name, computed now, in the scale asked in ``lang`` (default: the
        current language)."""
        values = self.expected()
        values = values if isinstance(values, tuple) else (values,)
        if len(values) != len(self.answer_names):
            raise ValueError(f"{self.id}: expected() gives {len(values)} values for {self.answer_names}")
        factor = self.asked.factor(lang) if self.custom is None else 1.0
        return {name: float(value) * factor for name, value in zip(self.answer_names, values, strict=True)}

    def in_asked(self, value: float, lang: str | None = None) -> float:
        """A value in the record's scale (a known mistake's, another right answer's) in the asked one."""
        return float(value) * self.asked.factor(lang)

    def label_fields(self) -> dict[str, object]:
        """Values of the named fields in this question's hint and advice texts."""
        return dict(self.fields()) if self.fields else {}

    def solution(self) -> tuple[object, ...]:
        """Answers that pass the check: the expected values, or the custom check's example."""
        return (self.example(),) if self.example else tuple(self.answers().values())
