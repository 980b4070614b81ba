"""Units of the exercises' answers: what a question asks for, and the unit words a student may write.

A question's :class:`Unit` names the quantity it measures (yen, bytes, energy, GPUs, a share, a
fiscal year, ...) and the scale its record computes the answer in (``Unit("yen", 1e9)``: ¥ billions).
The Japanese edition may ask in the scale a Japanese reader counts in (``ja_scale=1e8``: 億円): the
check engine (:mod:`helpers.teach.check`) converts the expected value and the known mistakes to the
scale asked in the current language.

One table of unit words per language, :data:`WORDS` and :data:`MULTIPLIERS` (円, 億円, 兆円, yen,
¥ bn, billion, T, GB, GiB, GWh, %, 万, 億, 兆, ...), lets :func:`read` understand an answer written
with its unit, as text in the answer box or in code ("8696億円", "8.7 bn", "1.03 T", "148 GWh",
"35,095 GPUs"), and convert it to the question's scale. :data:`NAMES` says each scale's name in each
language ("¥ billions", "億円"), so a message can name the unit a student used and the one asked for.
Words of both languages are read in both editions; the names are those of the current language.

README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from helpers import i18n

# Quantities: what an answer measures, each with its base unit (the scale 1).
YEN, COUNT, GPUS, HOUSEHOLDS, BYTES, ENERGY, POWER = "yen", "count", "GPUs", "households", "bytes", "Wh", "W"
FLOPS, SHARE, DAYS, YEARS = "FLOPs", "share", "days", "years"  # share: a fraction (1) or percent (0.01)
FISCAL_YEAR, POINTS, NUMBER = "fiscal year", "points", "number"  # points: per 100 of a bond's face value
QUANTITIES = (
    YEN,
    COUNT,
    GPUS,
    HOUSEHOLDS,
    BYTES,
    ENERGY,
    POWER,
    FLOPS,
    SHARE,
    DAYS,
    YEARS,
    FISCAL_YEAR,
    POINTS,
    NUMBER,
)
COUNTED = {YEN, COUNT, GPUS, HOUSEHOLDS, FLOPS, NUMBER}  # quantities a multiplier (万, bn, T) may scale

# Multipliers, written after the number and before a unit word ("8.7 bn yen", "8696億円", "35k GPUs").
MULTIPLIERS: dict[str, dict[str, float]] = {
    "en": {
        "k": 1e3, "K": 1e3, "thousand": 1e3, "thousands": 1e3,
        "M": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6,
        "B": 1e9, "bn": 1e9, "bln": 1e9, "billion": 1e9, "billions": 1e9,
        "T": 1e12, "tn": 1e12, "trn": 1e12, "trillion": 1e12, "trillions": 1e12,
    },
    "ja": {"千": 1e3, "万": 1e4, "億": 1e8, "兆": 1e12},
}  # fmt: skip
MULTIPLIERS["ja"] |= {  # 十万, 百万, 千万, 十億, 百億, 千億, ...: 十, 百 or 千 before 万, 億 or 兆
    digit + big: factor * MULTIPLIERS["ja"][big]
    for digit, factor in (("十", 10.0), ("百", 100.0), ("千", 1000.0))
    for big in ("万", "億", "兆")
}

# Unit words: word -> (quantity, scale in the quantity's base unit).
WORDS: dict[str, dict[str, tuple[str, float]]] = {
    "en": {
        "yen": (YEN, 1), "JPY": (YEN, 1), "¥": (YEN, 1),
        "parameters": (COUNT, 1), "parameter": (COUNT, 1), "params": (COUNT, 1),
        "tokens": (COUNT, 1), "token": (COUNT, 1),
        "GPUs": (GPUS, 1), "GPU": (GPUS, 1), "H200s": (GPUS, 1), "H200": (GPUS, 1),
        "households": (HOUSEHOLDS, 1), "household": (HOUSEHOLDS, 1), "homes": (HOUSEHOLDS, 1),
        "B": (BYTES, 1), "bytes": (BYTES, 1), "byte": (BYTES, 1), "bits": (BYTES, 1 / 8), "bit": (BYTES, 1 / 8),
        "kB": (BYTES, 1e3), "KB": (BYTES, 1e3), "MB": (BYTES, 1e6), "GB": (BYTES, 1e9), "TB": (BYTES, 1e12),
        "PB": (BYTES, 1e15), "KiB": (BYTES, 2**10), "MiB": (BYTES, 2**20), "GiB": (BYTES, 2**30),
        "TiB": (BYTES, 2**40),
        "Wh": (ENERGY, 1), "kWh": (ENERGY, 1e3), "MWh": (ENERGY, 1e6), "GWh": (ENERGY, 1e9), "TWh": (ENERGY, 1e12),
        "W": (POWER, 1), "kW": (POWER, 1e3), "MW": (POWER, 1e6), "GW": (POWER, 1e9),
        "FLOPs": (FLOPS, 1), "FLOP": (FLOPS, 1),
        "%": (SHARE, 0.01), "percent": (SHARE, 0.01), "per cent": (SHARE, 0.01), "pct": (SHARE, 0.01),
        "days": (DAYS, 1), "day": (DAYS, 1), "hours": (DAYS, 1 / 24), "hour": (DAYS, 1 / 24), "h": (DAYS, 1 / 24),
        "weeks": (DAYS, 7), "week": (DAYS, 7),
        "years": (YEARS, 1), "year": (YEARS, 1), "yr": (YEARS, 1), "months": (YEARS, 1 / 12),
        "month": (YEARS, 1 / 12),
        "FY": (FISCAL_YEAR, 1), "fiscal year": (FISCAL_YEAR, 1),
        "points": (POINTS, 1), "point": (POINTS, 1), "pts": (POINTS, 1), "pt": (POINTS, 1),
    },
    "ja": {
        "円": (YEN, 1),
        "パラメーター": (COUNT, 1), "パラメータ": (COUNT, 1), "トークン": (COUNT, 1), "個": (COUNT, 1),
        "枚": (GPUS, 1), "基": (GPUS, 1), "台": (GPUS, 1),
        "世帯": (HOUSEHOLDS, 1), "戸": (HOUSEHOLDS, 1),
        "バイト": (BYTES, 1), "ビット": (BYTES, 1 / 8),
        "ワット時": (ENERGY, 1), "キロワット時": (ENERGY, 1e3), "メガワット時": (ENERGY, 1e6),
        "ギガワット時": (ENERGY, 1e9),
        "ワット": (POWER, 1), "キロワット": (POWER, 1e3), "メガワット": (POWER, 1e6), "ギガワット": (POWER, 1e9),
        "パーセント": (SHARE, 0.01), "割": (SHARE, 0.1),
        "日": (DAYS, 1), "時間": (DAYS, 1 / 24), "週間": (DAYS, 7),
        "年": (YEARS, 1), "か月": (YEARS, 1 / 12), "ヶ月": (YEARS, 1 / 12), "カ月": (YEARS, 1 / 12),
        "年度": (FISCAL_YEAR, 1),
        "ポイント": (POINTS, 1),
    },
}  # fmt: skip

# Names of the scales a question asks in or a student may have used: (quantity, scale) -> (name, amount).
# The name completes "the question asks for {name}"; the amount pattern writes a value in that unit.
NAMES: dict[str, dict[tuple[str, float], tuple[str, str]]] = {
    "en": {
        (YEN, 1): ("yen", "¥{}"), (YEN, 1e6): ("¥ millions", "¥{} million"),
        (YEN, 1e9): ("¥ billions", "¥{} bn"), (YEN, 1e12): ("¥ trillions", "¥{} tn"),
        (COUNT, 1): ("a full count (not in thousands or millions)", "{}"), (COUNT, 1e3): ("thousands", "{} thousand"),
        (COUNT, 1e6): ("millions", "{} million"), (COUNT, 1e9): ("billions", "{} billion"),
        (COUNT, 1e12): ("trillions", "{} trillion"),
        (GPUS, 1): ("GPUs", "{} GPUs"), (GPUS, 1e3): ("thousands of GPUs", "{} thousand GPUs"),
        (HOUSEHOLDS, 1): ("households", "{} households"),
        (HOUSEHOLDS, 1e6): ("millions of households", "{} million households"),
        (BYTES, 1 / 8): ("bits", "{} bits"), (BYTES, 1): ("bytes", "{} bytes"), (BYTES, 1e6): ("MB", "{} MB"),
        (BYTES, 1e9): ("GB (10⁹ bytes)", "{} GB"), (BYTES, 1e12): ("TB (10¹² bytes)", "{} TB"),
        (BYTES, 2**30): ("GiB (2³⁰ bytes)", "{} GiB"), (BYTES, 2**40): ("TiB (2⁴⁰ bytes)", "{} TiB"),
        (ENERGY, 1e3): ("kWh", "{} kWh"), (ENERGY, 1e6): ("MWh", "{} MWh"), (ENERGY, 1e9): ("GWh", "{} GWh"),
        (ENERGY, 1e12): ("TWh", "{} TWh"),
        (POWER, 1): ("watts", "{} W"), (POWER, 1e3): ("kW", "{} kW"), (POWER, 1e6): ("MW", "{} MW"),
        (POWER, 1e9): ("GW", "{} GW"),
        (FLOPS, 1): ("FLOPs", "{} FLOPs"), (FLOPS, 1e23): ("units of 10²³ FLOPs", "{} × 10²³ FLOPs"),
        (SHARE, 1): ("a fraction (0.25 for 25%)", "{}"), (SHARE, 0.01): ("percent", "{}%"),
        (DAYS, 1 / 24): ("hours", "{} hours"), (DAYS, 1): ("days", "{} days"),
        (YEARS, 1): ("years", "{} years"), (FISCAL_YEAR, 1): ("a fiscal year", "FY{}"),
        (POINTS, 1): ("points per 100 of face value", "{} points"), (NUMBER, 1): ("a plain number", "{}"),
    },
    "ja": {
        (YEN, 1): ("円単位", "{}円"), (YEN, 1e4): ("万円単位", "{}万円"), (YEN, 1e6): ("百万円単位", "{}百万円"),
        (YEN, 1e8): ("億円単位", "{}億円"), (YEN, 1e9): ("十億円単位", "{}十億円"), (YEN, 1e12): ("兆円単位", "{}兆円"),
        (COUNT, 1): ("そのままの個数", "{}"), (COUNT, 1e4): ("万単位", "{}万"), (COUNT, 1e6): ("百万単位", "{}百万"),
        (COUNT, 1e8): ("億単位", "{}億"), (COUNT, 1e9): ("十億単位", "{}十億"), (COUNT, 1e12): ("兆単位", "{}兆"),
        (GPUS, 1): ("GPUの枚数", "{}枚"), (GPUS, 1e4): ("万枚", "{}万枚"),
        (HOUSEHOLDS, 1): ("世帯数", "{}世帯"), (HOUSEHOLDS, 1e4): ("万世帯", "{}万世帯"),
        (BYTES, 1 / 8): ("ビット", "{}ビット"), (BYTES, 1): ("バイト", "{}バイト"), (BYTES, 1e6): ("MB", "{} MB"),
        (BYTES, 1e9): ("GB(10⁹バイト)", "{} GB"), (BYTES, 1e12): ("TB(10¹²バイト)", "{} TB"),
        (BYTES, 2**30): ("GiB(2³⁰バイト)", "{} GiB"), (BYTES, 2**40): ("TiB(2⁴⁰バイト)", "{} TiB"),
        (ENERGY, 1e3): ("kWh", "{} kWh"), (ENERGY, 1e6): ("MWh", "{} MWh"), (ENERGY, 1e9): ("GWh", "{} GWh"),
        (ENERGY, 1e12): ("TWh", "{} TWh"),
        (POWER, 1): ("ワット", "{} W"), (POWER, 1e3): ("kW", "{} kW"), (POWER, 1e6): ("MW", "{} MW"),
        (POWER, 1e9): ("GW", "{} GW"),
        (FLOPS, 1): ("FLOP", "{} FLOP"), (FLOPS, 1e23): ("10²³ FLOP単位", "{} × 10²³ FLOP"),
        (SHARE, 1): ("割合(25%なら0.25)", "{}"), (SHARE, 0.01): ("パーセント", "{}%"),
        (DAYS, 1 / 24): ("時間", "{}時間"), (DAYS, 1): ("日数", "{}日"),
        (YEARS, 1): ("年数", "{}年"), (FISCAL_YEAR, 1): ("年度", "{}年度"),
        (POINTS, 1): ("額面100あたりのポイント", "{}ポイント"), (NUMBER, 1): ("数値", "{}"),
    },
}  # fmt: skip

# Scale slips every question is checked for (answer / expected), besides the named scales of its
# quantity: ×10³, 10⁶, 10⁹, 10¹², percent against a fraction, GiB against GB; in Japanese also 万 and 億.
SCALE_SLIPS: dict[str, tuple[float, ...]] = {
    "en": (1e3, 1e6, 1e9, 1e12, 100.0, 2**30 / 1e9),
    "ja": (1e3, 1e6, 1e9, 1e12, 100.0, 2**30 / 1e9, 1e4, 1e8),
}
_ERAS = {"令和": 2018, "平成": 1988}  # 令和8年度 = FY2026


@dataclass(frozen=True)
class Unit:
    """What a question's answer measures (``quantity``, one of :data:`QUANTITIES`) and the scale its
    record computes it in (``scale``, in the quantity's base unit: 1e9 for ¥ billions); ``ja_scale``
    is the scale the Japanese edition asks in when it differs (1e8: 億円). ``text`` keeps the words a
    record gave instead of a Unit ("million GPU-hours"), shown where no name of the scale is known.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """

    quantity: str
    scale: float = 1.0
    ja_scale: float | None = None
    text: str = ""

    def __post_init__(self) -> None:
        if self.quantity not in QUANTITIES:
            raise ValueError(f"quantity must be one of {', '.join(QUANTITIES)}, got {self.quantity!r}")
        if not (self.scale > 0 and (self.ja_scale is None or self.ja_scale > 0)):
            raise ValueError(f"scales must be positive, got {self.scale} and {self.ja_scale}")

    def asked(self, lang: str | None = None) -> float:
        """The scale the question asks in, in ``lang`` (default: the current language)."""
        return self.ja_scale if (lang or i18n.language()) == "ja" and self.ja_scale else self.scale

    def factor(self, lang: str | None = None) -> float:
        """What turns a value in the record's scale into the asked one (10 for ¥ bn → 億円)."""
        return self.scale / self.asked(lang)

    def name(self, lang: str | None = None) -> str:
        """The asked unit's name in ``lang``: "¥ billions", "億円" (the record's words if none)."""
        lang = lang or i18n.language()
        found = scale_name(self.quantity, self.asked(lang), lang)
        if self.text and (lang == "en" or not found):
            return self.text
        return found or NAMES[lang][(NUMBER, 1)][0]

    def amount(self, value: float, lang: str | None = None) -> str:
        """``value`` (in the asked scale) written with its unit: "¥869.6 bn", "8,696億円"."""
        lang = lang or i18n.language()
        found = NAMES[lang].get(_key(self.quantity, self.asked(lang)))
        number = f"{value:.0f}" if self.quantity == FISCAL_YEAR and float(value).is_integer() else figure(value)
        if found:
            return found[1].format(number)
        return f"{number} {self.text}".strip()


def _key(quantity: str, scale: float) -> tuple[str, float]:
    """The :data:`NAMES` key of ``scale`` (matched to 9 digits: 2**30 / 1e9 * 1e9 is 2**30)."""
    for known, value in {k for names in NAMES.values() for k in names}:
        if known == quantity and math.isclose(value, scale, rel_tol=1e-9):
            return known, value
    return quantity, scale


def scale_name(quantity: str, scale: float, lang: str | None = None) -> str | None:
    """The name of ``scale`` of ``quantity`` in ``lang`` ("GiB (2³⁰ bytes)", "十億円"), or None.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    found = NAMES[lang or i18n.language()].get(_key(quantity, scale))
    return found[0] if found else None


def figure(value: float) -> str:
    """A number as a message shows it: 6 significant digits, thousands separated, no trailing zeros.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    if value != 0 and (abs(value) >= 1e15 or abs(value) < 1e-4):
        return f"{value:.6g}"
    if abs(value) >= 1e5:
        return f"{value:,.0f}"
    return f"{value:,.6g}"


def unit_of(text: str) -> Unit:
    """A :class:`Unit` from a record's words ("¥ billions", "GB", "a fraction", "percent",
    "million GPU-hours"); words it does not know make a plain count that keeps them.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    words = re.sub(r"\s*\(.*\)$|\s+(a|per) year$", "", text.strip())
    lowered = words.lower()
    fixed = {
        "a fraction": Unit(SHARE),
        "fractions": Unit(SHARE),
        "percent": Unit(SHARE, 0.01),
        "a fiscal year": Unit(FISCAL_YEAR),
        "units of 1e23 flops": Unit(FLOPS, 1e23),
    }
    if lowered in fixed:
        return fixed[lowered]
    money = re.fullmatch(r"(?:¥|yen)\s*(millions|billions|trillions)", lowered)
    if money:
        return Unit(YEN, MULTIPLIERS["en"][money.group(1)])
    first, _, rest = words.partition(" ")
    scale = MULTIPLIERS["en"].get(first)
    if scale is not None:  # "trillions of tokens", "million GPU-hours"
        rest = re.sub(r"^of\s+", "", rest)
        known = WORDS["en"].get(rest)
        quantity = known[0] if known and known[0] in COUNTED else COUNT
        return Unit(quantity, scale, text="" if known or not rest else text)
    known = WORDS["en"].get(words) or WORDS["en"].get(words.split(" ")[0])
    if known:
        return Unit(known[0], known[1])
    return Unit(COUNT if words.endswith("s") else NUMBER, text=text)


# Reading an answer -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Reading:
    """What :func:`read` made of an answer: ``value`` in the question's asked scale (None when it
    could not read one), ``unit`` the unit word written ("" for a plain number), ``problem`` why not
    ("not_a_number", "ambiguous_comma", "unknown_unit", "other_quantity") and, for a decimal comma,
    the number the student probably meant (``meant``).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """

    value: float | None
    unit: str = ""
    problem: str | None = None
    meant: str = ""
    converted: bool = False  # whether the unit written differs from the one asked


@dataclass(frozen=True)
class Amount:
    """A number with its unit, for an answer in code: ``with_unit(total_jpy, "yen")``.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """

    value: float
    unit: str

    def __repr__(self) -> str:  # what a solution cell shows, in the reader's language
        return i18n._("{number} {unit}", number=figure(self.value), unit=unit_name(self.unit))


def unit_name(unit: str) -> str:
    """The unit word a solution shows, in the reader's language ("parameters" → パラメーター).

    README, section 'For teachers'; the teachers' guide, section '7. How the checks work'.
    """
    names = {"parameters": i18n.pgettext("unit", "parameters"), "yen": i18n.pgettext("unit", "yen")}
    return names.get(unit, unit)


def with_unit(value: float, unit: str) -> Amount:
    """``value`` in ``unit`` (a word of :data:`WORDS` or :data:`MULTIPLIERS`: "yen", "億円",
    "parameters", "GB"): the check converts it to the unit its question asks for, in either edition.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return Amount(float(value), unit)


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_POWER_OF_TEN = re.compile(r"10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_NUMBER = re.compile(
    r"(?P<digits>\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE](?P<exp>[-+]?\d+))?"
    r"(?:\s*[x×*·]\s*10\s*(?:\^|\*\*)\s*(?P<pow>[-+]?\d+))?"
)
_PER_YEAR = re.compile(r"\s*(?:(?:/|per|a|each|every)\s*(?:year|yr|annum)|/\s*年|毎年|年間|年あたり)\s*$")
_JA_STEPS = ("兆", "億", "万")


