"""Answers with units, in both editions: every sheet question accepts its answer in every unit a
student may write it in, converts it with a note, and a number in another scale gets a hint that
names the scale.

Issue "日本の教室で使える日本語版" (the checker marks Japanese answers wrong) and the truth pass's
"Where a student gets stuck": the Japanese sheets ask in 億円 / 兆円 / 億 / 万, the engine reads
"8696億円", "8.7 bn", "1.03 T", "148 GWh", "35,095 GPUs" in the answer box and in code, asks back
on a decimal comma, and names the unit of a scale slip (×10³ … 10¹², GiB for GB, percent for a
fraction, 万 and 億 in Japanese).
"""

import json
import math
import re
from pathlib import Path

import pytest

from helpers import i18n
from helpers.teach import units
from helpers.teach.answer_box import answer_box
from helpers.teach.check import check, feedback_html, label, whole_hint
from helpers.teach.question import Question
from helpers.teach.questions import QUESTIONS, SHEETS
from helpers.teach.units import COUNTED, MULTIPLIERS, NAMES, WORDS, Unit, with_unit

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OURS = ("ex1_parameters", "ex2_memory", "ex3_compute", "ex4_power", "ex5_financing", "ex6_economics")
NUMERIC = [q for sheet in SHEETS.values() for q in sheet if QUESTIONS[q].custom is None]
LANGS = ("en", "ja")
CORRECT = {"en": "correct", "ja": "正解"}
NOT_YET = {"en": "not yet", "ja": "まだ違います"}
RESCALED = {"ex1_q2", "ex1_q4", "ex1_q6", "ex4_q6", "ex5_q5", "ex5_q6", "ex6_q4"}  # 億 / 億円 in Japanese


@pytest.fixture(params=LANGS)
def lang(request):
    previous = i18n.language()
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language(previous)


def answer(question_id: str) -> float:
    (value,) = QUESTIONS[question_id].answers().values()
    return value


def spellings(unit: Unit) -> list[tuple[str, float]]:
    """Every (unit word, scale in the base unit) a student may write for ``unit``'s quantity: the
    words of both languages, and for a counted quantity each multiplier, alone and before a word."""
    words = {word: scale for table in WORDS.values() for word, (q, scale) in table.items() if q == unit.quantity}
    if unit.quantity in COUNTED:
        multipliers = {m: s for table in MULTIPLIERS.values() for m, s in table.items()}
        combined = {
            f"{m} {w}" if m.isascii() else f"{m}{w}": s * ws for m, s in multipliers.items() for w, ws in words.items()
        }
        words = words | multipliers | combined
    return sorted(words.items())


def written(value: float, word: str) -> str:
    """``value`` followed by ``word``, as a student types it: "8695.65億円", "148.43 GWh", "11 GPUs"."""
    glue = "" if not word[0].isascii() or word == "%" else " "
    return f"{value:.10g}{glue}{word}"


# Every question, every unit ---------------------------------------------------------------------------
@pytest.mark.parametrize("question_id", NUMERIC)
def test_every_question_accepts_its_answer_in_every_unit(question_id, lang):
    question = QUESTIONS[question_id]
    unit = question.asked
    base = answer(question_id) * unit.asked(lang)  # the answer in the quantity's base unit
    tried = 0
    for word, scale in spellings(unit):
        typed = written(base / scale, word)
        feedback = check(question_id, typed)
        assert feedback.correct and CORRECT[lang] in feedback.text, (typed, feedback.text)
        tried += 1
    # a plain number in the unit asked, as a number and as text; with_unit in the base unit
    assert check(question_id, answer(question_id)).correct
    assert check(question_id, f"{answer(question_id):.10g}").correct
    base_word = next((word for word, scale in spellings(unit) if scale == 1), None)
    if base_word:
        assert check(question_id, with_unit(base, base_word)).correct
    if unit.quantity not in (units.NUMBER, units.FISCAL_YEAR, units.POINTS):
        assert tried > 1, f"{question_id}: no unit word for {unit.quantity}"


@pytest.mark.parametrize("question_id", NUMERIC)
def test_a_converted_answer_says_how_it_was_read(question_id, lang):
    question = QUESTIONS[question_id]
    unit = question.asked
    others = [(w, s) for w, s in spellings(unit) if not math.isclose(s, unit.asked(lang))]
    if not others:  # a fiscal year, a bond's points: one scale only, nothing to convert
        return
    word, scale = others[0]
    typed = written(answer(question_id) * unit.asked(lang) / scale, word)
    feedback = check(question_id, typed)
    shown = {"en": f'(I read "{typed}" as ', "ja": f"(「{typed}」を "}[lang]
    assert feedback.correct and shown in feedback.text, feedback.text


