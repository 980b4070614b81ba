"""Checks for the notebooks' exercises, in the Data 8 ``grader.check("q1")`` style.

A check never raises on a wrong answer (the notebook keeps running): it returns a
:class:`Feedback` whose text says ✅ or gives a hint. Expected values are computed from ``data/``
here, never typed in, so a corrected fact corrects the exercise too.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from helpers.calc import catalog, memory, params
from helpers import data, i18n
from helpers.i18n.labels import LABELS


@dataclass(frozen=True)
class Feedback:
    correct: bool
    text: str

    def __repr__(self) -> str:  # what a notebook cell shows
        return self.text

    def _repr_markdown_(self) -> str:
        return self.text


class _Table(Mapping):
    """``name -> text`` in the current language (:func:`helpers.i18n.language`), read from the label
    table (:mod:`helpers.i18n.labels.exercises`) under ``prefix``: one place for every sentence a check says."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix

    def __getitem__(self, name: str) -> str:
        if self._prefix + name not in LABELS:
            raise KeyError(name)
        return i18n.t(self._prefix + name)

    def __iter__(self) -> Iterator[str]:
        return (key[len(self._prefix):] for key in LABELS if key.startswith(self._prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _hint(name: str) -> str:
    """The hint ``ex.hint.<question>.<n>`` in the current language."""
    return i18n.t("ex.hint." + name)


def _fact(fact_id: str) -> float:
    facts = data.load("facts").set_index("id")
    return float(facts.loc[fact_id, "value"])


def _number(answer: object) -> float | None:
    """``answer`` as a finite float, or None when it is not a plain number (text, list, bool, NaN)."""
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer.item()
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return None
    value = float(answer)
    return value if math.isfinite(value) else None


def _close(answer: object, expected: float, rel: float) -> bool:
    value = _number(answer)
    return value is not None and math.isclose(value, expected, rel_tol=rel)


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
         _hint("intro_q1.0")),
        (100 * _intro_q1()["q1"], _hint("intro_q1.1")),
    ],
    "intro_q2": lambda: [],
    "params_q1": lambda: [(_params_q1()["q1"] * 1e9, _hint("params_q1.0"))],
    "params_q2": lambda: [(100 * _params_q2()["q2"], _hint("params_q2.0"))],
    "params_q3": lambda: [(2 * 4096 * 14336, _hint("params_q3.0"))],
}


def expected(question: str) -> dict[str, float]:
    """The expected answers of ``question`` (for teachers and tests)."""
    if question not in QUESTIONS:
        raise ValueError(f"question must be one of {', '.join(QUESTIONS)}, got {question!r}")
    return QUESTIONS[question]()


# Every sentence a check says lives in the label table (helpers/labels/exercises.py, English and
# Japanese): MESSAGES and ADVICE read it in the current language, HINTS through _hint.
MESSAGES = _Table("ex.msg.")  # message -> its text in the current language
DEFAULT_REL = 0.005  # relative tolerance of a check unless TOLERANCE names another
TOLERANCE: dict[str, float] = {}  # question -> relative tolerance (0: exact, for whole numbers)
ADVICE = _Table("ex.advice.")  # question -> what to do after a wrong answer matching no known slip
CUSTOM: dict[str, Callable[..., Feedback]] = {}  # question -> check of an answer that is not a number


def _say(key: str, **fields: object) -> str:
    return i18n.t("ex.msg." + key, **fields)


def _shown(answer: object) -> str:
    text = repr(answer)
    return text if len(text) <= 40 else text[:37] + "..."


def check(question: str, *answers: object, rel: float | None = None) -> Feedback:
    """Compare the student's ``answers`` (in the order the question asks) with the expected ones.

    Never raises for an answer: a placeholder ``...``, text, a list or NaN gets a sentence, a
    wrong number a hint. ``rel`` overrides the question's stated tolerance (:data:`TOLERANCE`).
    """
    wanted = expected(question)
    if not answers or any(answer is ... or answer is None for answer in answers):
        return Feedback(False, _say("placeholder", question=question))
    if question in CUSTOM:
        return CUSTOM[question](*answers)
    if len(answers) != len(wanted):
        return Feedback(False, _say("arity", question=question, n=len(wanted), names=", ".join(wanted)))
    for answer in answers:
        if _number(answer) is None:
            return Feedback(False, _say("not_a_number", question=question, answer=_shown(answer)))
    rel = TOLERANCE.get(question, DEFAULT_REL) if rel is None else rel
    wrong = [name for (name, value), answer in zip(wanted.items(), answers) if not _close(answer, value, rel)]
    if not wrong:
        return Feedback(True, _say("correct", question=question))
    for slip, hint in HINTS[question]():
        # how close an answer must be to a known slip to get its hint: whole-number slips exactly
        near = rel if rel > 0 else (0.0 if float(slip).is_integer() else DEFAULT_REL)
        if len(answers) == 1 and _close(answers[0], slip, near):
            return Feedback(False, _say("hint", question=question, hint=hint))
    if rel == 0 and any(not float(answer).is_integer() for answer in answers):  # type: ignore[arg-type]
        return Feedback(False, _say("hint", question=question, hint=MESSAGES["whole"]))
    advice = ADVICE.get(question, MESSAGES["advice"])
    return Feedback(False, _say("wrong", question=question, names=", ".join(wrong), advice=advice))


