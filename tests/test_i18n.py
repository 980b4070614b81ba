"""One label table, two languages: complete, and used by the views."""

import re

import matplotlib
import pytest

from helpers import i18n
from helpers.calc import memory
from helpers.views import tables
from helpers.views.memory_explorer import MemoryExplorer


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_label_has_both_languages(lang):
    assert i18n.missing(lang) == []


def test_japanese_labels_are_japanese():
    """A Japanese entry that is only ASCII letters is an untranslated copy (names like GPU excepted)."""
    untranslated = [en for en, ja in i18n.pairs() if ja == en and re.search(r"[a-z]{4,}", re.sub(r"\{[^}]*\}", "", ja))]
    assert untranslated == []


def test_templates_take_the_same_fields():
    for en, ja in i18n.pairs():
        fields = [set(re.findall(r"\{(\w+)", text)) for text in (en, ja)]
        assert fields[1] <= fields[0] | {"count"}, en  # Japanese may count instead of pluralising


def test_t_and_language():
    assert i18n.t("mem.task.training", "ja") == "学習"
    assert i18n.t("mem.gpus", "en", n=1, s="") == "1 GPU"
    with pytest.raises(ValueError, match="lang must be one of 'en', 'ja'"):
        i18n.t("mem.task.training", "fr")
    with pytest.raises(ValueError, match="key must be a label"):
        i18n.t("no.such.key")
    try:
        i18n.set_language("ja")
        assert i18n.language() == "ja" and matplotlib.rcParams["font.family"] == ["IPAexGothic"]
    finally:
        i18n.set_language("en")
    assert i18n.language() == "en"


def english_labels_with_a_japanese_entry():
    return {en for en, ja in i18n.pairs() if en != ja and "{" not in en and len(en) > 3}


def widget_texts(explorer):
    texts = [c.description for c in explorer.controls.values()]
    texts += [
        str(o[0]) if isinstance(o, tuple) else str(o)
        for c in explorer.controls.values()
        for o in getattr(c, "_options_labels", ())
    ]
    return texts


def test_japanese_explorer_shows_no_english_label():
    explorer = MemoryExplorer(lang="ja")
    explorer.controls["task"].value = "training"
    english = english_labels_with_a_japanese_entry()
    shown = widget_texts(explorer)
    assert not english & set(shown)
    html = explorer.chart.value + explorer.summary.value
    assert not [word for word in english if re.search(rf">\s*{re.escape(word)}\b", html)]
    assert "オプティマイザ状態" in html and "GPU 1枚あたり" in explorer.summary.value


def test_saved_tensors_are_described_in_both_languages():
    from helpers.calc import catalog

    items = memory.activations_measured(catalog.model("Mixtral 8x7B"), 1, 512, "amp", "eager").items
    for item in items:
        assert tables.saved_description(item, "en") and tables.saved_description(
            item, "ja"
        ) != tables.saved_description(item, "en")


def test_japanese_figures_carry_japanese_text():
    """The figures of notebooks 02 (KV cache) and 02a (parity) in Japanese: titles, axes and legends from the label table."""
    import matplotlib.pyplot as plt
    import numpy as np

    from helpers.calc import catalog, evidence
    from helpers.views import plots

    fig, (kv, parity) = plt.subplots(1, 2)
    try:
        plots.kv_cache_figure(kv, {"Kimi K2": catalog.model("Kimi K2")}, np.array([1024, 4096]), 80e9, lang="ja")
        plots.parity_figure(parity, evidence.parity_table(), lang="ja")
        # the title wherever the chart style places it (helpers.views.style puts titles on the left)
        titles = ["".join(ax.get_title(loc) for loc in ("left", "center", "right")) for ax in (kv, parity)]
        texts = titles + [ax.get_xlabel() for ax in (kv, parity)]
        texts += [t.get_text() for t in parity.get_legend().get_texts()]  # 02's lines are named at their ends
        texts += [t.get_text() for t in kv.texts]
        assert kv.get_legend() is None and any("Kimi K2" in text for text in texts)
        english = english_labels_with_a_japanese_entry()
        assert not [text for text in texts if any(word in text for word in english)]
        assert texts[0] == i18n.t("nb02.fig.kv_title", "ja") and "実測" in texts[3]
    finally:
        plt.close(fig)
