"""Exercises as records, sheets from masters: a test keeps them in step.

- generating from the masters reproduces the committed sheets and solutions (sources, ids, slides,
  tags, titles; outputs are not compared);
- the masters follow nbgrader's conventions and ask each question of their sheet once;
- every question record computes a finite expected value, its own solution passes its check, and
  each known mistake earns its own hint;
- the old id schemes are gone (records, labels, notebooks' checks, sheets' texts);
- no question module or master types a story value that lives in data/scenarios.csv.
"""

import ast
import math
import re
from pathlib import Path

import nbformat
import pytest

from helpers import i18n, scenarios
from helpers.i18n.labels import LABELS
from helpers.teach import questions
from helpers.teach.check import check, label
from helpers.teach.question import Question
from helpers.teach.questions import QUESTIONS, SHEETS
from tools import sheets

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

# The ids before "exercises as records": one scheme for the same topics is now ex<N>_q<n> / nb<NN>_q<n>.
OLD_TO_NEW = {
    "intro_q1": "nb00_q1",
    "intro_q2": "nb00_q2",
    "params_q1": "nb01_q1",
    "params_q2": "nb01_q2",
    "params_q3": "nb01_q3",
    "memory_q1": "nb02_q1",
    "memory_q2": "nb02_q2",
    "memory_q3": "nb02_q3",
    "compute_q1": "nb03_q1",
    "compute_q2": "nb03_q2",
    "power_q1": "nb04_q1",
    "power_q2": "nb04_q2",
    "gx_q1": "nb05_q1",
    "gx_q2": "nb05_q2",
    "dc_q1": "nb06_q1",
    "dc_q2": "nb06_q2",
    **{
        f"{old}_q{n}": f"{new}_q{n}"
        for old, new, count in (
            ("par", "ex1", 6),
            ("mem", "ex2", 6),
            ("cmp", "ex3", 5),
            ("pow", "ex4", 6),
            ("bond", "ex5", 6),
            ("econ", "ex6", 6),
        )
        for n in range(1, count + 1)
    },
}
OLD_ID = re.compile(r"\b(" + "|".join(sorted(OLD_TO_NEW, key=len, reverse=True)) + r")\b")


# Sheets and solutions from their masters ----------------------------------------------------------
def test_every_sheet_has_a_master():
    assert sheets.names() == list(SHEETS)


@pytest.mark.parametrize("name", list(SHEETS))
def test_generated_sheet_and_solutions_are_the_committed_ones(name):
    assert sheets.in_step(name) == []  # regenerate with `python -m tools.sheets`


@pytest.mark.parametrize("name", list(SHEETS))
def test_master_follows_nbgraders_conventions(name):
    master = nbformat.read(sheets.master_path(name), as_version=4)
    assert sheets.check_master(master) == []
    regions = [cell for cell in master.cells if sheets.has_region(cell)]
    grade_ids = [cell.metadata["nbgrader"]["grade_id"] for cell in regions]
    assert grade_ids == list(SHEETS[name])  # one solution region per question, in order
    for cell in regions:
        assert cell.metadata["nbgrader"] == {**sheets.NBGRADER, "grade_id": cell.metadata["nbgrader"]["grade_id"]}
        assert "solution" in cell.metadata["tags"]
    for cell in master.cells:  # a source: stored without outputs
        assert cell.cell_type != "code" or (cell.outputs == [] and cell.execution_count is None)


@pytest.mark.parametrize("name", list(SHEETS))
def test_sheet_has_stubs_and_solutions_have_the_worked_answers(name):
    generated = sheets.generate(name)
    sheet, solutions = generated[sheets.sheet_path(name)], generated[sheets.solutions_path(name)]
    sheet_code = "\n".join(c.source for c in sheet.cells if c.cell_type == "code")
    solution_code = "\n".join(c.source for c in solutions.cells)
    for question in SHEETS[name]:
        answer = QUESTIONS[question].answer_names[0] if not QUESTIONS[question].custom else f"q{question[-1]}"
        assert f"{answer} = ...  # your answer" in sheet_code
        assert f'check("{question}", {answer})' in sheet_code and f'check("{question}", {answer})' in solution_code
    assert "SOLUTION" not in sheet_code + solution_code
    assert "**Solution.**" not in "\n".join(c.source for c in sheet.cells)
    assert "answer_box(" in sheet_code and "answer_box(" not in solution_code


