"""The exercise sheets (notebooks/exercises/): every check accepts its solution and rejects the rest.

For every question: the expected value passes, a value just outside the stated tolerance fails,
every known slip gets its own hint, and text, lists, booleans, NaN and the ``...`` placeholder get a
sentence instead of a traceback. The sheets and their solution notebooks (generated from
notebooks/exercises/masters/) ask exactly these questions; nbval runs the solutions, whose stored
outputs say ✅ for each.
"""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from helpers import i18n
from helpers.calc import catalog, params
from helpers.teach.answer_box import answer_box
from helpers.teach.check import check, expected, label, tolerance_text
from helpers.teach.question import DEFAULT_REL
from helpers.teach.questions import QUESTIONS, ex1_parameters
from helpers.teach.questions import SHEETS as SHEET_QUESTIONS

ROOT = Path(__file__).resolve().parents[1]
SHEETS = ROOT / "notebooks" / "exercises"
ALL = [q for questions in SHEET_QUESTIONS.values() for q in questions]
NUMERIC = [q for q in ALL if QUESTIONS[q].custom is None]
SHAPE = "ex1_q5"  # the one question answered with a model, not a number


def value(question):
    (answer,) = expected(question).values()
    return answer


def hints(question):
    """(wrong value, hint text) of each known mistake of ``question``, in the current language."""
    record = QUESTIONS[question]
    return [(record.in_asked(wrong()), label(key, record)) for wrong, key in record.hints]


def outputs(path: Path) -> str:
    nb = json.loads(path.read_text())
    texts = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")))
            texts.append("".join(output.get("data", {}).get("text/plain", "")))
    return "\n".join(texts)


def test_every_sheet_has_four_to_eight_questions_with_unique_ids():
    assert list(SHEET_QUESTIONS)[:6] == [
        "ex1_parameters",
        "ex2_memory",
        "ex3_compute",
        "ex4_power",
        "ex5_financing",
        "ex6_economics",
    ]
    assert all(4 <= len(questions) <= 8 for questions in SHEET_QUESTIONS.values())
    assert len(set(ALL)) == len(ALL) and set(ALL) <= set(QUESTIONS)
    for sheet, questions in SHEET_QUESTIONS.items():
        assert questions == tuple(f"{sheet[:3]}_q{n}" for n in range(1, len(questions) + 1))


@pytest.mark.parametrize("question", NUMERIC)
def test_solution_passes_and_a_value_outside_the_tolerance_fails(question):
    answer = value(question)
    assert check(question, answer).correct
    rel = QUESTIONS[question].rel
    if rel == 0:
        assert check(question, answer + 1).correct is False
        assert check(question, answer - 1).correct is False
    else:
        assert check(question, answer * (1 + 0.8 * rel)).correct
        assert not check(question, answer * (1 + 1.5 * rel)).correct
        assert not check(question, answer * (1 - 1.5 * rel)).correct


@pytest.mark.parametrize("question", NUMERIC)
def test_each_known_slip_gets_its_hint(question):
    slips = hints(question)
    assert slips, f"{question} has no hint for a typical slip"
    for slip, hint in slips:
        feedback = check(question, slip)
        assert not feedback.correct, (question, slip)
        assert hint in feedback.text, (question, slip, feedback.text)


@pytest.mark.parametrize("question", NUMERIC)
def test_any_other_wrong_number_gets_advice(question):
    feedback = check(question, value(question) * 3.7 + 11)
    assert not feedback.correct and "not yet" in feedback.text


@pytest.mark.parametrize("question", ALL)
@pytest.mark.parametrize(
    "answer",
    ["abc", "", [1.0], (1, 2), {"x": 1}, True, float("nan"), math.inf, np.array([1.0, 2.0]), object()],
    ids=repr,
)
def test_not_a_number_is_answered_in_words(question, answer):
    feedback = check(question, answer)
    assert not feedback.correct
    if QUESTIONS[question].custom is not None:  # a model question: a number or text is the wrong kind of answer
        assert "🧩" in feedback.text or "not a valid model" in feedback.text
    else:
        assert "is not a number" in feedback.text


@pytest.mark.parametrize("question", ALL)
def test_placeholder_and_arity(question):
    assert "replace the ..." in check(question, ...).text
    assert "replace the ..." in check(question).text
    assert not check(question, 1, 2).correct


def test_numpy_scalars_count_as_numbers():
    assert check("ex2_q4", np.int64(value("ex2_q4"))).correct
    assert check("ex6_q2", np.float64(value("ex6_q2"))).correct
    assert check("ex6_q2", np.array(value("ex6_q2"))).correct


