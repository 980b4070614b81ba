"""Notebooks 03 and 04 in Japanese: their widgets and HTML charts show no English label (issue 7).

The stored outputs of the Japanese editions are scanned by ``tests/test_editions.py``; widgets and the
HTML they hold are not stored, so here the editions' code runs in-process and every widget's
description, option labels and HTML are checked against the label table.
"""

import re

import ipywidgets as widgets
import nbformat
import pytest

from helpers import i18n
from helpers.views import plots
from tools import editions


def english_pieces():
    """English texts of this topic that have a Japanese entry, split at template fields and tags."""
    found = set()
    for en, ja in i18n.pairs():
        if en == ja:
            continue
        for piece in re.split(r"\{[^}]*\}", re.sub(r"<[^>]+>", "", en)):
            piece = piece.strip(" :;,.()/")
            if len(piece) >= 4 and re.search(r"[a-z]{3}", piece) and piece not in ja:
                found.add(piece)
    return found


def shown_english(texts):
    """English pieces among ``texts``: a whole text (a description, an option, a table cell) or a
    longer phrase inside one."""
    pieces = english_pieces()
    return sorted({p for text in texts for p in pieces if text.strip(" :;,.()/") == p or (len(p) >= 12 and p in text)})


def html_texts(html):
    return [piece.strip() for piece in re.findall(r">([^<>]+)<", html) if piece.strip()]


def all_widgets(namespace):
    seen, stack = {}, [v for v in namespace.values() if isinstance(v, widgets.Widget)]
    while stack:
        widget = stack.pop()
        if id(widget) in seen:
            continue
        seen[id(widget)] = widget
        stack += list(getattr(widget, "children", ()))
    return list(seen.values())


def widget_texts(namespace):
    texts = []
    for widget in all_widgets(namespace):
        texts.append(getattr(widget, "description", "") or "")
        texts += [str(label) for label in getattr(widget, "_options_labels", ())]
        if isinstance(widget, widgets.HTML):
            texts += html_texts(widget.value)
    return [text for text in texts if text]


def run_edition(name, monkeypatch):
    """Run the code cells of a Japanese edition (exercise placeholders included) in one namespace."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objects, **kw: shown.extend(objects))
    namespace = {}
    for cell in nbformat.read(editions.edition_path(name), as_version=4).cells:
        if cell.cell_type == "code" and not cell.source.lstrip().startswith("%"):
            exec(compile(cell.source, name, "exec"), namespace)  # noqa: S102 (our own notebook)
    return namespace, shown


@pytest.fixture(autouse=True)
def english_afterwards():
    """The editions set the kernel's language (as in a notebook, sliders moved later keep it); reset it."""
    yield
    i18n.set_language("en")


def test_the_scan_finds_english():
    assert shown_english(["GPUs (thousands)", "H100 SXM", "GPU(千枚)"]) == ["GPUs (thousands"]
    assert shown_english(
        ["20,000 H100 SXM at 90% and PUE 1.4: 32.1 MW from the grid, of which 39% reaches the GPUs"]
    ) == ["MW from the grid, of which", "reaches the GPUs"]
    assert shown_english(html_texts("<b>households for a year</b>")) == ["households for a year"]


def test_stack_html_total_follows_the_language():
    segments = [(i18n.t("nb04.part.gpu", "ja"), 1.0, "#000"), (i18n.t("nb04.part.cooling", "ja"), 0.5, "#111")]
    html = plots.stack_html(segments, i18n.t("nb04.chain.title", "ja", n=20, count=20_000, gpu="H100 SXM"), lang="ja")
    assert "合計" in html and ">total<" not in html and " total " not in html
    assert shown_english(html_texts(html)) == []
    assert "<b>total 1.5</b>" in plots.stack_html(segments, "t", lang="en")


@pytest.mark.parametrize("name", ["03_compute_and_time", "04_datacenter_power"])
def test_japanese_widgets_show_no_english_label(name, monkeypatch):
    namespace, shown = run_edition(name, monkeypatch)
    texts = widget_texts(namespace)
    texts += [t for obj in shown if isinstance(obj, widgets.HTML) for t in html_texts(obj.value)]
    assert texts and shown_english(texts) == []
    if name == "03_compute_and_time":
        assert "モデル" in texts and any("学習日数" in t for t in texts)
        namespace["model"].value = "moe"  # the chart follows the dropdown, still in Japanese
        namespace["precision"].value = "fp8"
        assert shown_english(widget_texts(namespace)) == []
        assert "1兆MoEモデル" in namespace["chart"].value and "日" in namespace["chart"].value
    else:
        assert "排出係数" in texts and any("北海道電力" in t for t in texts)
        assert "電気代" in namespace["table_t"].value and re.search(r"\d億[\d,]*万?円", namespace["table_t"].value)
        namespace["factor"].index = 2
        namespace["n_gpus"].value = 150
        assert shown_english(widget_texts(namespace)) == []
        assert "合計" in namespace["chain_html"].value and "冷却と損失" in namespace["chain_html"].value
        assert "H100 SXM 150,000枚" in namespace["chain_html"].value


def test_english_editions_keep_their_labels(monkeypatch):
    """The same code in English: the labels are the English ones (the test above is not vacuous)."""
    monkeypatch.setattr(editions, "edition_path", lambda name: editions.english_source(name))
    namespace, _ = run_edition("04_datacenter_power", monkeypatch)
    assert "Grid factor" in widget_texts(namespace)
    assert "households for a year" in html_texts(namespace["table_t"].value)