def normalise(text: str) -> str:
    """``text`` with full-width characters, minus signs, superscript powers of ten, the Japanese
    negative mark (▲) and spaces inside numbers made plain: "８，６９６億円" → "8,696億円".

    README, section 'For teachers'; the teachers' guide, section '7. How the checks work'."""
    text = _POWER_OF_TEN.sub(lambda m: "10^" + m.group(1).translate(_SUPERSCRIPTS), text)
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"^[▲△]\s*", "-", text).replace("−", "-").replace("–", "-")
    return re.sub(r"(?<=\d)[ _\u2009'](?=\d{3}\b)", "", text)


def _digits(token: str) -> float | str:
    """The value of a digit string with commas, or the reading's problem ("1,03": a decimal comma?)."""
    if "," not in token:
        return float(token)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d*)?", token) or re.fullmatch(r"\d{1,2}(,\d{2})*,\d{3}(\.\d*)?", token):
        return float(token.replace(",", ""))
    if token.count(",") == 1 and "." not in token:
        return "ambiguous_comma"
    return "not_a_number"


def _number(text: str) -> tuple[float | str, str, str]:
    """(the number at the start of ``text`` or a problem, the rest of the text, the digits read)."""
    match = _NUMBER.match(text)
    if not match:
        return "not_a_number", text, ""
    value = _digits(match.group("digits"))
    if isinstance(value, float):
        exponent = int(match.group("exp") or 0) + int(match.group("pow") or 0)
        value *= 10.0**exponent
    return value, text[match.end() :].strip(), match.group("digits")


