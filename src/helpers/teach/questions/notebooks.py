"""The questions asked in the main notebooks 00-06 (``nb<NN>_q<n>``), one record each."""

from __future__ import annotations

import math
from datetime import date

from helpers import data, scenarios
from helpers.calc import catalog, compute, finance, memory, params, power
from helpers.teach.question import Question
from helpers.teach.questions.inputs import cluster_fields, energy, fact, gpu_bytes, kimi
from helpers.teach.units import BYTES, COUNT, DAYS, FLOPS, GPUS, HOUSEHOLDS, POWER, SHARE, YEARS, YEN, Unit

SHEET = "notebooks"  # not an exercise sheet: each record names its notebook as its topic


# 00 The plan and its figures ----------------------------------------------------------------------
def _softbank_share() -> float:
    yearly = fact("softbank_dc_investment_jpy") / fact("softbank_dc_years")
    return yearly / fact("public_works_fy2026_jpy")


def _first_year() -> tuple[float, float, float]:
    total = fact("ai_programme_total_jpy")
    final, reported = fact("fy2026_ai_budget_jpy"), fact("fy2026_ai_budget_reported_jpy")
    return 1 / fact("ai_programme_years"), final / total, (final - reported) / reported


# 01 Parameters ------------------------------------------------------------------------------------
def _kaplan_gpt3() -> float:
    gpt3 = catalog.model("GPT-3 175B")
    return params.kaplan_non_embedding_params(gpt3.n_layers, gpt3.d_model) / 1e9


def _routed_share() -> float:
    return kimi().top_k / kimi().n_experts


def _llama8b_ffn(matrices: int | None = None) -> float:
    llama = catalog.model("Llama 3.1 8B")
    return float(params.ffn_params(llama.d_model, llama.ffn_dim, matrices or params.FFN_MATRICES[llama.ffn_type]))


# 02 GPU memory ------------------------------------------------------------------------------------
def _h200s_for_weights(dtype: str) -> float:
    return math.ceil(memory.weights_bytes(kimi(), dtype) / gpu_bytes("H200"))


# 03 Compute and time ------------------------------------------------------------------------------
def _gpt3_flops() -> float:
    run = compute.training_runs().set_index("run").loc["GPT-3 175B"]
    return float(compute.six_nd(run["params"], run["tokens"])) / 1e23  # units of 1e23 FLOPs


def _chinchilla_1t_days() -> float:
    c = scenarios.cluster()
    flops = float(compute.chinchilla_table().set_index("params").loc[1e12, "flops"])  # Table 3, 1T row
    return float(compute.training_days(flops, c.n_gpus, gpu=c.gpu, mfu=c.mfu))


# 04 Data-centre power -----------------------------------------------------------------------------
def _cluster_mw() -> float:
    c = scenarios.cluster()
    return float(power.facility_power_mw(c.n_gpus, c.gpu, c.power_fraction, c.pue))


def _sakai_households() -> float:
    sakai = float(power.datacenters().set_index("id").loc["sakai_initial_150", "capacity_mw"])
    mwh = power.yearly_energy_mwh(sakai, load_factor=scenarios.value("load_factor"))
    return float(power.households(mwh, energy("household_kwh_fy2021")))


# 05 GX bonds --------------------------------------------------------------------------------------
def _gx_issued_share() -> float:
    issued = sum(fact(f"gx_issuance_fy{fy}_jpy") for fy in (2023, 2024, 2025))
    return issued / fact("gx_bond_programme_jpy")


def _auction() -> dict:
    return data.load("gx_auctions").set_index("auction_date").loc["2025-10-21"].to_dict()


def _simple_yield() -> float:
    row = _auction()
    years = finance.years_between(date.fromisoformat(row["issue_date"]), date.fromisoformat(row["maturity_date"]))
    return float(finance.jgb_simple_yield(row["price_per_100"], row["coupon_pct"], years))


# 06 Data-centre economics -------------------------------------------------------------------------
def _sbg_rate() -> float:
    return float(data.load("fx_rates").set_index("id").loc["sbg_20250331", "stated_jpy_per_usd"])


def _openai_yen_tn() -> float:
    return fact("openai_investment_usd_sbg") * _sbg_rate() / 1e12


PAYBACK_FLOWS = (-100.0, 30.0, 40.0, 50.0)  # nb06_q2: the question's own project


