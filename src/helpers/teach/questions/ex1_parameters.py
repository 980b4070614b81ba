"""Exercise sheet 1, parameters (notebooks/exercises/ex1_parameters.ipynb): ``ex1_q1`` … ``ex1_q6``."""

from __future__ import annotations

import math

from helpers import i18n
from helpers.calc import params
from helpers.calc.params import ModelConfig
from helpers.teach.question import Question
from helpers.teach.questions.inputs import kimi, llama405, target_params
from helpers.teach.units import COUNT, SHARE, Unit

SHEET = "ex1_parameters"

# ex1_q5: design a dense model of the story's one trillion parameters (the question's own shape rules)
SHAPE_LAYERS = 128  # the question fixes the depth
SHAPE_STYLE = {"ffn_type": "swiglu", "n_kv_heads": 8}  # a Llama-style block (Megatron GPT 1T is GELU + MHA)
SHAPE_REL = 0.02  # accepted: within 2% of the target
SHAPE_NAMED = ("n_layers", "d_model", "n_heads", "ffn_dim")  # the fields the question's tip names
SHAPE_FIELDS = ", ".join(SHAPE_NAMED)


def _count(cfg: ModelConfig) -> params.ParamCount:
    return params.count_params(cfg)


def _active_share() -> float:
    count = _count(kimi())
    return count.active / count.total


def _gqa_layer() -> float:
    m = llama405()
    return params.gqa_attention_params(m.d_model, m.n_heads, m.n_kv_heads, m.head_dim) / 1e6


def _top16_active() -> float:
    return _count(kimi().replace(top_k=16)).active / 1e9


def _say(key: str, **fields: object) -> str:
    return i18n.t("ex.msg." + key, **fields)


def check_shape(question: str, *answers: object) -> tuple[bool, str]:
    """ex1_q5: is the answer (a ModelConfig, or a dict of the fields the question names, the others
    taken from Llama 3.1 405B as in the tip) a dense, Llama-style model of ``SHAPE_LAYERS`` layers
    within ``SHAPE_REL`` of the target? Says what to change if not, a missing or unknown field too.
    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'."""
    if len(answers) != 1:
        return False, _say("arity", question=question, n=1, names=i18n.t("ex.msg.shape_names"))
    answer = answers[0]
    if isinstance(answer, ModelConfig):
        cfg = answer
    elif isinstance(answer, dict):
        unknown = sorted(str(key) for key in answer if key not in ModelConfig.__dataclass_fields__)
        if unknown:
            return False, _say("shape_unknown", question=question, unknown=", ".join(unknown), named=SHAPE_FIELDS)
        missing = [key for key in SHAPE_NAMED if key not in answer]
        if missing:
            return False, _say("shape_missing", question=question, missing=", ".join(missing), named=SHAPE_FIELDS)
        try:  # the fields the question names, the rest from the shape the tip starts from
            cfg = llama405().replace(name="dense 1T").replace(**answer)
        except (TypeError, ValueError) as error:
            return False, _say("shape_invalid", question=question, error=error)
    else:
        text = repr(answer)
        text = text if len(text) <= 40 else text[:37] + "..."
        return False, _say("shape_type", question=question, fields=SHAPE_FIELDS, answer=text)
    try:
        total = _count(cfg).total
    except (TypeError, ValueError, ArithmeticError) as error:
        return False, _say("shape_invalid", question=question, error=error)
    if cfg.n_layers != SHAPE_LAYERS:
        return False, _say("shape_layers", question=question, wanted=SHAPE_LAYERS, got=cfg.n_layers)
    if cfg.is_moe:
        return False, _say("shape_moe", question=question)
    if any(getattr(cfg, key) != value for key, value in SHAPE_STYLE.items()):
        return False, _say("shape_style", question=question, ffn=cfg.ffn_type, kv=cfg.n_kv_heads)
    target = target_params()
    off = total / target - 1
    if abs(off) > SHAPE_REL:
        return False, _say(
            "shape_size", question=question, count=total, off=off, tol=SHAPE_REL, factor=math.sqrt(target / total)
        )
    return True, _say("shape_correct", question=question, count=total, layers=cfg.n_layers)


def example_shape() -> ModelConfig:
    """A shape that passes ex1_q5: Llama 3.1 405B widened by √(target / count), as the solution does.

    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'.
    """
    llama = llama405()
    start = llama.replace(n_layers=SHAPE_LAYERS, name="dense 1T")
    scale = math.sqrt(target_params() / _count(start).total)
    d = round(llama.d_model * scale / 1024) * 1024  # 128-wide heads in whole groups of 8
    ffn = round(llama.ffn_dim / llama.d_model * d / 128) * 128
    return start.replace(d_model=d, n_heads=d // llama.head_dim, ffn_dim=ffn)


QUESTIONS = (
    Question(
        "ex1_q1",
        SHEET,
        lambda: _count(kimi()).total / 1e12,
        Unit(COUNT, 1e12),  # trillions; 兆 in Japanese
        advice="ex.advice.ex1_q1",
        hints=((lambda: _count(kimi()).active / 1e12, "ex.hint.ex1_q1.0"),),
    ),
    Question(
        "ex1_q2",
        SHEET,
        lambda: _count(kimi()).active / 1e9,
        Unit(COUNT, 1e9, ja_scale=1e8),  # billions; 億 in Japanese
        advice="ex.advice.ex1_q2",
        hints=((lambda: _count(kimi()).total / 1e9, "ex.hint.ex1_q2.0"),),
    ),
    Question(
        "ex1_q3",
        SHEET,
        _active_share,
        Unit(SHARE),  # a fraction
        advice="ex.advice.ex1_q3",
        fields=lambda: {"top_k": kimi().top_k, "experts": kimi().n_experts},
        hints=((lambda: kimi().top_k / kimi().n_experts, "ex.hint.ex1_q3.0"),),
    ),
    Question(
        "ex1_q4",
        SHEET,
        _gqa_layer,
        Unit(COUNT, 1e6, ja_scale=1e8),  # millions; 億 in Japanese
        advice="ex.advice.ex1_q4",
        hints=(
            (lambda: 4 * llama405().d_model ** 2 / 1e6, "ex.hint.ex1_q4.0"),
            (lambda: _gqa_layer() * llama405().n_layers, "ex.hint.ex1_q4.1"),
        ),
    ),
    Question(
        "ex1_q5",
        SHEET,
        lambda: (target_params(), SHAPE_LAYERS),
        "a ModelConfig",
        rel=SHAPE_REL,
        names=("total_params", "n_layers"),
        custom=check_shape,
        example=example_shape,
    ),
    Question(
        "ex1_q6",
        SHEET,
        _top16_active,
        Unit(COUNT, 1e9, ja_scale=1e8),  # billions; 億 in Japanese
        advice="ex.advice.ex1_q6",
        hints=((lambda: 2 * _count(kimi()).active / 1e9, "ex.hint.ex1_q6.0"),),
    ),
)