# Notebooks 03 (compute and time) and 04 (data-centre power) --------------------------------------
def _run(name: str) -> dict:
    from helpers.calc import compute

    return compute.training_runs().set_index("run").loc[name].to_dict()


def _compute_q1() -> dict[str, float]:
    from helpers.calc import compute

    gpt3 = _run("GPT-3 175B")
    return {"q1": float(compute.six_nd(gpt3["params"], gpt3["tokens"])) / 1e23}  # in units of 1e23 FLOPs


def _compute_q2() -> dict[str, float]:
    from helpers.calc import compute

    flops = float(compute.chinchilla_table().set_index("params").loc[1e12, "flops"])  # Chinchilla Table 3, 1T row
    return {"q2": float(compute.training_days(flops, 10_000, gpu="H100 SXM", mfu=0.4))}


def _power_q1() -> dict[str, float]:
    from helpers.calc import power

    pue = float(power.energy_facts()["pue_japan_target_fy2030"])
    return {"q1": float(power.facility_power_mw(10_000, gpu="H100 SXM", utilization=0.9, pue=pue))}


def _power_q2() -> dict[str, float]:
    from helpers.calc import power

    energy = power.energy_facts()
    sakai = float(power.datacenters().set_index("id").loc["sakai_initial_150", "capacity_mw"])
    mwh = power.yearly_energy_mwh(sakai, load_factor=float(energy["dc_load_factor_occto"]))
    return {"q2": float(power.households(mwh, float(energy["household_kwh_fy2021"])))}


QUESTIONS.update({"compute_q1": _compute_q1, "compute_q2": _compute_q2, "power_q1": _power_q1, "power_q2": _power_q2})
HINTS.update({
    "compute_q1": lambda: [(_compute_q1()["q1"] / 3, _hint("compute_q1.0")),
                           (_compute_q1()["q1"] * 1e23, _hint("compute_q1.1"))],
    "compute_q2": lambda: [(_compute_q2()["q2"] * 24, _hint("compute_q2.0")),
                           (_compute_q2()["q2"] * 0.4, _hint("compute_q2.1"))],
    "power_q1": lambda: [(_power_q1()["q1"] / 1.4, _hint("power_q1.0")),
                         (_power_q1()["q1"] * 1e3, _hint("power_q1.1"))],
    "power_q2": lambda: [(_power_q2()["q2"] / 0.8, _hint("power_q2.0"))],
})


# Notebooks 05 (GX bond financing) and 06 (data-centre economics) ----------------------------------
def _gx_q1() -> dict[str, float]:
    issued = sum(_fact(f"gx_issuance_fy{fy}_jpy") for fy in (2023, 2024, 2025))
    return {"q1": issued / _fact("gx_bond_programme_jpy")}


def _gx_q2() -> dict[str, float]:
    from datetime import date

    from helpers.calc import finance

    row = data.load("gx_auctions").set_index("auction_date").loc["2025-10-21"]
    years = finance.years_between(date.fromisoformat(row["issue_date"]), date.fromisoformat(row["maturity_date"]))
    return {"q2": float(finance.jgb_simple_yield(row["price_per_100"], row["coupon_pct"], years))}


def _dc_q1() -> dict[str, float]:
    rate = float(data.load("fx_rates").set_index("id").loc["sbg_20250331", "stated_jpy_per_usd"])
    return {"q1": _fact("openai_investment_usd_sbg") * rate / 1e12}  # in yen trillions


def _dc_q2() -> dict[str, float]:
    from helpers.calc import finance

    return {"q2": finance.payback_years([-100.0, 30.0, 40.0, 50.0])}


