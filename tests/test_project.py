"""The project's promises: one dependency list in two files, README commands, notebooks' shape."""

import re
import tomllib
from pathlib import Path

import pytest

from tools import notebooks

ROOT = Path(__file__).resolve().parents[1]


MEASURE_ONLY = "measure"  # torch + transformers for benchmarks/ (by hand), deliberately not in environment.yml


def normalise(requirement: str) -> str:
    return re.sub(r"\s+", "", requirement.split("#")[0]).lower()


def pyproject_requirements() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [r for name, reqs in project["optional-dependencies"].items() if name != MEASURE_ONLY for r in reqs]
    return {normalise(r) for r in project["dependencies"] + extras}


def environment_requirements() -> set[str]:
    lines = (ROOT / "environment.yml").read_text().splitlines()
    start = lines.index("dependencies:") + 1
    found = set()
    for line in lines[start:]:
        item = line.strip()
        if not item.startswith("- ") or item in ("- pip", "- pip:") or item.startswith("- -e"):
            continue
        if item.startswith("- python"):
            continue
        found.add(normalise(item[2:]))
    return found


def test_environment_yml_lists_the_pyproject_dependencies():
    assert environment_requirements() == pyproject_requirements()


def test_environment_yml_installs_the_package_and_python():
    text = (ROOT / "environment.yml").read_text()
    assert "- -e ." in text
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert f"- python{requires}" in text


def test_no_exact_pins_without_a_reason():
    for requirement in (ROOT / "pyproject.toml").read_text().splitlines():
        if "==" in requirement:
            assert "#" in requirement, requirement


def test_readme_gives_the_two_commands_and_lists_every_notebook():
    readme = (ROOT / "README.md").read_text()
    assert "make start" in readme and "make test" in readme
    for path in notebooks.notebooks(ROOT / "notebooks"):
        assert path.name in readme, path.name


@pytest.mark.parametrize("path", notebooks.notebooks(ROOT / "notebooks"), ids=lambda p: p.name)
def test_notebook_keeps_its_promises(path):
    assert notebooks.problems(path) == []


def test_notebook_problems_are_found(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook(cells=[new_markdown_cell("# Title"), new_code_cell("!pip install torch")])
    nb.metadata["kernelspec"] = {"name": "other"}
    path = tmp_path / "bad.ipynb"
    nbformat.write(nb, path)
    found = "\n".join(notebooks.problems(path))
    for expected in (
        "no 'Overview' section",
        "kernelspec is not python3",
        "no slideshow.slide_type",
        "installs packages",
        "stored without running",
        "no cell starts a slide",
    ):
        assert expected in found


def test_torch_is_a_development_extra_only():
    """Torch is for the measuring scripts; the package and its notebooks never import it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert any(r.startswith("torch") for r in project["optional-dependencies"][MEASURE_ONLY])
    assert not any(r.startswith(("torch", "transformers")) for r in project["dependencies"])
    sources = [p.read_text() for p in (ROOT / "src" / "helpers").glob("*.py")]
    assert not any(re.search(r"^\s*(import|from) (torch|transformers)\b", s, flags=re.MULTILINE) for s in sources)