def test_clear_solution_works_like_nbgrader():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\nq1 = f(2)"
    assert sheets.clear_solution(source, "...  # your answer") == "def f(x):\n    ...  # your answer\nq1 = f(2)"
    assert sheets.remove_markers(source) == "def f(x):\n    return 2 * x\nq1 = f(2)"
    with pytest.raises(ValueError, match="without its END"):
        sheets.clear_solution("### BEGIN SOLUTION\nq1 = 1", "...")


def test_links_move_one_folder_down_for_the_solutions():
    text = "[01](../01_parameters.ipynb), [next](ex2_memory.ipynb#top), [web](https://example.org/a.ipynb)"
    assert sheets.rebase_links(text, "exercises", "exercises/solutions") == (
        "[01](../../01_parameters.ipynb), [next](../ex2_memory.ipynb#top), [web](https://example.org/a.ipynb)"
    )


def test_the_stub_is_configured_once_and_nbgrader_gets_the_same():
    assert sheets.CODE_STUB.format(answer="q1") == "q1 = ...  # your answer"
    config = (sheets.MASTERS / "nbgrader_config.py").read_text()
    assert f'c.ClearSolutions.code_stub = {{"python": "{sheets.NBGRADER_STUB}"}}' in config
    assert sheets.CODE_STUB.endswith(sheets.NBGRADER_STUB)


def test_masters_are_not_collected_by_nbval():
    conftest = (sheets.MASTERS / "conftest.py").read_text()
    assert 'collect_ignore_glob = ["*.ipynb"' in conftest


# The records --------------------------------------------------------------------------------------
@pytest.mark.parametrize("question_id", list(QUESTIONS))
def test_expected_values_are_finite(question_id):
    values = QUESTIONS[question_id].answers()
    assert values and all(math.isfinite(v) for v in values.values()), values


@pytest.mark.parametrize("question_id", list(QUESTIONS))
def test_its_own_solution_passes(question_id):
    feedback = check(question_id, *QUESTIONS[question_id].solution())
    assert feedback.correct, feedback.text


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("question_id", list(QUESTIONS))
def test_each_known_mistake_gets_its_hint(question_id, lang):
    question = QUESTIONS[question_id]
    previous = i18n.language()
    i18n.set_language(lang)
    try:
        for wrong, key in question.hints:  # a mistake's value in the record's unit, asked in this edition's
            feedback = check(question_id, question.in_asked(wrong()))
            assert not feedback.correct, (key, wrong())
            assert label(key, question) in feedback.text, (key, feedback.text)
        if question.advice:
            assert "{" not in label(question.advice, question)
    finally:
        i18n.set_language(previous)


def test_hint_and_advice_labels_belong_to_their_question():
    used = set()
    for question in QUESTIONS.values():
        keys = [key for _, key in question.hints] + ([question.advice] if question.advice else [])
        for n, key in enumerate(key for _, key in question.hints):
            assert key == f"ex.hint.{question.id}.{n}"
        if question.advice:
            assert question.advice == f"ex.advice.{question.id}"
        assert set(keys) <= set(LABELS)
        used |= set(keys)
    orphans = {key for key in LABELS if key.startswith(("ex.hint.", "ex.advice."))} - used
    assert not orphans


def test_one_registry_and_a_repeated_id_fails(monkeypatch):
    assert list(QUESTIONS)[:2] == ["nb00_q1", "nb00_q2"] and "ex6_q6" in QUESTIONS
    twice = type(
        "Module",
        (),
        {
            "SHEET": "ex1_parameters",
            "QUESTIONS": questions.ex1_parameters.QUESTIONS + questions.ex1_parameters.QUESTIONS[:1],
        },
    )
    monkeypatch.setattr(questions, "MODULES", (twice,))
    with pytest.raises(ValueError, match="appears twice"):
        questions._registry()


