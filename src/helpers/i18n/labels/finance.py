"""Labels of notebooks 05 (GX bond financing) and 06 (data-centre economics) and their views
(helpers.views.finance_explorers): sliders, summaries, charts, tables and printed results."""

LABELS = {
    # shared by both views and notebooks
    "fin.fy": "FY{fy:.0f}",
    "fin.axis.yen_tn": "¥ trillion",
    "fin.years": "{x:.1f} years",
    # tables of sources (helpers.views.finance_explorers.source_table)
    "fin.col.auction_date": "auction date",
    "fin.col.tenor_years": "maturity (years)",
    "fin.col.coupon_pct": "coupon (%)",
    "fin.col.yield_pct": "yield (%)",
    "fin.col.price_per_100": "price per ¥100",
    "fin.col.bid_to_cover": "bid-to-cover",
    "fin.col.allotted_jpy": "allotted",
    "fin.col.confidence": "confidence",
    "fin.col.reference": "compared with",
    "fin.col.ctb_yield_pct": "transition bond yield (%)",
    "fin.col.reference_yield_pct": "reference yield (%)",
    "fin.col.greenium_bp": "greenium (bp)",
    # the GX explorer (helpers.views.finance_explorers.GxExplorer)
    "fin.gx.yield_pct": "Yield (%)",
    "fin.gx.later_issue": "Issue FY2026-32 (¥tn/yr)",
    "fin.gx.levy": "Levy from FY{fy} (¥tn/yr)",
    "fin.gx.levy_growth": "Levy growth (%/yr)",
    "fin.gx.allowance": "Auctions from FY{fy} (¥tn/yr)",
    "fin.gx.allowance_growth": "Auction growth (%/yr)",
    "fin.gx.p_continue": "AI: P(continue) per review",
    "fin.gx.redeemed": "<b>redeemed by FY{fy:.0f}</b>",
    "fin.gx.outstanding": '<b style="color:#b00020">{left} still outstanding at the end of FY2050</b>',
    "fin.gx.summary": "Issued: {issued}; peak debt {peak}; {status}.<br>"
    "Interest FY2023-2050: <b>{interest}</b> (average life {life:.1f} years).<br>"
    "AI programme: expected spend <b>{expected}</b> of {budget}, its interest {ai_interest}; "
    "{share:.1%} of the GX bonds issued.",
    "fin.gx.series.outstanding": "Outstanding debt",
    "fin.gx.series.issued": "Issued so far",
    "fin.gx.series.revenue": "Revenue (levy + auctions)",
    "fin.gx.series.interest": "Interest",
    "fin.gx.chart_title": "GX Economic Transition Bonds: scenario path (helpers.calc.finance.gx_path)",
    # the data-centre explorer (helpers.views.finance_explorers.DataCentreExplorer) and the tornado
    "fin.dc.utilisation_pct": "Utilisation (%)",
    "fin.dc.price_jpy_per_gpu_hour": "Price (¥/GPU-hour)",
    "fin.dc.capex_per_gpu_jpy": "Cost per GPU (¥m)",
    "fin.dc.gpu_life_years": "GPU life (years)",
    "fin.dc.electricity_jpy_per_kwh": "Electricity (¥/kWh)",
    "fin.dc.discount_rate_pct": "Discount rate (%)",
    "fin.dc.irr_none": "none",
    "fin.dc.payback_never": "not within the horizon",
    "fin.dc.breakeven_never": "above 100% (never)",
    "fin.dc.summary": "GPUs at full build-out: <b>{gpus:,.0f}</b>; yearly revenue then {revenue}.<br>"
    "NPV at {rate:g}%: <b>{npv}</b>; IRR {irr}; payback {payback}; "
    "break-even utilisation <b>{breakeven}</b>.",
    "fin.dc.series.cumulative": "Cumulative cash flow",
    "fin.dc.series.revenue": "Revenue",
    "fin.dc.series.capex": "Capex (build + refresh)",
    "fin.dc.chart_title": "Data-centre scenario: yearly yen (helpers.calc.finance.datacenter_cashflows)",
    "fin.tornado.title": "NPV sensitivity around {npv} (one input at a time)",
    "fin.tornado.swing": "{amount} swing",
    # the inputs the tornado moves (helpers.scenarios.tornado_ranges)
    "fin.input.utilisation_pct": "utilisation (%)",
    "fin.input.price_jpy_per_gpu_hour": "price (¥/GPU-hour)",
    "fin.input.capex_per_gpu_jpy": "cost per GPU (¥)",
    "fin.input.gpu_life_years": "GPU life (years)",
    "fin.input.electricity_jpy_per_kwh": "electricity (¥/kWh)",
    "fin.input.other_opex_pct": "other opex (% of capex)",
    "fin.input.discount_rate_pct": "discount rate (%)",
    # notebook 05
    # notebook 06
    "nb06.usd.sbg": "SBG presentation",
    "nb06.usd.reports": "Japanese reports",
}
