"""Numbers in powers of ten for the tables of notebooks 03-06 (issue 16: no e-notation)."""

import pytest

from helpers.views import chain_views


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (6.048e12, 3, "6.05×10¹²"),
        (1.3163702906880007e26, 3, "1.32×10²⁶"),
        (3.8e25, 3, "3.8×10²⁵"),
        (9.9961e24, 3, "1×10²⁵"),
        (1.92e19, 3, "1.92×10¹⁹"),
        (4.5, 3, "4.5"),
        (0, 3, "0"),
        (-2.5e-5, 2, "−2.5×10⁻⁵"),
    ],
)
def test_power_of_ten_text(value, digits, shown):
    assert chain_views.power_of_ten_text(value, digits) == shown


def test_power_of_ten_text_names_a_bad_input():
    with pytest.raises(ValueError, match="digits"):
        chain_views.power_of_ten_text(1e12, 0)


def test_footnoted_marks_each_row_with_its_source_once():
    import pandas as pd

    rows = pd.DataFrame(
        {"source_title": ["MOF", "Reuters", "MOF"], "source_date": ["2025-10-21", None, "2025-10-21"], "x": [1, 2, 3]}
    )
    marked, notes = chain_views.footnoted(rows, rows[["x"]], "en")
    assert marked["source"].tolist() == ["[1]", "[2]", "[1]"]
    assert notes == ["[1] MOF (2025-10-21)", "[2] Reuters"]
    with pytest.raises(ValueError, match="source_title"):
        chain_views.footnoted(rows[["x"]], rows[["x"]], "en")
    with pytest.raises(ValueError, match="shown"):
        chain_views.footnoted(rows, rows[["x"]].iloc[:2], "en")
