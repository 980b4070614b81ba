"""Exercise checks: right answers pass, typical slips get hints, expected values come from data."""

import pytest

from helpers.teach import exercises


def test_expected_values_match_the_published_inputs():
    # ¥2 tn over 6 years against the FY2026 public-works budget of ¥6.1078 tn (japan.md).
    assert exercises.expected("intro_q1")["q1"] == pytest.approx(2e12 / 6 / 6.1078e12)
    assert exercises.expected("intro_q2") == pytest.approx({"q2a": 0.2, "q2b": 0.3873, "q2c": 0.291})
    assert exercises.expected("params_q1")["q1"] == pytest.approx(173.946175488)
    assert exercises.expected("params_q2")["q2"] == pytest.approx(8 / 384)
    assert exercises.expected("params_q3")["q3"] == 3 * 4096 * 14336


@pytest.mark.parametrize(("question", "answers"), [
    ("intro_q1", (0.0546,)), ("intro_q2", (0.2, 0.3873, 0.291)), ("params_q1", (173.9,)),
    ("params_q2", (0.0208,)), ("params_q3", (176_160_768,)),
])
def test_right_answers_pass(question, answers):
    assert exercises.check(question, *answers).correct


@pytest.mark.parametrize(("question", "answer", "hint"), [
    ("intro_q1", 0.327, "six-year total"),
    ("intro_q1", 5.46, "not a percentage"),
    ("params_q1", 173.946e9, "in billions"),
    ("params_q3", 2 * 4096 * 14336, "three matrices"),
    ("params_q2", 0.5, "Look up each row"),
    ("params_q2", "abc", "is not a number"),
])
def test_slips_get_hints(question, answer, hint):
    feedback = exercises.check(question, answer)
    assert not feedback.correct and hint in feedback.text


def test_placeholder_and_wrong_arity():
    assert "replace the ..." in exercises.check("params_q2", ...).text
    assert "expects 3 answer(s)" in exercises.check("intro_q2", 0.2).text
    with pytest.raises(ValueError, match="question must be one of"):
        exercises.check("q9", 1)


@pytest.fixture
def japanese():
    from helpers import i18n

    i18n.set_language("ja")
    yield
    i18n.set_language("en")


def test_a_japanese_check_answers_in_japanese(japanese):
    import re

    from helpers import i18n
    from helpers.i18n import labels

    assert i18n.t("ex.msg.correct", "ja", question="q") == "✅ q: 正解です。"
    english = re.compile(r"\b(not yet|correct|replace the|is not a number|Give|That is|Use)\b")
    texts = [exercises.check("params_q1", 173.9).text, exercises.check("intro_q1", 0.327).text,
             exercises.check("params_q2", 0.5).text, exercises.check("par_q1", 99.0).text,
             exercises.check("params_q2", "abc").text, exercises.check("params_q2", ...).text,
             exercises.check("intro_q2", 0.2).text, exercises.check("mem_q4", 3.5).text,
             exercises.check("par_q5", 1e12).text, exercises.tolerance_text("mem_q4")]
    for text in texts:
        assert re.search(r"[ぁ-んァ-ン一-龥]", text) and not english.search(text), text
    assert "まだ違います" in texts[1] and "6年分" in texts[1]
    for question in exercises.HINTS:  # every hint and piece of advice has its Japanese text
        for _, hint in exercises.HINTS[question]():
            assert hint in {ja for _, ja in labels.LABELS.values()}, hint
    assert set(exercises.ADVICE) and all(re.search(r"[ぁ-ん]", text) for text in exercises.ADVICE.values())
    box = exercises.answer_box("mem_q2")
    field, button = box.children[0].children
    assert button.description == "答え合わせ" and "答え" in field.placeholder
    field.value = "abc"
    box.check()
    assert "数値ではありません" in box.children[1].value
