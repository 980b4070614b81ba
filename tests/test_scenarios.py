"""The story's assumptions live once, in data/scenarios.csv, and agree with the data they cite."""

import ast
import io
import json
import re
import tokenize
from pathlib import Path

import numpy as np
import pytest

from helpers import data, scenarios
from helpers.calc import catalog, compute, finance, power

ROOT = Path(__file__).resolve().parents[1]
ROWS = scenarios.table()
NUMERIC = [row for row in ROWS.to_dict("records") if row["unit"] not in ("model", "gpu")]


# The table itself -----------------------------------------------------------------------------------
def test_every_row_has_a_basis_a_date_and_an_ordered_range():
    for row in ROWS.to_dict("records"):
        assert row["basis"] in scenarios.BASES, row["id"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["confirmed"]), row["id"]
        assert isinstance(row["note"], str) and row["note"], row["id"]
        if row["basis"] == "source":
            assert isinstance(row["source"], str) and row["source"], row["id"]
    for row in NUMERIC:
        a = scenarios.get(row["id"])
        assert a.low <= a.value <= a.high, row["id"]


def test_ids_are_unique_and_names_resolve():
    assert ROWS["id"].is_unique
    catalog.model(scenarios.text("dense_model"))
    catalog.model(scenarios.text("moe_model"))
    catalog.gpu(scenarios.text("cluster_gpu"))


def test_unknown_ids_and_kinds_are_refused():
    with pytest.raises(ValueError, match="assumption_id"):
        scenarios.get("warp_factor")
    with pytest.raises(ValueError, match="holds a name"):
        scenarios.value("dense_model")
    with pytest.raises(ValueError, match="holds a number"):
        scenarios.text("mfu")
    with pytest.raises(ValueError, match="case"):
        scenarios.value("mfu", "median")


# Sourced rows agree with the files they cite ---------------------------------------------------------
ENERGY = data.load("energy").set_index("id")["value"]


def test_power_rows_match_data_energy():
    pue = scenarios.get("pue")
    assert (pue.low, pue.value, pue.high) == (
        ENERGY["pue_hyperscale_high"],
        ENERGY["pue_japan_target_fy2030"],
        ENERGY["pue_japan_avg"],
    )
    price = scenarios.get("electricity_jpy_per_kwh")
    assert (price.low, price.high) == (ENERGY["price_business_2013"], ENERGY["price_tepco_power_fy2015"])
    assert scenarios.value("load_factor") == ENERGY["dc_load_factor_occto"]


def test_power_fraction_range_is_the_measured_one():
    measured = data.load("measured/h200_training")
    shares = measured["power_w_median"] / catalog.gpu("H200")["tdp_w"]
    low, high = scenarios.bounds("power_fraction")
    assert low - 0.005 <= shares.min() and shares.max() <= high + 0.005  # the README rounds to whole percent


def test_mfu_range_spans_the_published_runs():
    runs = data.load("training_runs").set_index("run")
    low, high = scenarios.bounds("mfu")
    deepseek = compute.implied_mfu(compute.six_nd(37e9, 14.8e12), 2.788e6, gpu="H800")  # notebook 03: 33.1%
    assert low == pytest.approx(deepseek, abs=0.01)
    assert high == runs.loc["Megatron GPT 1T", "mfu_high"]
    assert runs.loc["Llama 3.1 405B", "mfu_low"] <= scenarios.value("mfu") <= runs.loc["Llama 3.1 405B", "mfu_high"]


def test_gx_yield_is_the_latest_ten_year_auction_rounded():
    ten_year = data.load("gx_auctions").set_index("auction_date").loc["2025-10-21"]
    assert scenarios.value("gx_yield_pct") == pytest.approx(ten_year["yield_pct"], abs=0.05)


# Typed views of the rows ----------------------------------------------------------------------------
def test_cluster_cases_take_each_fields_bound():
    low, mid, high = (scenarios.cluster(case) for case in scenarios.CASES[1:2] + ("central", "high"))
    assert (low.mfu, mid.mfu, high.mfu) == (0.33, 0.4, 0.52)
    assert mid.n_gpus == 10_000 and isinstance(mid.n_gpus, int)


def test_reference_runs_are_the_notebook_03_runs():
    runs = scenarios.reference_runs()
    dense, moe = runs["dense"], runs["moe"]
    assert dense.tokens == pytest.approx(21.2e12, rel=1e-3)  # Chinchilla Table 3 for one trillion parameters
    assert moe.tokens == 15.5e12  # Kimi K2's published training tokens (data/training_runs.csv)
    assert dense.flops == pytest.approx(1.32e26, rel=0.005)
    assert dense.flops == compute.training_flops(dense.model, dense.tokens, seq=dense.seq)
    assert moe.model.name == "Kimi K2" and dense.model.name == "Megatron GPT 1T"


