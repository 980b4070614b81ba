"""The exercise masters work with nbgrader as they are (README, "For teachers").

A teacher whose school grades with nbgrader copies the masters (notebooks/exercises/masters/) and
their ``nbgrader_config.py`` into a course and runs nbgrader; this test does exactly that in a
temporary course:

- ``nbgrader generate_assignment`` on each master gives the student sheet that ``python -m
  tools.sheets`` generates: the same cells in the same order with the same code and markdown, but
  for the documented differences (``masters/nbgrader_config.py``): nbgrader's stub is ``...  # your
  answer`` where ours is ``q1 = ...  # your answer``, it keeps the cells that only the solutions
  have (tools.sheets drops them), and it keeps each autograder test cell with its hidden test
  removed;
- ``nbgrader autograde`` gives full marks to each sheet solved with the master's solutions, and no
  marks to an unanswered sheet.

The autograder test cells: one per question, right after the question's visible check, hidden from
students (nbgrader's ``### BEGIN HIDDEN TESTS``), worth one point: ``assert check("ex1_q1",
q1).correct``. :func:`test_cell` is their one definition; ``python -m tests.test_nbgrader
notebooks/exercises/masters/<sheet>.ipynb`` (from the repository root) adds or refreshes them in a
master, in one write.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from tools import sheets

pytestmark = pytest.mark.slow  # about 40 s of nbgrader: make test runs it, make check does not

ROOT = Path(__file__).resolve().parents[1]
NAMES = sheets.names()
TEST_TAG = "autograder"
LEARNER, BLANK = "learner", "blank"  # a student who answers with the solutions, one who answers nothing


# The autograder test cells ------------------------------------------------------------------------
def test_cell(grade_id: str, answer: str) -> dict:
    """The hidden, one-point test nbgrader runs after question ``grade_id`` (answer ``q1``, ``q2`` …)."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": f"{grade_id}-test",
        "metadata": {
            "nbgrader": {
                "grade": True,
                "grade_id": f"{grade_id}_test",
                "locked": True,
                "points": 1,
                "schema_version": 3,
                "solution": False,
                "task": False,
            },
            "slideshow": {"slide_type": "skip"},
            "tags": [TEST_TAG],
        },
        "outputs": [],
        "source": f'### BEGIN HIDDEN TESTS\nassert check("{grade_id}", {answer}).correct\n### END HIDDEN TESTS',
    }


test_cell.__test__ = False  # a factory, not a test


def questions(cells: list) -> list[tuple[str, str]]:
    """(grade_id, answer name) of each solution region, in order."""
    found = []
    for cell in cells:
        grading = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] == "code" and grading.get("solution"):
            grade_id = grading["grade_id"]
            found.append((grade_id, re.fullmatch(r"[a-z]+\d*_(q\d+)", grade_id).group(1)))  # type: ignore[union-attr]
    return found


def with_test_cells(nb: dict) -> dict:
    """``nb`` (a master as JSON) with one test cell after each question's ``check("<id>", …)`` cell
    and no other test cell."""
    cells = [c for c in nb["cells"] if TEST_TAG not in c["metadata"].get("tags", [])]
    out, pending = [], None
    for cell in cells:
        out.append(cell)
        grading = cell["metadata"].get("nbgrader", {})
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and grading.get("solution"):
            pending = questions([cell])[0]
        elif pending and cell["cell_type"] == "code" and source.startswith(f'check("{pending[0]}"'):
            out.append(test_cell(*pending))
            pending = None
    if pending:
        raise ValueError(f"no check(...) cell after the solution of {pending[0]}")
    return {**nb, "cells": out}


def add_test_cells(path: Path) -> None:
    """Write the master at ``path`` with its test cells, as nbformat writes it, in one replace."""
    nb = nbformat.from_dict(with_test_cells(json.loads(path.read_text(encoding="utf-8"))))
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".ipynb.tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        nbformat.write(nb, out)
    os.replace(tmp, path)


@pytest.mark.parametrize("name", NAMES)
def test_every_question_has_its_hidden_test(name):
    nb = json.loads(sheets.master_path(name).read_text(encoding="utf-8"))
    expected = [c for c in with_test_cells(nb)["cells"] if TEST_TAG in c["metadata"].get("tags", [])]
    found = [c for c in nb["cells"] if TEST_TAG in c["metadata"].get("tags", [])]
    for cell in found:
        cell["source"] = "".join(cell["source"])
    assert found == expected, (
        f"{name}: run `python -m tests.test_nbgrader notebooks/exercises/masters/{name}.ipynb`, then "
        "`python -m tools.sheets` (the sheets do not change)"
    )
    assert len(found) == len(questions(nb["cells"])) > 0


