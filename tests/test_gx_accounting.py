"""GX bonds counted two ways (by legal basis, and Climate Transition Bonds at auction), the cap used,
FY2026, AI's share, who pays, and SoftBank Group's OpenAI figure by date: each corrected figure pinned
to its source row and to what notebooks 00, 05 and 06 print in both editions."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import data, scenarios
from helpers.views import units

ROOT = Path(__file__).resolve().parents[1]
FACTS = data.load("facts").set_index("id")
VALUE = FACTS["value"].astype(float, errors="ignore")
ACCOUNTS = data.load("gx_accounting").set_index("id")
AMOUNT = ACCOUNTS["value_jpy"]
CAP = float(FACTS.loc["gx_bond_programme_jpy", "value"])


def printed(path: str) -> str:
    """Everything a stored notebook prints, as one text: stream outputs and the text of its result
    notes, tables and cards (their text/plain, which nbval compares)."""
    cells = json.loads((ROOT / path).read_text(encoding="utf-8"))["cells"]
    return "\n".join(
        "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
        for c in cells
        if c["cell_type"] == "code"
        for o in c["outputs"]
    )


def markdown(path: str) -> str:
    cells = json.loads((ROOT / path).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def fact(row: str) -> float:
    return float(FACTS.loc[row, "value"])


# The two series ----------------------------------------------------------------------------------
def test_legal_basis_series_from_mofs_issuance_plans():
    """MOF『ファイナンス』Feb 2024 p.37, table 1 (発行根拠法別): GX経済移行債 0.7 (FY2024), (0.5) FY2023."""
    legal = ACCOUNTS[ACCOUNTS["series"] == "legal_basis"].set_index("fiscal_year")
    assert legal.loc[2023, "value_jpy"] == 0.5e12 and legal.loc[2024, "value_jpy"] == 0.7e12
    assert legal.loc[[2023, 2024], "source_url"].str.startswith("https://www.mof.go.jp/").all()
    assert np.isnan(legal.loc[2025, "value_jpy"]) and legal.loc[2025, "confidence"] == "not found"


def test_climate_transition_bond_series_is_labelled_as_auctions():
    ctb = [fact(f"gx_issuance_fy{fy}_jpy") for fy in (2023, 2024, 2025)]
    assert ctb == [1.6e12, 1.4e12, 1.2e12]
    for fy in (2023, 2024, 2025):
        assert FACTS.loc[f"gx_issuance_fy{fy}_jpy", "label_en"].startswith("Climate Transition Bonds")
    assert "not found" not in FACTS.loc["gx_issuance_fy2025_jpy", "note"].split("FY2026")[-1]


def test_the_gap_between_the_series_is_refinancing_and_carry_over():
    """FY2023: CTB 1.6 = legal 0.5 + the FY2022 spending refinanced (cabinet order 222, Art. 5:
    ¥1兆1034億4635万); FY2024: CTB 1.4 > legal 0.7 (the FY2023 supplementary budget's share)."""
    refinanced = AMOUNT["refinancing_fy2022"]
    assert refinanced == 1_103_446_350_000
    assert fact("gx_issuance_fy2023_jpy") - AMOUNT["legal_basis_fy2023"] == pytest.approx(refinanced, abs=0.01e12)
    assert fact("gx_issuance_fy2024_jpy") - AMOUNT["legal_basis_fy2024"] == pytest.approx(0.7e12)
    assert "補正予算見合い分" in FACTS.loc["gx_issuance_fy2024_jpy", "note"]


def test_cap_used_against_auction_timing():
    """21% is when bonds were auctioned; the Cabinet Office counts ¥4.8 tn of budgets FY2022-25: 24%."""
    assert CAP == 20e12
    assert round(scenarios.gx_issued().sum() / CAP, 2) == 0.21
    assert AMOUNT["cap_used_fy2022_2025"] == 4.8e12 and AMOUNT["cap_used_fy2022_2025"] / CAP == pytest.approx(0.24)


# FY2026, AI's share, who pays ----------------------------------------------------------------------
def test_fy2026_budget_figures_from_mof():
    assert AMOUNT["gx_budget_fy2026"] == 605e9  # 予算総額 6,050 億円
    assert AMOUNT["gx_budget_fy2026_with_supplementary"] == 1.0e12  # 1.0兆円規模
    assert fact("fy2026_ai_semis_budget_jpy") == 1_239_000_000_000  # 1兆2,390億円
    assert AMOUNT["ai_semis_frame_fy2026_with_supplementary"] == 1.5e12  # 1.5兆円規模
    for url in (ACCOUNTS.loc["gx_budget_fy2026", "source_url"], FACTS.loc["fy2026_ai_semis_budget_jpy", "source_url"]):
        assert url == "https://www.wic-net.com/material/document/22973/5"  # MOF's FY2026 budget (12/26)
    assert round(fact("fy2026_ai_semis_budget_jpy") / AMOUNT["gx_budget_fy2026"], 1) == 2.0
    assert np.isnan(AMOUNT["ctb_plan_fy2026"]) and ACCOUNTS.loc["ctb_plan_fy2026", "confidence"] == "not found"


def test_ai_share_of_the_climate_programme():
    assert fact("ai_semis_frame_gx_jpy") / CAP == pytest.approx(0.11)
    assert fact("ai_programme_total_jpy") / CAP == pytest.approx(0.05)
    assert round(fact("fy2026_ai_budget_jpy") / fact("fy2026_ai_semis_budget_jpy"), 2) == 0.31


def test_eligibility_is_open_and_who_pays_is_sourced():
    eligible = ACCOUNTS.loc["ctb_framework_ai_eligibility"]
    assert eligible["value_text"] == "open" and eligible["confidence"] == "not found"
    charged = ACCOUNTS.loc["bonds_charged_to"]
    assert "エネルギー対策特別会計の負担" in charged["value_text"] and "Art. 7" in charged["note"]
    plan = data.load("gx_redemption").set_index("id")["value"].astype(float)
    assert (plan["fossil_fuel_levy_start_fy"], plan["allowance_auction_start_fy"], plan["redemption_end_fy"]) == (
        2028,
        2033,
        2050,
    )


def test_the_debt_path_starts_from_the_transition_bond_series():
    """A deliberate choice (scenarios.gx_issued): complete FY2023-25 and in the year money was borrowed;
    the model's input is unchanged, so notebook 05's ¥4.05 tn of interest stands (test_scenarios)."""
    path = scenarios.issuance_path()
    assert path[:3].tolist() == [fact(f"gx_issuance_fy{fy}_jpy") for fy in (2023, 2024, 2025)]
    assert path.sum() == pytest.approx(CAP)


# SoftBank Group's OpenAI figure, by date -------------------------------------------------------------
def test_openai_versions_are_labelled_by_date_and_source():
    nov, feb = FACTS.loc["openai_investment_usd_sbg_nov2025"], FACTS.loc["openai_investment_usd_sbg"]
    assert (float(nov["value"]), float(feb["value"])) == (34.7e9, 34.6e9)
    assert (nov["source_date"], feb["source_date"]) == ("2025-11-11", "2026-02-12")
    assert "11 Nov 2025" in nov["label_en"] and "12 Feb 2026" in feb["label_en"]
    assert "openai_investment_usd_jp_reports" not in FACTS.index


# What the notebooks show, in both editions ---------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_notebook_05_prints_both_series_the_cap_used_and_fy2026(lang):
    folder = "notebooks/ja/" if lang == "ja" else "notebooks/"
    text = printed(folder + "05_gx_bond_financing.ipynb")
    for amount in (0.5e12, 0.7e12, 1.6e12, 4.2e12, 4.8e12, 605e9, 2.2e12, 1.239e12):
        assert units.yen_text(amount, lang) in text, amount
    for share in ("21%", "24%", "11%", "31%"):
        assert share in text
    assert units.yen_text(AMOUNT["refinancing_fy2022"], lang, digits=5) in text
    assert "¥4.05 tn" in text if lang == "en" else "4.05兆円" in text  # the GX interest headline, three figures


def test_notebook_05_no_longer_says_no_fy2026_plan_was_found():
    assert "No FY2026 plan was found" not in markdown("notebooks/05_gx_bond_financing.ipynb")
    assert "2026年度の計画は見つからなかった" not in markdown("notebooks/ja/05_gx_bond_financing.ipynb")
    assert "the question is open" in markdown("notebooks/05_gx_bond_financing.ipynb")
    assert "未解決" in markdown("notebooks/ja/05_gx_bond_financing.ipynb")


@pytest.mark.parametrize("folder", ["notebooks/", "notebooks/ja/"])
def test_notebook_00_shows_the_oldest_confirmation(folder):
    oldest = pd.to_datetime(FACTS["confirmed"]).min().date().isoformat()
    text = printed(folder + "00_introduction.ipynb")
    assert oldest in text and f"{len(FACTS)}" in text


@pytest.mark.parametrize(("folder", "words"), [("notebooks/", "11 Nov 2025"), ("notebooks/ja/", "2025年11月11日")])
def test_notebook_06_labels_the_openai_versions_by_date(folder, words):
    text = printed(folder + "06_datacenter_economics.ipynb")
    assert words in text and "Japanese reports" not in text
