"""Figures the notebooks reuse. Drawing only: every number comes in as an argument."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, NullFormatter

from helpers.calc import memory
from helpers.calc.params import ModelConfig, ParamCount
from helpers.i18n import language, t
from helpers.views import style, units

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
PART_LABELS = {key: f"part.{key}" for key in PALETTE}
WARN = style.OKABE_ITO[
    "vermillion"
]  # what does not fit: hatched in vermillion, with a sentence  # component -> label key (helpers/labels/intro_params.py)


def breakdown_html(
    count: ParamCount,
    title: str,
    labels: Mapping[str, str] | None = None,
    active_label: str | None = None,
    idle_label: str | None = None,
    lang: str | None = None,
) -> str:
    """A horizontal bar chart of a :class:`ParamCount` by component, as HTML.

    Bars are scaled to the largest component; for routed experts the dark part is what one token
    uses. HTML rather than a raster image: a slider updates it in one small message (the same
    ~30 ms path as a text label, against ~190 ms for a re-encoded PNG), and it stays sharp on a
    projector. Component names and the legend come from the label table in ``lang`` (default: the
    current language) unless ``labels`` / ``active_label`` / ``idle_label`` are given.
    Notebook 01, section '5. Build a model'.
    """

    labels = labels or {key: t(label, lang) for key, label in PART_LABELS.items()}
    active_label = active_label or t("part.legend.active", lang)
    idle_label = idle_label or t("part.legend.idle", lang)
    parts = count.breakdown()
    largest = max(max(parts.values()), 1)
    rows = []
    for key, value in parts.items():
        used = count.active_routed_experts if key == "routed_experts" else value
        colour = PALETTE[key]
        rows.append(
            f'<div class="t-bar-label">{html.escape(labels[key])}</div>'
            f'<div class="t-bar-track"><div class="t-bar" style="width:{100 * value / largest:.3f}%;'
            f'background:{colour}55"><div class="t-bar-used" style="width:{100 * used / max(value, 1):.3f}%;'
            f'background:{colour}"></div></div></div>'
            f'<div class="t-bar-value">{units.params_text(value, lang=lang) if value else "0"}</div>'
        )
    legend = (
        f'<span style="display:inline-block;width:1em;height:0.8em;background:#0072B2"></span> {html.escape(active_label)}'
        f' &nbsp; <span style="display:inline-block;width:1em;height:0.8em;background:#0072B255"></span> {html.escape(idle_label)}'
    )
    return (
        '<div class="t-breakdown" style="max-width:760px;font-size:14px">'
        f'<div style="font-weight:600;margin:4px 0 6px">{html.escape(title)}</div>'
        '<div style="display:grid;grid-template-columns:9.5em 1fr 5em;gap:4px 8px;align-items:center">'
        + "".join(rows)
        + f'</div><div style="font-size:12px;margin-top:6px;color:#555">{legend}</div></div>'
        "<style>.t-bar-track{background:#f3f3f3;height:1.1em}.t-bar,.t-bar-used{height:100%}"
        ".t-bar-label{text-align:right}.t-bar-value{font-variant-numeric:tabular-nums}</style>"
    )


def _three_figures(value: float) -> str:
    return f"{value:,.3g}"


def trillion_map(
    ax: Axes,
    d_model: np.ndarray,
    n_layers: np.ndarray,
    totals: np.ndarray,
    points: Sequence[tuple[str, int, int]],
    levels: Sequence[float] = (0.1e12, 0.3e12, 1e12, 3e12),
    lang: str | None = None,
) -> None:
    """Contours of total parameters over (d_model, layers), with published models as dots; the
    filled map is in trillions (the colour bar's unit: ``T`` / ``兆``), the contour labels in ``lang``
    (``1 T`` / ``1兆``; default: the current language), each where its line is farthest from the edges
    (beside the line, inside the axes, for a line that only crosses a corner).
    Notebook 01, section '7. What it takes to reach one trillion'."""

    grid = ax.contourf(d_model, n_layers, totals / 1e12, levels=40, cmap="Blues")
    lines = ax.contour(d_model, n_layers, totals, levels=list(levels), colors="k", linewidths=0.8)
    japanese = (lang or language()) == "ja"
    text = {v: units.params_text(v, lang="ja") if japanese else f"{v / 1e12:g} T" for v in levels}
    (x0, x1), (y0, y1) = (float(d_model.min()), float(d_model.max())), (float(n_layers.min()), float(n_layers.max()))

    def room(p: tuple[float, float]) -> float:  # how far inside the axes, in fractions of each side
        return min(min(p[0] - x0, x1 - p[0]) / (x1 - x0), min(p[1] - y0, y1 - p[1]) / (y1 - y0))

    def free(p: tuple[float, float]) -> bool:  # not on a dot's name (which runs to the right of its dot)
        return not any(
            -0.04 < (p[0] - d) / (x1 - x0) < 0.32 and abs(p[1] - layers) / (y1 - y0) < 0.09
            for _name, d, layers in points
        )

    inline, corner = [], []  # a label on its line, or beside a line that only crosses a corner (3 T)
    for level, pieces in zip(lines.levels, lines.allsegs, strict=True):
        vertices = [(float(v[0]), float(v[1])) for piece in pieces for v in piece]
        if vertices:
            best = max(vertices, key=lambda p: (free(p), room(p)))
            (inline if room(best) >= 0.08 else corner).append((level, best))
    size = style.TEXT_PT - 1  # the ticks' size: readable, not 8 pt
    ax.clabel(lines, levels=[lv for lv, _place in inline], fmt=text, fontsize=size, manual=[p for _lv, p in inline])
    for level, (x, y) in corner:
        inward = (-1 if x > (x0 + x1) / 2 else 1, -1 if y > (y0 + y1) / 2 else 1)
        ax.annotate(  # inside the axes, away from the corner the line crosses, so it is never clipped
            text[level],
            (x, y),
            xytext=(22 * inward[0], 14 * inward[1]),
            textcoords="offset points",
            ha="left" if inward[0] > 0 else "right",
            va="center",
            fontsize=size,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )
    names: dict[tuple[int, int], list[str]] = {}
    for name, d, layers in points:  # models of the same shape share one dot
        names.setdefault((d, layers), []).append(name)
    for (d, layers), same in names.items():
        ax.plot(d, layers, "o", color=style.OKABE_ITO["vermillion"], ms=6, mec="white", mew=0.8)
        ax.annotate(
            " / ".join(same),
            (d, layers),
            xytext=(5, 4),
            textcoords="offset points",
            fontsize=size,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
        )
    return grid


def trillion_colorbar(fig: object, ax: Axes, grid: object, label: str, lang: str | None = None) -> object:
    """The colour bar of :func:`trillion_map` (whose colours are in trillions), its ticks as a reader
    says them: ``1 T`` in English, ``1兆`` in Japanese (``lang``, default: the current language).
    Notebook 01, section '7. What it takes to reach one trillion'."""
    from matplotlib.ticker import FuncFormatter

    def tick(value: float, _pos: float) -> str:  # 2.8 T, 800 B / 2.8兆, 8000億
        return units.params_text(value * 1e12, digits=2, lang=lang) if value > 0 else "0"

    bar = fig.colorbar(grid, ax=ax, label=label, format=FuncFormatter(tick))
    return bar


def bars_html(
    rows: Sequence[tuple[str, float, str]],
    title: str,
    value_text: Callable[[float], str] = _three_figures,
    note: str = "",
) -> str:
    """Horizontal bars as HTML, one per ``(label, value, colour)``, scaled to the largest value.

    Like :func:`breakdown_html`: a slider replaces the HTML in one small message (no PNG).
    Notebook 03, section '4. From FLOPs to days'.
    """
    largest = max((value for _, value, _ in rows), default=0) or 1
    cells = "".join(
        f'<div class="t-bar-label">{html.escape(label)}</div>'
        f'<div class="t-bar-track"><div class="t-bar" style="width:{100 * max(value, 0) / largest:.3f}%;background:{colour}"></div></div>'
        f'<div class="t-bar-value">{html.escape(value_text(value))}</div>'
        for label, value, colour in rows
    )
    return (
        '<div style="max-width:760px;font-size:14px">'
        f'<div style="font-weight:600;margin:4px 0 6px">{html.escape(title)}</div>'
        '<div style="display:grid;grid-template-columns:12em 1fr 8em;gap:4px 8px;align-items:center">'
        + cells
        + "</div>"
        + (f'<div style="font-size:12px;margin-top:6px;color:#555">{html.escape(note)}</div>' if note else "")
        + "</div><style>.t-bar-track{background:#f3f3f3;height:1.1em}.t-bar{height:100%}"
        ".t-bar-label{text-align:right}.t-bar-value{font-variant-numeric:tabular-nums}</style>"
    )


def stack_html(
    segments: Sequence[tuple[str, float, str]],
    title: str,
    value_text: Callable[[float], str] = _three_figures,
    scale: float | None = None,
    marker: tuple[str, float] | None = None,
    total_label: str | None = None,
    lang: str | None = None,
    over: str = "",
) -> str:
    """One stacked bar as HTML (e.g. GPU → server → cooling), each ``(label, value, colour)``;
    ``scale`` fixes the full width (so a slider shows growth), default the total (or the marker).
    ``marker`` draws a labelled dashed line at a value (a GPU's memory, a site's power limit).
    The caller passes ``title`` and segment labels in its language (through :func:`helpers.i18n.t`);
    ``total_label`` defaults to the label table's "total" in ``lang`` (default: the current language).
    ``over`` (a sentence) marks a total past the marker as a problem: the part beyond the line is
    hatched in a warning pattern, the chart gets the class ``t-unfit``, and ``over`` is shown under it
    (notebook 02's "does not fit"). Notebook 04, section '1. The power chain'."""

    total_label = t("word.total", lang) if total_label is None else total_label
    total = sum(value for _, value, _ in segments)
    width = scale if scale else max(total, 1.08 * marker[1] if marker else 0) or 1
    parts = "".join(
        f'<div title="{html.escape(label)}" style="width:{100 * max(value, 0) / width:.3f}%;background:{colour};height:100%"></div>'
        for label, value, colour in segments
    )
    line = ""
    if marker:
        left = min(100 * marker[1] / width, 100)
        side, edge = ("left", left) if left < 60 else ("right", 100 - left)  # the label beside the line
        line = (
            f'<div class="t-marker" style="position:absolute;left:{left:.3f}%;top:-6px;bottom:-6px;'
            f'border-left:2px dashed #000"></div><div style="position:absolute;{side}:{edge:.3f}%;top:-1.6em;'
            f'font-size:12px;white-space:nowrap;padding:0 4px">{html.escape(marker[0])}</div>'
        )
    unfit = bool(over and marker and total > marker[1])
    if unfit:  # the bytes past the line, hatched: what does not fit
        start, end = min(100 * marker[1] / width, 100), min(100 * total / width, 100)
        line += (
            f'<div class="t-unfit-part" title="{html.escape(over)}" style="position:absolute;left:{start:.3f}%;'
            f"width:{end - start:.3f}%;top:0;bottom:0;background:repeating-linear-gradient(135deg,"
            f'{WARN} 0 3px,transparent 3px 9px);outline:2px solid {WARN}"></div>'  # the parts show through
        )
    legend = " &nbsp; ".join(
        f'<span style="display:inline-block;width:1em;height:0.8em;background:{colour}"></span> '
        f"{html.escape(label)}: {html.escape(value_text(value))}"
        for label, value, colour in segments
    )
    warning = (
        f'<div class="t-unfit-note" role="status" style="margin-top:6px;padding:4px 8px;border-left:4px solid {WARN};'
        f'background:#fdf0e6;color:#5c2600;font-weight:600">⚠ {html.escape(over)}</div>'
        if unfit
        else ""
    )
    return (
        f'<div class="t-stack{" t-unfit" if unfit else ""}" style="max-width:760px;font-size:14px">'
        f'<div style="font-weight:600;margin:4px 0 {"1.6em" if marker else "6px"}">{html.escape(title)}</div>'
        f'<div style="position:relative;display:flex;background:#f3f3f3;height:1.6em">{parts}{line}</div>'
        f'<div style="font-size:13px;margin-top:6px">{legend} &nbsp; <b>{html.escape(total_label)} {html.escape(value_text(total))}</b></div>'
        f"{warning}</div>"
    )


# Notebook 02 ---------------------------------------------------------------------------------------
def kv_cache_figure(
    ax: Axes, models: Mapping[str, ModelConfig], context: np.ndarray, capacity_bytes: float, lang: str | None = None
) -> None:
    """KV cache against context length, one line per distinct cache size, with one GPU's memory.

    Each line differs from the others in colour, line style and marker (so the lines stay apart
    with a colour-vision deficiency and in grey print) and is named at its right end instead of in a
    legend; ticks read ``1 GB`` / ``128k``. Notebook 02, section '2. Inference: the KV cache'.
    """

    curves: dict[float, list[str]] = {}
    for name, cfg in models.items():
        curves.setdefault(memory.kv_bytes_per_token(cfg), []).append(name)
    for i, (_size, names) in enumerate(sorted(curves.items(), reverse=True)):
        ax.plot(
            context,
            memory.kv_cache_bytes(models[names[0]], 1, context) / 1e9,
            color=LINE_COLOURS[i % len(LINE_COLOURS)],
            ls=LINE_STYLES[i % len(LINE_STYLES)],
            marker=LINE_MARKERS[i % len(LINE_MARKERS)],
            ms=5,
            label=" = ".join(names),
        )
    ax.axhline(capacity_bytes / 1e9, color=style.colour("capacity"), ls="--", lw=1.2)
    ax.annotate(
        t("nb02.fig.one_h100", lang),
        (context[0], capacity_bytes / 1e9),
        xytext=(0, 4),
        textcoords="offset points",
    )
    ax.set(
        xscale="log",
        yscale="log",
        xlabel=t("nb02.fig.kv_x", lang),
        ylabel=t("nb02.fig.kv_y", lang),
        title=t("nb02.fig.kv_title", lang),
    )
    ticks = [int(c) for c in context if int(c) in (1024, 4096, 16384, 65536, 131072)] or [int(c) for c in context]
    ax.set_xticks(ticks, [f"{c // 1024:,}k" if c >= 1024 else f"{c}" for c in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlim(right=float(context[-1]) * 1.08)  # the names sit beyond the axes, clear of the GPU's line
    style.axis_numbers(ax, "y", "GB", lang)
    style.label_lines(ax)
    return ax


LINE_STYLES = ("-", "--", "-.", ":")
# Okabe–Ito colours dark enough for the line names written in them (orange and sky blue are too light),
# in an order that keeps neighbouring lines apart under deuteranopia (Machado et al. 2009 simulation:
# bluish green and reddish purple come out close, so they are not neighbours)
LINE_COLOURS = tuple(style.OKABE_ITO[c] for c in ("blue", "bluish_green", "vermillion", "reddish_purple"))
LINE_MARKERS = ("o", "s", "^", "D")


def si_bytes(n_bytes: float) -> str:
    """A byte count on a log axis as a reader says it: ``1 kB``, ``10 MB``, ``1 GB`` (base 1000).

    Notebook 02a, section '2. Theory vs measurement'."""
    if n_bytes <= 0:
        return "0"
    for factor, unit in ((1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")):
        if n_bytes >= factor:
            return f"{n_bytes / factor:,.3g} {unit}"
    return f"{n_bytes:,.3g} B"


PARITY_MARKERS = {"act_h200": "o", "act_cpu": "s", "peak": "D", "weights": "^", "kv": "v"}


def parity_figure(ax: Axes, table: pd.DataFrame, lang: str | None = None) -> None:
    """Predicted against measured bytes (log-log), ours and the textbook's, with the line y = x.

    Notebook 02a, section '2. Theory vs measurement'.
    """

    for what, marker in PARITY_MARKERS.items():
        part = table[table["what"] == what]
        ax.scatter(
            part["measured"],
            part["ours"],
            marker=marker,
            s=30,
            color=style.OKABE_ITO["blue"],
            alpha=0.8,
            label=t("nb02.fig.ours", lang, what=t(f"nb02.what.{what}", lang)),
        )
    book = table.dropna(subset=["textbook"])
    ax.scatter(
        book["measured"],
        book["textbook"],
        marker="x",
        s=30,
        color=style.OKABE_ITO["vermillion"],
        label=t("nb02.fig.textbook", lang),
    )
    span = [table["measured"].min() / 2, table["measured"].max() * 2]
    ax.plot(span, span, color=style.colour("capacity"), lw=0.8)
    ax.set(
        xscale="log",
        yscale="log",
        xlabel=t("nb02.fig.parity_x", lang),
        ylabel=t("nb02.fig.parity_y", lang),
        title=t("nb02.fig.parity_title", lang),
    )
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(FuncFormatter(lambda v, _pos: si_bytes(v)))
        axis.set_minor_formatter(NullFormatter())
    # the legend beside the axes, in the figure's text size (10 pt), never over the points
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    return ax