def test_a_record_checks_its_id_and_custom_answer():
    with pytest.raises(ValueError, match="<sheet>_q<n>"):
        Question("mem_q4", "ex2_memory", lambda: 1.0, "GPUs")
    with pytest.raises(ValueError, match="example"):
        Question("ex9_q1", "ex9", lambda: 1.0, "x", custom=lambda *a: (True, ""))


# Old ids are gone ---------------------------------------------------------------------------------
def test_old_ids_are_gone_from_records_and_labels():
    assert not set(OLD_TO_NEW) & set(QUESTIONS)
    assert set(OLD_TO_NEW.values()) <= set(QUESTIONS)
    assert not [key for key in LABELS if OLD_ID.search(key)]


def test_old_ids_are_gone_from_the_exercise_files():
    paths = [
        *sorted((ROOT / "src" / "helpers" / "teach").rglob("*.py")),
        ROOT / "src" / "helpers" / "i18n" / "labels" / "exercises.py",
        *sorted((NOTEBOOKS / "exercises").rglob("*.ipynb")),
        *sorted((NOTEBOOKS / "ja" / "exercises").rglob("*.ipynb")),
        *sorted((NOTEBOOKS / "ja" / "text" / "exercises").rglob("*.md")),
    ]
    found = [
        f"{p.relative_to(ROOT)}: {m.group(0)}" for p in paths for m in OLD_ID.finditer(p.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_notebooks_check_only_known_ids():
    called = re.compile(r"(?:check|answer_box)\(\"([a-z0-9_]+)\"")
    for path in sorted(NOTEBOOKS.rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                for question_id in called.findall(cell.source):
                    assert question_id in QUESTIONS, f"{path.relative_to(ROOT)} checks {question_id}"


# Scenario values come from helpers.scenarios ------------------------------------------------------
def story_values() -> set[float]:
    """The story's assumptions that are distinctive numbers (100 days, 8% or 15 years also mean other things)."""
    c, gx, dc = scenarios.cluster(), scenarios.gx(), scenarios.datacentre()
    return {
        float(v)
        for v in (
            c.n_gpus,
            c.mfu,
            c.power_fraction,
            c.pue,
            c.electricity_jpy_per_kwh,
            gx.yield_pct,
            scenarios.gx("high").yield_pct,
            gx.p_continue,
            gx.levy_jpy,
            gx.allowance_jpy,
            dc.price_jpy_per_gpu_hour,
            dc.utilisation_pct,
            dc.gpu_share_pct,
            dc.capex_per_gpu_jpy,
            scenarios.value("example_gpus"),
            scenarios.value("load_factor"),
        )
    }


def typed_numbers(source: str) -> list[float]:
    return [
        float(node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and type(node.value) in (int, float)
    ]


def test_no_question_or_master_types_a_scenario_value():
    story = story_values()
    sources = {
        p.name: p.read_text()
        for p in (ROOT / "src" / "helpers" / "teach").rglob("*.py")
        if p.name != "units.py"  # the table of unit scales: 万 = 10⁴ is no scenario's 10,000 GPUs
    }
    for path in sorted(sheets.MASTERS.glob("*.ipynb")):
        for n, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "code":
                sources[f"{path.name} cell {n}"] = sheets.remove_markers(cell.source)
    typed = {name: sorted(set(typed_numbers(source)) & story) for name, source in sources.items()}
    assert {name: values for name, values in typed.items() if values} == {}


def test_hint_texts_name_scenario_values_as_fields():
    """A hint or advice says "{mfu:.0%}", never "40%": the scenario fills it in at check time."""
    c = scenarios.cluster()
    typed = [
        f"{c.mfu:.0%}",
        f"{c.power_fraction:.0%}",
        f"PUE {c.pue:g}",
        f"¥{c.electricity_jpy_per_kwh:g}",
        f"{scenarios.gx().yield_pct:g}%",
        f"¥{scenarios.datacentre().price_jpy_per_gpu_hour:,.0f}",
        f"{scenarios.datacentre().utilisation_pct:g}%",
        f"{int(scenarios.value('example_gpus')):,}",
    ]
    for key, texts in LABELS.items():
        if key.startswith(("ex.hint.", "ex.advice.")):
            for text in texts:
                assert not [t for t in typed if t in text], (key, text)