def test_datacentre_is_softbanks_investment_with_scenario_inputs():
    dc = scenarios.datacentre()
    facts = data.load("facts").set_index("id")["value"]
    assert dc.capex_jpy == facts["softbank_dc_investment_jpy"] and dc.build_years == facts["softbank_dc_years"]
    assert isinstance(dc.build_years, int) and isinstance(dc.horizon_years, int)
    assert dc.electricity_jpy_per_kwh == scenarios.cluster().electricity_jpy_per_kwh  # one price, notebooks 04 and 06
    summary = finance.summary(dc)  # the figures notebook 06 prints
    assert summary["npv_jpy"] / 1e9 == pytest.approx(388, abs=1)
    assert summary["payback_years"] == pytest.approx(8.9, abs=0.05)
    ranges = scenarios.tornado_ranges()
    assert ranges["gpu_life_years"] == (4, 6) and all(low < high for low, high in ranges.values())


def test_gx_paths_and_budget():
    path = scenarios.issuance_path()
    facts = data.load("facts").set_index("id")["value"]
    assert path.size == 10 and path.sum() == pytest.approx(facts["gx_bond_programme_jpy"])
    budget = scenarios.ai_budget_by_year()
    assert budget[0] == facts["fy2026_ai_budget_jpy"] and budget.sum() == pytest.approx(facts["ai_programme_total_jpy"])
    gx = scenarios.gx()
    interest = finance.gx_path(path, *scenarios.gx_path_args(gx)).total_interest_jpy
    assert interest / 1e12 == pytest.approx(4.05, abs=0.005)  # the figure notebook 05 and the deck print


def test_site_power_example():
    c = scenarios.cluster()
    mw = power.facility_power_mw(
        int(scenarios.value("example_gpus")), gpu=c.gpu, utilisation=c.power_fraction, pue=c.pue
    )
    assert mw == pytest.approx(32.1, abs=0.05)


# One value, one place ---------------------------------------------------------------------------------
# Values too common to search as bare literals (a model width, a count of years or percent); they are
# still found when typed as a keyword of their own name (``seq=4096``, ``utilisation_pct=70``).
COMMON = {
    0.0,
    0.5,
    0.8,
    0.9,
    1.0,
    2.0,
    3.0,
    4.0,
    5.0,
    6.0,
    8.0,
    10.0,
    12.0,
    15.0,
    20.0,
    30.0,
    40.0,
    50.0,
    60.0,
    70.0,
    80.0,
    90.0,
    100.0,
    180.0,
    500.0,
    2048.0,
    4096.0,
    8192.0,
    10_000.0,
}
# Identifiers that hold an assumption: ``name=<number>`` or ``NAME = <number>`` anywhere is a second copy.
NAMES = {
    "mfu": "mfu",
    "pue": "pue",
    "utilisation": "power_fraction",
    "power_fraction": "power_fraction",
    "n_gpus": "cluster_gpus",
    "deadline_days": "deadline_days",
    "load_factor": "load_factor",
    "price_jpy_per_kwh": "electricity_jpy_per_kwh",
    "electricity_jpy_per_kwh": "electricity_jpy_per_kwh",
    "yield_pct": "gx_yield_pct",
    "p_continue": "ai_p_continue",
    "levy_jpy": "gx_levy_jpy",
    "allowance_jpy": "gx_allowance_jpy",
    "seq": "train_seq_tokens",
    **{
        name: f"dc_{name}"
        for name in (
            "gpu_share_pct",
            "capex_per_gpu_jpy",
            "gpu_life_years",
            "facility_life_years",
            "price_jpy_per_gpu_hour",
            "utilisation_pct",
            "facility_kw_per_gpu",
            "idle_power_pct",
            "other_opex_pct",
            "discount_rate_pct",
            "horizon_years",
        )
    },
}
# The same number standing for another quantity, with the reason.
ALLOWED = {
    ("src/helpers/calc/memory.py", "USABLE_FRACTION = 0.9"),  # vLLM's gpu_memory_utilisation default, not power drawn
}


def spellings(row: dict, common: bool = False) -> set[float]:
    """The numbers a literal copy of ``row``'s central value could be typed as (without the common
    ones unless ``common``)."""
    v = float(row["value"])
    found = {v}
    if row["unit"] == "fraction":
        found.add(round(v * 100, 10))
    if row["unit"].startswith("JPY") and v >= 1e9:
        found |= {v / 1e12, v / 1e9}
    return found if common else {f for f in found if f not in COMMON}