def _lookup(table: dict[str, dict], word: str) -> list:
    """Entries of ``word`` in a per-language table: exact, else (for words of two or more letters)
    ignoring case ("gwh", "BN")."""
    exact = [entries[word] for entries in table.values() if word in entries]
    if exact or len(word) < 2:
        return exact
    return [value for entries in table.values() for key, value in entries.items() if key.casefold() == word.casefold()]


def _units(rest: str) -> list[tuple[str | None, float]]:
    """Every reading of ``rest`` as [multiplier] [unit word]: (quantity or None, scale)."""
    found = []
    prefixes = [""] + sorted({m for table in MULTIPLIERS.values() for m in table}, key=len, reverse=True)
    for prefix in prefixes:
        if prefix and not rest.startswith(prefix) and not rest.casefold().startswith(prefix.casefold()):
            continue
        if prefix and len(prefix) < 2 and not rest.startswith(prefix):
            continue
        scales = [1.0] if not prefix else _lookup(MULTIPLIERS, prefix)
        tail = rest[len(prefix) :].strip()
        for scale in scales:
            if not tail:
                found.append((None, scale))
                continue
            for quantity, unit_scale in _lookup(WORDS, tail):
                if scale == 1.0 or quantity in COUNTED:
                    found.append((quantity, scale * unit_scale))
    return found


