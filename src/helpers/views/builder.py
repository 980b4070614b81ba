"""The model builder of ``notebooks/01_parameters.ipynb``: sliders → count → figure in place.

Three layers, as everywhere in the explainer: the calculation is :func:`helpers.calc.params.count_params`;
the view (:meth:`ModelBuilder.render`) writes the summary line and resizes the bars of an HTML
chart (:func:`~helpers.views.plots.breakdown_html`); one ``observe`` wires every control to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ipywidgets as widgets

from helpers import i18n, scenarios
from helpers.calc import catalog
from helpers.calc.params import ModelConfig, ParamCount, count_params
from helpers.views import units
from helpers.views.explorer import Explorer
from helpers.views.plots import breakdown_html
from helpers.views.widgets import fitted, int_box, int_slider, label_px, toggle_style

# Control name -> ModelConfig field it sets.
SLIDERS = (
    "d_model",
    "n_layers",
    "n_heads",
    "n_kv_heads",
    "ffn_dim",
    "n_experts",
    "top_k",
    "n_shared_experts",
    "expert_ffn_dim",
)


class ModelBuilder(Explorer):
    """Sliders for the shape of a transformer, a live count, and a breakdown figure.

    ``preset`` names a row of ``data/models.csv``. Settings without a control (MLA ranks, biases,
    learned positions, an explicit head width) come from the preset and are kept. Labels, the
    summary, the chart and the explanation of an impossible combination
    (:func:`helpers.views.widgets.explain`) are in ``lang`` (default: :func:`helpers.i18n.language`).
    Notebook 01, section '5. Build a model'.
    """

    def __init__(self, preset: str = "Kimi K2", lang: str | None = None) -> None:
        self.lang = lang or i18n.language()
        t = self.t
        names = ("preset", "ffn_type", "vocab_size") + SLIDERS
        w = label_px([t(f"builder.{name}") for name in names])  # one column of labels, each shown whole
        self.controls: dict[str, widgets.ValueWidget] = {
            "preset": widgets.Dropdown(
                options=catalog.names(), value=preset, description=t("builder.preset"), **fitted(w)
            ),
            "d_model": int_slider(t("builder.d_model"), 4096, 64, 32768, 64, width=w),
            "n_layers": int_slider(t("builder.n_layers"), 32, 1, 512, width=w),
            "n_heads": int_slider(t("builder.n_heads"), 32, 1, 256, width=w),
            "n_kv_heads": int_slider(t("builder.n_kv_heads"), 8, 1, 256, width=w),
            "ffn_dim": int_slider(t("builder.ffn_dim"), 14336, 64, 131072, 64, width=w),
            "ffn_type": widgets.ToggleButtons(
                options=[(t("builder.gelu"), "gelu"), (t("builder.swiglu"), "swiglu")],
                value="swiglu",
                description=t("builder.ffn_type"),
                style=toggle_style(140, w),
            ),
            "vocab_size": int_box(t("builder.vocab_size"), 128256, 1, 2_000_000, width=w),
            "tied_embeddings": widgets.Checkbox(
                value=False,
                description=t("builder.tied"),
                indent=False,
                layout=widgets.Layout(width=f"{w + 310}px", max_width="100%", margin=f"0 0 0 {w + 5}px"),
            ),
            "n_experts": int_slider(t("builder.n_experts"), 0, 0, 512, width=w),
            "top_k": int_slider(t("builder.top_k"), 0, 0, 64, width=w),
            "n_shared_experts": int_slider(t("builder.n_shared_experts"), 0, 0, 8, width=w),
            "expert_ffn_dim": int_slider(t("builder.expert_ffn_dim"), 2048, 64, 65536, 64, width=w),
        }
        self.config: ModelConfig | None = None
        self.count: ParamCount | None = None
        self._holding = True  # the first render waits for the preset's values
        self._base = catalog.model(preset)
        self.wire(observed=[name for name in self.controls if name != "preset"])
        self.controls["preset"].observe(self._load_preset, names="value")
        self._holding = False
        self._load_preset()

    # Wiring ------------------------------------------------------------------------------
    @contextmanager
    def _hold(self) -> Iterator[None]:
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
        count, t = self.count, self.t
        lines = [
            t(
                "builder.total",
                total=units.params_text(count.total, lang=self.lang),
                n=count.total,
                share=count.total / scenarios.target_params(),
            )
        ]
        if count.active != count.total:
            lines.append(
                t(
                    "builder.active",
                    active=units.params_text(count.active, lang=self.lang),
                    n=count.active,
                    share=count.active / count.total,
                )
            )
        self.summary.value = "<br>".join(lines)
        name = self.controls["preset"].value if self._matches_preset() else t("builder.yours")
        title = t("builder.chart_title", name=name, total=units.params_text(count.total, lang=self.lang))
        self.chart.value = breakdown_html(count, title, lang=self.lang)

    def _matches_preset(self) -> bool:
        return self.config == self._base

    def widget(self) -> widgets.Widget:
        c = self.controls
        shape = widgets.VBox(
            [
                c["preset"],
                c["d_model"],
                c["n_layers"],
                c["n_heads"],
                c["n_kv_heads"],
                c["ffn_dim"],
                c["ffn_type"],
                c["vocab_size"],
                c["tied_embeddings"],
            ]
        )
        experts = widgets.VBox(
            [
                widgets.HTML(self.t("builder.moe_header")),
                c["n_experts"],
                c["top_k"],
                c["n_shared_experts"],
                c["expert_ffn_dim"],
            ]
        )
        return widgets.VBox(
            [
                widgets.HBox([shape, experts], layout=widgets.Layout(flex_flow="row wrap")),
                self.problem,
                self.summary,
                self.chart,
            ]
        ).add_class("t-builder")
