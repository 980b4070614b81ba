"""Printable handouts (`make handouts`, tools/handouts.py): every exercise sheet, solution and deck of
both editions as an A4 PDF whose text, Japanese included, is text; a deck one slide per page.

The printing tests drive Voila and Chromium (marked `browser`: `make check` leaves them out) on a
few notebooks, in both editions; `make handouts` prints them all the same way.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import unicodedata
from pathlib import Path

import nbformat
import pytest
from nbconvert.filters.markdown import markdown2html
from pypdf import PdfReader

import servers
from tools import handouts, notebooks

ROOT = Path(__file__).resolve().parents[1]
A4 = (595.92, 842.88)  # points (1/72 inch): 210 x 297 mm
PRINTED = [  # a sheet, its solutions and two decks in Japanese (the guide has slides taller than a page), an English deck
    "ja/exercises/ex1_parameters.ipynb",
    "ja/exercises/solutions/ex1_parameters_solutions.ipynb",
    "ja/story_deck.ipynb",
    "ja/teachers_guide.ipynb",
    "story_deck.ipynb",
]


def test_every_sheet_solution_and_deck_in_both_editions_is_a_handout():
    expected = notebooks.notebooks(ROOT / "notebooks")  # every notebook but the masters
    found = handouts.handouts()
    assert [h.notebook for h in found] == expected
    for h in found:
        parts = h.relative.parts
        assert h.kind == ("solutions" if "solutions" in parts else "sheet" if "exercises" in parts else "deck")
    assert {(h.language, h.kind) for h in found} == {
        (lang, kind) for lang in ("en", "ja") for kind in ("sheet", "solutions", "deck")
    }
    pdfs = [h.pdf() for h in found]
    assert len(set(pdfs)) == len(pdfs)
    assert all(p.is_relative_to(ROOT / "build" / "handouts" / h.language) for p, h in zip(pdfs, found, strict=True))


def test_handouts_go_to_a_folder_git_ignores():
    pdf = handouts.handouts()[0].pdf().relative_to(ROOT)
    assert subprocess.run(["git", "check-ignore", "-q", str(pdf)], cwd=ROOT).returncode == 0, pdf


def test_make_handouts_runs_the_tool():
    plan = subprocess.run(["make", "-n", "--no-print-directory", "handouts"], cwd=ROOT, capture_output=True, text=True)
    assert plan.returncode == 0, plan.stderr
    assert "-m tools.handouts" in plan.stdout


def test_slides_are_counted_as_reveal_lays_them_out(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("import helpers", metadata={"slideshow": {"slide_type": "skip"}}),
            nbformat.v4.new_markdown_cell("# Title"),  # the first shown cell starts a slide
            nbformat.v4.new_markdown_cell("text", metadata={"slideshow": {"slide_type": "-"}}),
            nbformat.v4.new_markdown_cell("## A", metadata={"slideshow": {"slide_type": "slide"}}),
            nbformat.v4.new_markdown_cell("### A.1", metadata={"slideshow": {"slide_type": "subslide"}}),
            nbformat.v4.new_markdown_cell("aside", metadata={"slideshow": {"slide_type": "notes"}}),
        ]
    )
    nbformat.write(nb, tmp_path / "deck.ipynb")
    assert handouts.slide_count(tmp_path / "deck.ipynb") == 3


# Printed --------------------------------------------------------------------------------------------
def plain(text: str) -> str:
    """Text as compared: NFKC (a PDF may map a CJK glyph to its compatibility code point, 小 as ⼩),
    without whitespace, in one case (the deck's theme prints headings in capitals)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def printed_in(expected: str, text: str) -> bool:
    """Whether ``expected`` is in ``text`` (both :func:`plain`), allowing for what a PDF's font maps
    back differently: a kanji may come back as the CJK radical that shares its glyph (長 as ⻑), the
    katakana middle dot as a hyphenation point (・ as ‧)."""
    pattern = "".join(
        "[・‧·]"
        if char in "・‧·"
        else f"(?:{re.escape(char)}|[\u2e80-\u2eff])"
        if "\u4e00" <= char <= "\u9fff"
        else re.escape(char)
        for char in plain(expected)
    )
    return re.search(pattern, text) is not None


def headings(cells) -> list[str]:
    """The markdown headings of ``cells`` that are plain text (no markup to render)."""
    found = []
    for cell in cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                match = re.match(r"#{1,4} (.+)", line)
                if match and not re.search(r"[`*_\[\]<>$\\]", match.group(1)):
                    found.append(match.group(1))
    return found


def last_words(cells) -> str | None:
    """The last word of a slide's last markdown cell as it prints (folded <details> do not print)."""
    shown = [c for c in cells if c.cell_type == "markdown" and "<details" not in c.source]
    if not shown:
        return None
    text = html.unescape(re.sub(r"<[^>]+>", " ", markdown2html(shown[-1].source)))
    words = re.findall(r"[A-Za-z]{3,}|[\u3040-\u30ff\u4e00-\u9fff]{2,}", text)
    return words[-1] if words else None


def slides(path: Path) -> list[list]:
    """The deck's slides, each the list of its cells (as :func:`tools.handouts.slide_count` counts)."""
    found: list[list] = []
    for cell in nbformat.read(path, as_version=4).cells:
        slide_type = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if slide_type in ("skip", "notes"):
            continue
        if slide_type in ("slide", "subslide") or not found:
            found.append([])
        found[-1].append(cell)
    return found


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    if os.environ.get(servers.OPT_OUT):
        pytest.skip(f"{servers.OPT_OUT} is set")
    out = tmp_path_factory.mktemp("handouts")
    chosen = [h for h in handouts.handouts() if h.address in PRINTED]
    assert len(chosen) == len(PRINTED)
    failed = handouts.print_handouts(chosen, out, log=lambda line: None)
    assert failed == {}, failed
    return {h.address: h.pdf(out) for h in chosen}


@pytest.mark.browser
@pytest.mark.parametrize("address", PRINTED)
def test_handout_is_a4_with_its_text_as_text(printed, address):
    notebook = servers.NOTEBOOKS / address
    reader = PdfReader(printed[address])
    deck = handouts.kind(notebook) == "deck"
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4[::-1] if deck else A4, abs=1), size
    text = plain(" ".join(page.extract_text() for page in reader.pages))
    shown = (
        [cell for slide in slides(notebook) for cell in slide] if deck else nbformat.read(notebook, as_version=4).cells
    )
    titles = headings(shown)
    assert len(titles) >= 3
    missing = [title for title in titles if not printed_in(title, text)]
    assert missing == [], missing
    if address.startswith("ja/"):  # Japanese text is there as text, not as pictures of it
        assert len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text)) > 200


@pytest.mark.browser
@pytest.mark.parametrize("address", [a for a in PRINTED if handouts.kind(servers.NOTEBOOKS / a) == "deck"])
def test_deck_prints_one_slide_per_page(printed, address):
    notebook = servers.NOTEBOOKS / address
    pages = PdfReader(printed[address]).pages
    deck = slides(notebook)
    assert len(pages) == len(deck) == handouts.slide_count(notebook)
    for number, (page, cells) in enumerate(zip(pages, deck, strict=True), start=1):
        text = plain(page.extract_text())
        for title in headings(cells):  # each slide's headings are on its own page
            assert printed_in(title, text), (number, title)
        end = last_words(cells)  # and so is its end: a slide taller than the page is shrunk, not cut
        assert end is None or printed_in(end, text), (number, end)
