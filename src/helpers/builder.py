"""The model builder of ``notebooks/01_parameters.ipynb``: sliders → count → figure in place.

Three layers, as everywhere in the explainer: the calculation is :func:`helpers.params.count_params`;
the view (:meth:`ModelBuilder.render`) writes the summary line and resizes the bars of an HTML
chart (:func:`~helpers.plots.breakdown_html`); one ``observe`` wires every control to it.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any

import ipywidgets as widgets

from . import catalog, units
from .params import ModelConfig, ParamCount, count_params
from .plots import breakdown_html
from .widgets import LAYOUT, STYLE, explained, int_box, int_slider, message

TRILLION = 10**12  # the policy's target: "1兆パラメーター"

# Control name -> ModelConfig field it sets.
SLIDERS = ("d_model", "n_layers", "n_heads", "n_kv_heads", "ffn_dim", "n_experts", "top_k", "n_shared_experts",
           "expert_ffn_dim")


class ModelBuilder:
    """Sliders for the shape of a transformer, a live count, and a breakdown figure.

    ``preset`` names a row of ``data/models.csv``. Settings without a control (MLA ranks, biases,
    learned positions, an explicit head width) come from the preset and are kept.
    """

    def __init__(self, preset: str = "Kimi K2") -> None:
        self.controls: dict[str, widgets.ValueWidget] = {
            "preset": widgets.Dropdown(options=catalog.names(), value=preset, description="Preset",
                                       style=STYLE, layout=LAYOUT),
            "d_model": int_slider("Width d_model", 4096, 64, 32768, 64),
            "n_layers": int_slider("Layers", 32, 1, 512),
            "n_heads": int_slider("Query heads", 32, 1, 256),
            "n_kv_heads": int_slider("Key/value heads", 8, 1, 256),
            "ffn_dim": int_slider("FFN width d_ff", 14336, 64, 131072, 64),
            "ffn_type": widgets.ToggleButtons(options=[("GELU (2 matrices)", "gelu"), ("SwiGLU (3)", "swiglu")],
                                              value="swiglu", description="FFN type",
                                              style={"description_width": "150px", "button_width": "140px"}),
            "vocab_size": int_box("Vocabulary", 128256, 1, 2_000_000),
            "tied_embeddings": widgets.Checkbox(value=False, description="Tied embeddings (head = input table)",
                                                indent=False, layout=widgets.Layout(width="460px", margin="0 0 0 155px")),
            "n_experts": int_slider("Routed experts", 0, 0, 512),
            "top_k": int_slider("Top-k experts", 0, 0, 64),
            "n_shared_experts": int_slider("Shared experts", 0, 0, 8),
            "expert_ffn_dim": int_slider("Expert width", 2048, 64, 65536, 64),
        }
        self.summary = widgets.HTML().add_class("t-summary")
        self.problem = message()
        self.chart = widgets.HTML().add_class("t-chart")
        self.config: ModelConfig | None = None
        self.count: ParamCount | None = None
        self._holding = False
        self.update = explained(self.problem)(self._update)
        self.controls["preset"].observe(self._load_preset, names="value")
        for name, control in self.controls.items():
            if name != "preset":
                control.observe(self.update, names="value")
        self._base = catalog.model(preset)
        self._load_preset()

    # Wiring ------------------------------------------------------------------------------
    @contextmanager
    def _hold(self):
        self._holding = True
        try:
            yield
        finally:
            self._holding = False

    def _load_preset(self, change: Any = None) -> None:
        self._base = catalog.model(self.controls["preset"].value)
        base = self._base
        values = {name: getattr(base, name) for name in SLIDERS}
        values.update(ffn_type=base.ffn_type, vocab_size=base.vocab_size, tied_embeddings=base.tied_embeddings)
        if not base.is_moe:
            values.update(expert_ffn_dim=self.controls["expert_ffn_dim"].value)
        with self._hold():
            for name, value in values.items():
                control = self.controls[name]
                if isinstance(control, widgets.IntSlider) and value > control.max:
                    control.max = value
                control.value = value
        self.update()

    # Calculation -------------------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        """The ModelConfig fields the controls set now."""
        values = {name: control.value for name, control in self.controls.items() if name != "preset"}
        moe = values["n_experts"] > 0
        for name in ("top_k", "n_shared_experts", "expert_ffn_dim"):
            self.controls[name].disabled = not moe
        if not moe:
            values.update(top_k=0, n_shared_experts=0, expert_ffn_dim=None, first_dense_layers=0)
        return values

    def _update(self, change: Any = None) -> None:
        if self._holding:
            return
        self.config = self._base.replace(**self.settings())
        self.count = count_params(self.config)
        self.render()

    # View --------------------------------------------------------------------------------
    def render(self) -> None:
        count = self.count
        share = count.total / TRILLION
        lines = [f"<b>Total: {units.params_text(count.total)}</b> parameters ({count.total:,}), "
                 f"{share:.1%} of one trillion"]
        if count.active != count.total:
            lines.append(f"Active per token: <b>{units.params_text(count.active)}</b> ({count.active:,}), "
                         f"{count.active / count.total:.1%} of the total")
        self.summary.value = "<br>".join(lines)
        name = self.controls["preset"].value if self._matches_preset() else "Your model"
        self.chart.value = breakdown_html(count, f"{name}: {units.params_text(count.total)} parameters by component")

    def _matches_preset(self) -> bool:
        return self.config == self._base

    def widget(self) -> widgets.Widget:
        c = self.controls
        shape = widgets.VBox([c["preset"], c["d_model"], c["n_layers"], c["n_heads"], c["n_kv_heads"], c["ffn_dim"],
                              c["ffn_type"], c["vocab_size"], c["tied_embeddings"]])
        experts = widgets.VBox([widgets.HTML("<b>Mixture of experts</b> (0 experts = dense)"), c["n_experts"],
                                c["top_k"], c["n_shared_experts"], c["expert_ffn_dim"]])
        return widgets.VBox([widgets.HBox([shape, experts], layout=widgets.Layout(flex_flow="row wrap")),
                             self.problem, self.summary, self.chart]).add_class("t-builder")