QUESTIONS.update({"gx_q1": _gx_q1, "gx_q2": _gx_q2, "dc_q1": _dc_q1, "dc_q2": _dc_q2})
HINTS.update({
    "gx_q1": lambda: [(100 * _gx_q1()["q1"], _hint("gx_q1.0"))],
    "gx_q2": lambda: [(1.680, _hint("gx_q2.0")),
                      (1.6 / 99.27 * 100, _hint("gx_q2.1"))],
    "dc_q1": lambda: [(_dc_q1()["q1"] * 1e12, _hint("dc_q1.0")),
                      (_fact("openai_investment_usd_sbg") / 149.52 / 1e12, _hint("dc_q1.1"))],
    "dc_q2": lambda: [(3.0, _hint("dc_q2.0"))],
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
    "memory_q1": lambda: [(0.5, _hint("memory_q1.0")),
                          (4.5, _hint("memory_q1.1"))],
    "memory_q2": lambda: [(2 * _memory_q2()["q2"], _hint("memory_q2.0")),
                          (_memory_q2()["q2"] / 2, _hint("memory_q2.1"))],
    "memory_q3": lambda: [(_memory_q3()["q3"] - 1, _hint("memory_q3.0")),
                          (2 * _memory_q3()["q3"] - 1, _hint("memory_q3.1"))],
})


# Exercise notebooks (notebooks/exercises/ex1..ex6): questions, stated tolerances, hints -----------
# Every expected value is computed here from helpers and data/, never typed in. A tolerance is
# relative (TOLERANCE); whole numbers (GPU counts, fiscal years) must be exact.
def _kimi():
    return catalog.model("Kimi K2")


def _finance():
    from helpers.calc import finance

    return finance


def _power():
    from helpers.calc import power

    return power


def _llama405():
    return catalog.model("Llama 3.1 405B")


def _par_q1() -> dict[str, float]:
    return {"q1": params.count_params(_kimi()).total / 1e12}


def _par_q2() -> dict[str, float]:
    return {"q2": params.count_params(_kimi()).active / 1e9}


def _par_q3() -> dict[str, float]:
    count = params.count_params(_kimi())
    return {"q3": count.active / count.total}


def _par_q4() -> dict[str, float]:
    m = _llama405()
    return {"q4": params.gqa_attention_params(m.d_model, m.n_heads, m.n_kv_heads, m.head_dim) / 1e6}


PAR_Q5_LAYERS = 128  # the question's fixed depth
PAR_Q5_STYLE = {"ffn_type": "swiglu", "n_kv_heads": 8}  # a Llama-style block (Megatron GPT 1T is GELU + MHA)
PAR_Q5_TARGET = 10**12  # one trillion parameters, the policy's target
PAR_Q5_REL = 0.02  # accepted: within 2% of one trillion


def _par_q5() -> dict[str, float]:
    return {"total_params": PAR_Q5_TARGET, "n_layers": PAR_Q5_LAYERS}


def _par_q6() -> dict[str, float]:
    return {"q6": params.count_params(_kimi().replace(top_k=16)).active / 1e9}


def _check_par_q5(*answers: object) -> Feedback:
    question = "par_q5"
    fields = "vocab_size, d_model, n_layers, n_heads, ffn_dim"
    if len(answers) != 1:
        return Feedback(False, _say("arity", question=question, n=1, names=i18n.t("ex.msg.shape_names")))
    answer = answers[0]
    if isinstance(answer, params.ModelConfig):
        cfg = answer
    elif isinstance(answer, dict):
        try:
            cfg = params.ModelConfig(**answer)
        except (TypeError, ValueError) as error:
            return Feedback(False, _say("shape_invalid", question=question, error=error))
    else:
        return Feedback(False, _say("shape_type", question=question, fields=fields, answer=_shown(answer)))
    try:
        total = params.count_params(cfg).total
    except (TypeError, ValueError, ArithmeticError) as error:
        return Feedback(False, _say("shape_invalid", question=question, error=error))
    if cfg.n_layers != PAR_Q5_LAYERS:
        return Feedback(False, _say("shape_layers", question=question, wanted=PAR_Q5_LAYERS, got=cfg.n_layers))
    if cfg.is_moe:
        return Feedback(False, _say("shape_moe", question=question))
    if any(getattr(cfg, key) != value for key, value in PAR_Q5_STYLE.items()):
        return Feedback(False, _say("shape_style", question=question, ffn=cfg.ffn_type, kv=cfg.n_kv_heads))
    off = total / PAR_Q5_TARGET - 1
    if abs(off) > PAR_Q5_REL:
        return Feedback(False, _say("shape_size", question=question, count=total, off=off, tol=PAR_Q5_REL,
                                    factor=math.sqrt(PAR_Q5_TARGET / total)))
    return Feedback(True, _say("shape_correct", question=question, count=total, layers=cfg.n_layers))


CUSTOM["par_q5"] = _check_par_q5
QUESTIONS.update({"par_q1": _par_q1, "par_q2": _par_q2, "par_q3": _par_q3, "par_q4": _par_q4, "par_q5": _par_q5,
                  "par_q6": _par_q6})
