"""Exercise sheets and their solutions, generated from one master per sheet (nbgrader's conventions).

A master, ``notebooks/exercises/masters/<sheet>.ipynb``, holds the sheet and its worked solutions
in one notebook, marked the way nbgrader marks a source notebook:

- a **solution region**: in a code cell tagged ``solution`` (with nbgrader's cell metadata
  ``{"solution": true, "grade": false, "locked": false, "grade_id": "<question id>",
  "schema_version": 3}``), the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION``;
- a **solution cell**: a cell tagged ``solution`` without those markers (the worked explanation,
  the solutions' title): only the solutions notebook has it;
- a **student-only cell**, tagged ``student-only`` (the sheet's title, the answer boxes): only the
  sheet has it;
- an **autograder test cell** (nbgrader's ``{"grade": true, "solution": false, "points": 1}``, tagged
  ``autograder``), one after each question's check: ``assert check("ex1_q1", q1).correct`` between
  ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``. Only ``nbgrader autograde`` runs it; neither
  generated notebook has it (the visible ``check`` cell above it already gives the feedback).

From a master this module writes

- the **sheet** ``notebooks/exercises/<sheet>.ipynb``: each solution region replaced by the stub,
  solution cells dropped;
- the **solutions** ``notebooks/exercises/solutions/<sheet>_solutions.ipynb``: the markers removed,
  everything else kept, student-only cells dropped, relative links rebased one folder down.

The stub is configured here, once: :data:`CODE_STUB`, ``q1 = ...  # your answer``. It plays the
part of nbgrader's ``ClearSolutions.code_stub`` (default ``# YOUR CODE HERE`` +
``raise NotImplementedError()``), and a region is replaced the way nbgrader's ``ClearSolutions``
replaces it: line by line, the stub indented like the ``BEGIN`` line. nbgrader's stub is one fixed
text per language; ours also names the question's answer (``q1``, ``q2`` … from the cell's
``grade_id``: ``ex1_q2`` → ``q2``), because the check cell below reads that variable. The fixed
part, :data:`NBGRADER_STUB`, is what ``notebooks/exercises/masters/nbgrader_config.py`` sets as
``c.ClearSolutions.code_stub`` for teachers who release the masters with nbgrader itself (a test
keeps the two equal); nbgrader then leaves out only the ``q1 = `` in front.

Each generated cell keeps the id it had before the masters existed (a master cell carries the
sheet's id as its own and the solutions' id in ``metadata.sheets.solutions_id``), so the Japanese
texts of ``notebooks/ja/text/exercises/`` still match. Masters are stored without outputs and are
not run by nbval (``notebooks/exercises/masters/conftest.py``); the generated notebooks are.

``python -m tools.sheets`` regenerates every sheet and its solutions (keeping the stored outputs of
unchanged code cells); then ``python -m tools.editions`` and ``make notebooks``. ``in_step`` (and
``tests/test_sheets.py``) says where a committed notebook differs from its master.
"""

from __future__ import annotations

import argparse
import copy
import posixpath
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "notebooks" / "exercises"
MASTERS = EXERCISES / "masters"
SOLUTIONS = EXERCISES / "solutions"

NBGRADER_STUB = "...  # your answer"  # nbgrader's ClearSolutions.code_stub (masters/nbgrader_config.py)
CODE_STUB = "{answer} = " + NBGRADER_STUB  # ours: the same, after the answer's name (q1, q2, …)
BEGIN, END = "BEGIN SOLUTION", "END SOLUTION"  # nbgrader's delimiters (written "### BEGIN SOLUTION")
SOLUTION_TAG = "solution"  # nbgrader's tag: a solution region, or a cell only the solutions have
STUDENT_TAG = "student-only"  # a cell only the sheet has
CONTROL_TAGS = {SOLUTION_TAG, STUDENT_TAG}
NBGRADER = {"solution": True, "grade": False, "locked": False, "schema_version": 3}  # + grade_id
_LINK = re.compile(r"\]\(([^)\s]+)\)")


# Cells --------------------------------------------------------------------------------------------
def tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.metadata.get("tags", []))


def is_test(cell: nbformat.NotebookNode) -> bool:
    """An autograder test cell: graded by nbgrader, not a solution; left out of both notebooks."""
    grading = cell.metadata.get("nbgrader", {})
    return bool(grading.get("grade")) and not grading.get("solution")


