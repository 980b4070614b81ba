"""Inputs that several question modules share: facts by id, the named models, the scenario values
that hint texts quote. Each is a function, read at check time."""

from __future__ import annotations

from helpers import data, scenarios
from helpers.calc import catalog, compute, memory
from helpers.calc.params import ModelConfig


def fact(fact_id: str) -> float:
    """A number of ``data/facts.csv`` by its id.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return float(data.load("facts").set_index("id").loc[fact_id, "value"])


def energy(fact_id: str) -> float:
    """A number of ``data/energy.csv`` by its id.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return float(data.load("energy").set_index("id").loc[fact_id, "value"])


def target_params() -> float:
    """The story's one trillion parameters (data/facts.csv model_target_params).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return fact("model_target_params")


def kimi() -> ModelConfig:
    """Kimi K2's configuration (data/models.csv).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return catalog.model("Kimi K2")


def llama405() -> ModelConfig:
    """Llama 3.1 405B's configuration (data/models.csv).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return catalog.model("Llama 3.1 405B")


def gpu_bytes(gpu: str) -> float:
    """Memory of one GPU in bytes (data/gpus.csv).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return float(catalog.gpu(gpu)["memory_bytes"])


def run_tokens(run: str) -> float:
    """Training tokens of a published run (data/training_runs.csv).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return float(compute.training_runs().set_index("run").loc[run, "tokens"])


def dense_1t_flops() -> float:
    """The story's dense 1T run (``scenarios.reference_runs()["dense"]``: Chinchilla's Table 3 tokens,
    6·N·D + attention), the same FLOPs notebooks 03 and 04 print (sheets 3 and 4).

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    return scenarios.reference_runs()["dense"].flops


def dense_1t_six_nd() -> float:
    """The textbook shortcut for the same run: 6·N·D on 20 tokens per parameter, no attention. A
    student who counts this way gets a hint that names the convention.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    n = target_params()
    return float(compute.six_nd(n, compute.chinchilla_tokens(n)))


def cluster_fields() -> dict[str, object]:
    """The reference cluster (data/scenarios.csv) as named fields for hint texts.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    c = scenarios.cluster()
    return {
        "n_gpus": c.n_gpus,
        "gpu": c.gpu,
        "mfu": c.mfu,
        "slowdown": 1 / c.mfu,
        "power_fraction": c.power_fraction,
        "pue": c.pue,
        "days": c.deadline_days,
        "price": c.electricity_jpy_per_kwh,
        "usable": memory.USABLE_FRACTION,
    }
