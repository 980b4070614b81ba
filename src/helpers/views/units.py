"""Formatting of counts, bytes and yen: one place, so every notebook says numbers the same way.

Parameters count in base 1000 (M, B, T); memory is quoted in GB (1e9) or GiB (2**30) and the
label always says which; yen go to 億円 / 兆円 in Japanese and ¥ bn / tn in English. Japanese
numbers (yen, parameters, tokens, GPU-hours) have one style, :func:`japanese_number`.
"""

from __future__ import annotations

import math

from helpers.calc import check
from helpers.calc.params import ParamCount
from helpers.i18n import language, t

_SCALE = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))

# 兆 = 10^12, 億 = 10^8, 万 = 10^4: Japanese groups digits by four.
JAPANESE_UNITS = ((1e12, "兆"), (1e8, "億"), (1e4, "万"))
_NEXT_GROUP = {"兆": "億", "億": "万", "万": ""}


def japanese_number(value: float, digits: int = 6) -> str:
    """A yen amount or a count written the Japanese way, the one number style of the Japanese edition.

    - From 1万 up, numbers are written with 兆・億・万, and a group of four digits has no comma:
      ``3873億``, ``8269万``, ``6兆1078億`` (the prose's style); below 1万 the whole number, no comma
      (``9999``).
    - ``digits`` significant figures, never fewer than the leading group's whole number (a group is
      read as one word: ``3873億`` stays whole, it does not become ``3870億``), and at most two groups.
    - A value rounded to three figures or fewer that leaves a fraction of its unit is written as a
      decimal of that unit, without trailing zeros: ``4.05兆`` (not ``4兆528億``), ``25.2億``,
      ``1.03兆``, ``1兆`` (not ``1.00兆``); with four or more figures as two groups: ``6兆1078億``,
      ``1億1700万``, ``25億2333万``.
    - A negative value gets a minus sign: ``−557億``.

    README, section '日本語版' (the house style); tests/test_japanese.py holds every case.
    """
    number = check.number("value", value)
    digits = check.integer("digits", digits, minimum=1)
    if number < 0:
        return "−" + japanese_number(-number, digits)
    if number < 1e4:
        return f"{round(number)}"
    scale = next(s for s, _ in JAPANESE_UNITS if number >= s)
    lower = scale / 1e4  # the next group's unit: 億 below 兆, 万 below 億, 1 below 万
    whole = math.floor(math.log10(number / scale)) + 1  # digits of the leading group
    kept = max(digits, whole)
    step = max(10.0 ** (math.floor(math.log10(number)) - kept + 1), lower)
    rounded = round(number / step) * step
    scale, unit = next((s, u) for s, u in JAPANESE_UNITS if rounded >= s)  # 9999.6億 rounds to 1兆
    lower = scale / 1e4
    head, rest = divmod(round(rounded / lower), 10_000)
    if rest == 0:
        return f"{head}{unit}"
    if digits <= 3:
        decimals = max(kept - (math.floor(math.log10(rounded / scale)) + 1), 0)
        return f"{rounded / scale:.{decimals}f}".rstrip("0").rstrip(".") + unit
    return f"{head}{unit}{rest}{_NEXT_GROUP[unit]}"


def params_text(count: float, digits: int = 3, lang: str | None = None) -> str:
    """A parameter count with ``digits`` significant figures: ``1.03 T``, ``405 B``, ``124 M``;
    in Japanese (``lang="ja"``, default: :func:`helpers.i18n.language`) in the style of
    :func:`japanese_number`: ``1.03兆``, ``4059億``, ``1兆``. Tokens and GPU-hours use it too.
    Notebook 01, section '1. What is a parameter?'."""

    value = check.number("count", count, minimum=0)
    if (lang or language()) == "ja":
        return japanese_number(value, digits)
    for scale, suffix in _SCALE:
        if value >= scale:
            return f"{_significant(value / scale, digits)} {suffix}"
    return f"{value:,.0f}"


def count_text(count: float, lang: str | None = None) -> str:
    """A whole count (GPUs, tonnes, households): ``62,489`` in English, ``6万2489`` in Japanese
    (:func:`japanese_number`, its two groups to the last digit: ``471万8592``, not ``471万8590``), in ``lang``
    (default: :func:`helpers.i18n.language`).
    Notebook 04, section '3. Training the trillion-parameter model' (its result cards)."""
    value = check.number("count", count)
    if (lang or language()) != "ja":
        return f"{value:,.0f}"
    return japanese_number(value, digits=max(6, len(f"{abs(round(value))}")))


def _significant(value: float, digits: int) -> str:
    if value == 0:
        return "0"
    decimals = max(digits - 1 - math.floor(math.log10(abs(value))), 0)
    return f"{value:.{decimals}f}"


