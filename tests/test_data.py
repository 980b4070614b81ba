"""data/: every file listed in the manifest with its source and hash, and loads refuse tampering."""

import shutil

import pandas as pd
import pytest

from helpers import data
from helpers.calc import catalog
from helpers.calc.params import count_params, from_hf_config


def test_manifest_and_files_agree():
    assert data.problems() == []


def test_load_refuses_a_changed_file(tmp_path, monkeypatch):
    shutil.copytree(data.data_dir(), tmp_path / "data")
    monkeypatch.setenv("TRILLION_DATA_DIR", str(tmp_path / "data"))
    assert data.load("facts").shape[0] > 0
    facts = tmp_path / "data" / "facts.csv"
    facts.write_text(facts.read_text(encoding="utf-8").replace("1000000000000", "2000000000000", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="facts.csv has sha256 .* the manifest says"):
        data.load("facts")
    assert any("facts.csv: sha256 differs" in p for p in data.problems())


def test_unlisted_name_is_refused():
    with pytest.raises(ValueError, match="name must be a file listed in data/manifest.csv, got 'nope'"):
        data.load("nope")


def test_facts_have_sources_and_numbers():
    facts = data.load("facts")
    assert facts["id"].is_unique
    assert facts["source_title"].notna().all() and facts["source_url"].str.startswith("http").all()
    assert set(facts["confidence"]) <= {"confirmed", "single source", "unconfirmed"}
    numeric = facts.dropna(subset=["value"])
    assert (pd.to_numeric(numeric["value"]) > 0).all()
    value = facts.set_index("id")["value"]
    # Spot checks against shared/facts/japan.md.
    assert value["fy2026_ai_budget_jpy"] == 387_300_000_000
    assert value["public_works_fy2026_jpy"] == 6_107_800_000_000
    assert value["model_target_params"] == 1e12


def test_every_fact_has_a_last_confirmed_date():
    """``confirmed``: the ISO date each row was last checked against its source; rows not re-checked
    carry the date the table was compiled (data/manifest.csv's ``retrieved`` for facts.csv, and its
    description says so)."""
    facts = data.load("facts")
    dates = pd.to_datetime(facts["confirmed"], format="%Y-%m-%d")  # raises on a missing or non-ISO date
    compiled = pd.Timestamp(data.manifest().set_index("file").loc["facts.csv", "retrieved"])
    assert dates.notna().all() and (dates >= compiled).all()
    assert "compile date" in data.manifest().set_index("file").loc["facts.csv", "description"]
    checked = facts.set_index("id")["confirmed"]
    for row in (
        "gx_issuance_fy2023_jpy",
        "gx_issuance_fy2024_jpy",
        "gx_issuance_fy2025_jpy",
        "openai_investment_usd_sbg",
    ):
        assert checked[row] > str(compiled.date()), row  # re-checked in the truth pass


def test_models_csv_rows_have_sources_and_build():
    table = catalog.models()
    assert table["source_url"].str.startswith("http").all()
    for name in catalog.names():
        assert count_params(catalog.model(name)).total > 0


@pytest.mark.parametrize("name", [n for n in catalog.names() if n in data.load_json("hf_configs")])
def test_models_csv_agrees_with_hf_config(name):
    config = {k: v for k, v in data.load_json("hf_configs")[name].items() if not k.startswith("_")}
    assert catalog.model(name) == from_hf_config(config, name)


def test_published_counts_are_close_to_ours():
    """Names are nominal: "13B" models with 100k-token vocabularies count 13.7B (+5.7%), DeepSeek's
    "37B" active is 37.55B. Papers that print exact figures agree to 0.01%."""
    table = catalog.comparison().set_index("model")
    assert (table["total_diff"].abs() < 0.06).all(), table["total_diff"]
    moe = table[table["ours_total"] != table["ours_active"]]
    assert len(moe) == 4 and (moe["active_diff"].abs() < 0.03).all(), moe["active_diff"]
    assert (table.loc[["GPT-3 175B", "Megatron GPT 1T"], "total_diff"].abs() < 1e-4).all()
    assert table.loc["Kimi K2", "ours_total"] == 1_026_408_209_408
