"""Labels of the classroom notebooks: the teachers' guide, the story deck and the exercise sheets'
printed data and worked solutions (check feedback itself lives in ``labels/exercises.py``)."""

LABELS = {
    # teachers_guide.ipynb
    "guide.count": ("{n} graded questions in {sheets} sheets; solutions in exercises/solutions/",
                    "採点つきの問題 {n}問(演習シート{sheets}枚)。解答は exercises/solutions/ にあります"),
    "guide.col.sheet": ("sheet", "シート"),
    "guide.col.questions": ("questions", "問題(チェック名)"),
    "guide.col.exact": ("exact", "完全一致の問題数"),
    # story_deck.ipynb
    "deck.plan": ("The plan: {total} over {years:.0f} years for a domestic model of one trillion parameters",
                  "計画:{years:.0f}年間で{total}、1兆パラメーターの国産モデルをつくる"),
    "deck.budget": ("FY2026 budget: {budget}; financed with GX bonds ({gx} programme)",
                    "2026年度予算:{budget}。財源はGX経済移行債(発行枠{gx})"),
    "deck.softbank": ("SoftBank: {total} of data centres over {years:.0f} years "
                      "(Tomakomai up to {tomakomai:.0f} MW, Sakai {sakai:.0f} MW)",
                      "ソフトバンク:{years:.0f}年間で{total}のデータセンター投資"
                      "(苫小牧は最大{tomakomai:.0f} MW、堺は{sakai:.0f} MW)"),
    "deck.fig.total": ("total", "総パラメーター"),
    "deck.fig.active": ("active per token", "1トークンあたりの活性パラメーター"),
    "deck.fig.trillion": ("one trillion", "1兆"),
    "deck.fig.xlabel": ("parameters (trillions)", "パラメーター数(兆)"),
    "deck.kimi": ("Kimi K2: {total:,} total, {active:,} active per token ({share:.1%})",
                  "Kimi K2:総パラメーター {total:,}、1トークンあたりの活性パラメーター {active:,}({share:.1%})"),
    "deck.weights": ("Kimi K2 weights in {dtype:>5}: {size} = {n:.1f} H200s of {memory}",
                     "Kimi K2の重み({dtype}):{size} = {memory}のH200 {n:.1f}枚分"),
    "deck.control.weights": ("Weights", "重みの形式"),
    "deck.control.users": ("Users at once", "同時利用者数"),
    "deck.control.context": ("Context (k tokens)", "文脈長(千トークン)"),
    "deck.serve": ("<b>{n} H200</b>: weights {weights} + KV cache {kv} for {users} users × {context}k tokens",
                   "<b>H200 {n}枚</b>:重み {weights} + KVキャッシュ {kv}({users}人 × {context}kトークン)"),
    "deck.serve_64": ("At 128k tokens, 64 users, FP8: {n} H200s", "128kトークン・64人・FP8のとき:H200 {n}枚"),
    "deck.training_states": ("Megatron GPT 1T, training states: {size} = at least {n:,.0f} H200s",
                             "Megatron GPT 1Tの学習状態:{size} = H200 {n:,.0f}枚以上"),
    "deck.run.dense": ("dense 1T, {tokens} tokens", "密な1Tモデル・{tokens}トークン"),
    "deck.run.kimi": ("{model}, {tokens} tokens", "{model}・{tokens}トークン"),
    "deck.days": ("{label}: {flops:.1e} FLOPs = {days:,.0f} days on {n:,} {gpu} at {mfu:.0%} MFU",
                  "{label}:{flops:.1e} FLOP = {gpu} {n:,}枚・MFU {mfu:.0%}で{days:,.0f}日"),
    "deck.site": ("{mw:.0f} MW at PUE {pue:g} powers {n:,.0f} {gpu}", "{mw:.0f} MW(PUE {pue:g})で動かせる{gpu}:{n:,.0f}枚"),
    "deck.site_power": ("{n:>7,} {gpu}: {mw:,.1f} MW", "{gpu} {n:>7,}枚:{mw:,.1f} MW"),
    "deck.energy": ("Dense 1T on {gpu}: {gwh:,.0f} GWh = a year of electricity for {households:,.0f} households",
                    "密な1Tモデルを{gpu}で学習:{gwh:,.0f} GWh = {households:,.0f}世帯が1年間に使う電力"),
    "deck.interest": ("refinanced at {rate:.1f}%: interest to FY2050 {cost} (scenario revenues {levy} + {allowance} a year)",
                      "借換え利回り{rate:.1f}%:2050年度までの利払い {cost}(シナリオの償還財源は年{levy}+{allowance})"),
    "deck.control.utilisation": ("Utilisation (%)", "稼働率(%)"),
    "deck.npv": ("NPV at {rate:g}%: <b>{npv}</b>; payback {payback}",
                 "割引率{rate:g}%での正味現在価値(NPV):<b>{npv}</b>、投資回収 {payback}"),
    "deck.never": ("never within {years} years", "{years}年以内には回収できない"),
    "deck.years": ("{years:.1f} years", "{years:.1f}年"),
    "deck.base": ("Base scenario: NPV {npv}, payback {payback:.1f} years, break-even utilisation {breakeven:.1f}%",
                  "基本シナリオ:NPV {npv}、投資回収 {payback:.1f}年、損益分岐の稼働率 {breakeven:.1f}%"),
    # exercise sheets (notebooks/exercises/): the data they print and their worked solutions
    "sheets.ex1.kimi": ("Kimi K2: {layers} layers, d_model {d:,}, {experts} routed experts (top-{top_k}) "
                        "+ {shared} shared, expert width {width:,}",
                        "Kimi K2:{layers}層、d_model {d:,}、ルーティングされるエキスパート{experts}個(上位{top_k}個を使用)"
                        "+共有エキスパート{shared}個、エキスパートの幅 {width:,}"),
    "sheets.ex1.llama": ("Llama 3.1 405B: {layers} layers, d_model {d:,}, {heads} query heads, "
                         "{kv_heads} key/value heads of {head_dim}",
                         "Llama 3.1 405B:{layers}層、d_model {d:,}、クエリヘッド{heads}個、"
                         "キー・バリューのヘッド{kv_heads}個(幅{head_dim})"),
    "sheets.ex1.share": ("active/total = {share:.4f}; routed experts alone: {routed:.4f}",
                         "活性パラメーター/総パラメーター = {share:.4f}。ルーティングされるエキスパートだけなら {routed:.4f}"),
    "sheets.ex1.attention": ("{value:,.1f} M (by hand: {by_hand:,.1f} M)",
                             "{value:,.1f}百万(手計算:{by_hand:,.1f}百万)"),
    "sheets.ex1.design": ("d_model {d:,}, {heads} heads, d_ff {ffn:,}: {total}",
                          "d_model {d:,}、ヘッド{heads}個、d_ff {ffn:,}:{total}"),
    "sheets.ex1.top16": ("top-8: {top8:.1f} B, top-16: {top16:.1f} B (not twice)",
                         "上位8個:{top8:.1f}十億、上位16個:{top16:.1f}十億(2倍にはならない)"),
    "sheets.ex2.kimi": ("Kimi K2: {total} parameters, MLA cache of {latent} + {rope} values per layer and token, {layers} layers",
                        "Kimi K2:パラメーター{total}、MLAのキャッシュは1層・1トークンあたり {latent} + {rope} 個の値、{layers}層"),
    "sheets.ex2.h200": ("H200: {memory} of memory, {usable:.0%} usable", "H200:メモリ {memory}、使えるのは{usable:.0%}"),
    "sheets.ex2.kv": ("{value:.3f} GB (by hand: {by_hand:.3f} GB)", "{value:.3f} GB(手計算:{by_hand:.3f} GB)"),
    "sheets.ex2.gpus": ("{need:,.0f} GB / {per_gpu:.1f} GB = {ratio:.2f} -> {n} GPUs",
                        "{need:,.0f} GB ÷ {per_gpu:.1f} GB = {ratio:.2f} → GPU {n}枚"),
    "sheets.ex2.states": ("{per_param:g} bytes per parameter -> {tb:g} TB", "1パラメーターあたり{per_param:g}バイト → {tb:g} TB"),
    "sheets.ex3.tokens": ("Kimi K2 was trained on {tokens:.1f} T tokens (data/training_runs.csv)",
                          "Kimi K2の学習トークン数:{tokens:.1f}兆(data/training_runs.csv)"),
    "sheets.ex3.cluster": ("Reference cluster (data/scenarios.csv): {n:,} × {gpu} at {mfu:.0%} MFU, dense BF16 peak "
                           "{peak:,.1f} TFLOP/s per GPU; deadline {days:g} days",
                           "基準クラスター(data/scenarios.csv):{gpu} {n:,}枚、MFU {mfu:.0%}、1枚あたりのBF16ピーク性能(密)"
                           "{peak:,.1f} TFLOP/s。期限は{days:g}日"),
    "sheets.ex3.days": ("{days:.2f} days (by hand: {by_hand:.2f})", "{days:.2f}日(手計算:{by_hand:.2f})"),
    "sheets.ex3.gpus": ("{flops:.2e} FLOPs -> {n:,.0f} × {gpu}", "{flops:.2e} FLOP → {gpu} {n:,.0f}枚"),
    "sheets.ex4.pue": ("PUE in Japan: average {average}, hyperscale {low}-{high}",
                       "日本のデータセンター:平均PUE {average}、ハイパースケールは{low}〜{high}"),
    "sheets.ex4.server": ("{server}: {kw} kW for {gpus} GPUs", "{server}:GPU {gpus}枚で{kw} kW"),
    "sheets.ex4.scenario": ("Scenarios (data/scenarios.csv): servers draw {fraction:.0%} of their rating, PUE {pue:g}; "
                            "example site: {site:,} GPUs; training cluster: {gpu} at {mfu:.0%} MFU; electricity "
                            "¥{price:g}/kWh",
                            "シナリオ(data/scenarios.csv):サーバーは定格の{fraction:.0%}を使用、PUE {pue:g}。例のサイト:GPU "
                            "{site:,}枚。学習クラスター:{gpu}、MFU {mfu:.0%}。電気料金:1 kWhあたり{price:g}円"),
    "sheets.ex5.programme": ("GX programme: {total} over {years:.0f} years from FY{start:.0f}; issued FY2023-2025: {issued}",
                             "GX経済移行債:{start:.0f}年度から{years:.0f}年間で{total}。2023〜2025年度の発行額:{issued}"),
    "sheets.ex5.price": ("{price:.4f} (by hand: {by_hand:.4f})", "{price:.4f}(手計算:{by_hand:.4f})"),
    "sheets.ex5.flat": ("{total} / {years:.0f} years = {amount} a year", "{total} ÷ {years:.0f}年 = 年{amount}"),
    "sheets.ex5.gate": ("by hand: {amount}", "手計算:{amount}"),
    "sheets.ex5.scenario": ("Notebook 05's scenario (data/scenarios.csv): yield {yield_pct:g}% (high case {high:g}%), "
                            "levy {levy} and allowances {allowance} a year; each yearly review continues the AI programme "
                            "with probability p = {p:g}",
                            "ノートブック05のシナリオ(data/scenarios.csv):利回り{yield_pct:g}%(高いケースは{high:g}%)、"
                            "賦課金は年{levy}、排出枠は年{allowance}。毎年の見直しでAI計画を続ける確率 p = {p:g}"),
    "sheets.ex6.base": ("Base scenario: {capex} over {years} years, ¥{price:,.0f} per GPU-hour, "
                        "{utilisation:g}% utilisation, discount rate {rate:g}%",
                        "基本シナリオ:{years}年間で{capex}、GPU 1時間あたり{price:,.0f}円、稼働率{utilisation:g}%、割引率{rate:g}%"),
    "sheets.ex6.npv": ("{npv:.3f} (by hand: {by_hand:.3f})", "{npv:.3f}(手計算:{by_hand:.3f})"),
    "sheets.ex6.irr": ("NPV at the IRR: {npv:.2e}", "IRRでのNPV:{npv:.2e}"),
    "sheets.ex6.gpus": ("{n:,.0f} GPUs = {share:g}% × {capex} / {per_gpu}",
                        "GPU {n:,.0f}枚 = {capex} × {share:g}% ÷ {per_gpu}"),
    "sheets.ex6.base_npv": ("NPV {npv}; undiscounted sum {total}", "NPV {npv}、割り引かない合計 {total}"),
    "sheets.ex6.payback": ("utilisation {utilisation:.2f}% -> payback {years:.2f} years (base {base:g}%: {base_years:.1f} years)",
                           "稼働率{utilisation:.2f}% → 投資回収 {years:.2f}年(基本シナリオの{base:g}%では{base_years:.1f}年)"),
}
