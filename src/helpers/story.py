"""The story's headline numbers, computed once from the scenarios, each with a low-high range.

Every notebook, the deck, the teacher's guide and the exercises that state one of these quantities
read it from :func:`headlines`, so the same quantity prints the same value everywhere (a test
compares the stored outputs of all notebooks in both editions). Ranges come from the scenarios'
bounds (``data/scenarios.csv``): each headline names the assumptions that move it, and its low and
high take those assumptions to their optimistic and pessimistic ends together.

Layer: with :mod:`helpers.scenarios` (may use calc and data).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from helpers import data, scenarios
from helpers.calc import compute, finance, memory, power, serving


@dataclass(frozen=True)
class Headline:
    """One quantity of the story: its central value, range, unit and what moves it.

    Notebook 03, section '4. From FLOPs to days' shows the training ones with their ranges.
    """

    key: str
    value: float
    low: float
    high: float
    unit: str  # "FLOPs", "days", "GPUs", "GWh", "JPY", "t", ...
    drivers: tuple[str, ...]  # the data/scenarios.csv rows whose bounds make the range
    convention: str  # how it is counted, in a few words (English; views translate)

    def __post_init__(self) -> None:
        if not self.low <= self.value <= self.high:
            raise ValueError(
                f"headline {self.key} must have low <= value <= high, got {self.low}, {self.value}, {self.high}"
            )


def _span(key: str, unit: str, drivers: tuple[str, ...], convention: str, values: list[float]) -> Headline:
    """A headline from its central value (first) and the values at the drivers' bounds."""
    return Headline(key, values[0], min(values), max(values), unit, drivers, convention)


SERVING_CONTEXT = 131_072  # the 128k-token context of Moonshot's deployment guide (data/serving.csv)


def _serving_unit(model: object) -> Headline:
    """The smallest unit a serving engine runs for the 1T MoE in FP8 at a 128k context on H200
    (notebook 08, section 1): whole layouts with the engines' memory reserve, not the byte floor."""
    unit = serving.deployment(model, "H200", "fp8", batch=1, seq=SERVING_CONTEXT)
    n = float(unit.n_gpus)
    return Headline("moe_serving_gpus_h200", n, n, n, "GPUs", (), "smallest FP8 serving unit at 128k context")


def serving_estimate(model: object, pue: float | None = None) -> serving.Estimate:
    """The 1T MoE served in FP8 on H200 as DeepSeek's fleet runs (sequences per GPU, context, cached
    input share, the efficiency the fleet reached), at the scenarios' power, PUE and GPU-hour price.

    Notebook 08, section '4. Energy and yen per million tokens'."""
    unit = serving.deployment_per_gpu(
        model,
        "H200",
        "fp8",
        int(scenarios.value("serving_batch_per_gpu")),
        int(scenarios.value("serving_context_tokens")),
    )
    fleet = serving.deepseek_fleet()
    return serving.estimate(
        unit,
        scenarios.value("serving_power_fraction"),
        scenarios.value("pue") if pue is None else pue,
        scenarios.value("dc_price_jpy_per_gpu_hour"),
        cached=serving.cached_share(),
        bw_efficiency=fleet.bw_efficiency,
        flops_efficiency=fleet.flops_efficiency,
    )


def _serving_energy(model: object) -> dict[str, Headline]:
    """Joules per output and per input token of the 1T MoE in service, over the PUE's range."""
    found = {}
    for key, field in (("moe_output_j", "output_j"), ("moe_input_j", "input_j")):
        values = [
            float(getattr(serving_estimate(model, scenarios.value("pue", case)), field))
            for case in ("central", "low", "high")
        ]
        found[key] = _span(key, "J", ("pue",), "decode (output) or prefill (input) energy per token, facility", values)
    return found


def _grid_factor() -> float:
    grid = data.load("grid").set_index("id")["kg_co2_per_kwh"]
    return float(grid["national_fy2023"])


