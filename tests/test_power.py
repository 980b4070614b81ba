"""helpers.calc.power pinned to measurements (H200), system datasheets and the sourced Japan figures."""

import numpy as np
import pytest

from helpers import data, scenarios
from helpers.calc import catalog, compute, power


# H200 measurements (data/measured/) ----------------------------------------------------------------
def test_inference_energy_per_token_reproduces_the_h200_measurement():
    """4.31 mJ per prefill token of a 1.3B model, GPU board only. With the measured MFU (model
    TFLOP/s at 2·N per token ÷ 989.4) and the measured power as the utilisation of 700 W, the
    formula must give the measured joules per token to float precision: this pins its units."""
    row = data.load("measured/h200_inference_power").iloc[0]
    flops_per_token = 2 * row["params"]
    assert flops_per_token * row["tokens_per_s"] / 1e12 == pytest.approx(row["model_tflops"], rel=1e-9)
    mfu = row["model_tflops"] * 1e12 / compute.peak_flops("H200")
    utilisation = row["power_w_median"] / catalog.gpu("H200")["tdp_w"]
    assert power.energy_per_token_j(flops_per_token, gpu="H200", mfu=mfu, utilisation=utilisation) == pytest.approx(
        row["joules_per_token"], rel=1e-9
    )
    assert 0.98 < utilisation <= 1.0  # "inference prefill ~99%" (measurements README)


@pytest.mark.parametrize("row", data.load("measured/h200_training").to_dict("records"), ids=lambda r: r["model"])
def test_training_draws_85_to_94_percent_of_the_limit(row):
    """Measurements README: under training load the GPU drew 85-94% of its 700 W limit (rounded:
    we allow half a point), so the scenario's power fraction lies inside the measured range."""
    share = row["power_w_median"] / catalog.gpu(row["gpu"])["tdp_w"]
    assert 0.845 <= share <= 0.945
    for case in scenarios.CASES:
        assert 0.845 <= scenarios.cluster(case).power_fraction <= 0.945


# Systems ---------------------------------------------------------------------------------------------
def test_dgx_h100_chain_at_full_power():
    """DGX H100: 10.2 kW for 8 GPUs of 700 W, so 4.6 kW for the rest of the system; PUE 1 adds nothing."""
    chain = power.power_chain(8, gpu="H100 SXM", utilisation=1.0, pue=1.0)
    assert chain.it_mw == pytest.approx(10.2e-3)
    assert chain.gpu_mw == pytest.approx(8 * 700e-6)
    assert chain.server_mw == pytest.approx(10.2e-3 - 5.6e-3)
    assert chain.cooling_mw == 0


def test_gb200_nvl72_rack():
    """A GB200 NVL72 rack, ~120 kW for 72 GPUs: 1,667 W per GPU, of which 1,200 W is the GPU."""
    assert power.it_power_per_gpu_w("GB200", utilisation=1.0) == pytest.approx(120e3 / 72)
    chain = power.power_chain(72, gpu="GB200", utilisation=1.0, pue=1.0)
    assert chain.it_mw == pytest.approx(0.120)
    assert chain.gpu_mw == pytest.approx(72 * 1200e-6)


def test_facility_power_scales_with_gpus_utilisation_and_pue():
    base = power.facility_power_mw(1000, gpu="H100 SXM", utilisation=0.9, pue=1.0)
    assert power.facility_power_mw(2000, gpu="H100 SXM", utilisation=0.9, pue=1.0) == pytest.approx(2 * base)
    assert power.facility_power_mw(1000, gpu="H100 SXM", utilisation=0.9, pue=1.7) == pytest.approx(1.7 * base)
    assert base == pytest.approx(1000 * 10.2e3 / 8 * 0.9 / 1e6)
    chain = power.power_chain(1000, gpu="H100 SXM", utilisation=0.9, pue=1.4)
    assert chain.gpu_mw + chain.server_mw + chain.cooling_mw == pytest.approx(chain.facility_mw)


@pytest.mark.parametrize("site_mw", [10, 50, 150, 250, 300, 1000])
def test_gpus_for_power_is_the_inverse(site_mw):
    n = power.gpus_for_power(site_mw, gpu="H100 SXM", utilisation=0.9, pue=1.4)
    assert power.facility_power_mw(n, gpu="H100 SXM", utilisation=0.9, pue=1.4) <= site_mw * (1 + 1e-12)
    assert power.facility_power_mw(n + 1, gpu="H100 SXM", utilisation=0.9, pue=1.4) > site_mw