def code_sources() -> list[tuple[str, str]]:
    """(place, Python source) of the package and of every English notebook's code cells."""
    found = [
        (str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
        for p in (ROOT / "src" / "helpers").rglob("*.py")
        if "i18n/labels" not in str(p)
    ]
    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        if "/ja/" in str(path) or ".assets" in str(path):
            continue
        for k, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                source = "\n".join(
                    "pass" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
                )
                found.append((f"{path.relative_to(ROOT)} cell {k}", source))
    return found


# Calls whose positional arguments carry assumptions: function -> {position: scenario id}.
POSITIONAL = {
    "training_days": {1: "cluster_gpus"},
    "gpus_for_days": {1: "deadline_days"},
    "power_chain": {0: "example_gpus"},
    "facility_power_mw": {0: "example_gpus"},
    "it_power_per_gpu_w": {1: "power_fraction"},
    "gpu_power_w": {1: "power_fraction"},
    "gx_path": {1: "gx_yield_pct", 2: "gx_levy_jpy", 4: "gx_allowance_jpy"},
    "stage_gate": {1: "ai_p_continue", 2: "gx_yield_pct"},
    "cost_jpy": {1: "electricity_jpy_per_kwh"},
    "yearly_energy_mwh": {1: "load_factor"},
}


def _number(node: ast.AST) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and _number(node.operand) is not None:
        return -_number(node.operand)
    return None


def _is(number: float | None, scenario_id: str) -> bool:
    row = scenarios.table().set_index("id").loc[scenario_id].to_dict()
    return number is not None and any(np.isclose(number, s, rtol=1e-12, atol=0) for s in spellings(row, common=True))


def literal_copies(place: str, source: str) -> list[str]:
    """Lines of ``source`` that type a scenario value: a distinctive number anywhere, or any spelling of
    it as a keyword of its own name (``mfu=0.4``), an assignment to that name, or a known call's argument."""
    values = [s for row in NUMERIC for s in spellings(row)]
    lines = source.splitlines()
    hits: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.NUMBER:
            try:
                number = float(tok.string.replace("_", ""))
            except ValueError:
                continue
            if any(np.isclose(number, s, rtol=1e-12, atol=0) for s in values):
                hits.add(tok.start[0])
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.keyword) and node.arg and node.arg.lower() in NAMES:
            if _is(_number(node.value), NAMES[node.arg.lower()]):
                hits.add(node.value.lineno)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                name = target.id.lower() if isinstance(target, ast.Name) else ""
                if name in NAMES and _is(_number(node.value), NAMES[name]):
                    hits.add(node.lineno)
        elif isinstance(node, ast.Call):
            func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for position, scenario_id in POSITIONAL.get(func, {}).items():
                if position < len(node.args) and _is(_number(node.args[position]), scenario_id):
                    hits.add(node.args[position].lineno)
    return [
        f"{place}:{n}: {lines[n - 1].strip()}"
        for n in sorted(hits)
        if not any(place == p and text in lines[n - 1] for p, text in ALLOWED)
    ]


def label_copies() -> list[str]:
    """Label texts (both languages) that type a scenario value instead of a named field."""
    from helpers.i18n.labels import LABELS

    patterns = {}
    for row in NUMERIC:
        v = float(row["value"])
        if v in COMMON - {0.8, 0.9, 10_000.0}:  # a label's "90%", "80%" and "10,000" are searched
            continue
        texts = {f"{v:g}", f"{v:,.0f}" if v.is_integer() else f"{v:g}"}
        if row["unit"] in ("fraction", "probability"):
            texts.add(f"{v * 100:g}%")
        if row["unit"] == "%":
            texts.add(f"{v:g}%")
        if row["unit"] == "GPUs" and v >= 1e4:
            texts.add(f"{v / 1e4:g}万")
        for text in texts:
            patterns[re.compile(rf"(?<![\d.,]){re.escape(text)}(?![\d])")] = row["id"]
    found = []
    for key, pair in LABELS.items():
        for text in pair:
            plain = re.sub(r"\{[^}]*\}", "", text)
            found += [
                f"{key}: {text!r} types {rid}"
                for pattern, rid in patterns.items()
                if pattern.search(plain) and (key, rid) not in LABELS_ALLOWED
            ]
    return found


# Labels that name the same number for another quantity, with the reason.
LABELS_ALLOWED = {
    ("nb02.serving_line", "power_fraction"),  # 90% of GPU memory usable (memory.USABLE_FRACTION), not power drawn
}


def test_no_scenario_value_is_typed_a_second_time_in_code():
    copies = [line for place, source in code_sources() for line in literal_copies(place, source)]
    assert copies == [], "read these from helpers.scenarios:\n" + "\n".join(copies)


def test_no_label_types_a_scenario_value():
    assert label_copies() == []


def test_the_scan_finds_copies():
    assert literal_copies("x.py", "days = compute.training_days(f, 10_000, gpu=g, mfu=m)\n")
    assert literal_copies("x.py", "power.power_chain(n, gpu=g, utilisation=0.9, pue=p)\n")
    assert literal_copies("x.py", "dc.replace(utilisation_pct=70)\n")  # common value, but named
    assert literal_copies("x.py", "path = gx_path(issue, 1.7, 0.5e12, 0, 0.5e12, 0)\n")
    assert not literal_copies("x.py", "fig, ax = plt.subplots(figsize=(8, 3.6))\n")
    assert not literal_copies("src/helpers/calc/memory.py", "USABLE_FRACTION = 0.9  # vLLM\n")
    assert not literal_copies("x.py", "dc.replace(utilisation_pct=0.0)\n")  # another value of that name
