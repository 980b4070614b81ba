"""The Japanese editions: generated from the English code, complete, and free of English labels."""

import re

import nbformat
import pytest

from helpers import i18n
from tools import editions

NAMES = editions.names()


def test_there_are_editions():
    assert "02_gpu_memory" in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_edition_has_every_text_and_follows_the_english_code(name):
    assert editions.problems(name) == []
    assert editions.in_step(name) == []  # regenerate with `python -m tools.editions` after an English edit


def english_labels():
    """English label texts that have a different Japanese entry, as pieces between template fields."""
    found = set()
    for en, ja in i18n.pairs():
        if en == ja:
            continue
        for piece in re.split(r"\{[^}]*\}", re.sub(r"<[^>]+>", "", en)):
            piece = piece.strip(" :;,.()/")
            if len(piece) >= 4 and re.search(r"[a-z]{3}", piece) and piece not in ja:  # names stay
                found.add(piece)
    return found


def outputs(path):
    """(plain text, html) a notebook shows: streams and plain results; tables' html."""
    nb = nbformat.read(path, as_version=4)
    plain, html = [], []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                html.append(data["text/html"] if isinstance(data["text/html"], str) else "".join(data["text/html"]))
            else:
                plain.append(output.get("text", "") + data.get("text/plain", ""))
    return "\n".join(plain), "\n".join(html)


def leaks(path):
    """Labels shown in English: a whole table cell or header, or a phrase in printed text."""
    plain, html = outputs(path)
    cells = {c.strip() for c in re.findall(r">([^<>]*)<", html)}
    return sorted(p for p in english_labels() if p in cells or (len(p) >= 12 and p in plain))


@pytest.mark.parametrize("name", NAMES)
def test_japanese_outputs_show_no_english_label(name):
    assert leaks(editions.edition_path(name)) == []


def test_the_check_catches_an_english_leak(tmp_path):
    """The scan above can fail: printed English phrases and English table headers are found."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    nb.cells[0].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="context length (tokens), one sequence\n"),
        nbformat.v4.new_output("execute_result", data={"text/html": "<th>bytes per token</th>", "text/plain": "x"}),
    ]
    path = tmp_path / "leak.ipynb"
    nbformat.write(nb, path)
    assert leaks(path) == ["bytes per token", "context length (tokens), one sequence"]
