"""The Japanese edition reads as Japanese: one number style, and no English sentence a reader sees.

Two parts (issue 13, "日本の教室で使える日本語版"):

- the number style, one function (:func:`helpers.views.units.japanese_number`): every case the issue
  names, and the English output unchanged;
- a scan for English: every stored output of every Japanese notebook, every figure text, and every
  text a widget shows while each control (and each pair of controls) moves through its range, the
  impossible combinations included. Code, model and GPU names and the titles of cited sources may
  stay in English; :data:`LEFT` lists what is still English and whose files must change for it.
"""

from __future__ import annotations

import contextlib
import html as htmllib
import io
import os
import re
from functools import cache
from pathlib import Path

import nbformat
import pytest

from helpers import data, i18n
from helpers.calc import catalog
from helpers.views import cards, finance_explorers, tables, units, widgets
from tools import editions

ROOT = Path(__file__).resolve().parents[1]
JA = ROOT / "notebooks" / "ja"
NOTEBOOKS = sorted(p for p in JA.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


# The number style ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (6_107_800_000_000, 6, "6兆1078億"),  # a published figure keeps its digits, two groups
        (387_300_000_000, 6, "3873億"),  # no comma inside a group of four (the prose's 「3873億円」)
        (387_300_000_000, 3, "3873億"),  # a leading group is read whole: not 3870億
        (4_052_800_000_000, 3, "4.05兆"),  # three figures as asked (¥4.05 tn), not 4兆528億
        (2_523_330_000, 2, "25億"),  # 「約25億〜44億円」
        (4_360_900_000, 2, "44億"),
        (2_523_330_000, 3, "25.2億"),
        (2_523_330_000, 6, "25億2333万"),  # not 25億2,333万
        (1_000_000_000_000, 3, "1兆"),  # no trailing zeros: not 1.00兆
        (1_026_408_209_408, 3, "1.03兆"),
        (405_853_388_800, 3, "4059億"),
        (400_000_000, 3, "4億"),  # not 4.00億
        (8_000_000_000, 3, "80億"),  # not 80.0億
        (1_500_000_000_000, 3, "1.5兆"),
        (82_690_000, 3, "8269万"),  # GPU-hours: not 82.69百万
        (32_900_000_000, 3, "329億"),  # not 32.9十億
        (117_000_000, 6, "1億1700万"),
        (17_500_000_000_000, 6, "17兆5000億"),
        (999_960_000_000, 3, "1兆"),  # rounding carries into the next unit
        (9_999, 6, "9999"),
        (-55_700_000_000, 3, "−557億"),
        (0, 3, "0"),
    ],
)
def test_japanese_number_style(value, digits, expected):
    assert units.japanese_number(value, digits) == expected


def test_yen_counts_and_labels_in_the_japanese_style():
    assert units.yen_text(387.3e9, "ja") == "3873億円"
    assert units.yen_text(4.0528e12, "ja", digits=3) == "4.05兆円"
    assert units.yen_text(6e6, "ja") == "600万円"
    assert units.params_text(1e12, lang="ja") == "1兆"
    assert units.count_text(62_489, "ja") == "6万2489"
    assert cards.value_text(82.69e6, "GPU-hours", "ja") == "8269万GPU時間"
    assert cards.value_text(62_489, "t", "ja") == "6万2489トン"
    # the tornado's levels: 「600万円 / 900万円」, not 6,000,000 / 9,000,000
    assert finance_explorers.tornado_label("capex_per_gpu_jpy", 6e6, 9e6, "ja") == "GPU 1枚の費用：600万円〜900万円"
    assert finance_explorers.level_text(6e6, "ja") == "600万"
    # table headers in 億, not 10億
    from helpers.calc.params import count_params

    table = tables.breakdown_table({"Kimi K2": count_params(catalog.model("Kimi K2"))}, lang="ja")
    assert table.index.name == "パラメーター数（億）" and table.loc["総数", "Kimi K2"] == pytest.approx(10264.08)


def test_english_output_is_unchanged():
    assert units.yen_text(6.1078e12) == "¥6.1078 tn" and units.yen_text(387.3e9) == "¥387.3 bn"
    assert units.params_text(1e12) == "1.00 T" and units.params_text(405_853_388_800) == "406 B"
    assert units.count_text(62_489, "en") == "62,489" and cards.value_text(62_489, "t", "en") == "62,489 t"
    assert finance_explorers.level_text(6e6, "en") == "6,000,000"