def test_the_issues_examples_are_read():
    cases = {  # text, the question's unit -> the value in its asked scale (English edition)
        ("8696億円", Unit(units.YEN, 1e9)): 869.6,
        ("8.7 bn", Unit(units.YEN, 1e9)): 8.7,
        ("¥869.6 bn", Unit(units.YEN, 1e9)): 869.6,
        ("869.6 billion yen a year", Unit(units.YEN, 1e9)): 869.6,
        ("1兆2,000億円", Unit(units.YEN, 1e12)): 1.2,
        ("▲3,884億円", Unit(units.YEN, 1e9)): -388.4,
        ("1.03 T", Unit(units.COUNT, 1e12)): 1.03,
        ("1.03兆", Unit(units.COUNT, 1e12)): 1.03,
        ("148 GWh", Unit(units.ENERGY, 1e9)): 148,
        ("148,000 MWh", Unit(units.ENERGY, 1e9)): 148,
        ("35,095 GPUs", Unit(units.GPUS)): 35095,
        ("3万5095枚", Unit(units.GPUS)): 35095,
        ("35k GPUs", Unit(units.GPUS)): 35000,
        ("１，０２６ GB", Unit(units.BYTES, 1e9)): 1026,
        ("955.9 GiB", Unit(units.BYTES, 1e9)): 955.9 * 2**30 / 1e9,
        ("4.25 bits", Unit(units.BYTES)): 0.53125,
        ("3.06×10²³ FLOPs", Unit(units.FLOPS, 1e23)): 3.06,
        ("3.06e23", Unit(units.FLOPS, 1e23)): 3.06e23,  # a plain number is in the asked unit as it is
        ("45%", Unit(units.SHARE)): 0.45,
        ("0.45", Unit(units.SHARE, 0.01)): 0.45,
        ("4割5分", Unit(units.SHARE)): None,  # not read: 分 is no unit word
        ("FY2050", Unit(units.FISCAL_YEAR)): 2050,
        ("2050年度", Unit(units.FISCAL_YEAR)): 2050,
        ("令和32年度", Unit(units.FISCAL_YEAR)): 2050,
        ("214 hours", Unit(units.DAYS)): 214 / 24,
    }
    for (text, unit), value in cases.items():
        reading = units.read(text, unit, "en")
        if value is None:
            assert reading.value is None, text
        else:
            assert reading.value == pytest.approx(value), (text, reading)


def test_the_japanese_sheets_ask_in_japanese_units(lang):
    """ex5 問5 in 億円: 8696 is right in Japanese, 869.6 in English; each gets a hint in the other."""
    right, slip = {"en": (869.6, 8696), "ja": (8696, 869.6)}[lang]
    assert check("ex5_q5", right).correct
    feedback = check("ex5_q5", slip)
    assert not feedback.correct
    if lang == "ja":
        assert "十億円単位で表した値のようです" in feedback.text and "億円単位で答えます" in feedback.text
    assert check("ex5_q5", "8696億円").correct and check("ex5_q5", "869.6 bn yen").correct
    for question_id in RESCALED:
        unit = QUESTIONS[question_id].asked
        assert unit.asked("ja") in (1e8,) and unit.name("ja") in ("億円単位", "億単位")


# Scale slips name the scale -------------------------------------------------------------------------
def own_hints(question: Question) -> list[str]:
    return [label(key, question) for _, key in question.hints]


@pytest.mark.parametrize("question_id", NUMERIC)
def test_a_number_in_another_named_scale_gets_a_hint_that_names_it(question_id, lang):
    question = QUESTIONS[question_id]
    unit = question.asked
    asked = unit.asked(lang)
    for quantity, scale in NAMES[lang]:
        if quantity != unit.quantity or math.isclose(scale, asked) or unit.quantity == units.FISCAL_YEAR:
            continue
        slip = answer(question_id) * asked / scale
        feedback = check(question_id, slip)
        assert not feedback.correct and NOT_YET[lang] in feedback.text, (scale, feedback.text)
        name = units.scale_name(quantity, scale, lang)
        assert name in feedback.text or any(hint in feedback.text for hint in own_hints(question)), feedback.text


