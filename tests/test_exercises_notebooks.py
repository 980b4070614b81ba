"""The exercise sheets (notebooks/exercises/): every check accepts its solution and rejects the rest.

For every question: the expected value passes, a value just outside the stated tolerance fails,
every known slip gets its own hint, and text, lists, booleans, NaN and the ``...`` placeholder get a
sentence instead of a traceback. The sheets and their solution notebooks ask exactly these
questions; nbval runs the solutions, whose stored outputs say ✅ for each.
"""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from helpers.calc import catalog, params
from helpers.teach import exercises
from helpers import i18n

ROOT = Path(__file__).resolve().parents[1]
SHEETS = ROOT / "notebooks" / "exercises"
NUMERIC = [q for questions in exercises.SHEETS.values() for q in questions if q not in exercises.CUSTOM]
ALL = [q for questions in exercises.SHEETS.values() for q in questions]


def value(question):
    (answer,) = exercises.expected(question).values()
    return answer


def outputs(path: Path) -> str:
    nb = json.loads(path.read_text())
    texts = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")))
            texts.append("".join(output.get("data", {}).get("text/plain", "")))
    return "\n".join(texts)


def test_every_sheet_has_four_to_eight_questions_with_unique_ids():
    assert len(exercises.SHEETS) == 6
    assert all(4 <= len(questions) <= 8 for questions in exercises.SHEETS.values())
    assert len(set(ALL)) == len(ALL)
    assert set(ALL) <= set(exercises.QUESTIONS) and set(ALL) <= set(exercises.HINTS)


@pytest.mark.parametrize("question", NUMERIC)
def test_solution_passes_and_a_value_outside_the_tolerance_fails(question):
    answer = value(question)
    assert exercises.check(question, answer).correct
    rel = exercises.TOLERANCE.get(question, exercises.DEFAULT_REL)
    if rel == 0:
        assert exercises.check(question, answer + 1).correct is False
        assert exercises.check(question, answer - 1).correct is False
    else:
        assert exercises.check(question, answer * (1 + 0.8 * rel)).correct
        assert not exercises.check(question, answer * (1 + 1.5 * rel)).correct
        assert not exercises.check(question, answer * (1 - 1.5 * rel)).correct


@pytest.mark.parametrize("question", NUMERIC)
def test_each_known_slip_gets_its_hint(question):
    slips = exercises.HINTS[question]()
    assert slips, f"{question} has no hint for a typical slip"
    for slip, hint in slips:
        feedback = exercises.check(question, slip)
        assert not feedback.correct, (question, slip)
        assert hint in feedback.text, (question, slip, feedback.text)


@pytest.mark.parametrize("question", NUMERIC)
def test_any_other_wrong_number_gets_advice(question):
    feedback = exercises.check(question, value(question) * 3.7 + 11)
    assert not feedback.correct and "not yet" in feedback.text


@pytest.mark.parametrize("question", ALL)
@pytest.mark.parametrize("answer", ["abc", "12", [1.0], (1, 2), {"x": 1}, True, float("nan"), math.inf,
                                    np.array([1.0, 2.0]), object()], ids=repr)
def test_not_a_number_is_answered_in_words(question, answer):
    feedback = exercises.check(question, answer)
    assert not feedback.correct
    if question in exercises.CUSTOM:  # a model question: a number or text is the wrong kind of answer
        assert "🧩" in feedback.text or "not a valid model" in feedback.text
    else:
        assert "is not a number" in feedback.text


@pytest.mark.parametrize("question", ALL)
def test_placeholder_and_arity(question):
    assert "replace the ..." in exercises.check(question, ...).text
    assert "replace the ..." in exercises.check(question).text
    assert not exercises.check(question, 1, 2).correct


def test_numpy_scalars_count_as_numbers():
    assert exercises.check("mem_q4", np.int64(value("mem_q4"))).correct
    assert exercises.check("econ_q2", np.float64(value("econ_q2"))).correct
    assert exercises.check("econ_q2", np.array(value("econ_q2"))).correct


def test_whole_number_questions_want_whole_numbers():
    for question in ("mem_q4", "mem_q6", "bond_q1"):
        assert exercises.TOLERANCE[question] == 0
    feedback = exercises.check("mem_q4", value("mem_q4") - 0.5)
    assert not feedback.correct and "whole number" in feedback.text


# par_q5: design a dense 1T model with 128 layers (a ModelConfig or a dict) -----------------------
def llama_1t(**changes):
    llama = catalog.model("Llama 3.1 405B")
    return llama.replace(n_layers=128, d_model=25600, n_heads=200, ffn_dim=83200, name="1T").replace(**changes)