# A course, as a teacher sets it up ----------------------------------------------------------------
def nbgrader(course: Path, *args: str) -> str:
    """Run nbgrader in ``course`` (its nbgrader_config.py); nbgrader calls ``alembic`` by name, so
    this environment's scripts come first on PATH."""
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    env.pop("MPLBACKEND", None)
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0 and "ERROR" not in done.stderr, done.stdout + done.stderr
    return done.stderr


def solved(release: nbformat.NotebookNode, master: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The released sheet with every answer cell holding the master's worked solution."""
    solutions = {c.id: sheets.remove_markers(c.source) for c in master.cells if sheets.has_region(c)}
    answered = nbformat.from_dict(json.loads(json.dumps(release)))
    for cell in answered.cells:
        if cell.id in solutions:
            cell.source = solutions[cell.id]
    return answered


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A course with every master as an assignment, released, submitted by two students, autograded."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy(sheets.MASTERS / "nbgrader_config.py", root / "nbgrader_config.py")
    for name in NAMES:
        (root / "source" / name).mkdir(parents=True)
        shutil.copy(sheets.master_path(name), root / "source" / name / f"{name}.ipynb")
    nbgrader(root, "generate_assignment", "*", "--force")
    for name in NAMES:
        release = nbformat.read(root / "release" / name / f"{name}.ipynb", as_version=4)
        submissions = {LEARNER: solved(release, sheets.read_master(name))}
        if name == NAMES[0]:
            submissions[BLANK] = release
        for student, nb in submissions.items():
            path = root / "submitted" / student / name / f"{name}.ipynb"
            path.parent.mkdir(parents=True)
            nbformat.write(nb, path)
    nbgrader(root, "autograde", "*", "--force")
    return root


def scores(course: Path) -> dict[tuple[str, str], tuple[float, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {
            (assignment.name, submission.student.id): (submission.score, submission.max_score)
            for assignment in gradebook.assignments
            for submission in assignment.submissions
        }


@pytest.mark.parametrize("name", NAMES)
def test_generate_assignment_gives_our_sheet(course, name):
    master = sheets.read_master(name)
    by_id = {c.id: c for c in master.cells}
    ours = sheets.student(master)
    release = nbformat.read(course / "release" / name / f"{name}.ipynb", as_version=4)
    theirs = [c for c in release.cells if c.id in {o.id for o in ours.cells}]
    extra = [c for c in release.cells if c not in theirs]
    # The same cells, in the same order, with the same sources but for the stub.
    assert [(c.cell_type, c.id) for c in theirs] == [(c.cell_type, c.id) for c in ours.cells]
    for mine, nbgrader_cell in zip(ours.cells, theirs, strict=True):
        expected = mine.source
        if sheets.has_region(by_id[mine.id]):
            stub = sheets.CODE_STUB.format(answer=sheets.answer_name(by_id[mine.id]))
            assert stub in expected
            expected = expected.replace(stub, sheets.NBGRADER_STUB)
        assert nbgrader_cell.source == expected, mine.id
    # What nbgrader keeps besides (nbgrader_config.py): cells only the solutions have, and the test
    # cells without their hidden tests.
    for cell in extra:
        master_cell = by_id[cell.id]
        assert sheets.is_test(master_cell) or (
            sheets.SOLUTION_TAG in sheets.tags(master_cell) and not sheets.has_region(master_cell)
        ), cell.id
        if sheets.is_test(master_cell):
            assert "assert" not in cell.source and "HIDDEN" not in cell.source  # students never see it


@pytest.mark.parametrize("name", NAMES)
def test_autograde_gives_full_marks_to_the_solutions(course, name):
    score, max_score = scores(course)[(name, LEARNER)]
    questions_asked = len(questions(json.loads(sheets.master_path(name).read_text(encoding="utf-8"))["cells"]))
    assert max_score == questions_asked > 0
    assert score == max_score


def test_autograde_gives_no_marks_to_an_unanswered_sheet(course):
    score, max_score = scores(course)[(NAMES[0], BLANK)]
    assert max_score > 0 and score == 0


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        add_test_cells(Path(argument))
        print(f"{argument}: one hidden autograder test per question")
