"""The interactive parts of notebooks 05 and 06: sliders → :mod:`helpers.calc.finance` → chart in place.

Three layers as in :mod:`helpers.views.builder`: the calculation is in :mod:`helpers.calc.finance`; the view
writes a summary line and an SVG/HTML chart into ``widgets.HTML`` values (one small message per
slider step, no image re-encoding); one ``observe`` wires every slider, then one first render.
Every text a reader sees (slider descriptions, summaries, chart titles and legends, table headers)
comes from :mod:`helpers.i18n.labels.finance` in the view's language (``lang``, default
:func:`helpers.i18n.language`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from helpers import i18n, scenarios
from helpers.calc import finance
from helpers.i18n import _
from helpers.views import style, units
from helpers.views.explorer import Explorer

SLIDER_STYLE = {"description_width": "220px"}  # "Issue FY2026-32 (¥tn/yr)", "Auctions from FY2033 (¥tn/yr)" fit
SLIDER_LAYOUT = widgets.Layout(width="560px", max_width="100%")


def float_slider(
    description: str, value: float, low: float, high: float, step: float, fmt: str = ".2f"
) -> widgets.FloatSlider | widgets.IntSlider:
    """A float slider whose description fits (220 px, the longest label of notebooks 05 and 06) and
    a ``fmt`` readout; ``fmt="d"`` gives a whole-number slider. Notebook 05, section '6. Explore the programme'."""
    whole = fmt == "d"
    readout = {} if whole else {"readout_format": fmt}
    return (widgets.IntSlider if whole else widgets.FloatSlider)(
        value=int(value) if whole else value,
        min=low,
        max=high,
        step=step,
        description=description,
        style=SLIDER_STYLE,
        layout=SLIDER_LAYOUT,
        **readout,
    )


def _lang(lang: str | None) -> str:
    return lang or i18n.language()


def nice_ticks(low: float, high: float, most: int = 6) -> np.ndarray:
    """Round tick values that cover ``low`` to ``high`` (steps of 1, 2, 2.5 or 5 times a power of
    ten), about ``most`` of them. Notebook 05, section '6. Explore the programme'."""
    if not high > low:
        raise ValueError(f"high: must be above low={low}, got {high}")
    raw = (high - low) / max(most - 1, 1)
    power = 10 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return np.arange(np.floor(low / step) * step, np.ceil(high / step) * step + step * 1e-9, step)


def _spread(positions: list[float], gap: float, top: float, bottom: float) -> list[float]:
    """Label positions (pixels, downwards) moved apart by at least ``gap``, kept between top and bottom."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [0.0] * len(positions)
    last = top - gap
    for i in order:  # downwards: each label at least a gap below the one above
        last = max(positions[i], last + gap)
        placed[i] = last
    limit = bottom + gap
    for i in reversed(order):  # upwards: the lowest labels back above the bottom, pushing only their neighbours
        placed[i] = min(placed[i], limit - gap)
        limit = placed[i]
    return placed


