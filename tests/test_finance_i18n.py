"""The finance views of notebooks 05 and 06 in Japanese: no English label that has a Japanese entry."""

import re

import pytest

from helpers import data, i18n, scenarios
from helpers.i18n import labels
from helpers.views import finance_explorers as finance_views

FACTS = data.load("facts").set_index("id")["value"]


def english_labels():
    """English label texts with a different Japanese entry, as pieces between template fields and tags."""
    found = set()
    for en, ja in i18n.pairs():
        if en == ja:
            continue
        for piece in re.split(r"\{[^}]*\}|<[^>]+>", en):
            piece = piece.strip(" :;,.()/")
            if len(piece) >= 4 and re.search(r"[a-z]{3}", piece) and piece not in ja:  # names stay
                found.add(piece)
    return found


def shown_english(texts):
    """English label pieces among the texts a reader sees (tags removed)."""
    plain = [re.sub(r"<[^>]+>", " ", text) for text in texts]
    return sorted(p for p in english_labels() if any(re.search(rf"(?<![\w.]){re.escape(p)}(?![\w])", t) for t in plain))


def gx(lang):
    return finance_views.GxExplorer(lang=lang)


def view_texts(explorer):
    texts = [c.description for c in explorer.controls.values()]
    return texts + [w.value for w in (explorer.summary, explorer.chart, getattr(explorer, "tornado", explorer.chart))]


def test_the_scan_finds_english():
    assert "Outstanding debt" in shown_english(view_texts(gx("en")))
    assert "break-even utilisation" in shown_english(view_texts(finance_views.DataCentreExplorer(lang="en")))


def test_japanese_gx_explorer_shows_no_english_label():
    explorer = gx("ja")
    assert shown_english(view_texts(explorer)) == []
    assert (
        "償還完了" in explorer.summary.value and "2023年度" in explorer.chart.value and "兆円" in explorer.chart.value
    )
    explorer.controls["levy"].value = explorer.controls["allowance"].value = 0.1  # too little to repay by FY2050
    assert shown_english(view_texts(explorer)) == [] and "未償還" in explorer.summary.value


def test_japanese_datacentre_explorer_shows_no_english_label():
    explorer = finance_views.DataCentreExplorer(lang="ja")
    assert shown_english(view_texts(explorer)) == []
    assert (
        "損益分岐" in explorer.summary.value and "稼働率" in explorer.tornado.value and "億円" in explorer.tornado.value
    )
    explorer.controls["price_jpy_per_gpu_hour"].value = 100  # no payback, no break-even within 100%
    assert shown_english(view_texts(explorer)) == [] and "採算に乗らない" in explorer.summary.value
    assert "評価期間内に回収できない" in explorer.summary.value


def test_views_follow_the_current_language():
    try:
        i18n.set_language("ja")
        assert finance_views.DataCentreExplorer().controls["utilisation_pct"].description == "稼働率(%)"
        assert finance_views.signed_yen(-1.25e10) == "−125億円"
    finally:
        i18n.set_language("en")
    assert finance_views.DataCentreExplorer().controls["utilisation_pct"].description == "Utilisation (%)"
    assert finance_views.signed_yen(-1.25e10) == "−¥12.5 bn"


@pytest.mark.parametrize(
    "name, columns",
    [
        (
            "gx_auctions",
            [
                "auction_date",
                "tenor_years",
                "coupon_pct",
                "yield_pct",
                "price_per_100",
                "bid_to_cover",
                "allotted_jpy",
                "confidence",
            ],
        ),
        (
            "gx_greenium",
            [
                "auction_date",
                "tenor_years",
                "reference",
                "ctb_yield_pct",
                "reference_yield_pct",
                "greenium_bp",
                "confidence",
            ],
        ),
    ],
)
def test_source_tables_in_japanese(name, columns):
    frame = data.load(name)
    table = finance_views.source_table(frame, columns, "ja")
    words = [str(c) for c in table.columns] + [v for c in table.columns for v in table[c] if isinstance(v, str)]
    assert shown_english(words) == []
    assert not [w for w in words if re.fullmatch(r"[A-Za-z ,()#-]{4,}", w)]  # no untranslated English cell
    english = finance_views.source_table(frame, columns, "en")
    assert list(english.columns) == [i18n.t(f"fin.col.{c}", "en") for c in columns]


def test_tornado_labels_every_input():
    assert {f"fin.input.{name}" for name in scenarios.tornado_ranges()} <= labels.ENGLISH.keys()
    assert finance_views.level_text(6e6) == "6,000,000" and finance_views.level_text(0.5) == "0.5"
