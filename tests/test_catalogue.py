"""The Japanese catalogue is a standard PO file, complete, without stale entries, and used by the code."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from helpers import i18n
from helpers.i18n import catalogue
from tools import i18n as tool

ROOT = Path(__file__).resolve().parents[1]


def test_the_catalogue_is_a_po_file_that_gettext_tools_read():
    with catalogue.po_path("ja").open("rb") as handle:
        catalog = read_po(handle, locale="ja", domain="helpers")
    assert catalog.locale.language == "ja" and len(catalog) > 500


def test_gnu_msgfmt_accepts_the_catalogue():
    """GNU gettext's own checker (format strings, headers): Debian's gettext, which .ci/run installs."""
    from shutil import which

    if which("msgfmt") is None:
        assert not os.environ.get("CI"), "CI must install Debian's gettext (msgfmt)"
        pytest.skip("msgfmt not installed (apt-get install gettext)")
    completed = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(catalogue.po_path("ja"))], capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr


def test_no_translation_is_missing_stale_or_fuzzy():
    assert tool.problems() == []


def test_the_check_finds_a_missing_and_a_stale_translation(monkeypatch):
    wanted = tool.messages()
    monkeypatch.setattr(tool, "messages", lambda: {**wanted, (None, "A sentence nobody translated"): ["x.py:1"]})
    found = tool.problems()
    assert any(p.startswith("missing: 'A sentence nobody translated'") for p in found)
    monkeypatch.setattr(tool, "messages", lambda: {k: v for k, v in wanted.items() if k != (None, "model")})
    assert "stale: 'model' (context None) is used nowhere" in tool.problems()


def test_english_notebooks_say_their_sentences():
    """Code cells call _("English sentence"), not a label id with a literal key (t("nb02.col.weights"))."""
    import re

    for path in tool.english_notebooks():
        code = tool.notebook_code(path)
        assert not re.search(r"""\bt\(\s*["'][a-z0-9_]+\.[a-z0-9_. ]+["']""", code), path.name


def test_underscore_translates_and_formats():
    assert i18n._("Weights", "en") == "Weights"
    assert i18n._("model", "ja") == "モデル"
    assert i18n.pgettext("parameter count", "total", "ja") != i18n._("total", "ja")
    with pytest.raises(ValueError, match="translation"):
        i18n._("A sentence nobody translated", "ja")
    assert i18n.N_("x") == "x"


def test_the_tool_runs_as_a_module_and_reports_ok():
    completed = subprocess.run(
        [sys.executable, "-m", "tools.i18n", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "catalogue OK" in completed.stdout


def test_no_notebook_rebinds_the_underscore():
    """``_`` is the translation function: a loop's ``for _ in`` would silently replace it."""
    import ast

    for path in tool.english_notebooks():
        tree = ast.parse(tool.notebook_code(path))
        rebound = [
            n.lineno for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
        ]
        assert rebound == [], f"{path.name}: lines {rebound}"