def test_par_q5_accepts_any_llama_style_shape_within_two_percent():
    cfg = llama_1t()
    total = params.count_params(cfg).total
    assert abs(total / 1e12 - 1) <= exercises.PAR_Q5_REL  # the shape the solution notebook also finds
    assert exercises.check("par_q5", cfg).correct
    fields = {f: getattr(cfg, f) for f in ("vocab_size", "d_model", "n_layers", "n_heads", "ffn_dim", "n_kv_heads",
                                          "head_dim", "ffn_type")}
    assert exercises.check("par_q5", fields).correct
    wider = llama_1t(ffn_dim=83200 + 1024)  # another shape, still within 2%
    assert exercises.check("par_q5", wider).correct


@pytest.mark.parametrize(("answer", "text"), [
    (lambda: llama_1t(n_layers=126), "fixes n_layers = 128"),
    (lambda: llama_1t(d_model=20480, n_heads=160), "from one trillion"),
    (lambda: llama_1t(d_model=30720, n_heads=240), "from one trillion"),
    (lambda: catalog.model("Megatron GPT 1T"), "Llama-style block"),
    (lambda: catalog.model("Kimi K2").replace(n_layers=128), "no experts"),
    (lambda: {"d_model": 25600}, "not a valid model"),
    (lambda: {"d_model": 25600, "n_layers": 128, "n_heads": 199, "n_kv_heads": 8, "ffn_dim": 1, "vocab_size": 1},
     "not a valid model"),
    (lambda: {"width": 1}, "not a valid model"),
    (lambda: 1e12, "give a ModelConfig"),
])
def test_par_q5_explains_what_is_wrong(answer, text):
    feedback = exercises.check("par_q5", answer())
    assert not feedback.correct and text in feedback.text, feedback.text


def test_par_q5_size_hint_points_the_right_way():
    import re

    def factor(text):
        return float(re.search(r"d_model × ([0-9.]+)", text).group(1))

    small = exercises.check("par_q5", llama_1t(d_model=20480, n_heads=160)).text
    large = exercises.check("par_q5", llama_1t(d_model=30720, n_heads=240)).text
    assert "parameters, -" in small and "parameters, +" in large
    assert factor(small) > 1 > factor(large)


# The answer box (for the app, where there is no code cell) ---------------------------------------
@pytest.mark.parametrize(("typed", "text"), [
    ("", "replace the ..."), ("abc", "is not a number"), ("12 GB", "is not a number"), ("1,000", "not yet"),
])
def test_answer_box_says_the_same_as_check(typed, text):
    box = exercises.answer_box("mem_q2")
    field, feedback = box.children[0].children[0], box.children[1]
    field.value = typed
    box.check()
    assert text in feedback.value


def test_answer_box_accepts_the_solution_typed_with_commas():
    box = exercises.answer_box("pow_q4")
    box.children[0].children[0].value = f"{value('pow_q4'):,.0f}"
    box.check()
    assert "✅" in box.children[1].value


def test_answer_box_refuses_a_model_question():
    with pytest.raises(ValueError, match="code cell"):
        exercises.answer_box("par_q5")


# The notebooks ask these questions, in both editions ----------------------------------------------
EDITIONS = {"en": SHEETS, "ja": ROOT / "notebooks" / "ja" / "exercises"}  # ja: generated by tools.editions
CORRECT = {"en": "correct", "ja": "正解"}  # what a passed check says after "✅ <question>: "


@pytest.mark.parametrize("lang", list(EDITIONS))
@pytest.mark.parametrize("sheet", list(exercises.SHEETS))
def test_sheet_and_solutions_ask_every_question(sheet, lang):
    folder = EDITIONS[lang]
    student = folder / f"{sheet}.ipynb"
    solutions = folder / "solutions" / f"{sheet}_solutions.ipynb"
    student_text, solution_out = student.read_text(), outputs(solutions)
    for question in exercises.SHEETS[sheet]:
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
    answer = llama_1t() if question == "par_q5" else value(question)
    feedback = exercises.check(question, answer)
    assert feedback.correct and f"✅ {question}: 正解" in feedback.text, feedback.text


def test_every_question_is_on_a_sheet():
    asked = "".join((SHEETS / f"{sheet}.ipynb").read_text() for sheet in exercises.SHEETS)
    for question in ALL:
        assert f'\\"{question}\\"' in asked


def test_messages_live_in_one_table():
    # the Japanese edition translates MESSAGES (and HINTS / ADVICE); every key used is defined
    for key in ("arity", "placeholder", "not_a_number", "correct", "hint", "wrong", "advice", "whole", "exact",
                "within", "box_placeholder", "box_button", "shape_type", "shape_invalid", "shape_layers",
                "shape_style", "shape_moe", "shape_size", "shape_correct"):
        assert exercises.MESSAGES[key]
