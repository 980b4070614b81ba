"""Small views of notebooks 03-06: numbers in powers of ten for tables, and fiscal-year ticks.

Tables show FLOPs as ``1.32×10²⁶`` rather than ``1.32e+26`` (issue 16: no e-notation in a table),
in both languages (a power of ten reads the same in Japanese).
"""

from __future__ import annotations

import math

from helpers.calc import check

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten_text(value: float, digits: int = 3) -> str:
    """``value`` as ``6.05×10¹²`` with ``digits`` significant figures (``0`` for zero, a minus sign
    for a negative value, the plain number from 0.001 to below 1,000: ``4.5``).

    Notebook 03, section '1. FLOPs per token' (and its tables of FLOPs)."""
    number = check.number("value", value)
    digits = check.integer("digits", digits, minimum=1)
    if number == 0:
        return "0"
    if number < 0:
        return "−" + power_of_ten_text(-number, digits)
    exponent = math.floor(math.log10(number))
    mantissa = round(number / 10**exponent, digits - 1)
    if mantissa >= 10:  # 9.996e12 rounds to 10.0: one more power of ten
        mantissa, exponent = mantissa / 10, exponent + 1
    text = f"{mantissa:.{digits - 1}f}".rstrip("0").rstrip(".")
    if -3 <= exponent < 3:
        return f"{number:.{digits}g}"
    return f"{text}×10" + str(exponent).translate(_SUPERSCRIPT)
