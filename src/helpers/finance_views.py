"""The interactive parts of notebooks 05 and 06: sliders → :mod:`helpers.finance` → chart in place.

Three layers as in :mod:`helpers.builder`: the calculation is in :mod:`helpers.finance`; the view
writes a summary line and an SVG/HTML chart into ``widgets.HTML`` values (one small message per
slider step, no image re-encoding); one ``observe`` wires every slider, then one first render.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np

from . import finance, units
from .widgets import LAYOUT, STYLE, explained, message

COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")  # Okabe-Ito


def float_slider(description: str, value: float, low: float, high: float, step: float, fmt: str = ".2f") -> widgets.FloatSlider:
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                               readout_format=fmt, style=STYLE, layout=LAYOUT)


def line_chart_svg(x: Sequence[float], series: Sequence[tuple[str, Sequence[float]]], title: str, y_label: str,
                   scale: float = 1e12, width: int = 720, height: int = 280) -> str:
    """Lines over ``x`` as an inline SVG (values divided by ``scale`` on the axis)."""
    left, right, top, bottom = 60, 150, 28, 32
    xs = np.asarray(x, dtype=float)
    ys = [np.asarray(y, dtype=float) / scale for _, y in series]
    low = min(0.0, min(float(y.min()) for y in ys))
    high = max(float(y.max()) for y in ys)
    high = high if high > low else low + 1
    span_x = xs[-1] - xs[0] or 1

    def px(xv: float, yv: float) -> tuple[float, float]:
        return (left + (xv - xs[0]) / span_x * (width - left - right),
                top + (high - yv) / (high - low) * (height - top - bottom))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'style="font:12px sans-serif;background:#fff">',
             f'<text x="{left}" y="16" font-weight="600">{html.escape(title)}</text>']
    for tick in np.linspace(low, high, 5):
        _, ty = px(xs[0], tick)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">{tick:.1f}</text>')
    for year in xs[::5]:
        tx, _ = px(year, low)
        parts.append(f'<text x="{tx:.1f}" y="{height - 12}" text-anchor="middle">FY{year:.0f}</text>')
    parts.append(f'<text x="12" y="{top + (height - top - bottom) / 2:.0f}" transform="rotate(-90 12 '
                 f'{top + (height - top - bottom) / 2:.0f})" text-anchor="middle">{html.escape(y_label)}</text>')
    for i, ((label, _), y) in enumerate(zip(series, ys)):
        points = " ".join("{:.1f},{:.1f}".format(*px(a, b)) for a, b in zip(xs, y))
        colour = COLOURS[i % len(COLOURS)]
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.2" points="{points}"/>'
                     f'<rect x="{width - right + 10}" y="{top + 18 * i}" width="12" height="4" fill="{colour}"/>'
                     f'<text x="{width - right + 28}" y="{top + 18 * i + 6}">{html.escape(label)}</text>')
    return "".join(parts) + "</svg>"


def tornado_html(rows: Sequence[tuple[str, float, float, float, float]], base_npv: float, title: str) -> str:
    """Tornado chart of :func:`helpers.finance.tornado` rows as HTML bars around the base NPV."""
    reach = max(max(abs(a - base_npv), abs(b - base_npv)) for *_, a, b in rows) or 1.0
    lines = []
    for name, low, high, npv_low, npv_high in rows:
        lo, hi = sorted((npv_low, npv_high))
        start = 50 + (lo - base_npv) / reach * 50
        size = (hi - lo) / reach * 50
        lines.append(
            f'<div style="text-align:right">{html.escape(name)} <span style="color:#666">({low:g} → {high:g})</span></div>'
            f'<div style="position:relative;background:#f3f3f3;height:1.1em"><div style="position:absolute;left:50%;'
            f'top:-2px;bottom:-2px;border-left:1px solid #333"></div><div style="position:absolute;left:{start:.2f}%;'
            f'width:{size:.2f}%;height:100%;background:#0072B2"></div></div>'
            f'<div style="font-variant-numeric:tabular-nums">{units.yen_text(abs(hi - lo), digits=3)} swing</div>')
    return (f'<div style="max-width:760px;font-size:13px"><div style="font-weight:600;margin:4px 0 6px">'
            f'{html.escape(title)}</div><div style="display:grid;grid-template-columns:18em 1fr 8em;gap:4px 8px;'
            f'align-items:center">{"".join(lines)}</div></div>')


def signed_yen(amount: float) -> str:
    return ("−" if amount < 0 else "") + units.yen_text(abs(amount), digits=3)


class GxExplorer:
    """Sliders for the GX programme's yield, issuance and revenues; debt path and AI stage gate."""

    def __init__(self, issued_jpy: Sequence[float], total_jpy: float, ai_budget_jpy: Sequence[float],
                 levy_start_fy: int = 2028, allowance_start_fy: int = 2033) -> None:
        self.issued = np.asarray(issued_jpy, dtype=float)
        self.total = total_jpy
        self.ai_budget = np.asarray(ai_budget_jpy, dtype=float)
        self.starts = (levy_start_fy, allowance_start_fy)
        rest = (total_jpy - self.issued.sum()) / (10 - self.issued.size) / 1e12
        self.controls = {
            "yield_pct": float_slider("Yield (%)", 1.7, 0.0, 5.0, 0.05),
            "later_issue": float_slider("Issue FY2026-32 (¥tn/yr)", round(rest, 2), 0.0, 4.0, 0.05),
            "levy": float_slider(f"Levy from FY{levy_start_fy} (¥tn/yr)", 0.5, 0.0, 2.0, 0.05),
            "levy_growth": float_slider("Levy growth (%/yr)", 0.0, -10.0, 10.0, 0.5, ".1f"),
            "allowance": float_slider(f"Auctions from FY{allowance_start_fy} (¥tn/yr)", 0.5, 0.0, 2.0, 0.05),
            "allowance_growth": float_slider("Auction growth (%/yr)", 0.0, -10.0, 10.0, 0.5, ".1f"),
            "p_continue": float_slider("AI: P(continue) per review", 0.8, 0.0, 1.0, 0.05),
        }
        self.summary = widgets.HTML().add_class("t-summary")
        self.chart = widgets.HTML().add_class("t-chart")
        self.problem = message()
        self.update = explained(self.problem)(self._update)
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.update()

    def _update(self, change: Any = None) -> None:
        c = {name: control.value for name, control in self.controls.items()}
        issuance = np.concatenate([self.issued, np.full(10 - self.issued.size, c["later_issue"] * 1e12)])
        self.path = finance.gx_path(issuance, c["yield_pct"], c["levy"] * 1e12, c["levy_growth"],
                                    c["allowance"] * 1e12, c["allowance_growth"], *self.starts)
        self.gate = finance.stage_gate(self.ai_budget, c["p_continue"], c["yield_pct"], self.path.average_life_years)
        p = self.path
        left = p.unredeemed_jpy
        status = ("<b>redeemed by FY{:.0f}</b>".format(p.redeemed_fy) if left == 0 else
                  f'<b style="color:#b00020">{units.yen_text(left, digits=3)} still outstanding at the end of FY2050</b>')
        self.summary.value = (
            f"Issued: {units.yen_text(p.issuance_jpy.sum(), digits=3)}; peak debt "
            f"{units.yen_text(p.peak_outstanding_jpy, digits=3)}; {status}.<br>"
            f"Interest FY2023-2050: <b>{units.yen_text(p.total_interest_jpy, digits=3)}</b> "
            f"(average life {p.average_life_years:.1f} years).<br>"
            f"AI programme: expected spend <b>{units.yen_text(self.gate.expected_total_jpy, digits=3)}</b> of "
            f"{units.yen_text(self.ai_budget.sum(), digits=3)}, its interest "
            f"{units.yen_text(self.gate.expected_interest_jpy, digits=3)}; "
            f"{self.gate.expected_total_jpy / p.issuance_jpy.sum():.1%} of the GX bonds issued.")
        self.chart.value = line_chart_svg(
            p.fiscal_years, [("Outstanding debt", p.outstanding_jpy), ("Issued so far", np.cumsum(p.issuance_jpy)),
                             ("Revenue (levy + auctions)", p.revenue_jpy), ("Interest", p.interest_jpy)],
            "GX Economic Transition Bonds: scenario path (helpers.finance.gx_path)", "¥ trillion")

    def widget(self) -> widgets.Widget:
        return widgets.VBox([*self.controls.values(), self.problem, self.summary, self.chart]).add_class("t-gx")


