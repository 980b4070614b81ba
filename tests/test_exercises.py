"""Exercise checks of the main notebooks (nb00-nb06): right answers pass, typical slips get hints,
expected values come from data and the scenarios."""

import dataclasses
import re

import pytest

from helpers import i18n, scenarios
from helpers.i18n import labels
from helpers.teach import exercises
from helpers.teach.answer_box import answer_box
from helpers.teach.check import check, expected, label, tolerance_text
from helpers.teach.questions import QUESTIONS


def test_expected_values_match_the_published_inputs():
    # ¥2 tn over 6 years against the FY2026 public-works budget of ¥6.1078 tn (japan.md).
    assert expected("nb00_q1")["q1"] == pytest.approx(2e12 / 6 / 6.1078e12)
    assert expected("nb00_q2") == pytest.approx({"q2a": 0.2, "q2b": 0.3873, "q2c": 0.291})
    assert expected("nb01_q1")["q1"] == pytest.approx(173.946175488)
    assert expected("nb01_q2")["q2"] == pytest.approx(8 / 384)
    assert expected("nb01_q3")["q3"] == 3 * 4096 * 14336


def test_scenario_questions_follow_the_scenarios(monkeypatch):
    """nb03_q2 runs on the reference cluster: a different MFU in data/scenarios.csv moves the answer."""
    base = expected("nb03_q2")["q2"]
    half = dataclasses.replace(scenarios.cluster(), mfu=scenarios.cluster().mfu / 2)
    monkeypatch.setattr(scenarios, "cluster", lambda case="central": half)
    assert expected("nb03_q2")["q2"] == pytest.approx(2 * base)
    slip = check("nb03_q2", 2 * base * half.mfu)  # forgot to divide by the MFU
    assert f"only {half.mfu:.0%} of their peak" in slip.text  # the hint quotes the scenario's MFU


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        ("nb00_q1", (0.0546,)),
        ("nb00_q2", (0.2, 0.3873, 0.291)),
        ("nb01_q1", (173.9,)),
        ("nb01_q2", (0.0208,)),
        ("nb01_q3", (176_160_768,)),
    ],
)
def test_right_answers_pass(question, answers):
    assert check(question, *answers).correct


@pytest.mark.parametrize(
    ("question", "answer", "hint"),
    [
        ("nb00_q1", 0.327, "six-year total"),
        ("nb00_q1", 5.46, "the answer in percent; the question asks for a fraction"),  # the engine's scale hint
        ("nb01_q1", 173.946e9, "the question asks for billions"),
        ("nb01_q3", 2 * 4096 * 14336, "three matrices"),
        ("nb01_q2", 0.5, "Look up each row"),
        ("nb01_q2", "abc", "is not a number"),
    ],
)
def test_slips_get_hints(question, answer, hint):
    feedback = check(question, answer)
    assert not feedback.correct and hint in feedback.text


def test_hints_quote_the_scenarios():
    mfu, load = scenarios.cluster().mfu, scenarios.value("load_factor")
    assert f"only {mfu:.0%} of their peak" in check("nb03_q2", expected("nb03_q2")["q2"] * mfu).text
    assert f"load factor {load:g}" in check("nb04_q2", expected("nb04_q2")["q2"] / load).text


def test_placeholder_and_wrong_arity():
    assert "replace the ..." in check("nb01_q2", ...).text
    assert "expects 3 answer(s)" in check("nb00_q2", 0.2).text
    with pytest.raises(ValueError, match="question must be one of"):
        check("q9", 1)


def test_the_notebooks_facade_reads_the_records():
    """Notebooks 00-06 and the teachers' guide use helpers.teach.exercises: the same engine and tables."""
    assert exercises.check is check and exercises.answer_box is answer_box
    assert exercises.QUESTIONS is QUESTIONS
    assert exercises.TOLERANCE["nb05_q2"] == QUESTIONS["nb05_q2"].rel == 1e-4
    assert list(exercises.SHEETS)[:6] == [
        f"ex{n}_{topic}"
        for n, topic in enumerate(("parameters", "memory", "compute", "power", "financing", "economics"), 1)
    ]


@pytest.fixture
def japanese():
    i18n.set_language("ja")
    yield
    i18n.set_language("en")


def test_a_japanese_check_answers_in_japanese(japanese):
    assert i18n.t("ex.msg.correct", "ja", question="q") == "✅ q: 正解です。"
    english = re.compile(r"\b(not yet|correct|replace the|is not a number|Give|That is|Use)\b")
    texts = [
        check("nb01_q1", 173.9).text,
        check("nb00_q1", 0.327).text,
        check("nb01_q2", 0.5).text,
        check("ex1_q1", 99.0).text,
        check("nb01_q2", "abc").text,
        check("nb01_q2", ...).text,
        check("nb00_q2", 0.2).text,
        check("ex2_q4", 3.5).text,
        check("ex1_q5", 1e12).text,
        tolerance_text("ex2_q4"),
    ]
    for text in texts:
        assert re.search(r"[ぁ-んァ-ン一-龥]", text) and not english.search(text), text
    assert "まだ違います" in texts[1] and "6年分" in texts[1]
    japanese_texts = {ja for _, ja in labels.LABELS.values()}
    for question in QUESTIONS.values():  # every hint and piece of advice has its Japanese text
        for key in [key for _, key in question.hints] + ([question.advice] if question.advice else []):
            text = label(key, question)
            assert re.search(r"[ぁ-んァ-ン一-龥]", text), (key, text)
            assert labels.LABELS[key][1] in japanese_texts
    box = answer_box("ex2_q2")
    field, button = box.children[0].children
    assert button.description == "答え合わせ" and "答え" in field.placeholder
    field.value = "abc"
    box.check()
    assert "数値ではありません" in box.children[1].value
