"""The app's look without a browser (issue 16): the front door's catalogue is current, the rule our
templates use for <html lang> holds for every notebook, dollar amounts cannot turn into LaTeX, and
the templates keep the hooks the browser tests rely on. The browser side (the axe-core audit of every
page, lang, dollars on screen, prose width, Prev/Next, the landing page) is in tests/test_browser.py,
inside the visits it already makes.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

import servers
from tools import frontdoor, notebooks

ALL = notebooks.notebooks(servers.NOTEBOOKS)
TEMPLATES = servers.ROOT / "share" / "jupyter" / "voila" / "templates"
KANA = re.compile("[\u3041-\u30ff]")  # the range explainer.macro.j2's page_lang tests ('ぁ' to 'ヿ')


def test_the_catalogue_is_current():
    assert frontdoor.main(["--check"]) == 0, "run python -m tools.frontdoor"


def test_the_catalogue_lists_every_chapter_deck_guide_and_sheet_of_both_editions():
    pages = {page["file"] for page in frontdoor.catalogue()["pages"]}
    wanted = {
        str(p.relative_to(servers.NOTEBOOKS))
        for p in ALL
        if p.parent == servers.NOTEBOOKS or p.parent == servers.NOTEBOOKS / "exercises"
    }
    assert pages == wanted
    for page in frontdoor.catalogue()["pages"]:
        assert (servers.NOTEBOOKS / "ja" / page["file"]).exists(), page["file"]
        assert page["title"]["en"] and page["title"]["ja"] and page["question"]["ja"]
        assert not KANA.search(page["title"]["en"] + page["question"]["en"]), page["file"]
        assert KANA.search(page["title"]["ja"]) and KANA.search(page["question"]["ja"]), page["file"]


def test_prev_next_walk_the_story_in_order():
    pages = frontdoor.catalogue()["pages"]
    story = [p["file"] for p in pages if p["chain"] == "story"]
    assert story == [
        "00_introduction.ipynb",
        "01_parameters.ipynb",
        "02_gpu_memory.ipynb",
        "02a_memory_evidence.ipynb",
        "03_compute_and_time.ipynb",
        "04_datacenter_power.ipynb",
        "05_gx_bond_financing.ipynb",
        "06_datacenter_economics.ipynb",
        "07_where_the_money_goes.ipynb",
        "08_serving.ipynb",
    ]
    by_file = {p["file"]: p for p in pages}
    walked, page = [], by_file[story[0]]
    while page:
        walked.append(page["file"])
        page = by_file.get(page["next"])
    assert walked == story
    assert by_file["01_parameters.ipynb"]["prev"] == "00_introduction.ipynb"
    assert by_file["story_deck.ipynb"]["prev"] == by_file["story_deck.ipynb"]["next"] == ""


def test_the_catalogue_rejects_a_bad_entry():
    contents = {"ui": frontdoor.catalogue()["ui"], "page": [{"file": "01_parameters.ipynb", "minutes": 500}]}
    contents["page"][0]["question"] = {"en": "?", "ja": "？"}
    with pytest.raises(ValueError, match="minutes=500"):
        frontdoor.catalogue(contents)
    contents["page"][0].update(minutes=10, chain="other")
    with pytest.raises(ValueError, match="chain='other'"):
        frontdoor.catalogue(contents)


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(servers.NOTEBOOKS)))
def test_the_title_tells_the_template_the_language(path):
    """Voila does not hand the notebook's path to the template; explainer.macro.j2 declares
    lang="ja" when the title holds kana. That must be true exactly for the Japanese edition."""
    title = nbformat.read(path, as_version=4).metadata.get("title", "")
    assert bool(KANA.search(title)) == ("ja" in path.relative_to(servers.NOTEBOOKS).parts), title


def markdown_sources() -> list[tuple[str, str]]:
    books, texts = frontdoor.markdown_files()  # every notebook (masters too) and Japanese text
    found = [
        (f"{path.relative_to(servers.NOTEBOOKS)} cell {cell.get('id', i)}", cell.source)
        for path in books
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells)
        if cell.cell_type == "markdown"
    ]
    return found + [(str(p.relative_to(servers.NOTEBOOKS)), p.read_text()) for p in texts]


def test_dollar_amounts_are_escaped_so_they_never_become_latex():
    left = {where: frontdoor.unescaped_dollars(text) for where, text in markdown_sources()}
    assert {where: found for where, found in left.items() if found} == {}, (
        "run python -m tools.frontdoor --escape-dollars"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US$34.6 bn and US$34.7 bn", r"US\$34.6 bn and US\$34.7 bn"),
        ("¥157.7/$ throughout, $/M", r"¥157.7/\$ throughout, \$/M"),
        ("$W$ has *m × n* entries; $$y = W x + b$$", "$W$ has *m × n* entries; $$y = W x + b$$"),
        (r"already \$2; code `$5`", r"already \$2; code `$5`"),
    ],
)
def test_escaping_touches_currency_dollars_only(text, expected):
    assert frontdoor.escape_dollars(text) == expected
    assert frontdoor.unescaped_dollars(expected) == []


@pytest.mark.parametrize("template", ["lab/index.html.j2", "reveal/index.html.j2"])
def test_templates_keep_the_hooks_the_app_relies_on(template):
    text = (TEMPLATES / template).read_text()
    assert "explainer.page_lang(nb.metadata.get('title', ''))" in text
    assert "mathjax_ignore" in text and "celltags(cell)" in text
    assert "explainer.loading(" in text and "explainer.page_script(" in text
    assert "spinner.html()" not in text  # the calm loading screen replaces "Executing 4 of 49"


def test_app_css_hides_app_hide_cells_and_keeps_the_measure():
    css = (TEMPLATES / "base" / "static" / "explainer" / "app.css").read_text()
    assert re.search(r"\.celltag_app-hide,[^{]*\{[^}]*display: none !important", css, flags=re.DOTALL)
    assert "--t-prose: 46em;" in css and "--t-prose: 40em;" in css
    assert ":focus-visible" in css and "word-break: keep-all" in css and "line-break: strict" in css


def test_loading_screen_speaks_the_pages_language():
    ui = frontdoor.catalogue()["ui"]
    assert ui["en"]["loading"] == "Preparing the calculations…"
    assert ui["ja"]["loading"] == "計算を準備しています…"
    macro = (TEMPLATES / "base" / "explainer.macro.j2").read_text()
    assert 'id="loading"' in macro and 'role="status"' in macro and "<progress" in macro


def test_generated_catalogue_is_a_jinja_set_the_templates_import():
    text = frontdoor.OUTPUT.read_text()
    assert text.count("{%- set catalogue = ") == 1
    for template in ("lab/tree-lab.html", "base/explainer.macro.j2"):
        assert 'from "explainer_catalogue.j2" import catalogue' in (TEMPLATES / template).read_text()
    assert Path(frontdoor.CONTENTS).exists()
