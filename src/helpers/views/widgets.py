"""Slider factories and the error line: the widget layer that notebooks share.

Widgets carry their unit in the description and sensible bounds. A callback wrapped in
:func:`explained` shows a ``ValueError``'s message in a one-line banner instead of a traceback,
so an impossible combination of sliders explains itself (DESIGN.md, "Widgets"), in the reader's
language: the calculations raise their messages in English (``helpers.calc`` knows no language),
and :func:`explain` matches each known message to its sentence in the catalogue (:data:`KNOWN`).
"""

from __future__ import annotations

import functools
import html
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

import ipywidgets as widgets

from helpers import i18n
from helpers.i18n import _

STYLE = {"description_width": "150px"}  # px, not em: reveal.js decks scale em
LABEL_PX = 150  # the narrowest description column
TRACK_PX = 310  # the slider's track and readout beside the description
FONT_PX = 13  # ipywidgets' label text (--jp-widgets-font-size)


def label_px(descriptions: Iterable[str]) -> int:
    """The description width (px) at which every one of ``descriptions`` shows whole (widget labels
    cut a longer one with "…"): at least :data:`LABEL_PX`; a full-width (Japanese) character counts
    one em, a Latin one 0.6 em, at ipywidgets' 13 px, plus room for the label's padding.

    Notebook 02, section '6. The memory calculator' (and every slider of notebooks 01-08)."""
    widest = 0.0
    for text in descriptions:
        if not isinstance(text, str):
            raise ValueError(f"descriptions: a description is text, got {text!r}")
        widest = max(widest, sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text))
    return max(LABEL_PX, math.ceil(widest * FONT_PX) + 16)


def fitted(width: int | None = None, description: str = "") -> dict[str, Any]:
    """``style`` and ``layout`` for a control whose description is ``width`` px wide (default: wide
    enough for ``description``, :func:`label_px`), the track keeping its own width beside it:
    ``widgets.IntSlider(..., **fitted(label_px(names)))``.

    Notebook 01, section '5. Build a model'."""
    width = width if width is not None else label_px([description])
    if not isinstance(width, int) or width < 1:
        raise ValueError(f"width: a description width in px must be a positive integer, got {width!r}")
    return {
        "style": {"description_width": f"{width}px"},
        "layout": widgets.Layout(width=f"{width + TRACK_PX}px", max_width="100%"),
    }


def toggle_style(button_px: int, width: int | None = None) -> dict[str, str]:
    """:data:`STYLE` for toggle buttons ``button_px`` wide (their labels must fit), with a description
    ``width`` px wide (default :data:`LABEL_PX`). Notebook 01, section '5. Build a model'.
    """
    return {"description_width": f"{width or LABEL_PX}px", "button_width": f"{button_px}px"}


LAYOUT = widgets.Layout(width="460px")


def int_slider(
    description: str, value: int, low: int, high: int, step: int = 1, width: int | None = None, **kwargs: Any
) -> widgets.IntSlider:
    """An integer slider with a description that shows whole (units belong in the description):
    ``width`` px (:func:`label_px` of a group of sliders, so they line up), default wide enough for
    ``description``. Notebook 03, section '4. From FLOPs to days'.
    """
    return widgets.IntSlider(
        value=value, min=low, max=high, step=step, description=description, **fitted(width, description), **kwargs
    )


def int_box(
    description: str, value: int, low: int, high: int, width: int | None = None, **kwargs: Any
) -> widgets.BoundedIntText:
    """An exact integer entry (for values such as a vocabulary of 50,257 that a slider cannot hit),
    its description ``width`` px as in :func:`int_slider`. Notebook 01, section '5. Build a model'.
    """
    return widgets.BoundedIntText(
        value=value, min=low, max=high, description=description, **fitted(width, description), **kwargs
    )


def message() -> widgets.HTML:
    """An empty line that :func:`explained` fills with an explanation when input is impossible.

    Notebook 03, section '4. From FLOPs to days'.
    """
    return widgets.HTML(value="").add_class("t-message")


