"""Labels of the classroom notebooks: the teachers' guide, the story deck and the exercise sheets'
printed data and worked solutions (check feedback itself lives in ``labels/exercises.py``)."""

LABELS = {
    # teachers_guide.ipynb
    # story_deck.ipynb
    "deck.run.dense": "dense 1T, {tokens} tokens",
    "deck.run.kimi": "{model}, {tokens} tokens",
    # exercise sheets (notebooks/exercises/): the data they print and their worked solutions
    "sheets.ex1.kimi": "Kimi K2: {layers} layers, d_model {d:,}, {experts} routed experts (top-{top_k}) "
    "+ {shared} shared, expert width {width:,}",
    "sheets.ex1.llama": "Llama 3.1 405B: {layers} layers, d_model {d:,}, {heads} query heads, "
    "{kv_heads} key/value heads of {head_dim}",
    "sheets.ex1.share": "active/total = {share:.4f}; routed experts alone: {routed:.4f}",
    "sheets.ex1.attention": "{value:,.1f} M (by hand: {by_hand:,.1f} M)",
    "sheets.ex1.design": "d_model {d:,}, {heads} heads, d_ff {ffn:,}: {total}",
    "sheets.ex1.top16": "top-8: {top8:.1f} B, top-16: {top16:.1f} B (not twice)",
    "sheets.ex2.kimi": "Kimi K2: {total} parameters, MLA cache of {latent} + {rope} values per layer and token, {layers} layers",
    "sheets.ex2.h200": "H200: {memory} of memory, {usable:.0%} usable",
    "sheets.ex2.kv": "{value:.3f} GB (by hand: {by_hand:.3f} GB)",
    "sheets.ex2.gpus": "{need:,.0f} GB / {per_gpu:.1f} GB = {ratio:.2f} -> {n} GPUs",
    "sheets.ex2.states": "{per_param:g} bytes per parameter -> {tb:g} TB",
    "sheets.ex3.tokens": "Kimi K2 was trained on {tokens:.1f} T tokens (data/training_runs.csv)",
    "sheets.ex3.cluster": "Reference cluster (data/scenarios.csv): {n:,} × {gpu} at {mfu:.0%} MFU, dense BF16 peak "
    "{peak:,.1f} TFLOP/s per GPU; deadline {days:g} days",
    "sheets.ex3.days": "{days:.2f} days (by hand: {by_hand:.2f})",
    "sheets.ex3.gpus": "{flops:.2e} FLOPs -> {n:,.0f} × {gpu}",
    "sheets.ex4.pue": "PUE in Japan: average {average}, hyperscale {low}-{high}",
    "sheets.ex4.server": "{server}: {kw} kW for {gpus} GPUs",
    "sheets.ex4.scenario": "Scenarios (data/scenarios.csv): servers draw {fraction:.0%} of their rating, PUE {pue:g}; "
    "example site: {site:,} GPUs; training cluster: {gpu} at {mfu:.0%} MFU; electricity "
    "¥{price:g}/kWh",
    "sheets.ex5.programme": "GX programme: {total} over {years:.0f} years from FY{start:.0f}; issued FY2023-2025: {issued}",
    "sheets.ex5.price": "{price:.4f} (by hand: {by_hand:.4f})",
    "sheets.ex5.flat": "{total} / {years:.0f} years = {amount} a year",
    "sheets.ex5.gate": "by hand: {amount}",
    "sheets.ex5.scenario": "Notebook 05's scenario (data/scenarios.csv): yield {yield_pct:g}% (high case {high:g}%), "
    "levy {levy} and allowances {allowance} a year; each yearly review continues the AI programme "
    "with probability p = {p:g}",
    "sheets.ex6.base": "Base scenario: {capex} over {years} years, ¥{price:,.0f} per GPU-hour, "
    "{utilisation:g}% utilisation, discount rate {rate:g}%",
    "sheets.ex6.npv": "{npv:.3f} (by hand: {by_hand:.3f})",
    "sheets.ex6.irr": "NPV at the IRR: {npv:.2e}",
    "sheets.ex6.gpus": "{n:,.0f} GPUs = {share:g}% × {capex} / {per_gpu}",
    "sheets.ex6.base_npv": "NPV {npv}; undiscounted sum {total}",
    "sheets.ex6.payback": "utilisation {utilisation:.2f}% -> payback {years:.2f} years (base {base:g}%: {base_years:.1f} years)",
}

# English words with two Japanese translations (gettext msgctxt)