@lru_cache(maxsize=1)
def headlines() -> dict[str, Headline]:
    """The headline quantities of the reference story, each with its range.

    Notebook 03, section '4. From FLOPs to days' (days); notebooks 04 (energy, yen, CO2), 05 (GX
    interest), 06 (NPV) and the deck show the others."""
    runs = {case: scenarios.reference_runs(case) for case in scenarios.CASES}
    clusters = {case: scenarios.cluster(case) for case in scenarios.CASES}
    central = clusters["central"]
    found: dict[str, Headline] = {}
    for key in ("dense", "moe"):
        flops = [runs[case][key].flops for case in scenarios.CASES]
        found[f"{key}_flops"] = _span(f"{key}_flops", "FLOPs", ("train_seq_tokens",), "6·N_active·D + attention", flops)
        days = [
            float(compute.training_days(runs["central"][key].flops, central.n_gpus, gpu=central.gpu, mfu=mfu))
            for mfu in (central.mfu, clusters["low"].mfu, clusters["high"].mfu)
        ]
        found[f"{key}_days"] = _span(f"{key}_days", "days", ("mfu",), "on the reference cluster", days)
        energy = []
        for case_mfu, case_chain in (("central", "central"), ("high", "low"), ("low", "high")):
            c, chain = clusters[case_mfu], clusters[case_chain]
            energy.append(
                float(
                    power.training_energy_mwh(
                        runs["central"][key].flops,
                        gpu=central.gpu,
                        mfu=c.mfu,
                        utilisation=chain.power_fraction,
                        pue=chain.pue,
                    )
                )
                / 1e3
            )
        found[f"{key}_energy_gwh"] = _span(
            f"{key}_energy_gwh", "GWh", ("mfu", "power_fraction", "pue"), "GPU-hours × server power × PUE", energy
        )
        price = [clusters[case].electricity_jpy_per_kwh for case in ("central", "low", "high")]
        cost = [float(power.cost_jpy(gwh * 1e3, p)) for gwh, p in zip(energy, price, strict=True)]
        found[f"{key}_electricity_jpy"] = _span(
            f"{key}_electricity_jpy",
            "JPY",
            ("mfu", "power_fraction", "pue", "electricity_jpy_per_kwh"),
            "energy × price per kWh",
            cost,
        )
        co2 = [float(power.co2_t(gwh * 1e3, _grid_factor())) for gwh in energy]
        found[f"{key}_co2_t"] = _span(
            f"{key}_co2_t", "t", ("mfu", "power_fraction", "pue"), "energy × Japan's FY2023 grid factor", co2
        )
    gx = {case: scenarios.gx(case) for case in scenarios.CASES}
    path = scenarios.issuance_path()
    cheap = replace(
        gx["central"],
        yield_pct=gx["low"].yield_pct,
        levy_jpy=gx["high"].levy_jpy,
        allowance_jpy=gx["high"].allowance_jpy,
    )  # low yield, revenues repay early
    dear = replace(
        gx["central"],
        yield_pct=gx["high"].yield_pct,
        levy_jpy=gx["low"].levy_jpy,
        allowance_jpy=gx["low"].allowance_jpy,
    )
    interest = [
        float(finance.gx_path(path, *scenarios.gx_path_args(s)).total_interest_jpy)
        for s in (gx["central"], cheap, dear)
    ]
    found["gx_interest_jpy"] = _span(
        "gx_interest_jpy",
        "JPY",
        ("gx_yield_pct", "gx_levy_jpy", "gx_allowance_jpy"),
        "interest FY2023-FY2050 on the whole GX programme",
        interest,
    )
    dc = scenarios.datacentre()
    low_u, high_u = scenarios.bounds("dc_utilisation_pct")
    npv = [
        float(finance.datacenter_cashflows(dc, utilisation_pct=u).npv_jpy) for u in (dc.utilisation_pct, low_u, high_u)
    ]
    found["dc_npv_jpy"] = _span("dc_npv_jpy", "JPY", ("dc_utilisation_pct",), "NPV of the data-centre case", npv)
    train_seq = int(scenarios.value("train_seq_tokens"))
    floor = float(
        memory.gpus_needed(
            runs["central"]["dense"].model,
            "H200",
            task="training",
            batch=1,
            seq=train_seq,
            precision="bf16",
            recompute="full",
            tp=8,
            ep=1,
            zero_stage=3,
        )
    )
    found["dense_training_gpus_h200"] = Headline(
        "dense_training_gpus_h200",
        floor,
        floor,
        floor,
        "GPUs",
        (),
        "fewest H200 holding one bf16 training step (TP 8, ZeRO-3, full recompute)",
    )
    found["moe_serving_gpus_h200"] = _serving_unit(runs["central"]["moe"].model)
    found.update(_serving_energy(runs["central"]["moe"].model))
    found.update(_budget_headlines(runs["central"], clusters))  # notebook 07: what ¥1 trillion buys
    return found