def line_chart_svg(
    x: Sequence[float],
    series: Sequence[tuple[str, Sequence[float]]],
    title: str,
    y_label: str,
    scale: float = 1e12,
    width: int = 760,
    height: int = 300,
    lang: str | None = None,
    concepts: Sequence[str] | None = None,
) -> str:
    """Lines over ``x`` (fiscal years) as an inline SVG: each line in the colour of its concept
    (``concepts``, :func:`helpers.views.style.colour`: debt vermillion, revenue green, ...) and named
    at its right end instead of in a legend, yen ticks (``¥5 tn`` / ``5兆円``; values are yen, the
    axis counts in ``scale``), ``role="img"`` with the title as its accessible name.

    Notebook 05, section '6. Explore the programme'.
    """
    lang = _lang(lang)
    left, right, top, bottom = 70, 200, 34, 32
    xs = np.asarray(x, dtype=float)
    ys = [np.asarray(values, dtype=float) / scale for _label, values in series]
    low = min(0.0, min(float(y.min()) for y in ys))
    high = max(float(y.max()) for y in ys)
    high = high if high > low else low + 1
    ticks = nice_ticks(low, high)
    low, high = min(low, float(ticks[0])), max(high, float(ticks[-1]))
    span_x = xs[-1] - xs[0] or 1
    colours = [style.colour(concepts[i]) if concepts else style.CYCLE[i % len(style.CYCLE)] for i in range(len(series))]

    def px(xv: float, yv: float) -> tuple[float, float]:
        return (
            left + (xv - xs[0]) / span_x * (width - left - right),
            top + (high - yv) / (high - low) * (height - top - bottom),
        )

    name = html.escape(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{name}" viewBox="0 0 {width} {height}" '
        f'style="width:100%;max-width:{width}px;height:auto;font:13px sans-serif;background:#fff">',
        f'<text x="{left}" y="18" font-weight="600">{name}</text>',
    ]
    for tick in ticks:
        _x, ty = px(xs[0], tick)
        shown = "0" if tick == 0 else units.yen_text(tick * scale, lang, digits=3)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="{"#1f1f1f" if tick == 0 else "#d9d9d9"}"/>'
            f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">{html.escape(shown)}</text>'
        )
    for year in xs[::5]:
        tx, _y = px(year, low)
        parts.append(
            f'<text x="{tx:.1f}" y="{height - 10}" text-anchor="middle">{i18n.t("fin.fy", lang, fy=year)}</text>'
        )
    middle = top + (height - top - bottom) / 2
    parts.append(
        f'<text x="14" y="{middle:.0f}" transform="rotate(-90 14 {middle:.0f})" text-anchor="middle">'
        f"{html.escape(y_label)}</text>"
    )
    ends = _spread([px(xs[-1], float(y[-1]))[1] for y in ys], 16.0, top, height - bottom)
    for (label, _values), y, colour, end in zip(series, ys, colours, ends, strict=True):
        points = " ".join("{:.1f},{:.1f}".format(*px(a, b)) for a, b in zip(xs, y, strict=True))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2.4" points="{points}"/>'
            f'<text x="{width - right + 8}" y="{end + 4:.1f}" fill="{colour}" font-weight="700">'
            f"{html.escape(label)}</text>"
        )
    return "".join(parts) + "</svg>"


