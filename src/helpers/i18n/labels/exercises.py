"""Labels of the exercise checks (helpers.teach): messages, hints after a known mistake, advice.

Keys: ``ex.msg.<message>``, ``ex.hint.<question>.<n>`` (the n-th known mistake of the question's
record), ``ex.advice.<question>`` (after a wrong answer that matches no known mistake). A text names
a scenario value as a field (``{mfu:.0%}``), never as a number: the question's record fills it in;
``{asked}`` is the unit the question asks for in the current language ("¥ billions", "億円単位").
"""

LABELS = {
    "ex.hint.nb00_q1.0": "That is the six-year total against one year. Divide the investment by its years first.",
    "ex.hint.nb01_q3.0": "SwiGLU has three matrices (gate, up, down), not two.",
    "ex.msg.arity": "❓ {question} expects {n} answer(s): {names}.",
    "ex.msg.placeholder": "✏️ {question}: replace the ... with your answer, then run this cell again.",
    "ex.msg.box_empty": "✏️ {question}: type your answer in the box and press Check.",
    "ex.msg.not_a_number": "🔢 {question}: {answer} is not a number. Answer in {asked}: a number such as 0.25 or "
    '1.5e12, or a number with its unit as text, such as "8.7 bn" or "148 GWh"; not a list.',
    "ex.msg.comma": "🤔 {question}: did you mean {meant}? Write the decimal point as a dot ({meant}); a comma only "
    "separates thousands (1,030).",
    "ex.msg.unknown_unit": '📏 {question}: I cannot read the unit "{unit}". Answer in {asked}, as a plain number '
    "or with a unit such as bn, T, GB, GWh, MW, % or GPUs.",
    "ex.msg.other_unit": '📏 {question}: "{unit}" does not measure what the question asks. Answer in {asked}.',
    "ex.msg.read_as": '(I read "{typed}" as {amount}.)',
    "ex.msg.correct": "✅ {question}: correct.",
    "ex.msg.hint": "❌ {question}: not yet. {hint}",
    "ex.msg.wrong": "❌ {question}: not yet ({names}). {advice}",
    "ex.msg.wrong_one": "❌ {question}: not yet. {advice}",
    "ex.msg.advice": "Look up each row by its id and recompute.",
    "ex.msg.scale_named": "That looks like the answer in {used}; the question asks for {asked}.",
    "ex.msg.scale_times": "Your number is {times} times the answer: check its unit (the question asks for {asked}).",
    "ex.msg.scale_written": 'The digits look right, but "{unit}" makes your answer {times} times the right one: '
    "check the unit (the question asks for {asked}).",
    "ex.msg.whole": "The answer is a whole number of {unit}.",
    "ex.msg.whole_gpus": "The answer is a whole number of GPUs: part of a GPU is not enough, so round up.",
    "ex.msg.whole_year": "The answer is a fiscal year: a whole number, such as 2030.",
    "ex.hint.nb03_q1.0": "Training is a forward and a backward pass: 6 FLOPs per parameter and token, not 2.",
    "ex.hint.nb03_q2.0": "Divide by the MFU: the GPUs deliver only {mfu:.0%} of their peak.",
    "ex.hint.nb04_q1.0": "That is the IT power; the facility draws PUE times as much.",
    "ex.hint.nb04_q2.0": "The site does not run at full power all year: use the load factor {load_factor:g}.",
    "ex.hint.nb05_q2.0": "1.680% is MOF's compound auction yield; compute the simple (単利) yield from the price.",
    "ex.hint.nb05_q2.1": "Add the pull to par: (100 − price) / years, before dividing by the price.",
    "ex.hint.nb06_q1.0": "Multiply by the rate (yen per dollar), do not divide.",
    "ex.hint.nb06_q2.0": "The money comes back during the third year: interpolate within it.",
    "ex.hint.nb02_q1.0": "Four bits are half a byte, but every 16 values also share one 8-bit (FP8) scale.",
    "ex.hint.nb02_q2.0": "MLA caches one latent per layer, not separate K and V: no factor 2.",
    "ex.hint.nb02_q2.1": "Each cached value is bf16: 2 bytes.",
    "ex.hint.nb02_q3.0": "A fraction of a GPU is not enough: round up.",
    "ex.hint.nb02_q3.1": "FP8 is one byte per parameter, not two.",
    "ex.msg.shape_type": "🧩 {question}: give a ModelConfig(...) or a dict with the keys {fields}; got {answer}.",
    "ex.msg.shape_invalid": "🧩 {question}: that is not a valid model: {error}",
    "ex.msg.shape_layers": "❌ {question}: not yet. The question fixes n_layers = {wanted}; yours has {got}.",
    "ex.msg.shape_style": "❌ {question}: not yet. The question asks for a Llama-style block, ffn_type='swiglu' and "
    "n_kv_heads=8; yours has ffn_type={ffn!r} and n_kv_heads={kv}.",
    "ex.msg.shape_moe": "❌ {question}: not yet. A dense model has no experts: set n_experts = 0, so every parameter "
    "works for every token.",
    "ex.msg.shape_size": "❌ {question}: not yet. Your model has {count:,} parameters, {off:+.1%} from one trillion "
    "(allowed: ±{tol:.0%}). Parameters grow with d_model²: try d_model × {factor:.3f} (keep "
    "128-wide heads and n_heads a multiple of 8).",
    "ex.msg.shape_correct": "✅ {question}: correct. {count:,} parameters in {layers} layers.",
    "ex.msg.shape_names": "a ModelConfig or a dict",
    "ex.msg.shape_missing": "🧩 {question}: your dict has no {missing}. Give {named}; every other field comes from "
    "Llama 3.1 405B, the shape the tip starts from.",
    "ex.msg.shape_unknown": "🧩 {question}: a ModelConfig has no field {unknown}. The question names {named} (other "
    "fields you may change: n_kv_heads, head_dim, ffn_type, vocab_size).",
    "ex.hint.ex1_q1.0": "That is the active count (what one token uses); the question asks for every parameter.",
    "ex.hint.ex1_q2.0": "That is the total; a token only passes through the active parameters.",
    "ex.hint.ex1_q3.0": "{top_k} of {experts} is only the routed experts' share. Attention, the shared expert, the "
    "dense first layer and the embeddings work for every token too: divide the two counts.",
    "ex.hint.ex1_q4.0": "That is multi-head attention with 128 key/value heads. Llama 3.1 405B shares 8 key/value "
    "heads among its 128 query heads (GQA), so K and V are 16 times smaller.",
    "ex.hint.ex1_q4.1": "That is all the layers; the question asks for one.",
    "ex.hint.ex1_q6.0": "Only the routed experts' part doubles. Attention, the shared expert and the embeddings stay "
    "as they are: count the new model.",
    "ex.advice.ex1_q1": "Use params.count_params(catalog.model('Kimi K2')).",
    "ex.advice.ex1_q2": "Use params.count_params(catalog.model('Kimi K2')).active.",
    "ex.advice.ex1_q3": "Divide the active count by the total count.",
    "ex.advice.ex1_q4": "Use params.gqa_attention_params(d_model, n_heads, n_kv_heads, head_dim) with the model's fields.",
    "ex.advice.ex1_q6": "Count kimi.replace(top_k=16) with params.count_params and take .active.",
    "ex.hint.ex2_q1.0": "FP4 values are half a byte, but every 32 values also share one 8-bit scale: 4 + 8/32 bits per value.",
    "ex.hint.ex2_q2.0": "That is BF16 (2 bytes); FP8 is one byte per parameter.",
    "ex.hint.ex2_q2.1": "Every expert must be in memory, not only the active ones: use the total.",
    "ex.hint.ex2_q3.0": "That is the cache of full K and V for 64 heads. Kimi K2 uses MLA: per layer it caches one "
    "compressed latent (512) and one shared rotary key (64), about 40 times less.",
    "ex.hint.ex2_q3.1": "That is a BF16 cache; the question stores it in FP8 (one byte).",
    "ex.hint.ex2_q4.0": "That holds the weights only. {users} users at {context:,} tokens each add their KV cache.",
    "ex.hint.ex2_q4.1": "Only {usable:.0%} of each GPU's memory is usable (the rest: CUDA context, allocator, buffers).",
    "ex.hint.ex2_q4.2": "GPUs come whole: round up.",
    "ex.hint.ex2_q4.3": "GPUs come whole: round up, and use {usable:.0%} of each.",
    "ex.hint.ex2_q5.0": "That is the BF16 weights alone. Training also keeps gradients, an FP32 master copy and two Adam moments.",
    "ex.hint.ex2_q5.1": "K = 12 covers the FP32 master copy and the two Adam moments; add the BF16 weights (2) and gradients (2).",
    "ex.hint.ex2_q5.2": "Add the gradients: 2 bytes per parameter.",
    "ex.hint.ex2_q6.0": "Only {usable:.0%} of each GPU's memory is usable.",
    "ex.hint.ex2_q6.1": "A fraction of a GPU is not enough: round up.",
    "ex.hint.ex2_q6.2": "GPUs come whole: round up.",
    "ex.advice.ex2_q1": "Use memory.bytes_per_element('mxfp4').",
    "ex.advice.ex2_q2": "Use memory.weights_bytes(kimi, 'fp8') and divide by 10⁹.",
    "ex.advice.ex2_q3": "Use memory.kv_cache_bytes(kimi, batch, seq, 'fp8') with batch 1 and seq {context:,}.",
    "ex.advice.ex2_q4": "Weights + KV cache of {users} sequences, divided by {usable:.0%} of {memory_gb:.0f} GB, "
    "rounded up (memory.gpus_needed).",
    "ex.advice.ex2_q5": "Multiply bytes per parameter (memory.state_bytes_per_param('zero_mixed')) by 10¹²; 1 TB = 10¹² bytes.",
    "ex.advice.ex2_q6": "Divide the states by {usable:.0%} of one H200 ({memory_gb:.0f} GB) and round up.",
    "ex.hint.ex3_q1.0": "2 is the forward pass alone (inference). Training adds the backward pass, about twice the forward.",
    "ex.hint.ex3_q1.1": "Add the forward pass (2) to the backward pass (4).",
    "ex.hint.ex3_q2.0": "Chinchilla's rule is about 20 tokens per parameter, not one.",
    "ex.hint.ex3_q3.0": "A token passes only through the active parameters: use .active, not .total.",
    "ex.hint.ex3_q3.1": "Training costs 6 FLOPs per parameter and token, not 2.",
    "ex.hint.ex3_q4.0": "Divide by the MFU: the GPUs deliver only {mfu:.0%} of their peak.",
    "ex.hint.ex3_q4.1": "That uses the FP8 peak; the question trains in BF16.",
    "ex.hint.ex3_q5.0": "Divide by the MFU: each GPU delivers only {mfu:.0%} of its peak.",
    "ex.hint.ex3_q5.1": "Days have 24 hours: convert the deadline to seconds or hours.",
    "ex.hint.ex3_q5.2": "That is 6·N·D on 20 tokens per parameter, the textbook shortcut. The story's dense run "
    "(notebook 03) counts attention too and Chinchilla's Table 3 tokens: use its FLOPs (dense_flops above).",
    "ex.also.ex3_q2": "Chinchilla's Table 3, which notebook 03 prints, gives this for one trillion parameters; the "
    "rule of thumb (20 per parameter) gives 20 trillion. Both answer the question.",
    "ex.advice.ex3_q1": "Count the forward pass (2 per parameter and token) and the backward pass.",
    "ex.advice.ex3_q2": "Use compute.chinchilla_tokens(1e12) and divide by 10¹².",
    "ex.advice.ex3_q3": "6 × active parameters × tokens, divided by 10²³ (compute.six_nd).",
    "ex.advice.ex3_q4": "Use compute.training_days(flops, c.n_gpus, gpu=c.gpu, mfu=c.mfu) with c = "
    "scenarios.cluster() ({n_gpus:,} {gpu} at {mfu:.0%} MFU).",
    "ex.advice.ex3_q5": "Use compute.gpus_for_days(dense_flops, c.deadline_days, gpu=c.gpu, mfu=c.mfu) with c = "
    "scenarios.cluster() and the story's dense run (dense_flops above).",
    "ex.hint.ex4_q1.0": "That is today's average in Japan; the FY2030 benchmark is lower.",
    "ex.hint.ex4_q2.0": "That is the GPU board alone. The server's CPUs, memory, network and fans add their share: a "
    "DGX H200 is rated at 10.2 kW for 8 GPUs.",
    "ex.hint.ex4_q2.1": "Under load the server draws {power_fraction:.0%} of its rating, not all of it.",
    "ex.hint.ex4_q3.0": "That is the IT power; the facility draws PUE times as much.",
    "ex.hint.ex4_q3.1": "Count the whole server per GPU (10.2 kW / 8), not the GPU board alone.",
    "ex.hint.ex4_q4.0": "Cooling and losses take their share: divide by the PUE too.",
    "ex.hint.ex4_q5.0": "That is the IT energy; multiply by the PUE for the facility.",
    "ex.hint.ex4_q5.1": "Divide by the MFU: at {mfu:.0%} the run takes {slowdown:.1f} times longer than at peak, and "
    "the GPUs draw power all that time.",
    "ex.hint.ex4_q5.2": "That is the energy of the 6·N·D shortcut (20 tokens per parameter, no attention). The "
    "story's dense run (notebooks 03 and 04) counts attention and Chinchilla's Table 3 tokens: use dense_flops above.",
    "ex.hint.ex4_q6.0": "1 MWh is 1,000 kWh: multiply MWh by 1,000 before the price per kWh.",
    "ex.hint.ex4_q6.1": "That is the bill of the 6·N·D shortcut (20 tokens per parameter, no attention); the story's "
    "dense run of notebooks 03 and 04 needs more FLOPs: use its energy from question 5.",
    "ex.advice.ex4_q1": "Look up pue_japan_target_fy2030 in power.energy_facts().",
    "ex.advice.ex4_q2": "Use power.it_power_per_gpu_w('H200', c.power_fraction) with c = scenarios.cluster().",
    "ex.advice.ex4_q3": "Use power.facility_power_mw(n, 'H200', c.power_fraction, c.pue) with "
    "n = scenarios.value('example_gpus') and c = scenarios.cluster().",
    "ex.advice.ex4_q4": "Use power.gpus_for_power(mw, 'H200', c.power_fraction, c.pue) with the planned "
    "{site_mw:.0f} MW and c = scenarios.cluster().",
    "ex.advice.ex4_q5": "Use power.training_energy_mwh(dense_flops, c.gpu, c.mfu, c.power_fraction, c.pue) / 1,000 "
    "with c = scenarios.cluster() and the story's dense run (dense_flops above).",
    "ex.advice.ex4_q6": "Energy in kWh times ¥{price:g} per kWh (power.cost_jpy(mwh, c.electricity_jpy_per_kwh)), "
    "given in {asked}.",
    "ex.hint.ex5_q1.0": "That is when the fossil-fuel levy starts to repay.",
    "ex.hint.ex5_q1.1": "That is when the allowance auctions start.",
    "ex.hint.ex5_q1.2": "That is the last year of issuance.",
    "ex.hint.ex5_q2.0": "The price is 100 only when the yield equals the coupon; here the yield is higher.",
    "ex.hint.ex5_q2.1": "JGBs pay the coupon twice a year: discount half-years at y/2 (freq=2).",
    "ex.hint.ex5_q2.2": "That is the simple-yield (単利) price; the question gives a compound yield.",
    "ex.hint.ex5_q3.0": "A price does not move one for one with the yield: a 10-year bond's price moves about as "
    "many points as its duration in years. Price it at both yields.",
    "ex.hint.ex5_q3.1": "That prices the bond over 10 years. This bond runs {term:.3f} years from its issue date to its "
    "maturity (finance.years_between): price it over that term.",
    "ex.hint.ex5_q4.0": "That is the interest at {yield_pct:g}%, notebook 05's base; the question refinances at {high_yield_pct:g}%.",
    "ex.hint.ex5_q5.0": "Repayment starts in FY{levy_start:.0f} with the fossil-fuel levy, not when issuance starts.",
    "ex.hint.ex5_q5.1": "FY{levy_start:.0f} to FY{end:.0f} counts both ends: {years:.0f} years.",
    "ex.hint.ex5_q6.0": "The probabilities compound: year k is funded only if all k reviews before it said yes, with "
    "probability {p:g}ᵏ.",
    "ex.hint.ex5_q6.1": "That is the headline; each review may stop it.",
    "ex.hint.ex5_q6.2": "FY2026 is year k = 0: its budget is voted and always spent. The first review comes before "
    "FY2027 (k = 1), so FY2026 counts with probability 1, FY2027 with {p:g}, FY2028 with {p:g}², ...",
    "ex.advice.ex5_q1": "Look up redemption_end_fy in data.load('gx_redemption').",
    "ex.advice.ex5_q2": "Use finance.bond_price(1.6, 2.0, 10).",
    "ex.advice.ex5_q3": "Price the auction's bond over its term ({term:.3f} years) at its yield and at one point more "
    "(finance.bond_price) and subtract.",
    "ex.advice.ex5_q4": "Set the yield of scenarios.gx() to {high_yield_pct:g} (dataclasses.replace) and call "
    "finance.gx_path(scenarios.issuance_path(), *scenarios.gx_path_args(scenario)).",
    "ex.advice.ex5_q5": "Use finance.flat_revenue_needed(programme): equal yearly repayments FY{levy_start:.0f}-FY{end:.0f}.",
    "ex.advice.ex5_q6": "Use finance.stage_gate(scenarios.ai_budget_by_year(), gx.p_continue, gx.yield_pct, "
    "{holding_years:g}).expected_total_jpy with gx = scenarios.gx().",
    "ex.hint.ex6_q1.0": "That is the undiscounted sum; divide each year's flow by 1.08ᵗ.",
    "ex.hint.ex6_q1.1": "The investment is paid today (t = 0) and is not discounted; the first 30 comes at t = 1.",
    "ex.hint.ex6_q2.0": "That is the average profit a year (the 50 earned over 5 years, per 100 invested). The IRR "
    "is the discount rate at which the NPV is zero: money that comes later counts less.",
    "ex.hint.ex6_q3.0": "Only {gpu_share:g}% of the capex buys GPU servers; the rest pays for buildings, power and cooling.",
    "ex.hint.ex6_q3.1": "That is one year's GPUs; count the full build-out.",
    "ex.hint.ex6_q4.0": "That is the undiscounted sum of the cash flows; discount at {discount_pct:g}%.",
    "ex.hint.ex6_q5.0": "That is the break-even at the base price of ¥{price:,.0f}; set price_jpy_per_gpu_hour={lower_price:.0f}.",
    "ex.hint.ex6_q6.0": "That utilisation makes the NPV zero over {horizon} years; paying back within {payback:g} years needs more.",
    "ex.hint.ex6_q6.1": "At the base {utilisation:g}% the payback is about {base_years:.0f} years.",
    "ex.advice.ex6_q1": "Use finance.npv(0.08, [-100, 30, 30, 30, 30, 30]).",
    "ex.advice.ex6_q2": "Use finance.irr(flows) and multiply by 100.",
    "ex.advice.ex6_q3": "Take the largest value of finance.datacenter_cashflows(scenarios.datacentre()).gpus_online.",
    "ex.advice.ex6_q4": "Use finance.datacenter_cashflows(scenarios.datacentre()).npv_jpy (in yen), given in {asked}.",
    "ex.advice.ex6_q5": "Use finance.breakeven_utilisation(scenarios.datacentre(), price_jpy_per_gpu_hour={lower_price:.0f}).",
    "ex.advice.ex6_q6": "Try utilisations with finance.payback_years(...cashflow_jpy) and narrow down to payback = {payback:g} years.",
    "ex.msg.exact": "exact (a whole number)",
    "ex.msg.within": "within {pct:g}%",
    "ex.msg.box_placeholder": "your answer in {asked} (a unit may follow the number)",
    "ex.msg.box_button": "Check",
    "ex.msg.box_custom": "{question} takes a model, not a number: answer it in a code cell.",
    "ex.hint.ex7_q1.0": "The question spends all of FY2026's line on GPU-hours, not only the compute share "
    "({share:.0%}).",
    "ex.hint.ex7_q2.0": "Divide by the MFU: the GPUs deliver only {mfu:.0%} of their peak.",
    "ex.hint.ex7_q3.0": "All training compute is {multiple:g}× the final run: divide the compute share by it.",
    "ex.hint.ex7_q3.1": "Only {share:.0%} of the budget goes to compute.",
    "ex.hint.ex7_q4.0": "Count every GPU-hour the campuses can deliver, not only those sold at {utilisation:g}% "
    "utilisation.",
    "ex.hint.ex7_q5.0": "The campus does not run at full power all year: use the load factor {load_factor:g}.",
    "ex.hint.ex7_q6.0": "FP8 stores one byte per parameter; that count is for two bytes (BF16).",
    "ex.advice.ex7_q1": 'Use budget.gpu_hours_bought(facts["fy2026_ai_budget_jpy"], PRICE) / 1e6.',
    "ex.advice.ex7_q2": 'Use budget.run_cost_jpy(RUNS["moe"].flops, CLUSTER.gpu, CLUSTER.mfu, PRICE) / 1e9.',
    "ex.advice.ex7_q3": "Divide the budget × budget.final_run_share(SHARE, MULTIPLE) by the cost of one dense run.",
    "ex.advice.ex7_q4": "Sum gpus_online over FY2026-FY2030, × 8,760 hours; divide the state's GPU-hours by it.",
    "ex.advice.ex7_q5": "Use power.yearly_energy_mwh(the 300 MW site, the load factor) / 1e6 and divide by the demand "
    "in TWh.",
    "ex.advice.ex7_q6": "Use math.ceil(weights / 128e9).",
}