TOLERANCE.update({"par_q5": PAR_Q5_REL})
HINTS.update({
    "par_q1": lambda: [(params.count_params(_kimi()).active / 1e12,
                        _hint("par_q1.0")),
                       (_par_q1()["q1"] * 1e12, _hint("par_q1.1"))],
    "par_q2": lambda: [(params.count_params(_kimi()).total / 1e9,
                        _hint("par_q2.0")),
                       (_par_q2()["q2"] * 1e9, _hint("par_q2.1"))],
    "par_q3": lambda: [(_kimi().top_k / _kimi().n_experts,
                        _hint("par_q3.0")),
                       (100 * _par_q3()["q3"], _hint("par_q3.1"))],
    "par_q4": lambda: [(4 * _llama405().d_model ** 2 / 1e6,
                        _hint("par_q4.0")),
                       (_par_q4()["q4"] * _llama405().n_layers, _hint("par_q4.1")),
                       (_par_q4()["q4"] * 1e6, _hint("par_q4.2"))],
    "par_q5": lambda: [],
    "par_q6": lambda: [(2 * _par_q2()["q2"],
                        _hint("par_q6.0")),
                       (_par_q6()["q6"] * 1e9, _hint("par_q6.1"))],
})


def _mem_q1() -> dict[str, float]:
    return {"q1": memory.bytes_per_element("mxfp4")}


def _mem_q2() -> dict[str, float]:
    return {"q2": memory.weights_bytes(_kimi(), "fp8") / 1e9}


MEM_CONTEXT = 131_072  # "128k" tokens of context
MEM_USERS = 64  # sequences served at once in mem_q4


def _mem_q3() -> dict[str, float]:
    return {"q3": memory.kv_cache_bytes(_kimi(), 1, MEM_CONTEXT, "fp8") / 1e9}


def _mem_q4() -> dict[str, float]:
    return {"q4": memory.gpus_needed(_kimi(), gpu="H200", task="inference", batch=MEM_USERS, seq=MEM_CONTEXT,
                                     dtype="fp8", usable=memory.USABLE_FRACTION)}


def _mem_q4_bytes() -> float:
    return memory.inference_memory(_kimi(), MEM_USERS, MEM_CONTEXT, "fp8").total


def _mem_q5() -> dict[str, float]:
    return {"q5": memory.state_bytes_per_param("zero_mixed") * PAR_Q5_TARGET / 1e12}


def _h200_bytes() -> float:
    return catalog.gpu("H200")["memory_bytes"]


def _mem_q6() -> dict[str, float]:
    return {"q6": math.ceil(_mem_q5()["q5"] * 1e12 / (memory.USABLE_FRACTION * _h200_bytes()))}


QUESTIONS.update({"mem_q1": _mem_q1, "mem_q2": _mem_q2, "mem_q3": _mem_q3, "mem_q4": _mem_q4, "mem_q5": _mem_q5,
                  "mem_q6": _mem_q6})
TOLERANCE.update({"mem_q4": 0.0, "mem_q6": 0.0})
HINTS.update({
    "mem_q1": lambda: [(0.5, _hint("mem_q1.0")),
                       (8 * _mem_q1()["q1"], _hint("mem_q1.1"))],
    "mem_q2": lambda: [(_mem_q2()["q2"] * 1e9 / 2**30, _hint("mem_q2.0")),
                       (memory.weights_bytes(_kimi(), "bf16") / 1e9, _hint("mem_q2.1")),
                       (params.count_params(_kimi()).active / 1e9,
                        _hint("mem_q2.2"))],
    "mem_q3": lambda: [(2 * _kimi().n_layers * _kimi().n_heads * _kimi().head_dim * MEM_CONTEXT / 1e9,
                        _hint("mem_q3.0")),
                       (memory.kv_cache_bytes(_kimi(), 1, MEM_CONTEXT, "bf16") / 1e9,
                        _hint("mem_q3.1")),
                       (_mem_q3()["q3"] * 1e9 / 2**30, _hint("mem_q3.2"))],
    "mem_q4": lambda: [(math.ceil(memory.weights_bytes(_kimi(), "fp8") / (memory.USABLE_FRACTION * _h200_bytes())),
                        _hint("mem_q4.0")),
                       (math.ceil(_mem_q4_bytes() / _h200_bytes()),
                        _hint("mem_q4.1")),
                       (_mem_q4_bytes() / (memory.USABLE_FRACTION * _h200_bytes()),
                        _hint("mem_q4.2")),
                       (_mem_q4_bytes() / _h200_bytes(), _hint("mem_q4.3"))],
    "mem_q5": lambda: [(2.0 * PAR_Q5_TARGET / 1e12, _hint("mem_q5.0")),
                       (12.0 * PAR_Q5_TARGET / 1e12, _hint("mem_q5.1")),
                       (14.0 * PAR_Q5_TARGET / 1e12, _hint("mem_q5.2"))],
    "mem_q6": lambda: [(math.ceil(_mem_q5()["q5"] * 1e12 / _h200_bytes()),
                        _hint("mem_q6.0")),
                       (_mem_q6()["q6"] - 1, _hint("mem_q6.1")),
                       (_mem_q5()["q5"] * 1e12 / (memory.USABLE_FRACTION * _h200_bytes()), _hint("mem_q6.2"))],
})


