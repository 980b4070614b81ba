"""The GPU-memory explorer of ``notebooks/02_gpu_memory.ipynb``: controls → bytes per GPU → bar.

Three layers, as everywhere in the explainer: the calculation is :mod:`helpers.calc.memory`
(:func:`~helpers.calc.memory.training_memory`, :func:`~helpers.calc.memory.inference_memory`,
:func:`~helpers.calc.memory.gpus_needed`); :meth:`MemoryExplorer.render` writes a summary line and one
stacked bar against the GPU's capacity (:func:`~helpers.views.plots.stack_html`); one ``observe`` wires
every control to it. An impossible combination (``ep`` not dividing ``dp``, a model that cannot fit)
shows its explanation instead of a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets

from helpers import i18n
from helpers.calc import catalog, memory
from helpers.calc.params import ModelConfig
from helpers.i18n import _
from helpers.views import style, units
from helpers.views.explorer import Explorer
from helpers.views.plots import stack_html
from helpers.views.widgets import fitted, label_px, toggle_style

GPUS = ("H100", "H200", "B200", "GB200", "MI300X", "MI355X", "TPU v5p")
WEIGHT_FORMATS = ("bf16", "fp8", "mxfp4", "nvfp4", "int4", "fp32")
POWERS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096)
CONTEXTS = (512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072)
COLOURS = {  # one colour per concept, as in every chart (helpers.views.style.CONCEPT)
    "weights": style.colour("weights"),
    "gradients": style.colour("gradients"),
    "master weights": style.OKABE_ITO["vermillion"],
    "optimizer states": style.colour("optimizer"),
    "activations": style.colour("activations"),
    "logits and loss": style.OKABE_ITO["yellow"],
    "framework overhead": style.OKABE_ITO["grey"],
    "KV cache": style.colour("kv_cache"),
}


_VARIANT = re.compile(r"Custom: (?P<model>.+) with (?P<new>\S+) instead of (?P<old>\S+)")


def model_label(name: str, lang: str | None = None) -> str:
    """A model's name as the reader sees it: a catalogue name as it is (names are not translated),
    a notebook's own variant (``Custom: Kimi K2 with GQA instead of MLA``) in ``lang`` (default: the
    current language). Notebook 02, section '6. The memory calculator'."""
    found = _VARIANT.fullmatch(name)
    if found is None or (lang or i18n.language()) == "en":
        return name
    return _(
        "Custom: {model} with {new} instead of {old}", lang, model=found["model"], new=found["new"], old=found["old"]
    )


def _choice(description: str, options: Iterable[Any], value: Any, width: int) -> widgets.SelectionSlider:
    return widgets.SelectionSlider(
        options=list(options), value=value, description=description, continuous_update=False, **fitted(width)
    )


def _toggle(description: str, options: Iterable[Any], value: Any, width: int) -> widgets.ToggleButtons:
    return widgets.ToggleButtons(options=options, value=value, description=description, style=toggle_style(130, width))


CONTROLS = ("model", "task", "gpu", "dtype", "kv_dtype", "precision", "batch", "seq", "recompute", "zero_stage")
CONTROLS += ("tp", "pp", "dp", "ep")


def unfit_text(total: float, usable: float, gpu: str, fewest: int | None, lang: str | None = None) -> str:
    """The sentence under a bar that passes the GPU's line: ``Does not fit: 257 GB per GPU, more than
    the 72.0 GB one H100 may use; it needs at least 29 H100.`` (or, where no count of GPUs helps,
    what to change), in ``lang`` (default: the current language).
    Notebook 02, section '6. The memory calculator'."""
    if fewest:
        return _(
            "Does not fit: {total} per GPU, more than the {usable} one {gpu} may use; it needs at least {n} {gpu}.",
            lang,
            total=units.bytes_text(total),
            gpu=gpu,
            usable=units.bytes_text(usable),
            n=f"{fewest:,}",
        )
    return _(
        "Does not fit: {total} per GPU, more than the {usable} one {gpu} may use; no number of data-parallel GPUs "
        "helps: raise TP, PP or the ZeRO stage, or recompute.",
        lang,
        total=units.bytes_text(total),
        gpu=gpu,
        usable=units.bytes_text(usable),
    )


class MemoryExplorer(Explorer):
    """Memory per GPU of a model for inference or training, with sharding, against a GPU.

    ``models`` adds configurations (e.g. a custom 1T shape) to the presets of ``data/models.csv``.
    Notebook 02, section '6. The memory calculator'.
    """

    def __init__(
        self, preset: str = "Kimi K2", models: dict[str, ModelConfig] | None = None, lang: str | None = None
    ) -> None:
        self.lang = lang or i18n.language()
        self.models = {name: catalog.model(name) for name in catalog.names()} | dict(models or {})

        def t(key: str) -> str:
            return i18n.t(key, self.lang)

        width = label_px([t(f"mem.control.{name}") for name in CONTROLS])  # one column, every label whole

        def drop(name: str, options: Iterable[Any], value: Any) -> widgets.Dropdown:
            return widgets.Dropdown(
                options=list(options), value=value, description=t(f"mem.control.{name}"), **fitted(width)
            )

        models = [(model_label(name, self.lang), name) for name in self.models]

        def slider(name: str, options: Iterable[Any], value: Any) -> widgets.SelectionSlider:
            return _choice(t(f"mem.control.{name}"), options, value, width)

        def toggle(name: str, options: Iterable[str], value: str) -> widgets.ToggleButtons:
            return _toggle(t(f"mem.control.{name}"), [(t(f"mem.{name}.{o}"), o) for o in options], value, width)

        self.controls: dict[str, widgets.ValueWidget] = {
            "model": drop("model", models, preset),
            "task": toggle("task", ("inference", "training"), "inference"),
            "gpu": drop("gpu", GPUS, "H100"),
            "dtype": drop("dtype", WEIGHT_FORMATS, "bf16"),
            "kv_dtype": drop("kv_dtype", ("bf16", "fp8"), "bf16"),
            "precision": toggle("precision", ("amp", "bf16"), "bf16"),
            "batch": slider("batch", POWERS[:10], 1),
            "seq": slider("seq", CONTEXTS, 4096),
            "recompute": toggle("recompute", ("none", "full"), "full"),
            "zero_stage": slider("zero_stage", (0, 1, 2, 3), 3),
            "tp": slider("tp", POWERS[:5], 8),
            "pp": slider("pp", POWERS[:7], 1),
            "dp": slider("dp", POWERS, 64),
            "ep": slider("ep", POWERS[:8], 8),
        }
        self.parts: dict[str, float] = {}
        self.wire()

    # Calculation -------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def compute(self) -> dict[str, Any]:
        """Bytes per GPU by part, the GPU count of this layout and the fewest GPUs that hold it."""
        v = self.values()
        cfg = self.models[v["model"]]
        gpu = catalog.gpu(v["gpu"])
        if v["task"] == "inference":
            split = v["tp"] * v["pp"]
            need = memory.inference_memory(cfg, v["batch"], v["seq"], v["dtype"], v["kv_dtype"])
            parts = {"weights": need.weights / split, "KV cache": need.kv_cache / split}
            fewest = memory.gpus_needed(cfg, v["gpu"], "inference", v["batch"], v["seq"], v["dtype"], v["kv_dtype"])
            return {"parts": parts, "gpus": split, "fewest": fewest, "capacity": gpu["memory_bytes"], "cfg": cfg}
        par = memory.Parallelism(dp=v["dp"], tp=v["tp"], pp=v["pp"], ep=v["ep"], zero_stage=v["zero_stage"])
        step = memory.training_memory(cfg, v["batch"], v["seq"], v["precision"], v["recompute"], parallel=par)
        try:
            fewest = memory.gpus_needed(
                cfg,
                v["gpu"],
                "training",
                v["batch"],
                v["seq"],
                precision=v["precision"],
                recompute=v["recompute"],
                tp=v["tp"],
                pp=v["pp"],
                ep=v["ep"],
                zero_stage=v["zero_stage"],
            )
        except ValueError:
            fewest = None  # no number of data-parallel replicas makes it fit
        return {
            "parts": step.at_peak(),
            "gpus": par.gpus,
            "fewest": fewest,
            "capacity": gpu["memory_bytes"],
            "cfg": cfg,
        }

    def _update(self, change: Any = None) -> None:
        training = self.controls["task"].value == "training"
        for name in ("precision", "recompute", "zero_stage", "dp", "ep"):
            self.controls[name].disabled = not training
        for name in ("dtype", "kv_dtype"):
            self.controls[name].disabled = training
        self.result = self.compute()
        self.render()

    # View ----------------------------------------------------------------------------------------
    def render(self) -> None:
        r, v, lang = self.result, self.values(), self.lang
        parts = {k: float(b) for k, b in r["parts"].items() if float(b) > 0}
        self.parts = parts
        total, capacity = sum(parts.values()), r["capacity"]
        usable = memory.USABLE_FRACTION * capacity
        verdict = i18n.t("mem.fits" if total <= usable else "mem.does_not_fit", lang)
        layout = i18n.t("mem.layout", lang) if v["task"] == "training" else ""
        fewest = (
            i18n.t("mem.fewest", lang, gpu=v["gpu"], layout=layout, n=r["fewest"])
            if r["fewest"]
            else i18n.t("mem.never", lang)
        )
        gpus = i18n.t("mem.gpus", lang, n=r["gpus"], s="s" if r["gpus"] != 1 else "")
        self.summary.value = i18n.t(
            "mem.summary",
            lang,
            total=units.bytes_text(total),
            share=total / capacity,
            gpu=v["gpu"],
            capacity=units.bytes_text(capacity),
            verdict=verdict,
            usable=memory.USABLE_FRACTION,
            gpus=gpus,
            count=r["gpus"],
            fewest=fewest,
        )
        segments = [(i18n.t(f"mem.part.{label}", lang), value, COLOURS[label]) for label, value in parts.items()]
        marker = (
            i18n.t(
                "mem.marker", lang, gpu=v["gpu"], usable=units.bytes_text(usable), capacity=units.bytes_text(capacity)
            ),
            usable,
        )
        title = i18n.t(
            "mem.chart_title", lang, model=model_label(v["model"], lang), task=i18n.t(f"mem.task.{v['task']}", lang)
        )
        over = "" if total <= usable else unfit_text(total, usable, v["gpu"], r["fewest"], lang)
        self.chart.value = stack_html(
            segments,
            title,
            value_text=units.bytes_text,
            marker=marker,
            total_label=i18n.t("word.total", lang),
            over=over,
        )

    def widget(self) -> widgets.Widget:
        c = self.controls
        left = widgets.VBox([c[n] for n in ("model", "task", "gpu", "dtype", "kv_dtype", "precision", "batch", "seq")])
        right = widgets.VBox(
            [widgets.HTML(f"<b>{i18n.t('mem.sharding', self.lang)}</b>")]
            + [c[n] for n in ("recompute", "zero_stage", "tp", "pp", "dp", "ep")]
        )
        return widgets.VBox(
            [
                widgets.HBox([left, right], layout=widgets.Layout(flex_flow="row wrap")),
                self.problem,
                self.summary,
                self.chart,
            ]
        ).add_class("t-memory")
