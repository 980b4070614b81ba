"""Labels of notebooks 00 (introduction) and 01 (parameters): the fact tables (helpers.views.tables), the
model builder (helpers.views.builder), the parameter breakdown (helpers.views.plots.breakdown_html) and the
notebooks' printed results and figures."""

LABELS = {
    # parts of a transformer (helpers.calc.params.ParamCount.breakdown, helpers.views.plots.PART_LABELS)
    "part.embeddings": "Embeddings",
    "part.attention": "Attention",
    "part.dense_ffn": "Dense FFN",
    "part.routed_experts": "Routed experts",
    "part.shared_experts": "Shared experts",
    "part.router": "Router",
    "part.norms": "Norms",
    "part.lm_head": "LM head",
    "part.legend.active": "used by one token",
    "part.legend.idle": "not used by a token",
    "part.row.total": "total",
    "part.row.active": "active",
    "part.row.header": "billions of parameters",
    # the fact table (helpers.views.tables.facts_table)
    "facts.col.label": "figure",
    "facts.col.value": "value",
    "facts.col.as_written": "as written",
    "facts.col.confidence": "confidence",
    "facts.col.date": "date",
    "facts.conf.confirmed": "confirmed",
    "facts.conf.single source": "single source",
    "facts.conf.unconfirmed": "unconfirmed",
    # our counts against the published ones (helpers.views.tables.comparison_table)
    "compare.col.year": "year",
    "compare.col.ours_total": "our total",
    "compare.col.ours_active": "our active",
    "compare.col.published": "published",
    "compare.col.diff": "total vs published",
    "compare.same_as_total": "= total",
    # the model builder (helpers.views.builder.ModelBuilder)
    "builder.preset": "Preset",
    "builder.d_model": "Width d_model",
    "builder.n_layers": "Layers",
    "builder.n_heads": "Query heads",
    "builder.n_kv_heads": "Key/value heads",
    "builder.ffn_dim": "FFN width d_ff",
    "builder.ffn_type": "FFN type",
    "builder.gelu": "GELU (2 matrices)",
    "builder.swiglu": "SwiGLU (3)",
    "builder.vocab_size": "Vocabulary",
    "builder.tied": "Tied embeddings (head = input table)",
    "builder.n_experts": "Routed experts",
    "builder.top_k": "Top-k experts",
    "builder.n_shared_experts": "Shared experts",
    "builder.expert_ffn_dim": "Expert width",
    "builder.moe_header": "<b>Mixture of experts</b> (0 experts = dense)",
    "builder.total": "<b>Total: {total}</b> parameters ({n:,}), {share:.1%} of one trillion",
    "builder.active": "Active per token: <b>{active}</b> ({n:,}), {share:.1%} of the total",
    "builder.yours": "Your model",
    "builder.chart_title": "{name}: {total} parameters by component",
    # one line for a count (helpers.calc.params.describe)
    "params.describe.dense": "{total:,} parameters ({short})",
    "params.describe.moe": "{total:,} total ({short}), {active:,} active per token ({active_short})",
    # notebook 00
    # notebook 01
}

# English words with two Japanese translations (gettext msgctxt)
CONTEXTS = {
    "part.row.total": "parameter count",
    "builder.n_experts": "slider",
    "builder.n_shared_experts": "slider",
    "compare.col.year": "published",
}
