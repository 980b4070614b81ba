"""Figures the notebooks reuse. Drawing only: every number comes in as an argument.

Interactive figures live in a :class:`FigureView`: a Matplotlib figure drawn off-screen (Agg) and
shown in an ``ipywidgets.Image``. A slider callback changes artist data in place
(``bar.set_width``), then calls :meth:`FigureView.refresh`, which re-encodes one PNG: no new figure,
no flicker, and it works alike in JupyterLab, Voila and Voila slides.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .params import ParamCount

PALETTE = {  # Okabe-Ito colours: distinguishable with colour-vision deficiencies
    "embeddings": "#E69F00",
    "attention": "#56B4E9",
    "dense_ffn": "#009E73",
    "routed_experts": "#0072B2",
    "shared_experts": "#CC79A7",
    "router": "#D55E00",
    "norms": "#999999",
    "lm_head": "#F0E442",
}
LABELS_EN = {
    "embeddings": "Embeddings",
    "attention": "Attention",
    "dense_ffn": "Dense FFN",
    "routed_experts": "Routed experts",
    "shared_experts": "Shared experts",
    "router": "Router",
    "norms": "Norms",
    "lm_head": "LM head",
}


class FigureView:
    """A figure rendered to PNG inside an ``ipywidgets.Image`` that updates in place."""

    def __init__(self, figsize: tuple[float, float] = (7.5, 3.6), dpi: int = 100) -> None:
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.widget = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width=f"{figsize[0] * dpi:.0f}px"))

    def png(self) -> bytes:
        buffer = io.BytesIO()
        # Fast zlib level: the PNG is a few kB bigger, the encode ~3x faster.
        self.figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
        return buffer.getvalue()

    def refresh(self) -> None:
        """Re-render after artists changed. The layout is solved on the first render, then frozen."""
        self.widget.value = self.png()
        self.figure.set_layout_engine("none")


class BreakdownChart:
    """Horizontal bars of a :class:`ParamCount` by component, in billions, updated in place.

    Routed experts show two bars: all of them (light) and the part one token uses (dark).
    """

    def __init__(self, view: FigureView, labels: Mapping[str, str] = LABELS_EN,
                 xlabel: str = "parameters (billions, 10⁹)", active_label: str = "used per token") -> None:
        self.view = view
        self.ax = view.figure.add_subplot()
        self.keys = list(PALETTE)
        y = np.arange(len(self.keys))[::-1]
        colours = [PALETTE[k] for k in self.keys]
        self.bars = self.ax.barh(y, np.zeros(len(y)), color=colours, alpha=0.45, height=0.7)
        self.active = self.ax.barh(y, np.zeros(len(y)), color=colours, height=0.7, label=active_label)
        self.ax.set_yticks(y, [labels[k] for k in self.keys])
        self.ax.set_xlabel(xlabel)
        self.ax.grid(axis="x", alpha=0.3)
        self.ax.spines[["top", "right"]].set_visible(False)
        self.notes = [self.ax.text(0, yi, "", va="center", fontsize=8) for yi in y]
        self.title = self.ax.set_title("", loc="left", fontsize=11)
        unused = self.ax.barh([0], [0], color="#0072B2", alpha=0.45, label="not used by a token")
        self.ax.legend(handles=[self.active, unused], loc="lower right", fontsize=8, frameon=False)

    def update(self, count: ParamCount, title: str) -> None:
        parts = count.breakdown()
        used = dict(parts, routed_experts=count.active_routed_experts)
        widths = np.array([parts[k] for k in self.keys]) / 1e9
        for bar, note, key, width in zip(self.bars, self.notes, self.keys, widths):
            bar.set_width(width)
            note.set_x(width)
            note.set_text("" if not width else f" {width:,.0f}" if width >= 100 else f" {width:.3g}")
        for bar, key in zip(self.active, self.keys):
            bar.set_width(used[key] / 1e9)
        self.ax.set_xlim(0, max(widths.max(), 1e-9) * 1.18)
        self.title.set_text(title)
        self.view.refresh()


def trillion_map(ax, d_model: np.ndarray, n_layers: np.ndarray, totals: np.ndarray,
                 points: Sequence[tuple[str, int, int]], levels: Sequence[float] = (0.1e12, 0.3e12, 1e12, 3e12)):
    """Contours of total parameters over (d_model, layers), with published models as dots."""
    grid = ax.contourf(d_model, n_layers, totals / 1e9, levels=40, cmap="Blues")
    lines = ax.contour(d_model, n_layers, totals, levels=list(levels), colors="k", linewidths=0.8)
    ax.clabel(lines, fmt={v: f"{v / 1e12:g} T" for v in levels}, fontsize=8)
    for name, d, layers in points:
        ax.plot(d, layers, "o", color="#D55E00", ms=5)
        ax.annotate(name, (d, layers), xytext=(4, 3), textcoords="offset points", fontsize=8)
    return grid