def show_problem(line: widgets.HTML, text: str) -> None:
    """Show ``text`` as a warning in ``line``; an empty ``text`` clears it. Notebook 01, section '5. Build a model'."""
    line.value = f'<span style="color:#b00020">⚠ {html.escape(text)}</span>' if text else ""


_FIELD_LABELS = {  # a ModelConfig field -> its control in the model builder (helpers.i18n.labels)
    "vocab_size": "builder.vocab_size",
    "d_model": "builder.d_model",
    "n_layers": "builder.n_layers",
    "n_heads": "builder.n_heads",
    "n_kv_heads": "builder.n_kv_heads",
    "ffn_dim": "builder.ffn_dim",
    "n_experts": "builder.n_experts",
    "top_k": "builder.top_k",
    "n_shared_experts": "builder.n_shared_experts",
    "expert_ffn_dim": "builder.expert_ffn_dim",
}


def _field(name: str, lang: str) -> str:
    """A calculation's field as the reader's control names it (``top_k`` -> its slider's label)."""
    if name in _FIELD_LABELS:
        return i18n.t(_FIELD_LABELS[name], lang)
    if name == "first_dense_layers":  # set by a preset (DeepSeek-V3, Kimi K2): fewer layers than it
        return _("dense layers before the first MoE layer", lang)
    return name