def _cmp_q1() -> dict[str, float]:
    from helpers.calc import compute

    return {"q1": float(compute.six_nd(1, 1))}


def _cmp_q2() -> dict[str, float]:
    from helpers.calc import compute

    return {"q2": float(compute.chinchilla_tokens(PAR_Q5_TARGET)) / 1e12}


def _kimi_tokens() -> float:
    from helpers.calc import compute

    return float(compute.training_runs().set_index("run").loc["Kimi K2", "tokens"])


def _cmp_q3() -> dict[str, float]:
    from helpers.calc import compute

    return {"q3": float(compute.six_nd(params.count_params(_kimi()).active, _kimi_tokens())) / 1e23}


CMP_GPUS = 10_000  # GPUs in cmp_q4
CMP_MFU = 0.4  # model FLOPs utilisation in cmp_q4 and cmp_q5
CMP_DAYS = 90  # the deadline of cmp_q5


def _cmp_q4() -> dict[str, float]:
    from helpers.calc import compute

    return {"q4": float(compute.training_days(_cmp_q3()["q3"] * 1e23, CMP_GPUS, gpu="H200", mfu=CMP_MFU))}


def _dense_1t_flops() -> float:
    from helpers.calc import compute

    return float(compute.six_nd(PAR_Q5_TARGET, compute.chinchilla_tokens(PAR_Q5_TARGET)))


def _cmp_q5() -> dict[str, float]:
    from helpers.calc import compute

    return {"q5": float(compute.gpus_for_days(_dense_1t_flops(), CMP_DAYS, gpu="H100 SXM", mfu=CMP_MFU))}


QUESTIONS.update({"cmp_q1": _cmp_q1, "cmp_q2": _cmp_q2, "cmp_q3": _cmp_q3, "cmp_q4": _cmp_q4, "cmp_q5": _cmp_q5})
TOLERANCE.update({"cmp_q5": 0.01})
HINTS.update({
    "cmp_q1": lambda: [(2.0, _hint("cmp_q1.0")),
                       (4.0, _hint("cmp_q1.1"))],
    "cmp_q2": lambda: [(1.0, _hint("cmp_q2.0")),
                       (_cmp_q2()["q2"] * 1e12, _hint("cmp_q2.1"))],
    "cmp_q3": lambda: [(6 * params.count_params(_kimi()).total * _kimi_tokens() / 1e23,
                        _hint("cmp_q3.0")),
                       (2 * params.count_params(_kimi()).active * _kimi_tokens() / 1e23,
                        _hint("cmp_q3.1")),
                       (_cmp_q3()["q3"] * 1e23, _hint("cmp_q3.2"))],
    "cmp_q4": lambda: [(_cmp_q4()["q4"] * 24, _hint("cmp_q4.0")),
                       (_cmp_q4()["q4"] * CMP_MFU, _hint("cmp_q4.1")),
                       (_cmp_q4()["q4"] / 2, _hint("cmp_q4.2"))],
    "cmp_q5": lambda: [(_cmp_q5()["q5"] * CMP_MFU, _hint("cmp_q5.0")),
                       (_cmp_q5()["q5"] * 24, _hint("cmp_q5.1"))],
})


def _pow_q1() -> dict[str, float]:
    from helpers.calc import power

    return {"q1": float(power.energy_facts()["pue_japan_target_fy2030"])}


POW_UTIL = 0.9  # fraction of rated power drawn
POW_GPUS = 20_000  # H200s in pow_q3
POW_YEN_PER_KWH = 20.0  # the scenario price of notebook 06 (DataCentre.electricity_jpy_per_kwh)


def _pue() -> float:
    return _pow_q1()["q1"]


def _pow_q2() -> dict[str, float]:
    from helpers.calc import power

    return {"q2": float(power.it_power_per_gpu_w("H200", POW_UTIL))}


def _pow_q3() -> dict[str, float]:
    from helpers.calc import power

    return {"q3": float(power.facility_power_mw(POW_GPUS, gpu="H200", utilization=POW_UTIL, pue=_pue()))}


def _pow_q4() -> dict[str, float]:
    from helpers.calc import power

    return {"q4": float(power.gpus_for_power(_fact("tomakomai_planned_mw"), gpu="H200", utilization=POW_UTIL,
                                             pue=_pue()))}