def has_region(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and any(BEGIN in line for line in cell.source.splitlines())


def answer_name(cell: nbformat.NotebookNode) -> str:
    """The variable a solution region assigns: ``q2`` for the grade_id ``ex1_q2``."""
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
    match = re.fullmatch(r"[a-z]+\d*_(q\d+)", grade_id)
    if not match:
        raise ValueError(
            f"cell {cell.get('id')}: a solution region needs nbgrader.grade_id '<sheet>_q<n>', got {grade_id!r}"
        )
    return match.group(1)


def clear_solution(source: str, stub: str) -> str:
    """``source`` with each ``BEGIN SOLUTION`` … ``END SOLUTION`` region replaced by ``stub``,
    indented like the BEGIN line (nbgrader's ClearSolutions._replace_solution_region)."""
    lines, inside = [], False
    for line in source.split("\n"):
        if BEGIN in line:
            if inside:
                raise ValueError("a BEGIN SOLUTION inside a solution region")
            inside = True
            indent = re.match(r"\s*", line).group(0)  # type: ignore[union-attr]
            lines += [indent + stub_line for stub_line in stub.split("\n")]
        elif END in line:
            inside = False
        elif not inside:
            lines.append(line)
    if inside:
        raise ValueError("a BEGIN SOLUTION without its END SOLUTION")
    return "\n".join(lines)


def remove_markers(source: str) -> str:
    """``source`` without its BEGIN/END SOLUTION lines (and the blank lines the formatter keeps after
    a BEGIN before a ``def``): the worked solution as it runs."""
    kept = "\n".join(line for line in source.split("\n") if BEGIN not in line and END not in line)
    return kept.strip("\n") if kept != source else kept


def rebase_links(markdown: str, start: str, to: str) -> str:
    """Relative links of ``markdown`` written from folder ``start`` rewritten for folder ``to``
    (both relative to ``notebooks/``): ``../01_parameters.ipynb`` from ``exercises`` becomes
    ``../../01_parameters.ipynb`` from ``exercises/solutions``."""

    def rebase(match: re.Match) -> str:
        target = match.group(1)
        if "://" in target or target.startswith(("#", "/", "mailto:")):
            return match.group(0)
        path, _, anchor = target.partition("#")
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(start, path)), to)
        return f"]({moved}{'#' + anchor if anchor else ''})"

    return _LINK.sub(rebase, markdown)


def _plain_metadata(cell: nbformat.NotebookNode) -> dict:
    """A master cell's metadata as a generated notebook keeps it: no nbgrader, no control tags."""
    metadata = copy.deepcopy(dict(cell.metadata))
    metadata.pop("nbgrader", None)
    metadata.pop("sheets", None)
    kept = [tag for tag in tags(cell) if tag not in CONTROL_TAGS]
    if kept:
        metadata["tags"] = kept
    else:
        metadata.pop("tags", None)
    return metadata


def _new_cell(kind: str, source: str, cell_id: str, metadata: dict) -> nbformat.NotebookNode:
    new = {
        "code": nbformat.v4.new_code_cell,
        "markdown": nbformat.v4.new_markdown_cell,
        "raw": nbformat.v4.new_raw_cell,
    }[kind](source)
    new.id = cell_id
    new.metadata = metadata
    return new


# Notebooks ----------------------------------------------------------------------------------------
def master_path(name: str) -> Path:
    return MASTERS / f"{name}.ipynb"


def sheet_path(name: str) -> Path:
    return EXERCISES / f"{name}.ipynb"


def solutions_path(name: str) -> Path:
    return SOLUTIONS / f"{name}_solutions.ipynb"


def names() -> list[str]:
    """Sheets with a master: ``ex1_parameters`` … ``ex6_economics``."""
    return sorted(p.stem for p in MASTERS.glob("*.ipynb"))


def read_master(name: str) -> nbformat.NotebookNode:
    master = nbformat.read(master_path(name), as_version=4)
    problems = check_master(master)
    if problems:
        raise ValueError(f"{name}: " + "; ".join(problems))
    return master


def check_master(master: nbformat.NotebookNode) -> list[str]:
    """What breaks the conventions: regions outside tagged cells, cells in neither notebook,
    repeated ids, regions without a grade_id."""
    found, seen = [], set()
    for cell in master.cells:
        ids = [cell.get("id"), cell.metadata.get("sheets", {}).get("solutions_id")]
        for cell_id in filter(None, ids):
            if cell_id in seen:
                found.append(f"id {cell_id} repeats")
            seen.add(cell_id)
        if SOLUTION_TAG in tags(cell) and STUDENT_TAG in tags(cell):
            found.append(f"cell {cell.get('id')} is tagged both {SOLUTION_TAG} and {STUDENT_TAG}")
        if has_region(cell):
            if SOLUTION_TAG not in tags(cell) or not cell.metadata.get("nbgrader", {}).get("solution"):
                found.append(
                    f"cell {cell.get('id')} has a solution region but no '{SOLUTION_TAG}' tag and "
                    "nbgrader solution metadata"
                )
            else:
                try:
                    answer_name(cell)
                except ValueError as error:
                    found.append(str(error))
        elif any(END in line for line in cell.source.splitlines()):
            found.append(f"cell {cell.get('id')}: END SOLUTION without BEGIN SOLUTION")
    sheets = master.metadata.get("sheets", {})
    for key in ("student_title", "solutions_title"):
        if not sheets.get(key):
            found.append(f"notebook metadata sheets.{key} is missing")
    return found


