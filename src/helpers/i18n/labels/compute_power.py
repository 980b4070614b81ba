"""Labels of notebooks 03 (compute and time) and 04 (data-centre power): printed results, table
headers, widget descriptions and the HTML charts (``helpers.views.plots.bars_html`` / ``stack_html``)."""

LABELS = {
    # shared by 03 and 04
    # 03 · FLOPs per token
    # 03 · tokens
    # 03 · the two 1T models
    "nb03.model.dense": "Dense 1T",
    "nb03.model.moe": "MoE 1T",
    "nb03.model.dense.long": "Dense 1T (Chinchilla, {tokens} tokens)",
    "nb03.model.moe.long": "MoE 1T ({model} shape, {tokens} tokens)",
    # 03 · days calculator
    # 03 · published runs
    # 03 · our H200
    # 04 · the power chain
    "nb04.chain.one_gpu": "one GPU",
    "nb04.chain.one_dgx": "one DGX H100",
    "nb04.chain.llama_cluster": "16,384 GPUs (Llama 3.1 405B's cluster)",
    "nb04.part.gpu": "GPU boards",
    "nb04.part.cooling": "cooling and losses (PUE)",
    "nb04.chain.title": "{count:,} {gpu}: power from the grid (bar = 300 MW)",
    # 04 · GPUs per site
    "nb04.status.reported": "reported",
    "nb04.status.planned": "planned",
    "nb04.status.mentioned": "mentioned",
    "nb04.status.superseded": "superseded",
    "nb04.confidence.confirmed": "confirmed",
    "nb04.confidence.single source": "single source",
    "nb04.confidence.unconfirmed": "unconfirmed",
    # 04 · training energy
    "nb04.factor.national_fy2023": "Japan FY2023 ({value} kg/kWh)",
    "nb04.factor.hokkaido_fy2020_basic": "Hokkaido FY2020 basic ({value})",
    "nb04.factor.kansai_fy2018_basic": "Kansai FY2018 basic ({value})",
    "nb04.model.dense": "Dense 1T",
    "nb04.model.moe": "MoE 1T",
    "nb04.training.gpu": "{gpu}, {power:.0%} power",
    "nb04.training.energy": "energy",
    "nb04.training.cost": "electricity cost",
    "nb04.training.co2": "CO2",
    "nb04.training.households": "households for a year",
    # 04 · a site for a year
    "nb04.site.tomakomai": "Tomakomai",
    "nb04.site.sakai": "Sakai",
    # 04 · energy per token
    "nb04.step.dense": "1T dense, BF16, GPU only",
    "nb04.step.moe": "1T MoE (32.9B active), BF16",
    "nb04.step.fp8": "1T MoE, FP8 (2x peak)",
    "nb04.step.server": "1T MoE, FP8, whole server",
    "nb04.step.pue17": "... and PUE {pue:g} (Japan average)",
    "nb04.step.pue12": "... and PUE {pue:g} (hyperscale)",
}