@pytest.mark.parametrize("question_id", NUMERIC)
def test_every_scale_slip_gets_a_hint(question_id, lang):
    """×10³, 10⁶, 10⁹, 10¹², 100, 2³⁰/10⁹ (and 10⁴, 10⁸ in Japanese), both ways, on every question."""
    question = QUESTIONS[question_id]
    if question.asked.quantity == units.FISCAL_YEAR:
        return
    scale_words = {"en": ("looks like the answer in", "times the answer"), "ja": ("で表した値のようです", "倍です")}[
        lang
    ]
    for factor in units.SCALE_SLIPS[lang]:
        for slip in (answer(question_id) * factor, answer(question_id) / factor):
            feedback = check(question_id, slip)
            assert not feedback.correct, (factor, slip)
            assert any(w in feedback.text for w in scale_words) or any(
                h in feedback.text for h in own_hints(question)
            ), (
                factor,
                feedback.text,
            )
    if lang == "en" and question_id not in RESCALED:  # 万 and 億 are Japanese slips
        text = check(question_id, answer(question_id) * 1e4).text
        assert "looks like" not in text and "times the answer" not in text, text


def test_the_issues_slips_name_their_unit():
    en = {
        ("ex1_q1", 1026.4): "the answer in billions; the question asks for trillions",
        ("ex2_q2", 1.0264e12): "the answer in bytes; the question asks for GB",
        ("ex2_q2", 955.9): "the answer in GiB (2³⁰ bytes)",
        ("ex5_q4", 5.96e12): "the answer in yen; the question asks for ¥ trillions",
        ("ex5_q5", 0.8696): "the answer in ¥ trillions; the question asks for ¥ billions",
        ("ex6_q2", 0.1524): "the answer in a fraction",
        ("ex1_q3", 3.2): "the answer in percent",
        ("ex3_q3", 3.056e24): "the answer in FLOPs",
        ("ex3_q4", 214.5): "the answer in hours",
    }
    for (question_id, slip), text in en.items():
        feedback = check(question_id, slip)
        assert not feedback.correct and text in feedback.text, feedback.text
    i18n.set_language("ja")
    try:
        ja = {
            ("ex5_q5", 869.6): "十億円単位で表した値のようです",
            ("ex5_q5", 8696e4): "万円単位で表した値のようです",
            ("ex5_q5", 0.8696): "兆円単位で表した値のようです",
            ("ex1_q2", 32.86): "十億単位で表した値のようです",
            ("ex1_q4", 570.4): "百万単位で表した値のようです",
            ("ex1_q4", 57042.5): "万単位で表した値のようです",
            ("ex6_q4", 388.4): "十億円単位",
        }
        for (question_id, slip), text in ja.items():
            feedback = check(question_id, slip)
            assert not feedback.correct and text in feedback.text, feedback.text
    finally:
        i18n.set_language("en")


def test_a_known_mistake_comes_before_the_scale_hint():
    """ex4_q6's known ×1,000 slip (MWh taken for kWh) keeps its own words."""
    question = QUESTIONS["ex4_q6"]
    feedback = check("ex4_q6", question.in_asked(question.hints[0][0]()))
    assert label(question.hints[0][1], question) in feedback.text and "looks like" not in feedback.text


def test_a_unit_written_wrong_gets_its_own_hint(lang):
    """The digits of the answer with a unit word that makes it a scale slip: the hint names the word."""
    typed, text = {
        "en": ("869.6 yen", '"yen" makes your answer 1/1,000,000,000 times the right one'),
        "ja": ("8696円", "単位「円」のせいで答えが正解の1/100,000,000倍"),
    }[lang]
    feedback = check("ex5_q5", typed)
    assert not feedback.correct and text in feedback.text, feedback.text


# Text that is not an answer ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "meant"),
    [("1,03", "1.03"), ("1,5", "1.5"), ("12,34", "12.34"), ("1,0264", "1.0264"), ("-1,5", "-1.5")],
)
def test_a_decimal_comma_is_asked_back(typed, meant, lang):
    for feedback in (check("ex4_q4", typed), box_says("ex4_q4", typed)):
        text = feedback if isinstance(feedback, str) else feedback.text
        assert meant in text and ("did you mean" in text or "のことですか" in text), text
    assert check("ex4_q4", typed).text.startswith("🤔")  # the box shows a "Not yet" badge instead of the emoji
    assert "t-badge t-warn" in box_says("ex4_q4", typed)


@pytest.mark.parametrize("typed", ["1,030", "12,345,678", "1,234.5", "1,00,000"])
def test_thousands_commas_are_read(typed):
    assert units.read(typed, Unit(units.COUNT)).value == float(typed.replace(",", ""))