def _pow_q5() -> dict[str, float]:
    from helpers.calc import power

    return {"q5": float(power.training_energy_mwh(_dense_1t_flops(), gpu="H100 SXM", mfu=CMP_MFU, utilization=POW_UTIL,
                                                  pue=_pue())) / 1e3}


def _pow_q6() -> dict[str, float]:
    from helpers.calc import power

    return {"q6": float(power.cost_jpy(_pow_q5()["q5"] * 1e3, POW_YEN_PER_KWH)) / 1e9}


QUESTIONS.update({"pow_q1": _pow_q1, "pow_q2": _pow_q2, "pow_q3": _pow_q3, "pow_q4": _pow_q4, "pow_q5": _pow_q5,
                  "pow_q6": _pow_q6})
HINTS.update({
    "pow_q1": lambda: [(float(_power().energy_facts()["pue_japan_avg"]),
                        _hint("pow_q1.0"))],
    "pow_q2": lambda: [(catalog.gpu("H200")["tdp_w"] * POW_UTIL,
                        _hint("pow_q2.0")),
                       (_pow_q2()["q2"] / POW_UTIL, _hint("pow_q2.1"))],
    "pow_q3": lambda: [(_pow_q3()["q3"] / _pue(), _hint("pow_q3.0")),
                       (POW_GPUS * catalog.gpu("H200")["tdp_w"] * POW_UTIL * _pue() / 1e6,
                        _hint("pow_q3.1")),
                       (_pow_q3()["q3"] * 1e3, _hint("pow_q3.2"))],
    "pow_q4": lambda: [(_pow_q4()["q4"] * _pue(), _hint("pow_q4.0"))],
    "pow_q5": lambda: [(_pow_q5()["q5"] / _pue(), _hint("pow_q5.0")),
                       (_pow_q5()["q5"] * 1e3, _hint("pow_q5.1")),
                       (_pow_q5()["q5"] * CMP_MFU, _hint("pow_q5.2"))],
    "pow_q6": lambda: [(_pow_q6()["q6"] / 1e3, _hint("pow_q6.0")),
                       (_pow_q6()["q6"] * 1e9, _hint("pow_q6.1"))],
})


def _gx_issuance_path():
    from helpers.calc import finance

    issued = [_fact(f"gx_issuance_fy{fy}_jpy") for fy in (2023, 2024, 2025)]
    return finance.even_completion(issued, _fact("gx_bond_programme_jpy"), int(_fact("gx_bond_years")))


def _gx_plan(key: str) -> float:
    return float(data.load("gx_redemption").set_index("id").loc[key, "value"])


BOND_COUPON, BOND_YIELD, BOND_YEARS = 1.6, 2.0, 10  # bond_q2: a 10-year bond at 1.6% priced at a 2.0% yield
BOND_AUCTION = "2025-10-21"  # bond_q3: the 10-year Climate Transition Bond auction (data/gx_auctions.csv)
GX_YIELD = 2.5  # bond_q4: refinancing yield, %
GX_LEVY, GX_ALLOWANCES = 0.5e12, 0.5e12  # bond_q4: yearly revenues (notebook 05's scenario inputs)
AI_P_CONTINUE = 0.8  # bond_q6: probability that each yearly review continues the AI programme


def _bond_q1() -> dict[str, float]:
    return {"q1": _gx_plan("redemption_end_fy")}


def _bond_q2() -> dict[str, float]:
    from helpers.calc import finance

    return {"q2": float(finance.bond_price(BOND_COUPON, BOND_YIELD, BOND_YEARS))}


def _auction_price(shift_pct: float) -> float:
    from datetime import date

    from helpers.calc import finance

    row = data.load("gx_auctions").set_index("auction_date").loc[BOND_AUCTION]
    years = finance.years_between(date.fromisoformat(row["issue_date"]), date.fromisoformat(row["maturity_date"]))
    return float(finance.bond_price(row["coupon_pct"], row["yield_pct"] + shift_pct, years))


def _bond_q3() -> dict[str, float]:
    return {"q3": _auction_price(0.0) - _auction_price(1.0)}


def _bond_q4() -> dict[str, float]:
    from helpers.calc import finance

    path = finance.gx_path(_gx_issuance_path(), GX_YIELD, GX_LEVY, 0.0, GX_ALLOWANCES, 0.0)
    return {"q4": float(path.total_interest_jpy) / 1e12}


def _bond_q5() -> dict[str, float]:
    from helpers.calc import finance

    return {"q5": float(finance.flat_revenue_needed(_fact("gx_bond_programme_jpy"))) / 1e9}