# Finding English -----------------------------------------------------------------------------------
# Names a Japanese reader sees in English (models, products, companies, a book), beside those in the
# data files (tests read the catalog and every source title).
NAMES = (
    "GPT-4.1 mini",
    "tsuzumi 2",
    "fused AdamW",
    "How to Scale Your Model",
    "Japan AI Foundation Model Development",
    "Compute Access Fund",  # Canada's AI Compute Access Fund (data/programmes.csv, notebook 07)
    "Mistral Compute",  # a French data-centre project (data/programmes.csv, notebook 07)
    "Grace Blackwell",  # NVIDIA's product name
)
# English still shown, each with the files that must change for it (not this edition's texts and views).
LEFT = {}

_TOKEN = r"[A-Za-z0-9][A-Za-z0-9.'’+-]*"
_RUN = re.compile(rf"(?<![\w/.]){_TOKEN}(?:[ ,;:]+{_TOKEN})+")
_CODE = re.compile(r"\S*[_/=\\$@{}<>]\S*|\S+\.(?:csv|py|json|md)\b|\b[a-z]+\.[a-z_.]+\b")


@cache
def allowed_names() -> tuple[str, ...]:
    """Names that stay in English: models, GPUs, :data:`NAMES`, and every cited source's title."""
    names = set(catalog.names()) | set(catalog.gpus()["name"]) | set(NAMES)
    for entry in data.manifest()["file"]:
        if not str(entry).endswith(".csv") or "/" in str(entry):
            continue
        frame = data.load(str(entry).removesuffix(".csv"))
        for column in frame.columns:
            if column.startswith("source") and not column.endswith(("url", "date")) and frame[column].dtype == object:
                names |= {v for v in frame[column].dropna() if isinstance(v, str)}
    return tuple(sorted((n for n in names if len(n) >= 4), key=len, reverse=True))


def english(text: str) -> list[str]:
    """English phrases in ``text`` once names and code are taken out: three or more English words,
    or a run of words with an ordinary lowercase English word in it (``Megatron 1T benchmark``)."""
    for name in allowed_names():
        text = text.replace(name, " ")
    text = _CODE.sub(" ", text)
    found = []
    for run in _RUN.finditer(text):
        words = re.split(r"[ ,;:]+", run.group())
        plain = [w for w in words if re.fullmatch(r"[a-z][a-z'’]{3,}", w)]
        letters = [w for w in words if re.fullmatch(r"[A-Za-z][a-z'’]+", w)]
        if (plain and len(words) >= 2) or len(letters) >= 3:
            found.append(run.group())
    return found


def _cells(html: str) -> list[tuple[str, str]]:
    """``(column header, text)`` of each table cell in ``html``, a table's source footnotes as
    ``("出典", note)`` (citations, like a source column), then ``("", the rest as text)``."""
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    found = [
        ("出典", htmllib.unescape(re.sub(r"<[^>]+>", "", note)).strip())
        for note in re.findall(r'<p class="t-source">(.*?)</p>', html, flags=re.S)
    ]
    html = re.sub(r'<p class="t-source">.*?</p>', " ", html, flags=re.S)
    for table in re.findall(r"<table.*?</table>", html, flags=re.S):
        rows = [
            [
                htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
            ]
            for r in re.findall(r"<tr.*?</tr>", table, flags=re.S)
        ]
        head = rows[0] if rows else []
        for row in rows[1:]:
            for i, text in enumerate(row):
                j = len(head) - len(row) + i
                found.append((head[j] if 0 <= j < len(head) else "", text))
        html = html.replace(table, " ")
    return [*found, ("", htmllib.unescape(re.sub(r"<[^>]+>", " ", html)))]


def leaks(texts: list[tuple[str, str]]) -> set[str]:
    """English phrases in ``(column header, text)`` pairs; cells under a source column are citations,
    and a cell pandas cut short (``...``) is a name when a name starts with it."""
    found = set()
    for head, text in texts:
        if "出典" in head and "日付" not in head:
            continue
        if head and text.endswith("...") and any(n.startswith(text[:-3]) for n in allowed_names()):
            continue
        found |= set(english(text))
    return {phrase for phrase in found if not any(re.fullmatch(known, phrase) for known in LEFT)}