def test_an_unknown_or_other_unit_is_explained(lang):
    unknown = check("ex4_q5", "148 furlongs").text
    other = check("ex4_q5", "148 MW").text
    assert "📏" in unknown and "furlongs" in unknown and "GWh" in unknown
    assert "📏" in other and "MW" in other and "GWh" in other


def box_says(question_id: str, typed: str) -> str:
    box = answer_box(question_id)
    box.children[0].children[0].value = typed
    box.check()
    return box.children[1].value


def test_the_box_and_the_code_say_the_same(lang):
    for typed in ("8696億円", "869.6 bn", "0.87兆円", "869.6", "8696", "abc", "1,03"):
        assert box_says("ex5_q5", typed) == feedback_html(check("ex5_q5", typed))


def test_the_empty_box_asks_for_an_answer_in_the_box(lang):
    empty = box_says("ex5_q5", "")
    assert {"en": "type your answer in the box and press Check", "ja": "解答欄に答えを入力して"}[lang] in empty
    assert "run this cell" not in empty and "実行" not in empty
    assert {"en": "run this cell again", "ja": "もう一度実行"}[lang] in check("ex5_q5", ...).text  # in code: the cell


# Messages of the truth pass -------------------------------------------------------------------------
def test_no_answer_name_tag_on_a_single_answer(lang):
    text = check("ex5_q3", 3.0).text
    assert "(q3)" not in text and "(q3)" not in check("ex2_q4", 99).text
    assert "q2b" in check("nb00_q2", 0.2, 0.5, 0.291).text  # several answers: the wrong one is named


def test_the_whole_number_message_names_the_unit(lang):
    year = check("ex5_q1", 2050.5).text
    gpus = check("ex2_q4", 10.5).text
    assert {"en": "fiscal year", "ja": "年度"}[lang] in year and "GPU" not in year
    assert "GPU" in gpus
    households = Question("ex9_q1", "ex9", lambda: 3.0, Unit(units.HOUSEHOLDS), rel=0)
    assert {"en": "households", "ja": "世帯"}[lang] in whole_hint(households)


def test_the_ten_year_slip_of_ex5_q3_names_the_term(lang):
    question = QUESTIONS["ex5_q3"]
    ten_years = question.hints[1][0]()
    assert abs(ten_years / answer("ex5_q3") - 1) > question.rel  # outside the tolerance: a slip, not an answer
    feedback = check("ex5_q3", ten_years)
    assert not feedback.correct and "9.918" in feedback.text and "10" in feedback.text


def markdown(path: Path) -> str:
    return "\n".join(
        "".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "markdown"
    )


@pytest.mark.parametrize("folder", [NOTEBOOKS / "exercises", NOTEBOOKS / "ja" / "exercises"])
def test_the_sheets_say_what_the_checks_need(folder):
    ex5 = markdown(folder / "ex5_financing.ipynb")
    assert "9.918" in ex5  # the bond's term, named in question 3
    assert "k = 0" in ex5 and "scenarios.ai_budget_by_year()" in ex5 and "gx.p_continue" in ex5  # question 6
    assert "holding_years = 10" in ex5
    ex1 = markdown(folder / "ex1_parameters.ipynb")
    assert '"n_layers": 128' in ex1 and "Llama 3.1 405B" in ex1  # question 5: a dict of the tip's fields
    for name in OURS:
        text = markdown(folder / f"{name}.ipynb") + markdown(folder / "solutions" / f"{name}_solutions.ipynb")
        assert "十億円 = 10⁹円" not in text and "say in which unit you answer" not in text
        assert ("億円 = 10⁸円" in text) if folder.parent.name == "ja" else ("869.6 bn yen" in text)


def test_the_japanese_questions_ask_in_japanese_units():
    """Each rescaled question's Japanese text asks in 億 or 億円, never in 十億 / 10億 / 百万."""
    for name in OURS:
        nb = json.loads((NOTEBOOKS / "ja" / "exercises" / f"{name}.ipynb").read_text())
        for cell in nb["cells"]:
            text = "".join(cell["source"])
            found = re.search(r"チェック `(ex\d_q\d)`", text)
            if cell["cell_type"] != "markdown" or not found:
                continue
            question_id = found.group(1)
            assert not re.search(r"\*\*(十億|10億|百万)", text), (question_id, text)
            if question_id in RESCALED:
                assert re.search(r"\*\*億円?\*\*", text), (question_id, text)