def test_whole_number_questions_want_whole_numbers():
    for question in ("ex2_q4", "ex2_q6", "ex5_q1"):
        assert QUESTIONS[question].rel == 0
    feedback = check("ex2_q4", value("ex2_q4") - 0.5)
    assert not feedback.correct and "whole number" in feedback.text


# ex1_q5: design a dense 1T model with 128 layers (a ModelConfig or a dict) -----------------------
def llama_1t(**changes):
    llama = catalog.model("Llama 3.1 405B")
    return llama.replace(n_layers=128, d_model=25600, n_heads=200, ffn_dim=83200, name="1T").replace(**changes)


def test_shape_question_accepts_any_llama_style_shape_within_two_percent():
    cfg = llama_1t()
    total = params.count_params(cfg).total
    assert abs(total / 1e12 - 1) <= ex1_parameters.SHAPE_REL  # the shape the solution notebook also finds
    assert cfg.replace(name="") == ex1_parameters.example_shape().replace(name="")
    assert check(SHAPE, cfg).correct
    fields = {
        f: getattr(cfg, f)
        for f in ("vocab_size", "d_model", "n_layers", "n_heads", "ffn_dim", "n_kv_heads", "head_dim", "ffn_type")
    }
    assert check(SHAPE, fields).correct
    wider = llama_1t(ffn_dim=83200 + 1024)  # another shape, still within 2%
    assert check(SHAPE, wider).correct


def test_shape_question_takes_the_tips_fields_as_a_dict():
    """The four fields the tip names are enough: the others come from Llama 3.1 405B, as in the tip."""
    tip = {"n_layers": 128, "d_model": 25600, "n_heads": 200, "ffn_dim": 83200}
    feedback = check(SHAPE, tip)
    assert feedback.correct, feedback.text
    gelu = check(SHAPE, {**tip, "ffn_type": "gelu"})  # the style message quotes Llama's 8 key/value heads
    assert not gelu.correct and "n_kv_heads=8" in gelu.text and "n_kv_heads=200" not in gelu.text
    small = check(SHAPE, {**tip, "d_model": 20480, "n_heads": 160})
    assert not small.correct and "from one trillion" in small.text
    for answer, words in (
        ({"d_model": 25600, "n_heads": 200, "ffn_dim": 83200}, "your dict has no n_layers"),
        ({**tip, "layers": 128}, "a ModelConfig has no field layers"),
    ):
        feedback = check(SHAPE, answer)
        assert not feedback.correct and words in feedback.text and "Error" not in feedback.text, feedback.text


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        (lambda: llama_1t(n_layers=126), "fixes n_layers = 128"),
        (lambda: llama_1t(d_model=20480, n_heads=160), "from one trillion"),
        (lambda: llama_1t(d_model=30720, n_heads=240), "from one trillion"),
        (lambda: catalog.model("Megatron GPT 1T"), "Llama-style block"),
        (lambda: catalog.model("Kimi K2").replace(n_layers=128), "no experts"),
        (lambda: {"d_model": 25600}, "your dict has no n_layers, n_heads, ffn_dim"),
        (
            lambda: {"d_model": 25600, "n_layers": 128, "n_heads": 199, "n_kv_heads": 8, "ffn_dim": 1, "vocab_size": 1},
            "not a valid model",
        ),
        (lambda: {"width": 1}, "a ModelConfig has no field width"),
        (lambda: {"num_layers": 128, "d_model": 25600, "n_heads": 200, "ffn_dim": 83200}, "no field num_layers"),
        (lambda: 1e12, "give a ModelConfig"),
    ],
)
def test_shape_question_explains_what_is_wrong(answer, text):
    feedback = check(SHAPE, answer())
    assert not feedback.correct and text in feedback.text, feedback.text


def test_shape_question_size_hint_points_the_right_way():
    import re

    def factor(text):
        return float(re.search(r"d_model × ([0-9.]+)", text).group(1))

    small = check(SHAPE, llama_1t(d_model=20480, n_heads=160)).text
    large = check(SHAPE, llama_1t(d_model=30720, n_heads=240)).text
    assert "parameters, -" in small and "parameters, +" in large
    assert factor(small) > 1 > factor(large)


# The answer box (for the app, where there is no code cell) ---------------------------------------
@pytest.mark.parametrize(
    ("typed", "text"),
    [
        ("", "type your answer in the box and press Check"),
        ("   ", "type your answer in the box and press Check"),
        ("abc", "is not a number"),
        ("12 GB", "not yet"),
        ("1026 GB", "correct"),
        ("1,026", "correct"),
        ("1,000", "not yet"),
        ("1,03", "did you mean 1.03?"),
        ("1,0264", "did you mean 1.0264?"),
        ("12 foo", "cannot read the unit"),
    ],
)
def test_answer_box_says_the_same_as_check(typed, text):
    box = answer_box("ex2_q2")
    field, feedback = box.children[0].children[0], box.children[1]
    field.value = typed
    box.check()
    assert text in feedback.value


