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
from helpers.calc import compute, finance, memory, power


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
    return found