CHAIN = {"gpu": "H100 SXM", "utilisation": 0.9, "pue": 1.4}  # an H100 site at 90% power and PUE 1.4


def test_sweeps_equal_single_calls():
    sites = np.array([50.0, 150.0, 300.0])
    pues = np.array([1.1, 1.4, 1.7])
    np.testing.assert_array_equal(
        power.gpus_for_power(sites, **CHAIN), [power.gpus_for_power(s, **CHAIN) for s in sites]
    )
    np.testing.assert_allclose(
        power.facility_power_mw(10_000, gpu="H100 SXM", utilisation=0.9, pue=pues),
        [power.facility_power_mw(10_000, gpu="H100 SXM", utilisation=0.9, pue=p) for p in pues],
    )


# Energy, money, CO2, households against the sourced Japan figures ------------------------------------
def test_300_mw_at_occto_load_factor():
    """shared/facts/japan.md (derived there): 300 MW at OCCTO's 80% load factor ≈ 2.1 TWh a year ≈
    0.5 million households at 4,175 kWh. Their rounding (2 and 1 significant figures) allows 1% and 2%."""
    energy = power.energy_facts()
    mwh = power.yearly_energy_mwh(300, load_factor=energy["dc_load_factor_occto"])
    assert mwh == pytest.approx(2.1e6, rel=0.01)
    assert power.households(mwh, energy["household_kwh_fy2021"]) == pytest.approx(0.5e6, rel=0.02)


def test_occto_data_centre_growth_in_households_and_sites():
    """OCCTO's +44 TWh of data-centre demand by FY2034 is about 5% of ~850 TWh, and equals about
    21 sites of 300 MW at 80% load factor (our arithmetic from the sourced figures)."""
    energy = power.energy_facts()
    share = energy["dc_occto_fy2034_twh"] / energy["demand_occto_fy2034"]
    assert 0.04 < share < 0.06  # ITmedia: data centres and semiconductors together ~6% of FY2034 energy
    sites = energy["dc_occto_fy2034_twh"] * 1e6 / power.yearly_energy_mwh(300, 0.8)
    assert 20 < sites < 22


def test_cost_co2_households_units():
    assert power.cost_jpy(1.0, 20.0) == pytest.approx(20_000)  # 1 MWh at ¥20/kWh
    assert power.co2_t(1000.0, 0.421) == pytest.approx(421)  # 1 GWh at the FY2023 national factor
    assert power.co2_t(1000.0, 0.421, renewable_share=1.0) == 0
    assert power.households(4.175, 4175) == pytest.approx(1)


def test_llama_405b_energy_as_the_model_card_counts_it():
    """Meta counts 700 W per GPU for 30.84M H100-hours (model card): 21.6 GWh (facts/llm.md, 3
    figures: 0.25%). Its location-based 8,930 tCO2 then imply a factor of ~0.41 kg/kWh."""
    mwh = power.energy_mwh(power.gpu_power_w("H100 SXM", utilisation=1.0) / 1e6, 30.84e6)
    assert mwh == pytest.approx(21.6e3, rel=0.0025)
    assert 8930 / mwh == pytest.approx(0.41, abs=0.005)


def test_training_energy_is_hours_times_power():
    flops = 1.27e26
    hours = compute.gpu_hours(flops, gpu="H100 SXM", mfu=0.4)
    expected = hours * power.it_power_per_gpu_w("H100 SXM", 0.9) * 1.4 / 1e6
    assert power.training_energy_mwh(flops, gpu="H100 SXM", mfu=0.4, utilisation=0.9, pue=1.4) == pytest.approx(
        expected
    )


def test_energy_per_token_moves_with_active_parameters_precision_and_pue():
    """MoE: per-token energy follows active parameters; FP8 doubles the H100's peak, halving energy
    at the same MFU and power; PUE multiplies it."""
    dense = compute.inference_flops_per_token(catalog.model("Megatron GPT 1T"), context=1, attention=False)
    moe = compute.inference_flops_per_token(catalog.model("Kimi K2"), context=1, attention=False)
    e_dense = power.energy_per_token_j(dense, gpu="H100 SXM", mfu=0.4, utilisation=0.9)
    e_moe = power.energy_per_token_j(moe, gpu="H100 SXM", mfu=0.4, utilisation=0.9)
    assert e_dense / e_moe == pytest.approx(dense / moe)
    fp8 = power.energy_per_token_j(moe, gpu="H100 SXM", mfu=0.4, utilisation=0.9, precision="fp8")
    assert fp8 == pytest.approx(e_moe * 989.4 / 1978.9)
    assert power.energy_per_token_j(moe, gpu="H100 SXM", mfu=0.4, utilisation=0.9, pue=1.4) == pytest.approx(
        1.4 * e_moe
    )