def test_answer_box_accepts_the_solution_typed_with_commas():
    box = answer_box("ex4_q4")
    box.children[0].children[0].value = f"{value('ex4_q4'):,.0f}"
    box.check()
    assert 'class="t-badge t-ok"' in box.children[1].value and ">✓ Correct</span>" in box.children[1].value
    assert "✅" not in box.children[1].value  # no emoji: it shows as an empty box without an emoji font


def test_feedback_shows_a_badge_correct_or_not_yet():
    right, wrong = check("ex4_q4", value("ex4_q4")), check("ex4_q4", value("ex4_q4") * 3.7 + 11)
    assert 'class="t-badge t-ok"' in right._repr_html_() and "✓ Correct" in right._repr_html_()
    assert 'class="t-badge t-warn"' in wrong._repr_html_() and ">Not yet</span>" in wrong._repr_html_()
    assert "t-badge" not in check("ex4_q4", ...)._repr_html_()  # an instruction: nothing checked yet
    for feedback in (right, wrong):
        assert repr(feedback) == feedback.text and feedback.text[0] in "✅❌"  # the stored text is unchanged
        assert "✅" not in feedback._repr_html_() and "❌" not in feedback._repr_html_()


def test_answer_box_refuses_a_model_question():
    with pytest.raises(ValueError, match="code cell"):
        answer_box(SHAPE)


# The notebooks ask these questions, in both editions ----------------------------------------------
EDITIONS = {"en": SHEETS, "ja": ROOT / "notebooks" / "ja" / "exercises"}  # ja: generated by tools.editions
CORRECT = {"en": "correct", "ja": "正解"}  # what a passed check says after "✅ <question>: "


@pytest.mark.parametrize("lang", list(EDITIONS))
@pytest.mark.parametrize("sheet", list(SHEET_QUESTIONS))
def test_sheet_and_solutions_ask_every_question(sheet, lang):
    folder = EDITIONS[lang]
    student = folder / f"{sheet}.ipynb"
    solutions = folder / "solutions" / f"{sheet}_solutions.ipynb"
    student_text, solution_out = student.read_text(), outputs(solutions)
    for question in SHEET_QUESTIONS[sheet]:
        assert f'check(\\"{question}\\"' in student_text, question
        assert f"✅ {question}: {CORRECT[lang]}" in solution_out, question
    assert "✅" not in outputs(student)  # the sheet is stored unanswered
    assert "Traceback" not in outputs(student) + solution_out
    if lang == "ja":  # the Japanese edition switches the checks' language
        assert 'i18n.set_language(\\"ja\\")' in student_text and 'i18n.set_language(\\"ja\\")' in solutions.read_text()


@pytest.fixture
def japanese():
    previous = i18n.language()
    i18n.set_language("ja")
    yield
    i18n.set_language(previous)


@pytest.mark.parametrize("question", ALL)
def test_every_check_accepts_its_solution_in_japanese(question, japanese):
    answer = llama_1t() if question == SHAPE else value(question)
    feedback = check(question, answer)
    assert feedback.correct and f"✅ {question}: 正解" in feedback.text, feedback.text


def test_every_question_is_on_a_sheet():
    asked = "".join((SHEETS / f"{sheet}.ipynb").read_text() for sheet in SHEET_QUESTIONS)
    for question in ALL:
        assert f'\\"{question}\\"' in asked


def test_messages_live_in_one_table():
    # every message the engine says is a label (ex.msg.*) with English and Japanese text
    for key in (
        "arity",
        "placeholder",
        "not_a_number",
        "correct",
        "hint",
        "wrong",
        "advice",
        "whole",
        "whole_gpus",
        "whole_year",
        "wrong_one",
        "box_empty",
        "comma",
        "unknown_unit",
        "other_unit",
        "read_as",
        "scale_named",
        "scale_times",
        "scale_written",
        "shape_missing",
        "shape_unknown",
        "exact",
        "within",
        "box_placeholder",
        "box_button",
        "box_custom",
        "shape_type",
        "shape_invalid",
        "shape_layers",
        "shape_style",
        "shape_moe",
        "shape_size",
        "shape_correct",
        "shape_names",
    ):
        for lang in ("en", "ja"):
            assert i18n.t(f"ex.msg.{key}", lang)
    assert tolerance_text("ex2_q4") == i18n.t("ex.msg.exact") and "0.5%" in tolerance_text("ex2_q1")
    assert DEFAULT_REL == 0.005