def _budget_headlines(
    runs: dict[str, scenarios.ReferenceRun], clusters: dict[str, scenarios.Cluster]
) -> dict[str, Headline]:
    """Notebook 07's headlines: GPU-hours bought, one final run in yen, runs affordable, the state's
    share of the campuses' GPU-hours FY2026-FY2030, a 300 MW campus against Hokkaido's demand.
    Low and high take the drivers' bounds together (a cheap, efficient case and a dear one)."""
    import numpy as np

    from helpers.calc import budget

    years = scenarios.ai_budget_by_year()
    total = float(years.sum())
    gpu = clusters["central"].gpu
    # (compute share, price, MFU, compute multiple) in the central case, the cheap one and the dear one
    cases = {
        name: {
            "share": scenarios.value("budget_compute_share_pct", share) / 100,
            "price": scenarios.value("dc_price_jpy_per_gpu_hour", price),
            "mfu": clusters[mfu].mfu,
            "multiple": scenarios.value("budget_compute_multiple", multiple),
        }
        for name, (share, price, mfu, multiple) in {
            "central": ("central",) * 4,
            "cheap": ("high", "low", "high", "low"),
            "dear": ("low", "high", "low", "high"),
        }.items()
    }
    order = ("central", "cheap", "dear")
    found: dict[str, Headline] = {}
    hours = [float(budget.gpu_hours_bought(total * cases[c]["share"], cases[c]["price"])) for c in order]
    found["budget_gpu_hours"] = _span(
        "budget_gpu_hours",
        "GPU-hours",
        ("budget_compute_share_pct", "dc_price_jpy_per_gpu_hour"),
        "the programme's compute share at the data centre's price",
        hours,
    )
    for key, run in runs.items():
        cost = [float(budget.run_cost_jpy(run.flops, gpu, cases[c]["mfu"], cases[c]["price"])) for c in order]
        found[f"budget_{key}_run_jpy"] = _span(
            f"budget_{key}_run_jpy",
            "JPY",
            ("mfu", "dc_price_jpy_per_gpu_hour"),
            "one final training run on the reference GPU",
            cost,
        )
        count = [
            float(
                budget.runs_affordable(total, cost[k], budget.final_run_share(cases[c]["share"], cases[c]["multiple"]))
            )
            for k, c in enumerate(order)
        ]
        found[f"budget_{key}_runs"] = _span(
            f"budget_{key}_runs",
            "runs",
            ("budget_compute_share_pct", "budget_compute_multiple", "mfu", "dc_price_jpy_per_gpu_hour"),
            "final runs the programme's compute share pays for after experiments",
            count,
        )
    shares = []
    # the state's share is largest when it buys the most GPU-hours and the campus has the fewest GPUs
    for c, capex in (("central", "central"), ("cheap", "high"), ("dear", "low")):
        dc = scenarios.datacentre().replace(capex_per_gpu_jpy=scenarios.value("dc_capex_per_gpu_jpy", capex))
        campus = finance.datacenter_cashflows(dc)
        online = campus.gpus_online[np.isin(campus.fiscal_years, _programme_years(len(years)))]
        state = float(budget.gpu_hours_bought(total * cases[c]["share"], cases[c]["price"]))
        shares.append(float(budget.campus_share(state, float(budget.campus_gpu_hours(online.sum())))))
    found["budget_campus_share"] = _span(
        "budget_campus_share",
        "fraction",
        ("budget_compute_share_pct", "dc_price_jpy_per_gpu_hour", "dc_capex_per_gpu_jpy"),
        "state GPU-hours / the data-centre case's GPU-hours, FY2026-FY2030",
        shares,
    )
    campus_mw = float(data.load("datacenters").set_index("id").loc["tomakomai_planned_300", "capacity_mw"])
    demand_twh = float(data.load("hokkaido_grid").set_index("id").loc["hokkaido_demand_fy2014", "value"])
    grid = [
        float(power.yearly_energy_mwh(campus_mw, scenarios.value("load_factor", c))) / 1e6 / demand_twh
        for c in ("central", "low", "high")
    ]
    found["campus_hokkaido_share"] = _span(
        "campus_hokkaido_share",
        "fraction",
        ("load_factor",),
        "a 300 MW campus's yearly energy / Hokkaido's FY2014 demand",
        grid,
    )
    return found


def _programme_years(count: int) -> list[int]:
    """The AI programme's fiscal years: FY2026 (data/facts.csv ai_programme_start_fy) and on."""
    first = int(float(data.load("facts").set_index("id").loc["ai_programme_start_fy", "value"]))
    return list(range(first, first + count))
