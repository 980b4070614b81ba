"""The GPU-memory explorer of ``notebooks/02_gpu_memory.ipynb``: controls → bytes per GPU → bar.

Three layers, as everywhere in the explainer: the calculation is :mod:`helpers.memory`
(:func:`~helpers.memory.training_memory`, :func:`~helpers.memory.inference_memory`,
:func:`~helpers.memory.gpus_needed`); :meth:`MemoryExplorer.render` writes a summary line and one
stacked bar against the GPU's capacity (:func:`~helpers.plots.stack_html`); one ``observe`` wires
every control to it. An impossible combination (``ep`` not dividing ``dp``, a model that cannot fit)
shows its explanation instead of a traceback.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np

from . import catalog, memory, units
from .params import ModelConfig
from .plots import stack_html
from .widgets import LAYOUT, STYLE, explained, message

GPUS = ("H100", "H200", "B200", "GB200", "MI300X", "MI355X", "TPU v5p")
WEIGHT_FORMATS = ("bf16", "fp8", "mxfp4", "nvfp4", "int4", "fp32")
POWERS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096)
CONTEXTS = (512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072)
COLOURS = {  # Okabe-Ito, as in helpers.plots
    "weights": "#0072B2", "gradients": "#56B4E9", "master weights": "#CC79A7", "optimizer states": "#009E73",
    "activations": "#E69F00", "logits and loss": "#F0E442", "framework overhead": "#999999", "KV cache": "#D55E00",
}


def _choice(description: str, options, value) -> widgets.SelectionSlider:
    return widgets.SelectionSlider(options=list(options), value=value, description=description, style=STYLE,
                                   layout=LAYOUT, continuous_update=False)


def _toggle(description: str, options, value) -> widgets.ToggleButtons:
    return widgets.ToggleButtons(options=options, value=value, description=description,
                                 style={"description_width": "150px", "button_width": "130px"})


class MemoryExplorer:
    """Memory per GPU of a model for inference or training, with sharding, against a GPU.

    ``models`` adds configurations (e.g. a custom 1T shape) to the presets of ``data/models.csv``.
    """

    def __init__(self, preset: str = "Kimi K2", models: dict[str, ModelConfig] | None = None) -> None:
        self.models = {name: catalog.model(name) for name in catalog.names()} | dict(models or {})
        self.controls: dict[str, widgets.ValueWidget] = {
            "model": widgets.Dropdown(options=list(self.models), value=preset, description="Model", style=STYLE,
                                      layout=LAYOUT),
            "task": _toggle("Task", [("Inference", "inference"), ("Training", "training")], "inference"),
            "gpu": widgets.Dropdown(options=list(GPUS), value="H100", description="GPU", style=STYLE, layout=LAYOUT),
            "dtype": widgets.Dropdown(options=list(WEIGHT_FORMATS), value="bf16", description="Weights format",
                                      style=STYLE, layout=LAYOUT),
            "kv_dtype": widgets.Dropdown(options=["bf16", "fp8"], value="bf16", description="KV-cache format",
                                         style=STYLE, layout=LAYOUT),
            "precision": _toggle("Training precision", [("AMP (fp32 + bf16)", "amp"), ("pure bf16", "bf16")], "bf16"),
            "batch": _choice("Batch (sequences)", POWERS[:10], 1),
            "seq": _choice("Context (tokens)", CONTEXTS, 4096),
            "recompute": _toggle("Recompute", [("none", "none"), ("full", "full")], "full"),
            "zero_stage": _choice("ZeRO stage", (0, 1, 2, 3), 3),
            "tp": _choice("Tensor parallel TP", POWERS[:5], 8),
            "pp": _choice("Pipeline parallel PP", POWERS[:7], 1),
            "dp": _choice("Data parallel DP", POWERS, 64),
            "ep": _choice("Expert parallel EP", POWERS[:8], 8),
        }
        self.summary = widgets.HTML().add_class("t-summary")
        self.problem = message()
        self.chart = widgets.HTML().add_class("t-chart")
        self.parts: dict[str, float] = {}
        self.update = explained(self.problem)(self._update)
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.update()

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
            fewest = memory.gpus_needed(cfg, v["gpu"], "training", v["batch"], v["seq"], precision=v["precision"],
                                        recompute=v["recompute"], tp=v["tp"], pp=v["pp"], ep=v["ep"],
                                        zero_stage=v["zero_stage"])
        except ValueError:
            fewest = None  # no number of data-parallel replicas makes it fit
        return {"parts": step.at_peak(), "gpus": par.gpus, "fewest": fewest, "capacity": gpu["memory_bytes"],
                "cfg": cfg}

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
        r, v = self.result, self.values()
        parts = {k: float(b) for k, b in r["parts"].items() if float(b) > 0}
        self.parts = parts
        total, capacity = sum(parts.values()), r["capacity"]
        usable = memory.USABLE_FRACTION * capacity
        verdict = "fits" if total <= usable else "does <b>not</b> fit"
        layout = " with this TP, PP, EP and ZeRO stage" if v["task"] == "training" else ""
        fewest = (f"the fewest {v['gpu']} that hold it{layout}: <b>{r['fewest']:,}</b>" if r["fewest"]
                  else "no number of data-parallel GPUs makes it fit: raise TP, PP or the ZeRO stage, or recompute")
        gpus = f"{r['gpus']:,} GPU" + ("s" if r["gpus"] != 1 else "")
        self.summary.value = (f"<b>{units.bytes_text(total)}</b> per GPU, {total / capacity:.0%} of one {v['gpu']}'s "
                              f"{units.bytes_text(capacity)}: it {verdict} in the usable {memory.USABLE_FRACTION:.0%}; "
                              f"this layout uses {gpus}; {fewest}.")
        segments = [(label, value, COLOURS[label]) for label, value in parts.items()]
        marker = (f"{v['gpu']}: {units.bytes_text(usable)} usable of {units.bytes_text(capacity)}", usable)
        self.chart.value = stack_html(segments, f"{v['model']}, {v['task']}: memory of one GPU",
                                      value_text=units.bytes_text, marker=marker)

    def widget(self) -> widgets.Widget:
        c = self.controls
        left = widgets.VBox([c[n] for n in ("model", "task", "gpu", "dtype", "kv_dtype", "precision", "batch", "seq")])
        right = widgets.VBox([widgets.HTML("<b>Training and sharding</b>")] +
                             [c[n] for n in ("recompute", "zero_stage", "tp", "pp", "dp", "ep")])
        return widgets.VBox([widgets.HBox([left, right], layout=widgets.Layout(flex_flow="row wrap")),
                             self.problem, self.summary, self.chart]).add_class("t-memory")


def sizes_text(values: np.ndarray) -> list[str]:
    """Byte counts as short text for tables (GB)."""
    return [units.bytes_text(float(v)) for v in np.ravel(values)]
