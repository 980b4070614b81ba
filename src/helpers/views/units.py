"""Formatting of counts, bytes and yen: one place, so every notebook says numbers the same way.

Parameters count in base 1000 (M, B, T); memory is quoted in GB (1e9) or GiB (2**30) and the
label always says which; yen go to 億円 / 兆円 in Japanese and ¥ bn / tn in English.
"""

from __future__ import annotations

import math

from helpers.calc import check
from helpers.calc.params import ParamCount
from helpers.i18n import language, t

_SCALE = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


_SCALE_JA = ((1e12, "兆"), (1e8, "億"), (1e4, "万"))


def params_text(count: float, digits: int = 3, lang: str | None = None) -> str:
    """A parameter count with ``digits`` significant figures: ``1.03 T``, ``405 B``, ``124 M``;
    in Japanese (``lang="ja"``, default: :func:`helpers.i18n.language`) ``1.03兆``, ``4059億``.
    Notebook 01, section '1. What is a parameter?'."""

    value = check.number("count", count, minimum=0)
    if (lang or language()) == "ja":
        for scale, suffix in _SCALE_JA:
            if value >= scale:
                scaled = value / scale
                return f"{round(scaled):,}{suffix}" if scaled >= 1000 else f"{_significant(scaled, digits)}{suffix}"
        return f"{value:,.0f}"
    for scale, suffix in _SCALE:
        if value >= scale:
            return f"{_significant(value / scale, digits)} {suffix}"
    return f"{value:,.0f}"


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
    """Yen: ``¥1 tn`` / ``¥387.3 bn`` / ``¥6.1078 tn`` in English, ``1兆円`` / ``3,873億円`` /
    ``1億1,700万円`` / ``750万円`` in Japanese.

    Up to ``digits`` significant figures, without trailing zeros: a published ¥6.1078 tn keeps
    every digit it was published with. A negative amount (a loss, a negative NPV) gets a minus
    sign: ``−¥12.5 bn``, ``−125億円``. Notebook 00, section '1. The story'.
    """
    value = check.number("amount_jpy", amount_jpy)
    lang = check.choice("lang", lang, ("en", "ja"))
    if value < 0:
        return "−" + yen_text(-value, lang, digits)
    if lang == "ja":
        if value >= 1e12:
            cho, oku = divmod(round(value / 1e8), 10_000)
            return f"{cho}兆{oku}億円" if oku else f"{cho}兆円"
        if value >= 1e10:  # 100億 and more: whole 億, as budgets are stated
            return f"{round(value / 1e8):,}億円"
        if value >= 1e4:  # below 100億: 億 and 万 (1億1,700万円, 6,770万円)
            oku, man = divmod(round(value / 1e4), 10_000)
            return (f"{oku:,}億" if oku else "") + (f"{man:,}万" if man or not oku else "") + "円"
        return f"{value:,.0f}円"
    for scale, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if value >= scale:
            return f"¥{value / scale:.{digits}g} {suffix}"
    return f"¥{value:,.0f}"


def usd_text(amount_usd: float, digits: int = 6) -> str:
    """US dollars: ``$34.6 bn`` (up to ``digits`` significant figures, no trailing zeros).

    Notebook 06, section '1. ¥2 trillion in context'.
    """
    value = check.number("amount_usd", amount_usd, minimum=0)
    for scale, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if value >= scale:
            return f"${value / scale:.{digits}g} {suffix}"
    return f"${value:,.0f}"


def value_text(value: float, unit: str, lang: str | None = None) -> str:
    """A number with its unit as ``data/facts.csv`` names it (JPY, USD, MW, params, ...), in
    ``lang`` (default: :func:`helpers.i18n.language`): ``5 years`` / ``5年``, ``FY2026`` / ``2026年度``.
    Notebook 00, section '3. What the article gets right, and what has moved since'."""

    lang = lang or language()
    japanese = check.choice("lang", lang, ("en", "ja")) == "ja"
    if unit == "JPY":
        return yen_text(value, lang)
    if unit == "USD":
        return f"{value / 1e8:,.4g}億ドル" if japanese and value >= 1e8 else usd_text(value)
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