def stored_texts(path: Path) -> list[tuple[str, str]]:
    """What a notebook shows: html (tables by cell), printed text, plain results (not a figure's repr)."""
    texts = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            shown = output.get("data", {})
            if "text/html" in shown:
                texts += _cells(shown["text/html"])
            elif "text" in output:
                texts.append(("", output["text"]))
            elif not {"image/png", "application/vnd.jupyter.widget-view+json"} & shown.keys():
                texts.append(("", shown.get("text/plain", "")))
    return texts


def test_the_scan_finds_english():
    """The scan can fail: a sentence, a row name with an English word, a table cell; not names or code."""
    assert english("⚠ ep must divide dp=4; got ep=8")
    assert english("GPU 1枚あたりの系列数: 64 sequences per GPU") == ["64 sequences per GPU"]
    assert english("| Megatron 1T benchmark | A100 |") == ["Megatron 1T benchmark"]
    assert not english("Kimi K2、FP8、H200 16枚(TP2+DP8+EP16)、helpers.calc.params、data/models.csv")
    assert leaks(
        _cells(
            "<table><tr><th></th><th>出典</th><th>値</th></tr><tr><th>0</th><td>The Daily Scout, a news summary</td><td>low double digits</td></tr></table>"
        )
    ) == {"low double digits"}
    footnoted = '<table><tr><th>値</th></tr><tr><td>1</td></tr></table><p class="t-source">[1] Reuters via Investing.com: In Tokyo, bonds make their debut</p>'
    assert leaks(_cells(footnoted)) == set()  # a source footnote is a citation
    assert leaks(_cells(footnoted + "<p>the money goes mostly to GPUs</p>")) == {"the money goes mostly to GPUs"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(JA)))
def test_stored_japanese_outputs_have_no_english_sentence(path):
    assert leaks(stored_texts(path)) == set()


def test_every_known_calculation_message_has_its_japanese_sentence():
    """Each message of :data:`helpers.views.widgets.KNOWN` (as the calculations raise it) reads as Japanese."""
    messages = [
        "n_kv_heads must divide n_heads=64 (each key/value head serves a whole group of query heads); got n_kv_heads=3",
        "n_heads must divide d_model=7168 when head_dim is not given; got n_heads=5 (set head_dim explicitly for such models)",
        "ep must divide dp=4 (expert parallelism is carved out of data parallelism); got ep=8",
        "pp must divide n_layers=61; got pp=2",
        "does not fit on H100: 95.3 GB per GPU is not sharded by data parallelism (activations, unsharded states) "
        "but H100 holds 72.0 GB usable; raise tp, pp or zero_stage, recompute, or lower batch/seq",
        "batch_per_gpu=128 sequences of seq=131072 tokens need 1,179 GB of KV cache per GPU in any layout, more "
        "than the 127 GB a H200 may use; lower batch_per_gpu or seq",
        "Kimi K2 in bf16 with batch=64 and seq=262144 does not fit on up to 64 H200 in any valid layout; lower batch "
        "or seq, or use a narrower dtype",
        "top_k must be 0 for a dense model (n_experts=0), got 8",
        "top_k must be an integer from 1 to 7, got 8",
        "first_dense_layers must be an integer from 0 to 2, got 3",
        "n_layers must be an integer >= 1, got 0",
        "utilisation_pct must be between 0 and 100, got 120",
    ]
    assert len(messages) >= len(widgets.KNOWN)
    for message in messages:
        assert any(pattern.fullmatch(message) for pattern, _say in widgets.KNOWN), message
        japanese = widgets.explain(ValueError(message), "ja")
        assert english(japanese) == [] and re.search(r"[ぁ-んァ-ヶ一-龠]", japanese), japanese
        assert widgets.explain(ValueError(message), "en") == message


# Running the Japanese notebooks: figures and widgets -----------------------------------------------
def _figure_texts() -> list[str]:
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    found = []
    for number in plt.get_fignums():
        found += [t.get_text() for t in plt.figure(number).findobj(Text) if t.get_text().strip()]
    plt.close("all")
    return found


