"""The code's habits, checked: lint, format, notebooks' lint, type hints, one spelling.

``make check`` runs this file with the quick tests; ``make lint`` runs only the linters. The
linters come with the ``test`` extra (``pip install -e '.[test]'``); their settings are in
``pyproject.toml`` (``[tool.ruff]``, ``[tool.nbqa.addopts]``).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "helpers"

# Parts of the package whose every public function and method must be fully annotated; the failure
# message counts the offenders of each part listed. A part joins once it is done (views and teach next).
TYPED = ("calc", "data", "i18n", "scenarios", "story", "views", "teach")

# Parts whose public functions and classes name, in their docstring, the notebook section (or the
# README section) that explains them: "Notebook 03, section '1. FLOPs per token'".
DOCUMENTED = ("calc", "data", "scenarios", "story", "i18n", "views", "teach")
EXPLAINED = re.compile(r"\b(notebook \d\d[a-z]?|README),? section ['\"]", flags=re.IGNORECASE)

# One spelling: British in our own names. Names that are someone else's stay as they are.
BRITISH = {"utilization": "utilisation"}
EXTERNAL_NAMES = {"gpu_memory_utilization"}  # vLLM's setting, quoted in helpers.calc.memory
CLASS_SPELLING = re.compile(r"data_?center", flags=re.IGNORECASE)  # a class is a DataCentre


def run(*command: str) -> subprocess.CompletedProcess[str]:
    """Run a tool of this environment's Python in the project root; its output is text."""
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, env=env)


def tool(name: str) -> None:
    if run(name, "--version").returncode != 0:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")


# Linters: ruff on the code, its format, and nbQA's ruff on the notebooks --------------------------
def test_ruff_check_passes():
    tool("ruff")
    result = run("ruff", "check", ".", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied():
    tool("ruff")
    result = run("ruff", "format", "--check", ".")
    assert result.returncode == 0, f"run `ruff format .`:\n{result.stdout}{result.stderr}"


def test_nbqa_ruff_passes_on_the_notebooks():
    """The notebooks' code cells as one script each (settings: ``[tool.nbqa.addopts]``)."""
    tool("nbqa")
    result = run("nbqa", "ruff", "notebooks")
    assert result.returncode == 0, result.stdout + result.stderr


# Type hints and docstrings ------------------------------------------------------------------------
def part_of(path: Path) -> str:
    """'calc' for src/helpers/calc/memory.py, 'scenarios' for src/helpers/scenarios.py."""
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def public_functions(tree: ast.Module) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef, bool]]:
    """(qualified name, node, is a method) of every public function and public method of a public class."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_"):
            found.append((node.name, node, False))
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and not item.name.startswith("_"):
                    found.append((f"{node.name}.{item.name}", item, True))
    return found


def missing_annotations(node: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> list[str]:
    """The parameters (and 'return') of ``node`` without an annotation; ``self``/``cls`` need none."""
    args = node.args
    positional = args.posonlyargs + args.args
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
    if method and not static and positional:
        positional = positional[1:]
    params = positional + [args.vararg] + args.kwonlyargs + [args.kwarg]
    params = [a for a in params if a is not None]
    missing = [a.arg for a in params if a.annotation is None]
    return missing + (["return"] if node.returns is None else [])


def annotation_offenders() -> dict[str, list[str]]:
    """``{part: ["calc/memory.py:120 kv_cache_bytes: batch, seq, return", ...]}`` over the whole package."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, node, method in public_functions(tree):
            missing = missing_annotations(node, method)
            if missing:
                where = f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno} {name}"
                found.setdefault(part_of(path), []).append(f"{where}: {', '.join(missing)}")
    return found


def test_public_functions_are_annotated():
    offenders = annotation_offenders()
    listed = {part: offenders.get(part, []) for part in TYPED}
    bad = [line for lines in listed.values() for line in lines]
    counts = ", ".join(f"{part}: {len(lines)}" for part, lines in listed.items())
    assert not bad, f"unannotated public functions ({counts}):\n" + "\n".join(bad)


def test_the_annotation_check_finds_what_is_missing():
    tree = ast.parse(
        "def f(a, b: int, *rest, key=1, **more) -> int: ...\n"
        "class C:\n    def m(self, x: int): ...\n    def _private(self, y): ...\n"
        "    @staticmethod\n    def s(z: int) -> None: ...\n"
    )
    found = {name: missing_annotations(node, method) for name, node, method in public_functions(tree)}
    assert found == {"f": ["a", "rest", "key", "more"], "C.m": ["return"], "C.s": []}


def test_public_functions_name_the_notebook_that_explains_them():
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if part_of(path) not in DOCUMENTED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                if not EXPLAINED.search(ast.get_docstring(node) or ""):
                    bad.append(f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno} {node.name}")
    assert not bad, "say \"Notebook NN, section '...'\" in the docstring of:\n" + "\n".join(bad)


# One spelling -------------------------------------------------------------------------------------
def identifiers(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, name) of every name the code defines or uses: no strings, comments or docstrings."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.append((node.lineno, node.name))
        elif isinstance(node, ast.arg):
            found.append((node.lineno, node.arg))
        elif isinstance(node, ast.Name):
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.Attribute):
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.keyword) and node.arg:
            found.append((node.lineno, node.arg))
        elif isinstance(node, ast.alias):
            found.append((node.lineno, node.asname or node.name))
    return found


def spelling_offenders() -> list[str]:
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(PACKAGE).as_posix()
        for line, name in sorted(set(identifiers(tree))):
            for american, british in BRITISH.items():
                if american in name.lower() and name not in EXTERNAL_NAMES:
                    bad.append(f"{where}:{line} {name} (spell it {british})")
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and CLASS_SPELLING.search(node.name):
                bad.append(f"{where}:{node.lineno} class {node.name} (spell it DataCentre)")
    return bad


def test_one_spelling_in_our_names():
    bad = spelling_offenders()
    assert not bad, "British spelling in the package's names:\n" + "\n".join(bad)