def _ai_budget() -> list[float]:
    first, total = _fact("fy2026_ai_budget_jpy"), _fact("ai_programme_total_jpy")
    years = int(_fact("ai_programme_years"))
    return [first] + [(total - first) / (years - 1)] * (years - 1)


def _bond_q6() -> dict[str, float]:
    from helpers.calc import finance

    gate = finance.stage_gate(_ai_budget(), AI_P_CONTINUE, 1.7, 10.0)  # yield and holding years: interest only
    return {"q6": float(gate.expected_total_jpy) / 1e9}


QUESTIONS.update({"bond_q1": _bond_q1, "bond_q2": _bond_q2, "bond_q3": _bond_q3, "bond_q4": _bond_q4,
                  "bond_q5": _bond_q5, "bond_q6": _bond_q6})
TOLERANCE.update({"bond_q1": 0.0, "bond_q2": 1e-4})
HINTS.update({
    "bond_q1": lambda: [(_gx_plan("fossil_fuel_levy_start_fy"), _hint("bond_q1.0")),
                        (_gx_plan("allowance_auction_start_fy"), _hint("bond_q1.1")),
                        (_gx_plan("issuance_start_fy") + _fact("gx_bond_years") - 1, _hint("bond_q1.2"))],
    "bond_q2": lambda: [(100.0, _hint("bond_q2.0")),
                        (float(_finance().bond_price(BOND_COUPON, BOND_YIELD,
                                                                                         BOND_YEARS, freq=1)),
                         _hint("bond_q2.1")),
                        (float(_finance().jgb_simple_price(BOND_YIELD, BOND_COUPON,
                                                                                               BOND_YEARS)),
                         _hint("bond_q2.2"))],
    "bond_q3": lambda: [(1.0, _hint("bond_q3.0")),
                        (_bond_q3()["q3"] / 100, _hint("bond_q3.1"))],
    "bond_q4": lambda: [(float(_finance().gx_path(
                            _gx_issuance_path(), 1.7, GX_LEVY, 0.0, GX_ALLOWANCES, 0.0).total_interest_jpy) / 1e12,
                         _hint("bond_q4.0")),
                        (_bond_q4()["q4"] * 1e12, _hint("bond_q4.1"))],
    "bond_q5": lambda: [(_fact("gx_bond_programme_jpy") / (_gx_plan("redemption_end_fy") - _gx_plan("issuance_start_fy")
                                                            + 1) / 1e9,
                         _hint("bond_q5.0")),
                        (_fact("gx_bond_programme_jpy") / (_gx_plan("redemption_end_fy")
                                                            - _gx_plan("fossil_fuel_levy_start_fy")) / 1e9,
                         _hint("bond_q5.1")),
                        (_bond_q5()["q5"] / 1e3, _hint("bond_q5.2"))],
    "bond_q6": lambda: [(AI_P_CONTINUE * _fact("ai_programme_total_jpy") / 1e9,
                         _hint("bond_q6.0")),
                        (_fact("ai_programme_total_jpy") / 1e9, _hint("bond_q6.1"))],
})


ECON_FLOWS = (-100.0, 30.0, 30.0, 30.0, 30.0, 30.0)  # econ_q1/q2: invest 100 today, receive 30 a year for 5 years
ECON_RATE = 0.08  # econ_q1 discount rate
ECON_PRICE = 500.0  # econ_q5: yen per GPU-hour
ECON_PAYBACK_YEARS = 7.0  # econ_q6: the payback the investor asks for


def _econ_q1() -> dict[str, float]:
    from helpers.calc import finance

    return {"q1": float(finance.npv(ECON_RATE, ECON_FLOWS))}


def _econ_q2() -> dict[str, float]:
    from helpers.calc import finance

    return {"q2": 100 * finance.irr(ECON_FLOWS)}


def _econ_q3() -> dict[str, float]:
    from helpers.calc import finance

    return {"q3": float(finance.datacenter_cashflows(finance.DataCentre()).gpus_online.max())}


def _econ_q4() -> dict[str, float]:
    from helpers.calc import finance

    return {"q4": float(finance.datacenter_cashflows(finance.DataCentre()).npv_jpy) / 1e9}


def _econ_q5() -> dict[str, float]:
    from helpers.calc import finance

    return {"q5": float(finance.breakeven_utilisation(finance.DataCentre(), price_jpy_per_gpu_hour=ECON_PRICE))}


def payback_at(utilisation_pct: float) -> float:
    """Payback in years of notebook 06's base data centre at ``utilisation_pct`` (NaN: never)."""
    from helpers.calc import finance

    flows = finance.datacenter_cashflows(finance.DataCentre(), utilisation_pct=utilisation_pct).cashflow_jpy
    return finance.payback_years(np.asarray(flows))


