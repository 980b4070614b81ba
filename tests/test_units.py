"""helpers.views.units: formatting never rounds a published figure away and names its base."""

import pytest

from helpers.views import units


@pytest.mark.parametrize(
    ("amount", "en", "ja"),
    [
        (1_000_000_000_000, "¥1 tn", "1兆円"),
        (387_300_000_000, "¥387.3 bn", "3873億円"),
        (6_107_800_000_000, "¥6.1078 tn", "6兆1078億円"),
        (2_000_000_000_000, "¥2 tn", "2兆円"),
        (1_239_000_000_000, "¥1.239 tn", "1兆2390億円"),
    ],
)
def test_yen_keeps_published_digits(amount, en, ja):
    assert units.yen_text(amount) == en
    assert units.yen_text(amount, "ja") == ja


def test_params_and_bytes():
    assert units.params_text(1_026_408_209_408) == "1.03 T"
    assert units.params_text(405_853_388_800) == "406 B"
    assert units.params_text(124_439_808) == "124 M"
    assert units.bytes_text(2e12) == "2.00 TB"
    assert units.bytes_text(2e12, "GiB") == "1.82 TiB"
    assert units.usd_text(34.6e9) == "USD 34.6 bn"
    assert units.yen_text(117e6, digits=2) == "¥120 m"  # never ¥1.2e+02 m
    assert units.yen_text(6.1078e12) == "¥6.1078 tn" and units.yen_text(1e12, digits=3) == "¥1 tn"


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="amount_jpy must be a finite number, got inf"):
        units.yen_text(float("inf"))
    with pytest.raises(ValueError, match="lang must be one of 'en', 'ja'; got 'fr'"):
        units.yen_text(1, "fr")


def test_params_in_japanese_units():
    """兆 = 10^12, 億 = 10^8, 万 = 10^4."""
    assert units.params_text(1_026_408_209_408, lang="ja") == "1.03兆"
    assert units.params_text(405_853_388_800, lang="ja") == "4059億"
    assert units.params_text(32_861_477_888, lang="ja") == "329億"
    assert units.params_text(124_439_808, lang="ja") == "1.24億"
    assert units.params_text(124_439_808, lang="en") == "124 M"


def test_negative_yen_get_a_minus_sign():
    assert units.yen_text(-12.5e9) == "−¥12.5 bn"
    assert units.yen_text(-125e8, lang="ja") == "−125億円"
    with pytest.raises(ValueError, match="amount_jpy must be a finite number"):
        units.yen_text(float("nan"))


def test_japanese_yen_below_100_oku_keep_man():
    """Budgets in 億円; smaller sums in 億 and 万 rather than rounded to a whole 億 (1.17e8 is not 1億円);
    no comma inside a group of four digits (tests/test_japanese.py has every case of the style)."""
    assert units.yen_text(387.3e9, lang="ja") == "3873億円"
    assert units.yen_text(1.17e8, lang="ja") == "1億1700万円"
    assert units.yen_text(67_704_313, lang="ja") == "6770万4300円"  # six figures, as ¥67.7043 m
    assert units.yen_text(67_704_313, lang="ja", digits=4) == "6770万円"
    assert units.yen_text(1e8, lang="ja") == "1億円"
    assert units.yen_text(9_999, lang="ja") == "9999円"


def test_a_whole_count_keeps_every_digit_in_japanese():
    """A table cell of 4,718,592 KV bytes per token (notebook 02) reads 471万8592, not 471万8590."""
    assert units.count_text(4_718_592, "ja") == "471万8592"
    assert units.count_text(13_107_200, "ja") == "1310万7200"
    assert units.count_text(62_489, "ja") == "6万2489"
    assert units.count_text(4_718_592, "en") == "4,718,592"
