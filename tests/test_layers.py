"""The package's layers: imports only go down (src/helpers/__init__.py draws the map)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "helpers"

# Layer of each top-level part of the package, lowest first. A module may import its own layer
# and any lower one; views and teach share a rank and may not import each other (teach's answer box
# is the one named exception: it is a widget).
RANK = {"data": 0, "calc": 1, "serving": 1.5, "scenarios": 2, "story": 3, "i18n": 4, "views": 5, "teach": 5}
SIDEWAYS_ALLOWED = {("teach", "views.widgets")}


def layer_of(module: str) -> str:
    """'helpers.calc.memory' -> 'calc'; 'helpers.scenarios' -> 'scenarios'."""
    return module.split(".")[1]


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def helpers_imports(path: Path) -> list[str]:
    """Every ``helpers.*`` module that ``path`` imports, at any depth of the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("helpers")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                raise AssertionError(f"{path.name}: use absolute imports (from helpers.<layer> import ...)")
            if node.module and node.module.startswith("helpers"):
                found += [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def violations(module: str, imports: list[str]) -> list[str]:
    if module == "helpers":
        return [f"helpers/__init__.py imports {target}" for target in imports]
    own = layer_of(module)
    bad = []
    for target in imports:
        if target.count(".") < 1 or target == "helpers":
            continue
        other = layer_of(target)
        if other not in RANK:
            bad.append(f"{module} imports {target}, which belongs to no layer")
        elif other == own:
            continue
        elif RANK[other] > RANK[own]:
            bad.append(f"{module} ({own}) imports upward: {target} ({other})")
        elif RANK[other] == RANK[own] and not any(
            own == a and target.startswith(f"helpers.{b}") for a, b in SIDEWAYS_ALLOWED
        ):
            bad.append(f"{module} ({own}) imports sideways: {target} ({other})")
    return bad


def test_every_module_belongs_to_a_layer():
    assert {layer_of(m) for m in modules() if m != "helpers"} == set(RANK)


def test_calc_imports_nothing_for_display_or_language():
    for module, path in modules().items():
        if module.startswith("helpers.calc"):
            imports = helpers_imports(path)
            assert not [t for t in imports if layer_of(t) in ("views", "teach", "i18n", "scenarios")], module
            text = path.read_text(encoding="utf-8")
            assert "ipywidgets" not in text and "matplotlib" not in text and "print(" not in text, module


@pytest.mark.parametrize("module", sorted(modules()))
def test_imports_only_go_down(module):
    assert violations(module, helpers_imports(modules()[module])) == []


def test_the_check_finds_an_upward_import():
    assert violations("helpers.calc.memory", ["helpers.views.units"]) == [
        "helpers.calc.memory (calc) imports upward: helpers.views.units (views)"
    ]
    assert violations("helpers.data", ["helpers.calc.params"]) != []
    assert violations("helpers.views.tables", ["helpers.teach.exercises"]) != []
    assert violations("helpers.teach.exercises", ["helpers.views.widgets"]) == []


def test_the_map_in_the_package_docstring_names_every_layer():
    doc = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    for layer in RANK:
        assert f"{layer}" in doc.split("::")[1].split("Build-time")[0], layer
        assert f"`{layer}" in readme, layer