QUESTIONS = (
    Question(
        "nb00_q1",
        "00_introduction",
        _softbank_share,
        Unit(SHARE),  # a fraction
        hints=((lambda: fact("softbank_dc_investment_jpy") / fact("public_works_fy2026_jpy"), "ex.hint.nb00_q1.0"),),
    ),
    Question("nb00_q2", "00_introduction", _first_year, Unit(SHARE), names=("q2a", "q2b", "q2c")),
    Question(
        "nb01_q1",
        "01_parameters",
        _kaplan_gpt3,
        Unit(COUNT, 1e9),  # billions (notebook 01 asks in 10億 in Japanese too)
    ),
    Question(
        "nb01_q2",
        "01_parameters",
        _routed_share,
        Unit(SHARE),  # a fraction
    ),
    Question(
        "nb01_q3",
        "01_parameters",
        _llama8b_ffn,
        Unit(COUNT),  # parameters
        hints=((lambda: _llama8b_ffn(matrices=2), "ex.hint.nb01_q3.0"),),
    ),
    Question(
        "nb02_q1",
        "02_gpu_memory",
        lambda: memory.bytes_per_element("nvfp4"),
        Unit(BYTES),  # bytes per value
        hints=((lambda: memory.number_format("nvfp4").bits / 8, "ex.hint.nb02_q1.0"),),
    ),
    Question(
        "nb02_q2",
        "02_gpu_memory",
        lambda: memory.kv_bytes_per_token(kimi(), "bf16"),
        Unit(BYTES),  # bytes per token
        hints=(
            (lambda: 2 * memory.kv_bytes_per_token(kimi(), "bf16"), "ex.hint.nb02_q2.0"),
            (lambda: memory.kv_bytes_per_token(kimi(), "bf16") / 2, "ex.hint.nb02_q2.1"),
        ),
    ),
    Question(
        "nb02_q3",
        "02_gpu_memory",
        lambda: _h200s_for_weights("fp8"),
        Unit(GPUS),  # H200 GPUs
        hints=(
            (lambda: _h200s_for_weights("fp8") - 1, "ex.hint.nb02_q3.0"),
            (lambda: _h200s_for_weights("bf16"), "ex.hint.nb02_q3.1"),
        ),
    ),
    Question(
        "nb03_q1",
        "03_compute_and_time",
        _gpt3_flops,
        Unit(FLOPS, 1e23),  # units of 10²³ FLOPs
        hints=((lambda: _gpt3_flops() / 3, "ex.hint.nb03_q1.0"),),
    ),
    Question(
        "nb03_q2",
        "03_compute_and_time",
        _chinchilla_1t_days,
        Unit(DAYS),
        fields=cluster_fields,
        hints=((lambda: _chinchilla_1t_days() * scenarios.cluster().mfu, "ex.hint.nb03_q2.0"),),
    ),
    Question(
        "nb04_q1",
        "04_datacenter_power",
        _cluster_mw,
        Unit(POWER, 1e6),  # MW
        fields=cluster_fields,
        hints=((lambda: _cluster_mw() / scenarios.cluster().pue, "ex.hint.nb04_q1.0"),),
    ),
    Question(
        "nb04_q2",
        "04_datacenter_power",
        _sakai_households,
        Unit(HOUSEHOLDS),
        fields=lambda: {"load_factor": scenarios.value("load_factor")},
        hints=((lambda: _sakai_households() / scenarios.value("load_factor"), "ex.hint.nb04_q2.0"),),
    ),
    Question(
        "nb05_q1",
        "05_gx_bond_financing",
        _gx_issued_share,
        Unit(SHARE),  # a fraction
    ),
    Question(
        "nb05_q2",
        "05_gx_bond_financing",
        _simple_yield,
        Unit(SHARE, 0.01),  # percent
        rel=1e-4,
        hints=(
            (lambda: _auction()["yield_pct"], "ex.hint.nb05_q2.0"),
            (lambda: _auction()["coupon_pct"] / _auction()["price_per_100"] * 100, "ex.hint.nb05_q2.1"),
        ),
    ),
    Question(
        "nb06_q1",
        "06_datacenter_economics",
        _openai_yen_tn,
        Unit(YEN, 1e12),  # yen trillions; 兆円 in Japanese
        hints=((lambda: fact("openai_investment_usd_sbg") / _sbg_rate() / 1e12, "ex.hint.nb06_q1.0"),),
    ),
    Question(
        "nb06_q2",
        "06_datacenter_economics",
        lambda: finance.payback_years(PAYBACK_FLOWS),
        Unit(YEARS),
        hints=((lambda: math.ceil(finance.payback_years(PAYBACK_FLOWS)), "ex.hint.nb06_q2.0"),),
    ),
)