class DataCentreExplorer:
    """Sliders for the data-centre scenario; NPV, IRR, payback, break-even and a tornado, live."""

    SLIDERS = {  # field -> (description, low, high, step, format, slider value per field unit)
        "utilisation_pct": ("Utilisation (%)", 0.0, 100.0, 1.0, ".0f", 1.0),
        "price_jpy_per_gpu_hour": ("Price (¥/GPU-hour)", 100.0, 1500.0, 10.0, ".0f", 1.0),
        "capex_per_gpu_jpy": ("Cost per GPU (¥m)", 3.0, 15.0, 0.1, ".1f", 1e6),
        "gpu_life_years": ("GPU life (years)", 3, 8, 1, "d", 1),
        "electricity_jpy_per_kwh": ("Electricity (¥/kWh)", 5.0, 50.0, 0.5, ".1f", 1.0),
        "discount_rate_pct": ("Discount rate (%)", 0.0, 15.0, 0.5, ".1f", 1.0),
    }

    def __init__(self, base: finance.DataCentre = finance.DataCentre()) -> None:
        self.base = base
        self.controls: dict[str, widgets.ValueWidget] = {}
        for name, (label, low, high, step, fmt, per) in self.SLIDERS.items():
            value = getattr(base, name) / per
            if fmt == "d":
                self.controls[name] = widgets.IntSlider(value=int(value), min=low, max=high, step=step,
                                                        description=label, style=STYLE, layout=LAYOUT)
            else:
                self.controls[name] = float_slider(label, value, low, high, step, fmt)
        self.summary = widgets.HTML().add_class("t-summary")
        self.chart = widgets.HTML().add_class("t-chart")
        self.tornado = widgets.HTML().add_class("t-tornado")
        self.problem = message()
        self.update = explained(self.problem)(self._update)
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.update()

    def settings(self) -> finance.DataCentre:
        return self.base.replace(**{name: (int(c.value) if self.SLIDERS[name][4] == "d" else c.value * self.SLIDERS[name][5])
                                    for name, c in self.controls.items()})

    def _update(self, change: Any = None) -> None:
        self.dc = self.settings()
        self.result = finance.datacenter_cashflows(self.dc)
        self.numbers = finance.summary(self.dc)
        n = self.numbers
        irr = "none" if np.isnan(n["irr"]) else f"{n['irr']:.1%}"
        payback = "not within the horizon" if np.isnan(n["payback_years"]) else f"{n['payback_years']:.1f} years"
        breakeven = "above 100% (never)" if np.isnan(n["breakeven_utilisation_pct"]) else f"{n['breakeven_utilisation_pct']:.1f}%"
        self.summary.value = (
            f"GPUs at full build-out: <b>{self.result.gpus_online.max():,.0f}</b>; yearly revenue then "
            f"{units.yen_text(float(np.max(self.result.revenue_jpy)), digits=3)}.<br>"
            f"NPV at {self.dc.discount_rate_pct:g}%: <b>{signed_yen(n['npv_jpy'])}</b>; IRR {irr}; payback {payback}; "
            f"break-even utilisation <b>{breakeven}</b>.")
        cumulative = np.cumsum(self.result.cashflow_jpy)
        self.chart.value = line_chart_svg(
            self.result.fiscal_years, [("Cumulative cash flow", cumulative), ("Revenue", self.result.revenue_jpy),
                                       ("Capex (build + refresh)", self.result.capex_jpy)],
            "Data-centre scenario: yearly yen (helpers.finance.datacenter_cashflows)", "¥ trillion")
        self.tornado.value = tornado_html(finance.tornado(self.dc), n["npv_jpy"],
                                          f"NPV sensitivity around {signed_yen(n['npv_jpy'])} (one input at a time)")

    def widget(self) -> widgets.Widget:
        return widgets.VBox([*self.controls.values(), self.problem, self.summary, self.chart, self.tornado]).add_class("t-dc")
