"""Checks for the notebooks' exercises, in the Data 8 ``grader.check("q1")`` style.

A check never raises on a wrong answer (the notebook keeps running): it returns a
:class:`Feedback` whose text says ✅ or gives a hint. Expected values are computed from ``data/``
here, never typed in, so a corrected fact corrects the exercise too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from . import catalog, data, memory, params


@dataclass(frozen=True)
class Feedback:
    correct: bool
    text: str

    def __repr__(self) -> str:  # what a notebook cell shows
        return self.text

    def _repr_markdown_(self) -> str:
        return self.text


def _fact(fact_id: str) -> float:
    facts = data.load("facts").set_index("id")
    return float(facts.loc[fact_id, "value"])


def _close(answer: object, expected: float, rel: float) -> bool:
    try:
        value = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return math.isfinite(value) and math.isclose(value, expected, rel_tol=rel)


def _intro_q1() -> dict[str, float]:
    yearly = _fact("softbank_dc_investment_jpy") / _fact("softbank_dc_years")
    return {"q1": yearly / _fact("public_works_fy2026_jpy")}


def _intro_q2() -> dict[str, float]:
    total = _fact("ai_programme_total_jpy")
    final, reported = _fact("fy2026_ai_budget_jpy"), _fact("fy2026_ai_budget_reported_jpy")
    return {"q2a": 1 / _fact("ai_programme_years"), "q2b": final / total, "q2c": (final - reported) / reported}


def _params_q1() -> dict[str, float]:
    return {"q1": params.kaplan_non_embedding_params(96, 12288) / 1e9}  # GPT-3 175B, Table 2.1 shape


def _params_q2() -> dict[str, float]:
    kimi = catalog.model("Kimi K2")
    return {"q2": kimi.top_k / kimi.n_experts}


def _params_q3() -> dict[str, float]:
    llama = catalog.model("Llama 3.1 8B")
    return {"q3": params.ffn_params(llama.d_model, llama.ffn_dim, params.FFN_MATRICES[llama.ffn_type])}


# question -> function giving the expected answers, computed from data/ and tested formulas
QUESTIONS: dict[str, Callable[[], dict[str, float]]] = {
    "intro_q1": _intro_q1, "intro_q2": _intro_q2, "params_q1": _params_q1, "params_q2": _params_q2,
    "params_q3": _params_q3,
}
HINTS: dict[str, Callable[[], list[tuple[float, str]]]] = {
    "intro_q1": lambda: [
        (_fact("softbank_dc_investment_jpy") / _fact("public_works_fy2026_jpy"),
         "That is the six-year total against one year. Divide the investment by its years first."),
        (100 * _intro_q1()["q1"], "Give a fraction, not a percentage (0.1 rather than 10)."),
    ],
    "intro_q2": lambda: [],
    "params_q1": lambda: [(_params_q1()["q1"] * 1e9, "Give the answer in billions (divide by 10⁹).")],
    "params_q2": lambda: [(100 * _params_q2()["q2"], "Give a fraction, not a percentage.")],
    "params_q3": lambda: [(2 * 4096 * 14336, "SwiGLU has three matrices (gate, up, down), not two.")],
}


def expected(question: str) -> dict[str, float]:
    """The expected answers of ``question`` (for teachers and tests)."""
    if question not in QUESTIONS:
        raise ValueError(f"question must be one of {', '.join(QUESTIONS)}, got {question!r}")
    return QUESTIONS[question]()


def check(question: str, *answers: object, rel: float = 0.005) -> Feedback:
    """Compare the student's ``answers`` (in the order the question asks) with the expected ones."""
    wanted = expected(question)
    if len(answers) != len(wanted):
        return Feedback(False, f"❓ {question} expects {len(wanted)} answer(s): {', '.join(wanted)}.")
    if any(answer is ... or answer is None for answer in answers):
        return Feedback(False, f"✏️ {question}: replace the ... with your answer, then run this cell again.")
    wrong = [name for (name, value), answer in zip(wanted.items(), answers) if not _close(answer, value, rel)]
    if not wrong:
        return Feedback(True, f"✅ {question}: correct.")
    for slip, hint in HINTS[question]():
        if len(answers) == 1 and _close(answers[0], slip, rel):
            return Feedback(False, f"❌ {question}: not yet. {hint}")
    return Feedback(False, f"❌ {question}: not yet ({', '.join(wrong)}). Look up each row by its id and recompute.")


# Notebooks 03 (compute and time) and 04 (data-centre power) --------------------------------------
def _run(name: str) -> dict:
    from . import compute

    return compute.training_runs().set_index("run").loc[name].to_dict()


def _compute_q1() -> dict[str, float]:
    from . import compute

    gpt3 = _run("GPT-3 175B")
    return {"q1": float(compute.six_nd(gpt3["params"], gpt3["tokens"])) / 1e23}  # in units of 1e23 FLOPs


def _compute_q2() -> dict[str, float]:
    from . import compute

    flops = float(compute.chinchilla_table().set_index("params").loc[1e12, "flops"])  # Chinchilla Table 3, 1T row
    return {"q2": float(compute.training_days(flops, 10_000, gpu="H100 SXM", mfu=0.4))}