def _run(path: Path):
    """Run a notebook's code in this process (magics left out); its figure texts and the widgets it made."""
    from IPython.core.interactiveshell import InteractiveShell
    from ipywidgets.widgets.widget import _instances  # every live widget (Widget.widgets, deprecated)

    shell = InteractiveShell.instance()
    shell.reset(new_session=False)
    before = set(_instances)
    figures = []
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            source = "\n".join("" if line.lstrip().startswith("%") else line for line in cell.source.splitlines())
            result = shell.run_cell(source, silent=True)
            assert result.success, f"{path.name} cell {cell.id}: {result.error_in_exec or result.error_before_exec}"
            figures += _figure_texts()
    made = [w for key, w in _instances.items() if key not in before]
    return figures, made


def _shown(made) -> list[str]:
    """Every text the widgets show now: HTML and labels, descriptions, the options' labels."""
    import ipywidgets

    texts = []
    for w in made:
        if isinstance(w, (ipywidgets.HTML, ipywidgets.Label, ipywidgets.HTMLMath)) and w.value:
            texts.append(w.value)
        if getattr(w, "description", ""):
            texts.append(w.description)
        texts += [str(label) for label in getattr(w, "_options_labels", ()) or ()]
    return texts


def _levels(control) -> list:
    """The values a sweep sets: every option; a slider's ends, middle and starting value."""
    import ipywidgets

    if getattr(control, "options", None):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    if isinstance(control, ipywidgets.Checkbox):
        return [False, True]
    low, high, now = control.min, control.max, control.value
    middle = (low + high) // 2 if isinstance(now, int) else (low + high) / 2
    return sorted({low, high, now, middle})


def _sweep(made) -> tuple[list[str], int]:
    """Move each control through its levels, and each pair of controls together; the texts shown."""
    import ipywidgets

    controls = [
        w
        for w in made
        if isinstance(w, ipywidgets.ValueWidget)
        and not isinstance(w, (ipywidgets.HTML, ipywidgets.Label, ipywidgets.HTMLMath, ipywidgets.Text))
        and (getattr(w, "options", None) or hasattr(w, "max") or isinstance(w, ipywidgets.Checkbox))
    ]
    texts, states = _shown(made), 0

    def move(control, value) -> bool:
        try:
            control.value = value
        except Exception:  # noqa: BLE001  (a level a linked control refuses now)
            return False
        return True

    for i, first in enumerate(controls):
        start = first.value
        for level in _levels(first):
            if not move(first, level):
                continue
            texts += _shown(made)
            states += 1
            for second in controls[i + 1 :]:
                before = second.value
                for other in _levels(second):
                    if move(second, other):
                        texts += _shown(made)
                        states += 1
                move(second, before)
        move(first, start)
    return texts, states


RUN = [p for p in NOTEBOOKS if "exercises" not in p.parts and p.stem != "teachers_guide"]


@pytest.mark.notebooks
@pytest.mark.parametrize("path", RUN, ids=lambda p: p.stem)
def test_japanese_figures_and_widget_states_have_no_english_sentence(path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.chdir(path.parent)
    try:
        figures, made = _run(path)
        texts, states = _sweep(made)
    finally:
        i18n.set_language("en")
    shown = [("", f) for f in figures] + [pair for text in set(texts) for pair in _cells(text)]
    assert leaks(shown) == set()
    problems = {t for t in texts if "⚠" in t}
    fallback = widgets.explain(ValueError("x"), "ja").split("（")[0]
    assert not [p for p in problems if fallback in p], "a calculation message without its Japanese sentence"
    if path.stem in ("01_parameters", "02_gpu_memory", "08_serving"):
        assert problems, f"{path.name}: the sweep ({states} states) never reached an impossible combination"


def test_the_editions_switch_comments_too():
    """A student reads the language call's comment and the answer cells' units in Japanese."""
    for name in editions.names():
        code = "\n".join(c.source for c in editions.generate(name).cells if c.cell_type == "code")
        assert 'set_language("ja")  # labels' not in code and "figures in English" not in code, name
        assert not re.search(r"= \.\.\.  # (your answer|billions|yen trillions|million GPU-hours)$", code, re.M), name


if os.environ.get("JAPANESE_SCAN_PRINT"):  # a helper for editors: print what the scan finds everywhere

    def test_print_leaks():  # pragma: no cover
        for path in NOTEBOOKS:
            print(path.relative_to(JA), sorted(leaks(stored_texts(path))))
