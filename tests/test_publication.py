"""Every chapter (00-08 and the appendix), the story deck and the teachers' guide read as a publication
(issue 16), in both editions: no printout or raw DataFrame, every figure with alt text and a caption
with its source, a deck of top-level slides only, Japanese GPU-hours and counts in 万・億 (issue 13)."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = sorted(p.stem for p in ROOT.glob("*.ipynb"))  # the chapters, the deck and the guide (not the sheets)
PATHS = [ROOT / f"{name}.ipynb" for name in NAMES] + [ROOT / "ja" / f"{name}.ipynb" for name in NAMES]


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def outputs(path: Path) -> list[tuple[str, dict]]:
    return [(cell["id"], output) for cell in cells(path) for output in cell.get("outputs", [])]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_printout_or_raw_dataframe(path):
    assert [cid for cid, output in outputs(path) if output["output_type"] == "stream"] == []
    assert [
        cid
        for cid, output in outputs(path)
        if 'class="dataframe' in "".join(output.get("data", {}).get("text/html", ""))
    ] == []
    code = "".join("".join(cell["source"]) for cell in cells(path) if cell["cell_type"] == "code")
    assert not re.search(r"(?<![\w.])print\(", code) and "plt.show(" not in code


@pytest.mark.parametrize("path", PATHS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_figure_has_alt_text_and_a_caption_with_its_source(path):
    shown = outputs(path)
    for k, (cid, output) in enumerate(shown):
        if "image/png" not in output.get("data", {}):
            continue
        alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
        assert len(alt) > 20, (cid, alt)
        caption = "".join(shown[k + 1][1].get("data", {}).get("text/html", "")) if k + 1 < len(shown) else ""
        assert "t-caption" in caption and ("Source:" in caption or "出典" in caption), cid


@pytest.mark.parametrize("edition", ["", "ja/"])
def test_the_deck_is_top_level_slides_each_with_one_result(edition):
    deck = cells(ROOT / f"{edition}story_deck.ipynb")
    kinds = [cell["metadata"].get("slideshow", {}).get("slide_type", "-") for cell in deck]
    assert "subslide" not in kinds and kinds.count("slide") >= 15
    slides, current = [], None
    for cell, kind in zip(deck, kinds, strict=True):
        if kind == "slide":
            current = [cell]
            slides.append(current)
        elif kind != "skip" and current is not None:
            current.append(cell)
    for slide in slides:
        code = [c for c in slide if c["cell_type"] == "code"]
        if not code:
            continue
        html = "".join("".join(o.get("data", {}).get("text/html", "")) for c in code for o in c.get("outputs", []))
        widget = any(
            "application/vnd.jupyter.widget-view+json" in o.get("data", {}) for c in code for o in c.get("outputs", [])
        )
        png = any("image/png" in o.get("data", {}) for c in code for o in c.get("outputs", []))
        assert "t-card" in html or png or widget, slide[0]["id"]  # a hero number, a chart or a live control


@pytest.mark.parametrize("name", ["07_where_the_money_goes", "08_serving"])
def test_japanese_counts_in_man_and_oku(name):
    """Issue 13: 「1,000百万GPU時間」 and 「(百万人)」 read 「10億GPU時間」 and 「1000万」 now."""
    text = "".join(json.dumps(output, ensure_ascii=False) for _cid, output in outputs(ROOT / "ja" / f"{name}.ipynb"))
    assert "百万" not in text and not re.search(r"[(（]10億[)）]", text)
    assert {"07_where_the_money_goes": "10億GPU時間", "08_serving": "1000万"}[name] in text