def _power_q1() -> dict[str, float]:
    from . import power

    pue = float(power.energy_facts()["pue_japan_target_fy2030"])
    return {"q1": float(power.facility_power_mw(10_000, gpu="H100 SXM", utilization=0.9, pue=pue))}


def _power_q2() -> dict[str, float]:
    from . import power

    energy = power.energy_facts()
    sakai = float(power.datacenters().set_index("id").loc["sakai_initial_150", "capacity_mw"])
    mwh = power.yearly_energy_mwh(sakai, load_factor=float(energy["dc_load_factor_occto"]))
    return {"q2": float(power.households(mwh, float(energy["household_kwh_fy2021"])))}


QUESTIONS.update({"compute_q1": _compute_q1, "compute_q2": _compute_q2, "power_q1": _power_q1, "power_q2": _power_q2})
HINTS.update({
    "compute_q1": lambda: [(_compute_q1()["q1"] / 3, "Training is a forward and a backward pass: 6 FLOPs per parameter and token, not 2."),
                           (_compute_q1()["q1"] * 1e23, "Give the answer in units of 10²³ FLOPs.")],
    "compute_q2": lambda: [(_compute_q2()["q2"] * 24, "That is hours; divide by 24 for days."),
                           (_compute_q2()["q2"] * 0.4, "Divide by the MFU: the GPUs deliver only 40% of their peak.")],
    "power_q1": lambda: [(_power_q1()["q1"] / 1.4, "That is the IT power; the facility draws PUE times as much."),
                         (_power_q1()["q1"] * 1e3, "Give megawatts, not kilowatts.")],
    "power_q2": lambda: [(_power_q2()["q2"] / 0.8, "The site does not run at full power all year: use the load factor 0.8.")],
})


# Notebooks 05 (GX bond financing) and 06 (data-centre economics) ----------------------------------
def _gx_q1() -> dict[str, float]:
    issued = sum(_fact(f"gx_issuance_fy{fy}_jpy") for fy in (2023, 2024, 2025))
    return {"q1": issued / _fact("gx_bond_programme_jpy")}


def _gx_q2() -> dict[str, float]:
    from datetime import date

    from . import finance

    row = data.load("gx_auctions").set_index("auction_date").loc["2025-10-21"]
    years = finance.years_between(date.fromisoformat(row["issue_date"]), date.fromisoformat(row["maturity_date"]))
    return {"q2": float(finance.jgb_simple_yield(row["price_per_100"], row["coupon_pct"], years))}


def _dc_q1() -> dict[str, float]:
    rate = float(data.load("fx_rates").set_index("id").loc["sbg_20250331", "stated_jpy_per_usd"])
    return {"q1": _fact("openai_investment_usd_sbg") * rate / 1e12}  # in yen trillions


def _dc_q2() -> dict[str, float]:
    from . import finance

    return {"q2": finance.payback_years([-100.0, 30.0, 40.0, 50.0])}


QUESTIONS.update({"gx_q1": _gx_q1, "gx_q2": _gx_q2, "dc_q1": _dc_q1, "dc_q2": _dc_q2})
HINTS.update({
    "gx_q1": lambda: [(100 * _gx_q1()["q1"], "Give a fraction, not a percentage.")],
    "gx_q2": lambda: [(1.680, "1.680% is MOF's compound auction yield; compute the simple (単利) yield from the price."),
                      (1.6 / 99.27 * 100, "Add the pull to par: (100 − price) / years, before dividing by the price.")],
    "dc_q1": lambda: [(_dc_q1()["q1"] * 1e12, "Give yen trillions (divide by 10¹²)."),
                      (_fact("openai_investment_usd_sbg") / 149.52 / 1e12, "Multiply by the rate (yen per dollar), do not divide.")],
    "dc_q2": lambda: [(3.0, "The money comes back during the third year: interpolate within it.")],
})


# 02 GPU memory ------------------------------------------------------------------------------------
def _memory_q1() -> dict[str, float]:
    return {"q1": memory.bytes_per_element("nvfp4")}


def _memory_q2() -> dict[str, float]:
    return {"q2": memory.kv_bytes_per_token(catalog.model("Kimi K2"), "bf16")}


def _memory_q3() -> dict[str, float]:
    kimi = catalog.model("Kimi K2")
    return {"q3": math.ceil(memory.weights_bytes(kimi, "fp8") / catalog.gpu("H200")["memory_bytes"])}


QUESTIONS.update({"memory_q1": _memory_q1, "memory_q2": _memory_q2, "memory_q3": _memory_q3})
HINTS.update({
    "memory_q1": lambda: [(0.5, "Four bits are half a byte, but every 16 values also share one 8-bit (FP8) scale."),
                          (4.5, "That is bits; divide by 8 for bytes.")],
    "memory_q2": lambda: [(2 * _memory_q2()["q2"], "MLA caches one latent per layer, not separate K and V: no factor 2."),
                          (_memory_q2()["q2"] / 2, "Each cached value is bf16: 2 bytes.")],
    "memory_q3": lambda: [(_memory_q3()["q3"] - 1, "A fraction of a GPU is not enough: round up."),
                          (2 * _memory_q3()["q3"] - 1, "FP8 is one byte per parameter, not two.")],
})
