"""Input checks shared by every helper module, and the number types of their signatures.

Each check raises ``ValueError`` whose message names the field, the value it got and what is
allowed, so a notebook can show the message to a reader as it is (the model builder of
notebook 01, section '5. Build a model', does).

:data:`Num` and :data:`NumLike` are the package's two names for "a number or a NumPy array": the
calculations take a :data:`NumLike` for anything a slider or a sweep may vary and return a
:data:`Num`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

Num: TypeAlias = float | NDArray[np.float64]
"""What a sweep-friendly calculation returns: a plain ``float``, or a float array for a sweep."""

NumLike: TypeAlias = float | ArrayLike
"""What it accepts: an ``int`` or ``float``, a list, tuple or ``pandas.Series`` of them, or an array."""


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def integer(field: str, value: Any, *, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an ``int`` in ``[minimum, maximum]``, else raise ``ValueError``.

    Booleans, floats (even integral ones), strings, NaN and None are refused: a size in a model
    config is a whole number, and a float there almost always means a typo or a unit mix-up.
    Notebook 01, section '5. Build a model' shows its message when a reader's model is impossible.
    """
    allowed = f"an integer >= {minimum}" if maximum is None else f"an integer from {minimum} to {maximum}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{field} must be {allowed}, got {_shown(value)}")
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        raise ValueError(f"{field} must be {allowed}, got {number}")
    return number


def optional_integer(field: str, value: Any, *, minimum: int = 1) -> int | None:
    """Like :func:`integer`, but ``None`` passes through (meaning "not set").

    Notebook 01, section '5. Build a model' shows its message when a reader's model is impossible.
    """
    return None if value is None else integer(field, value, minimum=minimum)


def flag(field: str, value: Any) -> bool:
    """Return ``value`` if it is a real ``bool`` (``True``/``False``), else raise ``ValueError``.

    Notebook 01, section '5. Build a model' shows its message when a reader's model is impossible.
    """
    if not isinstance(value, bool):
        raise ValueError(f"{field} must be true or false, got {_shown(value)}")
    return value


def choice(field: str, value: Any, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise ``ValueError`` listing them.

    Notebook 01, section '5. Build a model' shows its message when a reader's model is impossible.
    """
    options = tuple(allowed)
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{field} must be one of {', '.join(map(repr, options))}; got {_shown(value)}")
    return value


def number(field: str, value: Any, *, minimum: float | None = None, maximum: float | None = None) -> float:
    """Return ``value`` as a finite ``float`` in ``[minimum, maximum]``, else raise ``ValueError``.

    Notebook 01, section '5. Build a model' shows its message when a reader's model is impossible.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{field} must be a finite number, got {_shown(value)}")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        low = "-inf" if minimum is None else f"{minimum:g}"
        high = "inf" if maximum is None else f"{maximum:g}"
        raise ValueError(f"{field} must be between {low} and {high}, got {value:g}")
    return float(value)