# Data files --------------------------------------------------------------------------------------------
def test_datacenters_keep_disagreeing_sources():
    sites = power.datacenters().set_index("id")
    assert sites["source_title"].notna().all() and sites["source_url"].str.startswith("http").all()
    assert sites.loc["tomakomai_initial_50", "capacity_mw"] == 50
    assert sites.loc["tomakomai_initial_10", "capacity_mw"] == 10  # 電波新聞 2023: kept beside the 50 MW reports
    assert sites.loc["tomakomai_planned_300", "capacity_mw"] == 300
    assert sites.loc["sakai_initial_150", "capacity_mw"] == 150 and sites.loc["sakai_later_250", "capacity_mw"] == 250
    assert sites.loc["tomakomai_planned_300", "renewable_share"] == 1.0


def test_grid_and_energy_files():
    grid = power.grid_factors().set_index("id")
    assert grid.loc["national_fy2023", "kg_co2_per_kwh"] == 0.421
    assert grid["source_url"].str.startswith("http").all()
    assert set(grid["area"]) == {"Japan", "Hokkaido", "Kansai"}
    energy = data.load("energy")
    assert energy["source_url"].str.startswith("http").all()
    assert set(energy["confidence"]) <= {"confirmed", "single source", "unconfirmed"}
    values = energy.set_index("id")["value"]
    assert values["pue_japan_target_fy2030"] == scenarios.cluster().pue
    assert values["price_business_2013"] < values["price_tepco_power_fy2015"]  # the range the notebook offers
    assert 800 < values["demand_occto_fy2024"] < values["demand_meti_committee"] <= 900


def test_every_server_names_a_gpu_of_the_catalogue():
    for _, row in power.servers().iterrows():
        assert catalog.gpu(row["gpu"])["gpu"] == row["gpu"]
        assert row["max_kw"] * 1e3 / row["gpus"] > catalog.gpu(row["gpu"])["tdp_w"]


# Validation ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: power.facility_power_mw(1000, pue=0.9, gpu="H100 SXM", utilisation=0.9), "pue"),
        (lambda: power.facility_power_mw(1000, pue=np.array([1.2, 4.0]), gpu="H100 SXM", utilisation=0.9), "pue"),
        (lambda: power.facility_power_mw(1000, utilisation=1.2, gpu="H100 SXM", pue=1.4), "utilisation"),
        (lambda: power.facility_power_mw(1000, utilisation=0, gpu="H100 SXM", pue=1.4), "utilisation"),
        (lambda: power.facility_power_mw(0, gpu="H100 SXM", utilisation=0.9, pue=1.4), "n_gpus"),
        (lambda: power.facility_power_mw(1000, gpu="A100", utilisation=0.9, pue=1.4), "server"),
        (
            lambda: power.facility_power_mw(1000, server_name="Cray-1", gpu="H100 SXM", utilisation=0.9, pue=1.4),
            "server",
        ),
        (lambda: power.facility_power_mw(1000, gpu="Z80", utilisation=0.9, pue=1.4), "gpu"),
        (lambda: power.gpus_for_power(-5, gpu="H100 SXM", utilisation=0.9, pue=1.4), "facility_mw"),
        (lambda: power.co2_t(10, 0.4, renewable_share=1.5), "renewable_share"),
        (lambda: power.cost_jpy(10, -1), "price_jpy_per_kwh"),
        (lambda: power.energy_mwh(10, 100, load_factor=1.1), "load_factor"),
        (lambda: power.households(10, kwh_per_household=0), "kwh_per_household"),
        (lambda: power.energy_per_token_j(1e9, gpu="H100 SXM", mfu=0, utilisation=0.9), "mfu"),
        (
            lambda: power.energy_per_token_j(1e9, gpu="H100 SXM", mfu=0.4, utilisation=0.9, board_only="no"),
            "board_only",
        ),
    ],
)
def test_bad_input_names_the_field(call, field):
    with pytest.raises(ValueError, match=field):
        call()