def _econ_q6() -> dict[str, float]:
    """Bisection: payback falls as utilisation rises (every year's cash flow rises with it)."""
    low, high = 0.0, 100.0
    for _ in range(50):
        middle = (low + high) / 2
        years = payback_at(middle)
        low, high = (low, middle) if years <= ECON_PAYBACK_YEARS else (middle, high)  # NaN (never) goes up
    return {"q6": high}


QUESTIONS.update({"econ_q1": _econ_q1, "econ_q2": _econ_q2, "econ_q3": _econ_q3, "econ_q4": _econ_q4,
                  "econ_q5": _econ_q5, "econ_q6": _econ_q6})
TOLERANCE.update({"econ_q6": 0.005})
HINTS.update({
    "econ_q1": lambda: [(sum(ECON_FLOWS), _hint("econ_q1.0")),
                        (_econ_q1()["q1"] / (1 + ECON_RATE),
                         _hint("econ_q1.1"))],
    "econ_q2": lambda: [(_econ_q2()["q2"] / 100, _hint("econ_q2.0"))],
    "econ_q3": lambda: [(finance_defaults("capex_jpy") / finance_defaults("capex_per_gpu_jpy"),
                         _hint("econ_q3.0")),
                        (_econ_q3()["q3"] / 6, _hint("econ_q3.1"))],
    "econ_q4": lambda: [(float(np.sum(_finance().datacenter_cashflows().cashflow_jpy))
                         / 1e9, _hint("econ_q4.0")),
                        (_econ_q4()["q4"] * 1e9, _hint("econ_q4.1"))],
    "econ_q5": lambda: [(float(_finance().breakeven_utilisation()),
                         _hint("econ_q5.0")),
                        (_econ_q5()["q5"] / 100, _hint("econ_q5.1"))],
    "econ_q6": lambda: [(float(_finance().breakeven_utilisation()),
                         _hint("econ_q6.0")),
                        (finance_defaults("utilisation_pct"), _hint("econ_q6.1")),
                        (_econ_q6()["q6"] / 100, _hint("econ_q6.2"))],
})


def finance_defaults(field: str) -> float:
    """A default of :class:`helpers.calc.finance.DataCentre` (notebook 06's base scenario)."""
    from helpers.calc import finance

    return float(getattr(finance.DataCentre(), field))


# The exercise notebooks' questions, in order (teachers' guide, tests).
SHEETS = {
    "ex1_parameters": ("par_q1", "par_q2", "par_q3", "par_q4", "par_q5", "par_q6"),
    "ex2_memory": ("mem_q1", "mem_q2", "mem_q3", "mem_q4", "mem_q5", "mem_q6"),
    "ex3_compute": ("cmp_q1", "cmp_q2", "cmp_q3", "cmp_q4", "cmp_q5"),
    "ex4_power": ("pow_q1", "pow_q2", "pow_q3", "pow_q4", "pow_q5", "pow_q6"),
    "ex5_financing": ("bond_q1", "bond_q2", "bond_q3", "bond_q4", "bond_q5", "bond_q6"),
    "ex6_economics": ("econ_q1", "econ_q2", "econ_q3", "econ_q4", "econ_q5", "econ_q6"),
}


def tolerance_text(question: str) -> str:
    """The stated tolerance of ``question`` in words (shown beside each question)."""
    rel = TOLERANCE.get(question, DEFAULT_REL)
    return MESSAGES["exact"] if rel == 0 else MESSAGES["within"].format(pct=100 * rel)


def parse_answer(text: str) -> object:
    """What a student typed in an answer box: a float where it reads as one, ``...`` when empty,
    else the text itself (which the check then calls "not a number")."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    if not cleaned:
        return ...
    try:
        return float(cleaned)
    except ValueError:
        return text


def answer_box(question: str):
    """A text box, a Check button and the feedback: the same check for readers without code (Voila)."""
    import html

    import ipywidgets as widgets

    if question in CUSTOM:
        raise ValueError(_say("box_custom", question=question))
    expected(question)  # an unknown question fails here, when the notebook is written
    field = widgets.Text(placeholder=MESSAGES["box_placeholder"], description=question, continuous_update=False,
                         layout=widgets.Layout(width="360px"))
    button = widgets.Button(description=MESSAGES["box_button"], button_style="primary")
    feedback = widgets.HTML()

    def run(_: object = None) -> None:
        feedback.value = html.escape(check(question, parse_answer(field.value)).text)

    button.on_click(run)
    field.observe(run, names="value")  # Enter (or leaving the box) checks too
    box = widgets.VBox([widgets.HBox([field, button]), feedback])
    box.check = run  # for tests: box.children[0].children[0].value = "..."; box.check()
    return box