def fiscal_year_axis(ax: Any, lang: str | None = None) -> None:
    """Label a matplotlib chart's x axis over fiscal years as the text does, ``FY2026`` / ``2026年度``
    (whole years only), in ``lang`` (default: the current language).
    Notebook 05, section '5. The redemption plan to FY2050'; notebook 06, section '2. The business model in numbers'."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    lang = _lang(lang)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=7, integer=True))
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda x, _pos: i18n.t("fin.fy", lang, fy=x) if float(x).is_integer() else "")
    )


def tornado_legend(ax: Any, lang: str | None = None, **options: Any) -> None:
    """The legend of a tornado chart drawn with matplotlib: vermillion for an input at its high value,
    sky blue at its low value (:func:`helpers.views.style.colour` ``high`` / ``low``), in ``lang`` (default: the current language); ``options`` go to
    ``ax.legend``. Notebook 06, section '4. What matters most: a tornado'."""
    from matplotlib.patches import Patch

    lang = _lang(lang)
    ax.legend(
        handles=[
            Patch(color=style.colour("high"), label=_("input at its high value", lang)),
            Patch(color=style.colour("low"), label=_("input at its low value", lang)),
        ],
        **options,
    )


def level_text(value: float, lang: str | None = None) -> str:
    """An input level as a reader reads it: ``6,000,000`` rather than ``6e+06``, ``0.5`` as is; in
    Japanese (``lang``, default: the current language) large levels in 万・億 (``600万``,
    :func:`helpers.views.units.japanese_number`). Notebook 06, section '4. What matters most: a tornado'.
    """
    if abs(value) < 1e4:
        return f"{value:g}"
    return units.japanese_number(value) if _lang(lang) == "ja" else f"{value:,.0f}"


def input_label(name: str, lang: str | None = None) -> str:
    """A :class:`helpers.calc.finance.DataCentre` field as a reader reads it (``utilisation (%)``).

    Notebook 06, section '4. What matters most: a tornado'.
    """
    return i18n.t(f"fin.input.{name}", _lang(lang))


def _input_name(name: str, lang: str) -> str:
    """The field ``name`` without its unit (the level carries it); :func:`input_label` for others."""
    names = {
        "utilisation_pct": lambda: _("utilisation", lang),
        "price_jpy_per_gpu_hour": lambda: _("price per GPU-hour", lang),
        "capex_per_gpu_jpy": lambda: _("cost per GPU", lang),
        "gpu_life_years": lambda: _("GPU life", lang),
        "electricity_jpy_per_kwh": lambda: _("electricity per kWh", lang),
        "other_opex_pct": lambda: _("other opex (share of capex)", lang),
        "discount_rate_pct": lambda: _("discount rate", lang),
    }
    return names[name]() if name in names else input_label(name, lang)


def input_level(name: str, value: float, lang: str | None = None) -> str:
    """A level of the :class:`helpers.calc.finance.DataCentre` field ``name`` with its unit: ``50%``,
    ``¥6 m`` / ``600万円``, ``4 years`` / ``4年``, ``¥17`` / ``17円``, in ``lang`` (default:
    the current language); a price per unit without its unit, which :func:`tornado_label`'s name of
    the input says. Notebook 06, section '4. What matters most: a tornado'."""
    lang = _lang(lang)
    if name.endswith("_pct"):
        return f"{value:g}%"
    if name.endswith("_years"):
        return _("{n:g} years", lang, n=value)
    if name.endswith(("_jpy_per_gpu_hour", "_jpy_per_kwh")):  # the unit is in the input's name
        return _("¥{price:g}", lang, price=value)
    if name.endswith("_jpy"):
        return units.yen_text(value, lang, digits=3)
    return level_text(value, lang)


def tornado_label(name: str, low: float, high: float, lang: str | None = None) -> str:
    """One bar's label in a tornado chart: the input and its low and high levels with their units,
    ``cost per GPU: ¥6 m to ¥9 m`` (``GPU 1枚の費用：600万円〜900万円``), in ``lang`` (default: the
    current language). Notebook 06, section '4. What matters most: a tornado'."""
    lang = _lang(lang)
    return _(
        "{input}: {low} to {high}",
        lang,
        input=_input_name(name, lang),
        low=input_level(name, low, lang),
        high=input_level(name, high, lang),
    )


def tornado_html(
    rows: Sequence[tuple[str, float, float, float, float]], base_npv: float, title: str, lang: str | None = None
) -> str:
    """Tornado chart of :func:`helpers.calc.finance.tornado` rows as HTML bars around the base NPV,
    as the matplotlib tornado draws them: each input named with its levels (:func:`tornado_label`),
    a vermillion bar from the base NPV to the NPV at the input's high value and a sky-blue bar to
    the NPV at its low value (:func:`helpers.views.style.colour` ``high`` / ``low``), a key above.

    Notebook 06, section '5. Explore'.
    """
    lang = _lang(lang)
    reach = max(max(abs(a - base_npv), abs(b - base_npv)) for *_names, a, b in rows) or 1.0
    high_colour, low_colour = style.colour("high"), style.colour("low")

    def bar(npv: float, colour: str) -> str:
        left = 50 + (min(npv, base_npv) - base_npv) / reach * 50
        width = abs(npv - base_npv) / reach * 50
        return (
            f'<div style="position:absolute;left:{left:.2f}%;width:{width:.2f}%;top:0;bottom:0;'
            f'background:{colour}"></div>'
        )

    lines = []
    for name, low, high, npv_low, npv_high in rows:
        lines.append(
            f'<div style="text-align:right">{html.escape(tornado_label(name, low, high, lang))}</div>'
            f'<div style="position:relative;background:#f3f3f3;height:1.2em">{bar(npv_low, low_colour)}'
            f"{bar(npv_high, high_colour)}"
            f'<div style="position:absolute;left:50%;top:-2px;bottom:-2px;border-left:2px solid #1f1f1f"></div></div>'
            f'<div style="font-variant-numeric:tabular-nums">'
            f"{i18n.t('fin.tornado.swing', lang, amount=units.yen_text(abs(npv_high - npv_low), lang, digits=3))}</div>"
        )
    key = "".join(
        f'<span style="display:inline-block;width:0.9em;height:0.9em;background:{colour};'
        f'vertical-align:middle;margin:0 4px 0 12px"></span>{html.escape(text)}'
        for colour, text in (
            (high_colour, _("input at its high value", lang)),
            (low_colour, _("input at its low value", lang)),
        )
    )
    return (
        f'<div class="t-tornado-chart" style="max-width:820px;font-size:14px"><div style="font-weight:600;'
        f'margin:4px 0 2px">{html.escape(title)}</div><div style="margin:0 0 6px -12px">{key}</div>'
        f'<div style="display:grid;grid-template-columns:minmax(12em,22em) 1fr 8em;gap:4px 8px;'
        f'align-items:center">{"".join(lines)}</div></div>'
    )


def signed_yen(amount: float, lang: str | None = None) -> str:
    """Yen to three significant figures with a minus sign for a loss: ``−¥12.5 bn`` / ``−125億円``.

    Notebook 06, section '2. The business model in numbers'.
    """
    return ("−" if amount < 0 else "") + units.yen_text(abs(amount), _lang(lang), digits=3)


MISSING = "–"  # a value the sources do not give (an en dash, as in the notebooks' tables)


def _with_dashes(values: pd.Series) -> pd.Series:
    """A column with its missing values shown as :data:`MISSING`; the numbers of a float column keep
    the decimals they were published with (the most any value needs, at least one: ``2.195``,
    ``0.740``), whole numbers stay numbers."""
    present = values.dropna()
    whole = pd.api.types.is_integer_dtype(values) or (
        pd.api.types.is_numeric_dtype(values) and bool((present == present.round()).all()) and not values.isna().any()
    )
    if not values.isna().any() and (whole or not pd.api.types.is_numeric_dtype(values)):
        return values
    if not pd.api.types.is_numeric_dtype(values):
        return values.map(lambda v: MISSING if pd.isna(v) else v)
    decimals = max([1] + [len(np.format_float_positional(float(v), trim="-").partition(".")[2]) for v in present])
    decimals = min(decimals, 6)
    return values.map(lambda v: MISSING if pd.isna(v) else f"{v:.{decimals}f}")


def source_table(frame: pd.DataFrame, columns: Sequence[str], lang: str | None = None) -> pd.DataFrame:
    """``columns`` of a data table as readers see them: headers from the label table (``fin.col.*``),
    a text column's ``<column>_ja`` in Japanese where the file has one, confidence words and yen
    amounts (``*_jpy``) in the reader's language, and ``–`` where the sources give no value.
    Notebook 05, section '3. The auctions so far'."""
    lang = _lang(lang)
    shown = {}
    for column in columns:
        values = frame[f"{column}_{lang}"] if lang != "en" and f"{column}_{lang}" in frame else frame[column]
        if column == "confidence":
            values = values.map(lambda word: i18n.t(f"facts.conf.{word}", lang))
        elif column.endswith("_jpy"):
            values = values.map(lambda amount: MISSING if pd.isna(amount) else units.yen_text(amount, lang))
        shown[i18n.t(f"fin.col.{column}", lang)] = _with_dashes(values)
    return pd.DataFrame(shown, index=frame.index)


class GxExplorer(Explorer):
    """Sliders for the GX programme's yield, issuance and revenues; debt path and AI stage gate.

    Notebook 05, section '6. Explore the programme'.
    """

    def __init__(
        self,
        scenario: scenarios.GxScenario | None = None,
        levy_start_fy: int = 2028,
        allowance_start_fy: int = 2033,
        lang: str | None = None,
    ) -> None:
        """Start at ``scenario`` (default: :func:`helpers.scenarios.gx`, the story's central case)."""
        self.lang = _lang(lang)
        t = self.t
        s = scenario or scenarios.gx()
        self.issued = scenarios.gx_issued()
        path = scenarios.issuance_path()
        self.total = float(path.sum())
        self.ai_budget = scenarios.ai_budget_by_year()
        self.starts = (levy_start_fy, allowance_start_fy)
        self.years = path.size
        self.controls = {
            "yield_pct": float_slider(t("fin.gx.yield_pct"), s.yield_pct, 0.0, 5.0, 0.05),
            "later_issue": float_slider(t("fin.gx.later_issue"), round(path[-1] / 1e12, 2), 0.0, 4.0, 0.01),
            "levy": float_slider(t("fin.gx.levy", fy=levy_start_fy), s.levy_jpy / 1e12, 0.0, 2.0, 0.05),
            "levy_growth": float_slider(t("fin.gx.levy_growth"), s.levy_growth_pct, -10.0, 10.0, 0.5, ".1f"),
            "allowance": float_slider(
                t("fin.gx.allowance", fy=allowance_start_fy), s.allowance_jpy / 1e12, 0.0, 2.0, 0.05
            ),
            "allowance_growth": float_slider(
                t("fin.gx.allowance_growth"), s.allowance_growth_pct, -10.0, 10.0, 0.5, ".1f"
            ),
            "p_continue": float_slider(t("fin.gx.p_continue"), s.p_continue, 0.0, 1.0, 0.05),
        }
        self.wire()

    def yen(self, amount: float) -> str:
        return units.yen_text(amount, self.lang, digits=3)

    def _update(self, change: Any = None) -> None:
        t, yen = self.t, self.yen
        c = {name: control.value for name, control in self.controls.items()}
        issuance = np.concatenate([self.issued, np.full(self.years - self.issued.size, c["later_issue"] * 1e12)])
        self.path = finance.gx_path(
            issuance,
            c["yield_pct"],
            c["levy"] * 1e12,
            c["levy_growth"],
            c["allowance"] * 1e12,
            c["allowance_growth"],
            *self.starts,
        )
        self.gate = finance.stage_gate(self.ai_budget, c["p_continue"], c["yield_pct"], self.path.average_life_years)
        p = self.path
        left = p.unredeemed_jpy
        status = t("fin.gx.redeemed", fy=p.redeemed_fy) if left == 0 else t("fin.gx.outstanding", left=yen(left))
        self.summary.value = t(
            "fin.gx.summary",
            issued=yen(p.issuance_jpy.sum()),
            peak=yen(p.peak_outstanding_jpy),
            status=status,
            interest=yen(p.total_interest_jpy),
            life=p.average_life_years,
            expected=yen(self.gate.expected_total_jpy),
            budget=yen(self.ai_budget.sum()),
            ai_interest=yen(self.gate.expected_interest_jpy),
            share=self.gate.expected_total_jpy / p.issuance_jpy.sum(),
        )
        self.chart.value = line_chart_svg(
            p.fiscal_years,
            [
                (t("fin.gx.series.outstanding"), p.outstanding_jpy),
                (t("fin.gx.series.issued"), np.cumsum(p.issuance_jpy)),
                (t("fin.gx.series.revenue"), p.revenue_jpy),
                (t("fin.gx.series.interest"), p.interest_jpy),
            ],
            t("fin.gx.chart_title"),
            t("fin.axis.yen_tn"),
            lang=self.lang,
            concepts=("debt", "context", "revenue", "interest"),
        )

    def widget(self) -> widgets.Widget:
        return widgets.VBox([*self.controls.values(), self.problem, self.summary, self.chart]).add_class("t-gx")


class DataCentreExplorer(Explorer):
    """Sliders for the data-centre scenario; NPV, IRR, payback, break-even and a tornado, live.

    Notebook 06, section '5. Explore'.
    """

    SLIDERS = {  # field -> (label key, low, high, step, format, slider value per field unit)
        "utilisation_pct": ("fin.dc.utilisation_pct", 0.0, 100.0, 1.0, ".0f", 1.0),
        "price_jpy_per_gpu_hour": ("fin.dc.price_jpy_per_gpu_hour", 100.0, 1500.0, 10.0, ".0f", 1.0),
        "capex_per_gpu_jpy": ("fin.dc.capex_per_gpu_jpy", 3.0, 15.0, 0.1, ".1f", 1e6),
        "gpu_life_years": ("fin.dc.gpu_life_years", 3, 8, 1, "d", 1),
        "electricity_jpy_per_kwh": ("fin.dc.electricity_jpy_per_kwh", 5.0, 50.0, 0.5, ".1f", 1.0),
        "discount_rate_pct": ("fin.dc.discount_rate_pct", 0.0, 15.0, 0.5, ".1f", 1.0),
    }

    def __init__(self, base: finance.DataCentre | None = None, lang: str | None = None) -> None:
        """Start at ``base`` (default: :func:`helpers.scenarios.datacentre`, the story's central case)."""
        self.base = base or scenarios.datacentre()
        self.lang = _lang(lang)
        self.controls: dict[str, widgets.ValueWidget] = {}
        for name, (key, low, high, step, fmt, per) in self.SLIDERS.items():
            label = self.t(key)
            value = getattr(self.base, name) / per
            self.controls[name] = float_slider(label, value, low, high, step, fmt)
        self.tornado = widgets.HTML().add_class("t-tornado")
        self.wire()

    def settings(self) -> finance.DataCentre:
        return self.base.replace(
            **{
                name: (int(c.value) if self.SLIDERS[name][4] == "d" else c.value * self.SLIDERS[name][5])
                for name, c in self.controls.items()
            }
        )

    def _update(self, change: Any = None) -> None:
        self.dc = self.settings()
        self.result = finance.datacenter_cashflows(self.dc)
        self.numbers = finance.summary(self.dc)
        n, t = self.numbers, self.t
        irr = t("fin.dc.irr_none") if np.isnan(n["irr"]) else f"{n['irr']:.1%}"
        payback = t("fin.dc.payback_never") if np.isnan(n["payback_years"]) else t("fin.years", x=n["payback_years"])
        breakeven = (
            t("fin.dc.breakeven_never")
            if np.isnan(n["breakeven_utilisation_pct"])
            else f"{n['breakeven_utilisation_pct']:.1f}%"
        )
        npv = signed_yen(n["npv_jpy"], self.lang)
        self.summary.value = t(
            "fin.dc.summary",
            gpus=self.result.gpus_online.max(),
            revenue=units.yen_text(float(np.max(self.result.revenue_jpy)), self.lang, digits=3),
            rate=self.dc.discount_rate_pct,
            npv=npv,
            irr=irr,
            payback=payback,
            breakeven=breakeven,
        )
        cumulative = np.cumsum(self.result.cashflow_jpy)
        self.chart.value = line_chart_svg(
            self.result.fiscal_years,
            [
                (t("fin.dc.series.cumulative"), cumulative),
                (t("fin.dc.series.revenue"), self.result.revenue_jpy),
                (t("fin.dc.series.capex"), self.result.capex_jpy),
            ],
            t("fin.dc.chart_title"),
            t("fin.axis.yen_tn"),
            lang=self.lang,
            concepts=("value", "revenue", "cost"),
        )
        self.tornado.value = tornado_html(
            finance.tornado(self.dc, scenarios.tornado_ranges()),
            n["npv_jpy"],
            t("fin.tornado.title", npv=npv),
            lang=self.lang,
        )

    def widget(self) -> widgets.Widget:
        return widgets.VBox([*self.controls.values(), self.problem, self.summary, self.chart, self.tornado]).add_class(
            "t-dc"
        )
