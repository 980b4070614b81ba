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


# Numbers or NumPy arrays of them (sweeps) ---------------------------------------------------------
def _bounds(minimum: float | None, maximum: float | None, above: float | None) -> str:
    low = f"> {above:g}" if above is not None else (f">= {minimum:g}" if minimum is not None else "")
    high = f"<= {maximum:g}" if maximum is not None else ""
    return " and ".join(p for p in (low, high) if p) or "finite"


def sweep(
    field: str,
    value: NumLike,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    above: float | None = None,
) -> Num:
    """A finite number, or a NumPy array of finite numbers (a list becomes one), within bounds; else
    ``ValueError`` naming ``field``, the values and the range. ``above`` is an exclusive lower bound
    (an MFU must be above 0). Every slider of notebooks 03-06 passes through it:
    Notebook 03, section '4. From FLOPs to days'."""
    if isinstance(value, list | tuple) or type(value).__name__ == "Series":
        value = np.asarray(value)
    if isinstance(value, np.ndarray):
        if value.size == 0 or value.dtype.kind not in "iuf" or not np.isfinite(value).all():
            raise ValueError(f"{field} must hold finite numbers, got an array of {value.dtype} and size {value.size}")
        low, high = value.min(), value.max()
        if (
            (minimum is not None and low < minimum)
            or (maximum is not None and high > maximum)
            or (above is not None and low <= above)
        ):
            raise ValueError(f"{field} must be {_bounds(minimum, maximum, above)}, got values from {low:g} to {high:g}")
        return value.astype(float)
    found = number(field, value)
    if (
        (minimum is not None and found < minimum)
        or (maximum is not None and found > maximum)
        or (above is not None and found <= above)
    ):
        raise ValueError(f"{field} must be {_bounds(minimum, maximum, above)}, got {found:g}")
    return found


def array(
    field: str, value: NumLike, *, minimum: float | None = None, maximum: float | None = None
) -> NDArray[np.float64]:
    """Like :func:`sweep`, always as a float array (0-d for a single number): for calculations that
    broadcast over every input: Notebook 05, section '5. The redemption plan to FY2050'."""
    return np.asarray(sweep(field, value, minimum=minimum, maximum=maximum), dtype=float)


def sizes(field: str, value: int | NDArray[np.integer], maximum: int) -> int | NDArray[np.int64]:
    """A whole number from 1 to ``maximum``, or a NumPy array of them (batch and sequence sweeps of
    notebook 02); else ``ValueError`` naming ``field``: Notebook 02, section '2. Inference: the KV cache'."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "iu" or value.size == 0 or (value < 1).any() or (value > maximum).any():
            shown = f"{value.min()} to {value.max()}" if value.size and value.dtype.kind in "iuf" else "n/a"
            raise ValueError(
                f"{field} must hold integers from 1 to {maximum}, got an array of {value.dtype} with values {shown}"
            )
        return value.astype(np.int64)
    return integer(field, value, maximum=maximum)
