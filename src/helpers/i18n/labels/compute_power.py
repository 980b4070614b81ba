"""Labels of notebooks 03 (compute and time) and 04 (data-centre power): printed results, table
headers, widget descriptions and the HTML charts (``helpers.views.plots.bars_html`` / ``stack_html``)."""

LABELS = {
    # shared by 03 and 04
    "cp.control.gpus_k": ("GPUs (thousands)", "GPU(千枚)"),
    # 03 · FLOPs per token
    "nb03.per_token": ("{name:>16}: {total} total, {active} active -> 6N = {matmul:.3g} + attention {attention:.3g} "
                       "= {flops:.3g} FLOPs per token (context {seq:,})",
                       "{name}: 総パラメーター{total}、活性パラメーター{active} → 6N = {matmul:.3g} + アテンション "
                       "{attention:.3g} = 1トークンあたり{flops:.3g} FLOPs(文脈長4,096)"),
    "nb03.per_token_ratio": ("The dense 1T model needs {ratio:.0f}x the computation per token of the 1T MoE",
                             "密な1兆モデルは、1トークンあたり1兆MoEモデルの{ratio:.0f}倍の計算が必要です"),
    # 03 · tokens
    "nb03.col.parameters": ("parameters", "パラメーター数"),
    "nb03.col.tokens": ("tokens", "トークン数"),
    "nb03.col.tokens_per_param": ("tokens per parameter", "1パラメーターあたりのトークン数"),
    "nb03.col.flops_table3": ("FLOPs (Table 3)", "FLOPs(表3)"),
    "nb03.run_tokens": ("{name:>15}: {tokens} tokens = {per:,.0f} per active parameter "
                        "(Chinchilla for its active size: {optimal})",
                        "{name}: {tokens}トークン = 活性パラメーター1つあたり{per:,.0f}トークン"
                        "(活性パラメーター数に対するChinchilla最適値は{optimal}トークン)"),
    # 03 · the two 1T models
    "nb03.dense_flops": ("Dense 1T on {tokens} tokens: {flops:.3g} FLOPs",
                         "密な1兆モデル({tokens}トークン): {flops:.3g} FLOPs"),
    "nb03.moe_flops": ("MoE 1T (Kimi K2 shape) on {tokens} tokens: {flops:.3g} FLOPs",
                       "1兆MoEモデル(Kimi K2の構成、{tokens}トークン): {flops:.3g} FLOPs"),
    "nb03.flops_ratio": ("The dense model needs {ratio:.0f}x the computation", "密なモデルは{ratio:.0f}倍の計算が必要です"),
    "nb03.model.dense": ("Dense 1T", "密な1兆モデル"),
    "nb03.model.moe": ("MoE 1T", "1兆MoEモデル"),
    "nb03.model.dense.long": ("Dense 1T (Chinchilla, {tokens} tokens)", "密な1兆モデル(Chinchilla最適、{tokens}トークン)"),
    "nb03.model.moe.long": ("MoE 1T ({model} shape, {tokens} tokens)", "1兆MoEモデル({model}の構成、{tokens}トークン)"),
    # 03 · days calculator
    "nb03.control.model": ("Model", "モデル"),
    "nb03.control.precision": ("Precision", "精度"),
    "nb03.chart.title": ("Days on {n:,}k {gpu} at {mfu}% MFU ({precision})",
                         "{gpu} {count:,}枚・MFU {mfu}%({precision})での学習日数"),
    "nb03.days": ("{days:,.0f} days", "{days:,.0f}日"),
    "nb03.chart.note": ("{model}: {flops:.3g} FLOPs = {mhours:,.2f} M GPU-hours = {days:,.0f} days ({years:.1f} years). "
                        "Source: helpers.calc.compute; peaks from data/gpus.csv.",
                        "{model}: {flops:.3g} FLOPs = {mhours:,.2f}百万GPU時間 = {days:,.0f}日({years:.1f}年)。"
                        "出典: helpers.calc.compute、ピーク性能は data/gpus.csv。"),
    "nb03.days_10k": ("{name}: {days:,.0f} days on {n:,} {gpu} at {mfu:.0%} MFU",
                      "{name}: {gpu} {n:,}枚・MFU {mfu:.0%}で{days:,.0f}日"),
    "nb03.gpus_100d": ("{name}: {h100:,.0f} {gpu} or {gb200:,.0f} GB200 GPUs to finish in {days:.0f} days at {mfu:.0%} MFU",
                       "{name}: MFU {mfu:.0%}で{days:.0f}日で終えるには、{gpu}なら{h100:,.0f}枚、GB200なら{gb200:,.0f}枚"),
    # 03 · published runs
    "nb03.col.run": ("run", "学習"),
    "nb03.col.n_published": ("N published", "N(公表値)"),
    "nb03.col.n_ours": ("N ours", "N(本計算機)"),
    "nb03.col.flops_published": ("FLOPs published", "FLOPs(公表値)"),
    "nb03.col.flops_ours": ("ours (+attention)", "本計算機(アテンション込み)"),
    "nb03.col.gpu_hours": ("GPU-hours", "GPU時間"),
    "nb03.col.mfu_published": ("MFU published", "MFU(公表値)"),
    "nb03.col.mfu_implied": ("MFU implied (ours)", "実効MFU(本計算機)"),
    "nb03.llama_check": ("Llama 3.1 405B: 6ND {flops:.3g} vs published 3.8e25; "
                         "implied MFU {mfu:.1%} over all 30.84 M GPU-hours vs 38-43% published",
                         "Llama 3.1 405B: 6ND {flops:.3g}(公表値 3.8e25)。GPU時間3,084万時間の全体で均した"
                         "実効MFUは{mfu:.1%}(公表値は38〜43%)"),
    "nb03.deepseek_check": ("DeepSeek-V3: implied MFU {mfu_6nd:.1%} of the H800's BF16 peak with 6 x 37B x 14.8T "
                            "({mfu:.1%} counting MLA attention at a 4K context)",
                            "DeepSeek-V3: 6 × 370億 × 14.8兆で数えると、実効MFUはH800のBF16ピークの{mfu_6nd:.1%}"
                            "(文脈長4KでMLAのアテンションも数えると{mfu:.1%})"),
    "nb03.megatron_check": ("Megatron 1T: 163 TFLOP/s per A100 = {share:.1%} of peak; 450B tokens on 3,072 GPUs: "
                            "{days:.1f} days",
                            "Megatron 1T: A100 1枚あたり163 TFLOP/s = ピークの{share:.1%}。4500億トークンを"
                            "GPU 3,072枚で学習すると{days:.1f}日"),
    # 03 · our H200
    "nb03.measured": ("{model}: {params} parameters, {rate:,.0f} tokens/s = {tflops:.0f} TFLOP/s = MFU {mfu:.1%}",
                      "{model}: パラメーター{params}、毎秒{rate:,.0f}トークン = {tflops:.0f} TFLOP/s = MFU {mfu:.1%}"),
    # 04 · the power chain
    "nb04.chain.one_gpu": ("one GPU", "GPU 1枚"),
    "nb04.chain.one_dgx": ("one DGX H100", "DGX H100 1台"),
    "nb04.chain.llama_cluster": ("16,384 GPUs (Llama 3.1 405B's cluster)", "GPU 16,384枚(Llama 3.1 405Bの学習クラスター)"),
    "nb04.chain_line": ("{label:>40}: GPU {gpu:,.2f} kW + server {server:,.2f} kW + cooling {cooling:,.2f} kW "
                        "= {total:,.2f} kW",
                        "{label}: GPU {gpu:,.2f} kW + サーバー {server:,.2f} kW + 冷却 {cooling:,.2f} kW "
                        "= {total:,.2f} kW"),
    "nb04.control.utilization": ("Power drawn (% of rated)", "消費電力(定格の%)"),
    "nb04.part.gpu": ("GPU boards", "GPUボード"),
    "nb04.part.server": ("rest of the servers", "サーバーのその他の部分"),
    "nb04.part.cooling": ("cooling and losses (PUE)", "冷却と損失(PUE)"),
    "nb04.chain.title": ("{n:,}k {gpu}: power from the grid (bar = 300 MW)",
                         "{gpu} {count:,}枚:系統から受ける電力(棒の全長 = 300 MW)"),
    "nb04.chain_20k": ("{n:,} {gpu} at {power:.0%} and PUE {pue:g}: {mw:.1f} MW from the grid, of which {share:.0%} reaches the GPUs",
                       "{gpu} {n:,}枚(定格の{power:.0%}、PUE {pue:g}): 系統から{mw:.1f} MW、そのうちGPUに届くのは{share:.0%}"),
    # 04 · GPUs per site
    "nb04.col.site_mw": ("site (MW)", "受電容量(MW)"),
    "nb04.site_gpus": ("{mw} MW at PUE {pue:g} powers {n:,.0f} {gpu} ({power:.0%} of rated power)",
                       "{mw} MW(PUE {pue:g})で動かせる{gpu}:{n:,.0f}枚(定格の{power:.0%}で)"),
    "nb04.col.site": ("site", "サイト"),
    "nb04.col.phase": ("phase", "段階"),
    "nb04.col.capacity_mw": ("capacity_mw", "受電容量(MW)"),
    "nb04.col.year": ("year", "年"),
    "nb04.col.status": ("status", "状況"),
    "nb04.col.confidence": ("confidence", "確度"),
    "nb04.col.source": ("source_title", "出典"),
    "nb04.col.date": ("source_date", "出典の日付"),
    "nb04.status.reported": ("reported", "報道"),
    "nb04.status.planned": ("planned", "計画"),
    "nb04.status.mentioned": ("mentioned", "発言のみ"),
    "nb04.status.superseded": ("superseded", "撤回・変更済み"),
    "nb04.confidence.confirmed": ("confirmed", "確認済み"),
    "nb04.confidence.single source": ("single source", "単一の出典"),
    "nb04.confidence.unconfirmed": ("unconfirmed", "未確認"),
    # 04 · training energy
    "nb04.control.price": ("Price (¥/kWh)", "電気料金(円/kWh)"),
    "nb04.control.factor": ("Grid factor", "排出係数"),
    "nb04.factor.national_fy2023": ("Japan FY2023 ({value} kg/kWh)", "全国 2023年度({value} kg/kWh)"),
    "nb04.factor.hokkaido_fy2020_basic": ("Hokkaido FY2020 basic ({value})", "北海道電力 2020年度 基礎排出係数({value})"),
    "nb04.factor.kansai_fy2018_basic": ("Kansai FY2018 basic ({value})", "関西電力 2018年度 基礎排出係数({value})"),
    "nb04.control.renewable": ("Renewable share (%)", "再エネ比率(%)"),
    "nb04.model.dense": ("Dense 1T", "密な1兆モデル"),
    "nb04.model.moe": ("MoE 1T", "1兆MoEモデル"),
    "nb04.training.gpu": ("{gpu}, {power:.0%} power", "{gpu}、定格の{power:.0%}"),
    "nb04.training.energy": ("energy", "電力量"),
    "nb04.training.cost": ("electricity cost", "電気代"),
    "nb04.training.co2": ("CO2", "CO2"),
    "nb04.training.households": ("households for a year", "一般家庭の年間使用量(世帯数)"),
    "nb04.training_line": ("{name}: {gwh:,.1f} GWh, {low} to {high}, {co2:,.0f} t CO2 at the national factor, "
                           "{households:,.0f} households' yearly use",
                           "{name}: {gwh:,.1f} GWh、電気代{low}〜{high}、全国平均の排出係数でCO2 {co2:,.0f} t、"
                           "一般家庭{households:,.0f}世帯の年間使用量に相当"),
    # 04 · a site for a year
    "nb04.site.tomakomai": ("Tomakomai", "苫小牧"),
    "nb04.site.sakai": ("Sakai", "堺"),
    "nb04.site_phase": ("{site} AI data centre, {phase}", "{site}AIデータセンター({phase})"),
    "nb04.col.twh": ("TWh per year", "年間TWh"),
    "nb04.col.national_share": ("% of national demand", "全国の電力需要に対する%"),
    "nb04.col.occto_share": ("% of OCCTO's +44 TWh", "OCCTO予測の増加分44 TWhに対する%"),
    "nb04.col.households": ("households", "一般家庭(世帯)"),
    "nb04.col.co2": ("CO2 (kt/yr)", "CO2(千t/年)"),
    "nb04.col.co2_grid": ("CO2 if grid power (kt/yr)", "系統電力の場合のCO2(千t/年)"),
    "nb04.both_sites": ("Tomakomai 300 MW + Sakai 250 MW at {lf:.0%} load: {twh:.2f} TWh a year = {share:.2%} of Japan's "
                        "{demand:.0f} TWh (FY2024) and {growth:.0%} of OCCTO's data-centre growth to FY2034",
                        "苫小牧300 MW+堺250 MW(負荷率{lf:.0%}): 年間{twh:.2f} TWh = 日本の電力需要{demand:.0f} TWh"
                        "(2024年度)の{share:.2%}、OCCTOが見込む2034年度までのデータセンター需要増の{growth:.0%}"),
    # 04 · energy per token
    "nb04.measured": ("Measured: {mj:.2f} mJ/token at MFU {mfu:.1%} and {watts:.0f} W",
                      "実測: 1トークンあたり{mj:.2f} mJ(MFU {mfu:.1%}、{watts:.0f} W)"),
    "nb04.step.dense": ("1T dense, BF16, GPU only", "密な1兆、BF16、GPUのみ"),
    "nb04.step.moe": ("1T MoE (32.9B active), BF16", "1兆MoE(活性329億)、BF16"),
    "nb04.step.fp8": ("1T MoE, FP8 (2x peak)", "1兆MoE、FP8(ピーク2倍)"),
    "nb04.step.server": ("1T MoE, FP8, whole server", "1兆MoE、FP8、サーバー全体"),
    "nb04.step.pue17": ("... and PUE {pue:g} (Japan average)", "…さらにPUE {pue:g}(日本の平均)"),
    "nb04.step.pue12": ("... and PUE {pue:g} (hyperscale)", "…さらにPUE {pue:g}(ハイパースケール)"),
    "nb04.step_line": ("{label:>34}: {mj:8.2f} mJ/token", "{label}: {mj:8.2f} mJ/トークン"),
    "nb04.token_chart.title": ("Energy per token (mJ), at the H200's measured MFU and power",
                               "1トークンあたりのエネルギー(mJ):H200で実測したMFUと電力で計算"),
    "nb04.token_chart.note": ("helpers.calc.power.energy_per_token_j; measurement: data/measured/h200_inference_power.csv",
                              "helpers.calc.power.energy_per_token_j、実測値: data/measured/h200_inference_power.csv"),
}