def _notebook(master: nbformat.NotebookNode, cells: list, title: str) -> nbformat.NotebookNode:
    metadata = {key: copy.deepcopy(value) for key, value in master.metadata.items() if key not in ("sheets", "title")}
    metadata["title"] = title
    nb = nbformat.v4.new_notebook(cells=cells, metadata=metadata)
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def student(master: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The sheet: solution regions replaced by :data:`CODE_STUB`, solution and test cells dropped."""
    cells = []
    for cell in master.cells:
        if (SOLUTION_TAG in tags(cell) and not has_region(cell)) or is_test(cell):
            continue
        source = cell.source
        if has_region(cell):
            source = clear_solution(source, CODE_STUB.format(answer=answer_name(cell)))
        cells.append(_new_cell(cell.cell_type, source, cell.id, _plain_metadata(cell)))
    return _notebook(master, cells, master.metadata["sheets"]["student_title"])


def solutions(master: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The worked solutions: markers removed, student-only and test cells dropped, links rebased."""
    cells = []
    for cell in master.cells:
        if STUDENT_TAG in tags(cell) or is_test(cell):
            continue
        source = remove_markers(cell.source)
        if cell.cell_type == "markdown":
            source = rebase_links(source, "exercises", "exercises/solutions")
        cell_id = cell.metadata.get("sheets", {}).get("solutions_id", cell.id)
        cells.append(_new_cell(cell.cell_type, source, cell_id, _plain_metadata(cell)))
    return _notebook(master, cells, master.metadata["sheets"]["solutions_title"])


def generate(name: str) -> dict[Path, nbformat.NotebookNode]:
    """``{path: notebook}`` of the sheet and its solutions, without outputs."""
    master = read_master(name)
    return {sheet_path(name): student(master), solutions_path(name): solutions(master)}


def _shape(cell: nbformat.NotebookNode) -> tuple:
    return (cell.cell_type, cell.get("id"), cell.source, cell.metadata.get("slideshow"), cell.metadata.get("tags"))


def in_step(name: str) -> list[str]:
    """Where the committed sheet or solutions differ from what the master generates now
    (cell types, ids, sources, slides and tags, the title; outputs are not compared)."""
    found = []
    for path, fresh in generate(name).items():
        label = path.relative_to(ROOT)
        if not path.exists():
            found.append(f"{label}: missing")
            continue
        stored = nbformat.read(path, as_version=4)
        if stored.metadata.get("title") != fresh.metadata.get("title"):
            found.append(
                f"{label}: title {stored.metadata.get('title')!r}, master says {fresh.metadata.get('title')!r}"
            )
        if len(stored.cells) != len(fresh.cells):
            found.append(f"{label}: {len(stored.cells)} cells stored, {len(fresh.cells)} generated")
            continue
        found += [
            f"{label} cell {i} ({new.cell_type} {new.get('id')}) differs from the master's"
            for i, (old, new) in enumerate(zip(stored.cells, fresh.cells, strict=True))
            if _shape(old) != _shape(new)
        ]
    return found


def write(name: str) -> list[Path]:
    """Generate and store the sheet and its solutions, keeping stored outputs of code cells whose
    id and source did not change (``make notebooks`` refreshes the rest)."""
    written = []
    for path, fresh in generate(name).items():
        if path.exists():
            old = {c.get("id"): c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"}
            for cell in fresh.cells:
                before = old.get(cell.id)
                if cell.cell_type == "code" and before is not None and before.source == cell.source:
                    cell.outputs, cell.execution_count = before.outputs, before.execution_count
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(fresh, path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the exercise sheets and solutions from their masters.")
    parser.add_argument("names", nargs="*", help="e.g. ex2_memory (default: every master)")
    parser.add_argument("--check", action="store_true", help="only say where the stored notebooks differ")
    args = parser.parse_args(argv)
    chosen = args.names or names()
    if args.check:
        issues = [issue for name in chosen for issue in in_step(name)]
        print("\n".join(issues) if issues else f"{len(chosen)} sheets in step with their masters")
        return 1 if issues else 0
    for name in chosen:
        for path in write(name):
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