# The calculations' messages a widget can show (tests/test_japanese.py drives every explorer into each),
# as regular expressions, and the sentence of each in the reader's language. Most specific first.
KNOWN: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], str]], ...] = (
    (
        re.compile(
            r"n_kv_heads must divide n_heads=(?P<heads>\d+) \(each key/value head serves a whole group of "
            r"query heads\); got n_kv_heads=(?P<kv>\d+)"
        ),
        lambda m, lang: _(
            "{kv} key/value heads cannot serve {heads} query heads: each key/value head serves a whole group "
            "of query heads, so the number of key/value heads must divide the number of query heads",
            lang,
            kv=m["kv"],
            heads=m["heads"],
        ),
    ),
    (
        re.compile(
            r"n_heads must divide d_model=(?P<d>\d+) when head_dim is not given; got n_heads=(?P<heads>\d+) "
            r"\(set head_dim explicitly for such models\)"
        ),
        lambda m, lang: _(
            "{heads} heads do not split the width {d} evenly: the number of heads must divide d_model",
            lang,
            heads=m["heads"],
            d=m["d"],
        ),
    ),
    (
        re.compile(
            r"ep must divide dp=(?P<dp>\d+) \(expert parallelism is carved out of data parallelism\); "
            r"got ep=(?P<ep>\d+)"
        ),
        lambda m, lang: _(
            "EP {ep} must divide DP {dp}: expert parallelism is carved out of data parallelism",
            lang,
            ep=m["ep"],
            dp=m["dp"],
        ),
    ),
    (
        re.compile(r"pp must divide n_layers=(?P<layers>\d+); got pp=(?P<pp>\d+)"),
        lambda m, lang: _(
            "PP {pp} must divide the {layers} layers: each pipeline stage holds the same number of layers",
            lang,
            pp=m["pp"],
            layers=m["layers"],
        ),
    ),
    (
        re.compile(
            r"does not fit on (?P<gpu>.+?): (?P<fixed>[\d.]+) GB per GPU is not sharded by data parallelism "
            r"\(activations, unsharded states\) but (?P=gpu) holds (?P<usable>[\d.]+) GB usable; .*"
        ),
        lambda m, lang: _(
            "Does not fit on {gpu}: {fixed} GB per GPU that data parallelism does not shard (activations, "
            "unsharded states) against {usable} GB usable; raise TP, PP or the ZeRO stage, recompute, or "
            "lower the batch or sequence length",
            lang,
            gpu=m["gpu"],
            fixed=m["fixed"],
            usable=m["usable"],
        ),
    ),
    (
        re.compile(
            r"batch_per_gpu=(?P<batch>\d+) sequences of seq=(?P<seq>\d+) tokens need (?P<need>[\d,.]+) GB of KV "
            r"cache per GPU in any layout, more than the (?P<usable>[\d,.]+) GB a (?P<gpu>.+) may use; "
            r"lower batch_per_gpu or seq"
        ),
        lambda m, lang: _(
            "{batch} sequences of {seq} tokens per GPU need {need} GB of KV cache per GPU in any layout, more "
            "than the {usable} GB a {gpu} may use; lower the sequences per GPU or the context",
            lang,
            batch=m["batch"],
            seq=m["seq"],
            need=m["need"],
            usable=m["usable"],
            gpu=m["gpu"],
        ),
    ),
    (
        re.compile(
            r"(?P<model>.+) in (?P<dtype>\S+) with (?:batch_per_gpu|batch)=(?P<batch>\d+) and seq=(?P<seq>\d+) "
            r"does not fit on up to (?P<most>\d+) (?P<gpu>.+) in any valid layout; .*"
        ),
        lambda m, lang: _(
            "{model} in {dtype} with {batch} sequences of {seq} tokens does not fit on up to {most} {gpu} in "
            "any valid layout; lower the sequences or the context, or use narrower weights",
            lang,
            model=m["model"],
            dtype=m["dtype"],
            batch=m["batch"],
            seq=m["seq"],
            most=m["most"],
            gpu=m["gpu"],
        ),
    ),
    (
        re.compile(r"(?P<field>\w+) must be 0 for a dense model \(n_experts=0\), got (?P<value>\S+)"),
        lambda m, lang: _(
            "{field} must be 0 for a dense model (no experts); it is {value}",
            lang,
            field=_field(m["field"], lang),
            value=m["value"],
        ),
    ),
    (
        re.compile(
            r"(?P<field>[\w\[\]]+) must be an integer from (?P<low>-?\d+) to (?P<high>-?\d+), got (?P<value>.+)"
        ),
        lambda m, lang: _(
            "{field} must be a whole number from {low} to {high}; it is {value}",
            lang,
            field=_field(m["field"], lang),
            low=m["low"],
            high=m["high"],
            value=m["value"],
        ),
    ),
    (
        re.compile(r"(?P<field>[\w\[\]]+) must be an integer >= (?P<low>-?\d+), got (?P<value>.+)"),
        lambda m, lang: _(
            "{field} must be a whole number of at least {low}; it is {value}",
            lang,
            field=_field(m["field"], lang),
            low=m["low"],
            value=m["value"],
        ),
    ),
    (
        re.compile(r"(?P<field>\w+) must be between (?P<low>\S+) and (?P<high>\S+), got (?P<value>.+)"),
        lambda m, lang: _(
            "{field} must be between {low} and {high}; it is {value}",
            lang,
            field=_field(m["field"], lang),
            low=m["low"],
            high=m["high"],
            value=m["value"],
        ),
    ),
)


def explain(error: Exception | str, lang: str | None = None) -> str:
    """The message of a calculation's ``ValueError`` in ``lang`` (default: the current language):
    English as raised; in Japanese the sentence of the first :data:`KNOWN` pattern that matches the
    whole message, else a Japanese sentence that quotes the calculation's message.
    Notebook 02, section '6. The memory calculator' (its sharding sliders)."""
    text = str(error)
    lang = lang or i18n.language()
    if lang == "en":
        return text
    for pattern, say in KNOWN:
        found = pattern.fullmatch(text)
        if found:
            return say(found, lang)
    return _("This combination cannot be calculated (the calculation says: {detail})", lang, detail=text)


def explained(line: widgets.HTML, lang: str | None = None) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Decorator: run the callback; on ``ValueError`` show its message (:func:`explain`, in ``lang``,
    default: the current language when it runs) in ``line`` and keep going.

    Notebook 03, section '4. From FLOPs to days'.
    """

    def wrap(update: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(update)
        def guarded(*args: Any, **kwargs: Any) -> None:
            try:
                update(*args, **kwargs)
            except ValueError as error:
                show_problem(line, explain(error, lang))
            else:
                show_problem(line, "")

        return guarded

    return wrap