def bytes_text(n_bytes: float, base: str = "GB", digits: int = 3) -> str:
    """Bytes as GB/TB (base 1000) or GiB/TiB (base 1024), naming the unit: ``2.00 TB``, ``1.82 TiB``.

    Notebook 02, section '1. From parameters to bytes'.
    """
    value = check.number("n_bytes", n_bytes, minimum=0)
    base = check.choice("base", base, ("GB", "GiB"))
    step, units = (
        (1e3, ("B", "KB", "MB", "GB", "TB", "PB"))
        if base == "GB"
        else (1024.0, ("B", "KiB", "MiB", "GiB", "TiB", "PiB"))
    )
    index = 0
    while value >= step and index < len(units) - 1:
        value /= step
        index += 1
    return f"{_significant(value, digits)} {units[index]}"


def yen_text(amount_jpy: float, lang: str = "en", digits: int = 6) -> str:
    """Yen: ``¥1 tn`` / ``¥387.3 bn`` / ``¥6.1078 tn`` in English, ``1兆円`` / ``3873億円`` /
    ``6兆1078億円`` / ``1億1700万円`` in Japanese (:func:`japanese_number`).

    Up to ``digits`` significant figures, without trailing zeros: a published ¥6.1078 tn keeps
    every digit it was published with, and ``digits=3`` gives ``¥4.05 tn`` / ``4.05兆円``. Amounts
    below ¥1 m (English) and 1万円 (Japanese) are whole yen. A negative amount (a loss, a negative
    NPV) gets a minus sign: ``−¥12.5 bn``, ``−125億円``. Notebook 00, section '1. The story'.
    """
    value = check.number("amount_jpy", amount_jpy)
    lang = check.choice("lang", lang, ("en", "ja"))
    if value < 0:
        return "−" + yen_text(-value, lang, digits)
    if lang == "ja":
        return japanese_number(value, digits) + "円"
    for scale, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if value >= scale:
            return f"¥{_plain(value / scale, digits)} {suffix}"
    return f"¥{value:,.0f}"


def _plain(value: float, digits: int) -> str:
    """``value`` to ``digits`` significant figures, without trailing zeros and never in e-notation
    (``117`` to two figures is ``120``, not ``1.2e+02``)."""
    rounded = float(f"{value:.{digits}g}")
    if rounded == 0:
        return "0"
    shown = f"{rounded:.{max(digits - 1 - math.floor(math.log10(abs(rounded))), 0)}f}"
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def usd_text(amount_usd: float, digits: int = 6) -> str:
    """US dollars: ``USD 34.6 bn`` (up to ``digits`` significant figures, no trailing zeros). Written
    with ``USD``, not ``$``: two dollar signs in one output are typeset as LaTeX math by JupyterLab.

    Notebook 06, section '1. ¥2 trillion in context'.
    """
    value = check.number("amount_usd", amount_usd, minimum=0)
    for scale, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if value >= scale:
            return f"USD {_plain(value / scale, digits)} {suffix}"
    return f"USD {value:,.0f}"


def value_text(value: float, unit: str, lang: str | None = None) -> str:
    """A number with its unit as ``data/facts.csv`` names it (JPY, USD, MW, params, ...), in
    ``lang`` (default: :func:`helpers.i18n.language`): ``5 years`` / ``5年``, ``FY2026`` / ``2026年度``.
    Notebook 00, section '3. What the article gets right, and what has moved since'."""

    lang = lang or language()
    japanese = check.choice("lang", lang, ("en", "ja")) == "ja"
    if unit == "JPY":
        return yen_text(value, lang)
    if unit == "USD":
        return japanese_number(value, 4) + "ドル" if japanese and value >= 1e8 else usd_text(value)
    if unit in ("params", "count"):
        return params_text(value, lang=lang)
    if unit == "ratio":
        return f"{value:.1%}"
    if unit == "MW":
        return f"{value:,.0f} MW"
    if unit in ("years", "persons", "companies"):
        return (
            f"{value:,.0f}{dict(years='年', persons='人', companies='社')[unit]}"
            if japanese
            else f"{value:,.0f} {unit}"
        )
    if unit == "fiscal_year":
        return f"{value:.0f}年度" if japanese else f"FY{value:.0f}"
    return f"{value:,g} {unit}"


def describe_params(count: ParamCount, lang: str | None = None) -> str:
    """One line: total and active, exact and in billions (``1026.41 B``; ``1.03兆`` in Japanese), in
    ``lang`` (default: :func:`helpers.i18n.language`), for printing key results in notebooks.
    Notebook 01, section '5. Build a model'."""
    lang = lang or language()
    total, active = count.total, count.active

    def short(n: int) -> str:
        return params_text(n, lang="ja") if lang == "ja" else f"{n / 1e9:.2f} B"

    if total == active:
        return t("params.describe.dense", lang, total=total, short=short(total))
    return t("params.describe.moe", lang, total=total, short=short(total), active=active, active_short=short(active))
