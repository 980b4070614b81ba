"""Power, energy, electricity cost and CO2: from one GPU to a data-centre campus.

Explained in ``notebooks/04_datacenter_power.ipynb``.

The power chain, each step a factor on the one before:

1. **GPU board power** = the board's rated power (TDP, ``data/gpus.csv``) × ``utilisation``, the
   fraction of it drawn under load. Measured on an H200 (``data/measured/``): 85-94% of its
   700 W limit when training, ~99% in inference prefill.
2. **Server (IT) power** adds CPUs, memory, network cards, NVLink switches and fans. From a
   system's maximum power and its GPU count (``data/servers.csv``: DGX H100 10.2 kW for 8 GPUs,
   i.e. 1,275 W per GPU of which 700 W is the GPU; GB200 NVL72 ~120 kW for 72). The same
   ``utilisation`` scales the whole server: a simple model, since the non-GPU parts also work
   harder when the GPUs do, and the figures are maxima, so the result leans high.
3. **Facility power** = IT power × PUE (power usage effectiveness: cooling, power conversion,
   lighting). Japan's average ~1.7, the FY2030 benchmark 1.4, hyperscale 1.1-1.2
   (``data/energy.csv``).

Energy = power × hours × load factor; cost = kWh × ¥/kWh; CO2 = kWh × grid factor ×
(1 − renewable share); households = kWh ÷ 4,175 kWh a year (Ministry of the Environment, FY2021).
All functions are pure and accept NumPy arrays for sweeps. Units are in the names: ``_w``, ``_mw``,
``_mwh``, ``_jpy``, ``_t`` (tonnes).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from helpers import data
from helpers.calc import catalog, check
from helpers.calc.check import Num, NumLike
from helpers.calc.compute import HOURS_PER_YEAR, PRECISIONS, gpu_hours, peak_flops

# No defaults for the story's assumptions (GPU, power drawn, PUE, MFU, load factor): callers pass
# them from helpers.scenarios, so each lives in one place (data/scenarios.csv).


@lru_cache(maxsize=1)
def _servers() -> pd.DataFrame:
    return data.load("servers")


def servers() -> pd.DataFrame:
    """``data/servers.csv``: GPU systems with their maximum power and GPU count. Notebook 04, section '1. The power chain'."""
    return _servers().copy()


def server(name: str | None = None, gpu: str | None = None) -> dict[str, Any]:
    """One system's row by ``name`` ("DGX H100"), or the first system built on ``gpu``.

    Notebook 04, section '1. The power chain'.
    """
    table = _servers()
    if name is not None:
        match = table[table["server"].str.casefold() == str(name).casefold()]
        if match.empty:
            raise ValueError(f"server must be one of {', '.join(table['server'])}; got {name!r}")
        return match.iloc[0].to_dict()
    if gpu is None:
        raise ValueError("server needs a name (e.g. 'DGX H100') or a gpu (e.g. 'H100 SXM'); got neither")
    key = catalog.gpu(gpu)["gpu"]
    match = table[table["gpu"] == key]
    if match.empty:
        raise ValueError(
            f"gpu {key!r} has no system in data/servers.csv (systems: {', '.join(table['server'])}); "
            "pass server= one of them"
        )
    return match.iloc[0].to_dict()


@dataclass(frozen=True)
class PowerChain:
    """Power of ``n_gpus`` GPUs along the chain, in MW (floats or arrays alike).

    Notebook 04, section '1. The power chain'.
    """

    gpu_mw: Num  # GPU boards
    server_mw: Num  # the rest of the servers (CPUs, network, fans)
    cooling_mw: Num  # facility overhead: (PUE - 1) x IT
    it_mw: Num  # gpu + server
    facility_mw: Num  # it x PUE


def _utilisation(value: NumLike) -> Num:
    return check.sweep("utilisation", value, above=0, maximum=1)


def _pue(value: NumLike) -> Num:
    return check.sweep("pue", value, minimum=1, maximum=3)


def gpu_power_w(gpu: str, utilisation: NumLike) -> Num:
    """Board power of one GPU: TDP × utilisation. Notebook 04, section '1. The power chain'."""
    tdp = catalog.gpu(gpu)["tdp_w"]
    if tdp is None:
        raise ValueError(f"gpu {gpu!r} has no board power (tdp_w) in data/gpus.csv")
    return float(tdp) * _utilisation(utilisation)


def it_power_per_gpu_w(gpu: str, utilisation: NumLike, server_name: str | None = None) -> Num:
    """IT power per GPU: the system's maximum power per GPU × utilisation.

    Notebook 04, section '1. The power chain'.
    """
    system = server(server_name, gpu)
    return float(system["max_kw"]) * 1e3 / int(system["gpus"]) * _utilisation(utilisation)


def power_chain(
    n_gpus: NumLike, gpu: str, utilisation: NumLike, pue: NumLike, server_name: str | None = None
) -> PowerChain:
    """The power chain of ``n_gpus`` GPUs: board, server, facility overhead, in MW.

    Notebook 04, section '1. The power chain'.
    """
    n_gpus = check.sweep("n_gpus", n_gpus, minimum=1)
    pue = _pue(pue)
    gpu_mw = n_gpus * gpu_power_w(gpu, utilisation) / 1e6
    it_mw = n_gpus * it_power_per_gpu_w(gpu, utilisation, server_name) / 1e6
    return PowerChain(
        gpu_mw=gpu_mw, server_mw=it_mw - gpu_mw, cooling_mw=it_mw * (pue - 1), it_mw=it_mw, facility_mw=it_mw * pue
    )


def facility_power_mw(
    n_gpus: NumLike, gpu: str, utilisation: NumLike, pue: NumLike, server_name: str | None = None
) -> Num:
    """Grid power of a site running ``n_gpus`` GPUs: IT power × PUE, in MW.

    Notebook 04, section '1. The power chain'.
    """
    return power_chain(n_gpus, gpu, utilisation, pue, server_name).facility_mw


def gpus_for_power(
    facility_mw: NumLike, gpu: str, utilisation: NumLike, pue: NumLike, server_name: str | None = None
) -> Num:
    """How many GPUs a site of ``facility_mw`` can run (rounded down): the inverse of
    :func:`facility_power_mw`. Notebook 04, section '2. How many GPUs can a site power?'."""
    facility_mw = check.sweep("facility_mw", facility_mw, above=0)
    per_gpu_mw = it_power_per_gpu_w(gpu, utilisation, server_name) * _pue(pue) / 1e6
    return np.floor(facility_mw / per_gpu_mw * (1 + 1e-12))  # tolerate float round-off at exact fits


# Energy, cost, CO2, households --------------------------------------------------------------------
def energy_mwh(power_mw: NumLike, hours: NumLike, load_factor: NumLike = 1.0) -> Num:
    """Energy of ``power_mw`` over ``hours`` at an average ``load_factor`` (fraction of full power).

    Notebook 04, section '3. Training the trillion-parameter model'.
    """
    return (
        check.sweep("power_mw", power_mw, minimum=0)
        * check.sweep("hours", hours, minimum=0)
        * check.sweep("load_factor", load_factor, minimum=0, maximum=1)
    )


def yearly_energy_mwh(power_mw: NumLike, load_factor: NumLike) -> Num:
    """Energy over a year (8,760 h) at an average ``load_factor`` (scenarios: OCCTO's figure for data centres).

    Notebook 04, section '4. A site for a year: Tomakomai, Sakai and the national grid'.
    """
    return energy_mwh(power_mw, HOURS_PER_YEAR, load_factor)


def training_energy_mwh(
    flops: NumLike,
    gpu: str,
    mfu: NumLike,
    utilisation: NumLike,
    pue: NumLike,
    precision: str = "bf16",
    server_name: str | None = None,
) -> Num:
    """Facility energy to perform ``flops`` of training: GPU-hours × IT power per GPU × PUE.

    Notebook 04, section '3. Training the trillion-parameter model'.
    """
    hours = gpu_hours(flops, gpu, mfu, precision)
    return hours * it_power_per_gpu_w(gpu, utilisation, server_name) * _pue(pue) / 1e6


def cost_jpy(energy_mwh_: NumLike, price_jpy_per_kwh: NumLike) -> Num:
    """Electricity cost in yen: MWh × 1,000 × ¥/kWh. Notebook 04, section '3. Training the trillion-parameter model'."""
    return (
        check.sweep("energy_mwh", energy_mwh_, minimum=0)
        * 1e3
        * check.sweep("price_jpy_per_kwh", price_jpy_per_kwh, minimum=0, maximum=1000)
    )


def co2_t(energy_mwh_: NumLike, kg_per_kwh: NumLike, renewable_share: NumLike = 0.0) -> Num:
    """Tonnes of CO2: MWh × grid factor (kg/kWh, numerically t/MWh) × the non-renewable share.

    Notebook 04, section '3. Training the trillion-parameter model' and '4. A site for a year: Tomakomai, Sakai and the
    national grid'.
    """
    return (
        check.sweep("energy_mwh", energy_mwh_, minimum=0)
        * check.sweep("kg_per_kwh", kg_per_kwh, minimum=0, maximum=2)
        * (1 - check.sweep("renewable_share", renewable_share, minimum=0, maximum=1))
    )


def households(energy_mwh_: NumLike, kwh_per_household: NumLike) -> Num:
    """How many households' yearly electricity ``energy_mwh_`` equals.

    Notebook 04, section '3. Training the trillion-parameter model'.
    """
    return (
        check.sweep("energy_mwh", energy_mwh_, minimum=0)
        * 1e3
        / check.sweep("kwh_per_household", kwh_per_household, above=0)
    )


def energy_per_token_j(
    flops_per_token: NumLike,
    gpu: str,
    mfu: NumLike,
    utilisation: NumLike,
    pue: NumLike = 1.0,
    precision: str = "bf16",
    board_only: bool = True,
    server_name: str | None = None,
) -> Num:
    """Joules per token: power ÷ tokens per second, with tokens/s = peak × MFU ÷ FLOPs per token.

    ``board_only=True`` counts the GPU board alone, as the H200 measurement does
    (``data/measured/h200_inference_power.csv``: 4.3 mJ per prefill token of a 1.3B model);
    ``False`` uses the server's IT power; ``pue`` then scales to the facility.
    Notebook 04, section '5. Energy per token: what "low-power AI" can mean'.
    """
    flops_per_token = check.sweep("flops_per_token", flops_per_token, above=0)
    mfu = check.sweep("mfu", mfu, above=0, maximum=1)
    watts = (
        gpu_power_w(gpu, utilisation)
        if check.flag("board_only", board_only)
        else it_power_per_gpu_w(gpu, utilisation, server_name)
    )
    return watts * _pue(pue) * flops_per_token / (peak_flops(gpu, precision) * mfu)


# Data about sites and the grid ------------------------------------------------------------------
def datacenters() -> pd.DataFrame:
    """``data/datacenters.csv``: Tomakomai and Sakai by phase, with sources (both rows where they disagree).

    Notebook 04, section '2. How many GPUs can a site power?'.
    """
    return data.load("datacenters")


def grid_factors() -> pd.DataFrame:
    """``data/grid.csv``: CO2 factors (kg/kWh) for Japan, Hokkaido and Kansai, with years and sources.

    Notebook 04, section '4. A site for a year: Tomakomai, Sakai and the national grid'.
    """
    return data.load("grid")


def energy_facts() -> pd.Series:
    """``data/energy.csv`` values by id (demand, PUE, households, prices).

    Notebook 04, section '1. The power chain' (PUE) to '4. A site for a year: Tomakomai, Sakai and the national grid'.
    """
    return data.load("energy").set_index("id")["value"]


__all__ = [
    "PRECISIONS",
    "PowerChain",
    "co2_t",
    "cost_jpy",
    "datacenters",
    "energy_facts",
    "energy_mwh",
    "energy_per_token_j",
    "facility_power_mw",
    "gpu_power_w",
    "gpus_for_power",
    "grid_factors",
    "households",
    "it_power_per_gpu_w",
    "power_chain",
    "server",
    "servers",
    "training_energy_mwh",
    "yearly_energy_mwh",
]