def _convert(value: float, rest: str, unit: Unit, lang: str | None, yen: bool = False) -> Reading:
    """``value`` followed by the unit words ``rest``, in the scale ``unit`` asks for."""
    readings = _units(rest) if rest else [(None, 1.0)]
    if yen:  # "¥869.6 bn": a multiplier, or yen again
        readings = [(YEN, scale) for quantity, scale in readings if quantity in (None, YEN)]
    if not readings:
        return Reading(None, unit=rest, problem="unknown_unit")
    asked = unit.asked(lang)
    for quantity, scale in readings:  # the question's own quantity first, then a bare multiplier
        if quantity == unit.quantity or (quantity is None and unit.quantity in COUNTED):
            converted = not math.isclose(scale, asked, rel_tol=1e-12)
            return Reading(value * scale / asked, unit=rest or "¥", converted=converted)
    return Reading(None, unit=rest or "¥", problem="other_quantity")


def read(answer: object, unit: Unit, lang: str | None = None) -> Reading:
    """An answer written as text ("8696億円", "1.03 T", "148 GWh", "FY2050", "1,5") or an
    :class:`Amount`, read as a value in the scale ``unit`` asks for in ``lang``. Text that is a
    plain number reads as it is (``unit`` of the reading: "").

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    if isinstance(answer, Amount):
        return _convert(answer.value, normalise(answer.unit), unit, lang)
    text = normalise(str(answer))
    sign = -1.0 if text.startswith("-") else 1.0
    text = text[1:].strip() if text[:1] in "+-" and text else text
    prefix = next((start for start in ("¥", "JPY", "FY", *_ERAS) if text.startswith(start)), "")
    value, rest, digits = _number(text[len(prefix) :].strip())
    if isinstance(value, str):
        meant = ("-" if sign < 0 else "") + digits.replace(",", ".") if value == "ambiguous_comma" else ""
        return Reading(None, problem=value, meant=meant)
    carried = 0.0  # 1兆2,000億円: the terms before the last, in ones
    while rest[:1] in _JA_STEPS and _NUMBER.match(rest[1:]):
        carried += value * MULTIPLIERS["ja"][rest[0]]
        value, rest, _ = _number(rest[1:])
        if isinstance(value, str):
            return Reading(None, problem=value)
    if carried:  # the last term's step (億 of 2,000億円) applies to it alone
        value += carried / MULTIPLIERS["ja"].get(rest[:1], 1.0)
    rest = _PER_YEAR.sub("", rest).rstrip(".").strip()
    if rest.startswith("¥") and not prefix:  # "869.6 ¥ bn"
        prefix, rest = "¥", rest[1:].strip()
    if prefix in _ERAS or prefix == "FY":
        if rest not in ("", "年度", "年"):
            return Reading(None, unit=rest, problem="unknown_unit")
        year = value + _ERAS.get(prefix, 0)
        return _convert(sign * year, "FY" if prefix == "FY" else "年度", unit, lang)
    if not prefix and not rest:
        return Reading(sign * value)
    return _convert(sign * value, rest, unit, lang, yen=bool(prefix))


def scale_slip(
    unit: Unit, answer: float, expected: float, rel: float, lang: str | None = None
) -> tuple[float, str | None] | None:
    """Whether ``answer`` is ``expected`` in another scale: (answer / expected, the name of the scale
    the student used, if it has one), else None. The factors are the named scales of the question's
    quantity and :data:`SCALE_SLIPS`; a fiscal year has none.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    lang = lang or i18n.language()
    if unit.quantity == FISCAL_YEAR or expected == 0 or answer == 0:
        return None
    asked = unit.asked(lang)
    named = [scale for quantity, scale in NAMES[lang] if quantity == unit.quantity]
    factors = [asked / scale for scale in named] + [f for slip in SCALE_SLIPS[lang] for f in (slip, 1 / slip)]
    for factor in factors:
        if math.isclose(factor, 1.0, rel_tol=1e-9):
            continue
        if math.isclose(answer, expected * factor, rel_tol=rel):
            return factor, scale_name(unit.quantity, asked / factor, lang)
    return None


__all__ = [
    "MULTIPLIERS",
    "NAMES",
    "QUANTITIES",
    "SCALE_SLIPS",
    "WORDS",
    "Amount",
    "Reading",
    "Unit",
    "figure",
    "normalise",
    "read",
    "scale_name",
    "scale_slip",
    "unit_of",
    "with_unit",
]
