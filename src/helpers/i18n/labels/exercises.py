"""Labels of the exercise checks (helpers.teach): messages, hints after a known mistake, advice.

Keys: ``ex.msg.<message>``, ``ex.hint.<question>.<n>`` (the n-th known mistake of the question's
record), ``ex.advice.<question>`` (after a wrong answer that matches no known mistake). A text names
a scenario value as a field (``{mfu:.0%}``), never as a number: the question's record fills it in.
"""

LABELS = {
    "ex.hint.nb00_q1.0": (
        "That is the six-year total against one year. Divide the investment by its years first.",
        "それは6年分の合計を1年分と比べています。まず投資額を年数で割ってください。",
    ),
    "ex.hint.nb00_q1.1": (
        "Give a fraction, not a percentage (0.1 rather than 10).",
        "百分率ではなく割合で答えてください(10 ではなく 0.1)。",
    ),
    "ex.hint.nb01_q1.0": (
        "Give the answer in billions (divide by 10⁹).",
        "10億(10⁹)単位で答えてください(10⁹で割ります)。",
    ),
    "ex.hint.nb01_q2.0": ("Give a fraction, not a percentage.", "百分率ではなく割合で答えてください。"),
    "ex.hint.nb01_q3.0": (
        "SwiGLU has three matrices (gate, up, down), not two.",
        "SwiGLUの行列は2つではなく3つ(gate、up、down)です。",
    ),
    "ex.msg.arity": (
        "❓ {question} expects {n} answer(s): {names}.",
        "❓ {question} には {n} 個の答えが必要です: {names}。",
    ),
    "ex.msg.placeholder": (
        "✏️ {question}: replace the ... with your answer, then run this cell again.",
        "✏️ {question}: ... をあなたの答えに書き換えて、このセルをもう一度実行してください。",
    ),
    "ex.msg.not_a_number": (
        "🔢 {question}: {answer} is not a number. Write a plain number such as 0.25 or 1.5e12: no "
        "quotes, units, commas or lists.",
        "🔢 {question}: {answer} は数値ではありません。0.25 や 1.5e12 "
        "のような数値だけを書いてください(引用符、単位、桁区切りのカンマ、リストは不要です)。",
    ),
    "ex.msg.correct": ("✅ {question}: correct.", "✅ {question}: 正解です。"),
    "ex.msg.hint": ("❌ {question}: not yet. {hint}", "❌ {question}: まだ違います。{hint}"),
    "ex.msg.wrong": ("❌ {question}: not yet ({names}). {advice}", "❌ {question}: まだ違います({names})。{advice}"),
    "ex.msg.advice": (
        "Look up each row by its id and recompute.",
        "使う行をidで一つずつ確かめて、計算し直してください。",
    ),
    "ex.msg.whole": (
        "The answer is a whole number (GPUs come whole: round up).",
        "答えは整数です(GPUは1枚単位なので切り上げます)。",
    ),
    "ex.hint.nb03_q1.0": (
        "Training is a forward and a backward pass: 6 FLOPs per parameter and token, not 2.",
        "学習は順伝播と逆伝播です。パラメーター1つ・トークン1つあたり2ではなく6 FLOPです。",
    ),
    "ex.hint.nb03_q1.1": ("Give the answer in units of 10²³ FLOPs.", "10²³ FLOP を単位にして答えてください。"),
    "ex.hint.nb03_q2.0": ("That is hours; divide by 24 for days.", "それは時間です。24で割って日数にしてください。"),
    "ex.hint.nb03_q2.1": (
        "Divide by the MFU: the GPUs deliver only {mfu:.0%} of their peak.",
        "MFUで割ってください。GPUはピーク性能の{mfu:.0%}しか出せません。",
    ),
    "ex.hint.nb04_q1.0": (
        "That is the IT power; the facility draws PUE times as much.",
        "それはIT機器の電力です。施設全体ではそのPUE倍を使います。",
    ),
    "ex.hint.nb04_q1.1": ("Give megawatts, not kilowatts.", "キロワットではなくメガワットで答えてください。"),
    "ex.hint.nb04_q2.0": (
        "The site does not run at full power all year: use the load factor {load_factor:g}.",
        "施設は1年中フル稼働するわけではありません。負荷率{load_factor:g}を使ってください。",
    ),
    "ex.hint.nb05_q1.0": ("Give a fraction, not a percentage.", "百分率ではなく割合で答えてください。"),
    "ex.hint.nb05_q2.0": (
        "1.680% is MOF's compound auction yield; compute the simple (単利) yield from the price.",
        "1.680%は財務省が公表する入札の複利利回りです。価格から単利利回りを計算してください。",
    ),
    "ex.hint.nb05_q2.1": (
        "Add the pull to par: (100 − price) / years, before dividing by the price.",
        "償還差損益 (100 − 価格) / 残存年数 を加えてから、価格で割ってください。",
    ),
    "ex.hint.nb06_q1.0": ("Give yen trillions (divide by 10¹²).", "兆円単位で答えてください(10¹²で割ります)。"),
    "ex.hint.nb06_q1.1": (
        "Multiply by the rate (yen per dollar), do not divide.",
        "為替レート(1ドルあたりの円)は割るのではなく掛けます。",
    ),
    "ex.hint.nb06_q2.0": (
        "The money comes back during the third year: interpolate within it.",
        "資金が戻るのは3年目の途中です。その年の中で按分してください。",
    ),
    "ex.hint.nb02_q1.0": (
        "Four bits are half a byte, but every 16 values also share one 8-bit (FP8) scale.",
        "4ビットは半バイトですが、16個の値ごとに8ビット(FP8)のスケールを1つ共有します。",
    ),
    "ex.hint.nb02_q1.1": (
        "That is bits; divide by 8 for bytes.",
        "それはビット数です。8で割ってバイトにしてください。",
    ),
    "ex.hint.nb02_q2.0": (
        "MLA caches one latent per layer, not separate K and V: no factor 2.",
        "MLAは層ごとに潜在ベクトルを1つだけキャッシュします。KとVを別々に持たないので、2倍はしません。",
    ),
    "ex.hint.nb02_q2.1": ("Each cached value is bf16: 2 bytes.", "キャッシュする値はそれぞれbf16、つまり2バイトです。"),
    "ex.hint.nb02_q3.0": (
        "A fraction of a GPU is not enough: round up.",
        "GPUを1枚未満にはできません。切り上げてください。",
    ),
    "ex.hint.nb02_q3.1": (
        "FP8 is one byte per parameter, not two.",
        "FP8はパラメーター1つあたり2バイトではなく1バイトです。",
    ),
    "ex.msg.shape_type": (
        "🧩 {question}: give a ModelConfig(...) or a dict with the keys {fields}; got {answer}.",
        "🧩 {question}: ModelConfig(...) か、キー {fields} を持つ辞書で答えてください。受け取ったのは {answer} です。",
    ),
    "ex.msg.shape_invalid": (
        "🧩 {question}: that is not a valid model: {error}",
        "🧩 {question}: 有効なモデルになっていません: {error}",
    ),
    "ex.msg.shape_layers": (
        "❌ {question}: not yet. The question fixes n_layers = {wanted}; yours has {got}.",
        "❌ {question}: まだ違います。問題では n_layers = {wanted} と決まっていますが、あなたのモデルは {got} です。",
    ),
    "ex.msg.shape_style": (
        "❌ {question}: not yet. The question asks for a Llama-style block, ffn_type='swiglu' and "
        "n_kv_heads=8; yours has ffn_type={ffn!r} and n_kv_heads={kv}.",
        "❌ {question}: まだ違います。問題はLlama型のブロック(ffn_type='swiglu'、n_kv_heads=8)を求めていますが、あなたのモデルは "
        "ffn_type={ffn!r}、n_kv_heads={kv} です。",
    ),
    "ex.msg.shape_moe": (
        "❌ {question}: not yet. A dense model has no experts: set n_experts = 0, so every parameter "
        "works for every token.",
        "❌ {question}: まだ違います。密なモデルにはエキスパートがありません。n_experts = 0 にして、すべてのパラメーターがすべてのトークンで働くようにしてください。",
    ),
    "ex.msg.shape_size": (
        "❌ {question}: not yet. Your model has {count:,} parameters, {off:+.1%} from one trillion "
        "(allowed: ±{tol:.0%}). Parameters grow with d_model²: try d_model × {factor:.3f} (keep "
        "128-wide heads and n_heads a multiple of 8).",
        "❌ {question}: まだ違います。あなたのモデルのパラメーター数は {count:,} で、1兆から {off:+.1%} ずれています(許容範囲: "
        "±{tol:.0%})。パラメーター数は d_model の2乗に比例して増えます。d_model × {factor:.3f} "
        "を試してください(ヘッド幅は128のまま、n_heads は8の倍数に)。",
    ),
    "ex.msg.shape_correct": (
        "✅ {question}: correct. {count:,} parameters in {layers} layers.",
        "✅ {question}: 正解です。{layers} 層で {count:,} パラメーターです。",
    ),
    "ex.msg.shape_names": ("a ModelConfig or a dict", "ModelConfig または辞書"),
    "ex.hint.ex1_q1.0": (
        "That is the active count (what one token uses); the question asks for every parameter.",
        "それは1トークンが使う活性パラメーター数です。問題はすべてのパラメーターを聞いています。",
    ),
    "ex.hint.ex1_q1.1": ("Give trillions (divide by 10¹²).", "兆単位で答えてください(10¹²で割ります)。"),
    "ex.hint.ex1_q2.0": (
        "That is the total; a token only passes through the active parameters.",
        "それは総数です。1トークンが通るのは活性パラメーターだけです。",
    ),
    "ex.hint.ex1_q2.1": ("Give billions (divide by 10⁹).", "10億(10⁹)単位で答えてください(10⁹で割ります)。"),
    "ex.hint.ex1_q3.0": (
        "{top_k} of {experts} is only the routed experts' share. Attention, the shared expert, the "
        "dense first layer and the embeddings work for every token too: divide the two counts.",
        "{experts}個中{top_k}個というのはルーティングされるエキスパートの割合にすぎません。アテンション、共有エキスパート、最初の密な層、埋め込みもすべてのトークンで働きます"
        "。2つのパラメーター数を割り算してください。",
    ),
    "ex.hint.ex1_q3.1": ("Give a fraction, not a percentage.", "百分率ではなく割合で答えてください。"),
    "ex.hint.ex1_q4.0": (
        "That is multi-head attention with 128 key/value heads. Llama 3.1 405B shares 8 key/value "
        "heads among its 128 query heads (GQA), so K and V are 16 times smaller.",
        "それはKVヘッドが128個のマルチヘッドアテンションです。Llama 3.1 405Bは128個のクエリヘッドで8個のKVヘッドを共有する(GQA)ので、KとVは16分の1になります。",
    ),
    "ex.hint.ex1_q4.1": (
        "That is all the layers; the question asks for one.",
        "それは全層の合計です。問題は1層分を聞いています。",
    ),
    "ex.hint.ex1_q4.2": ("Give millions (divide by 10⁶).", "百万単位で答えてください(10⁶で割ります)。"),
    "ex.hint.ex1_q6.0": (
        "Only the routed experts' part doubles. Attention, the shared expert and the embeddings stay "
        "as they are: count the new model.",
        "2倍になるのはルーティングされるエキスパートの部分だけです。アテンション、共有エキスパート、埋め込みはそのままなので、新しいモデルを数え直してください。",
    ),
    "ex.hint.ex1_q6.1": ("Give billions (divide by 10⁹).", "10億(10⁹)単位で答えてください(10⁹で割ります)。"),
    "ex.advice.ex1_q1": (
        "Use params.count_params(catalog.model('Kimi K2')).",
        "params.count_params(catalog.model('Kimi K2')) を使ってください。",
    ),
    "ex.advice.ex1_q2": (
        "Use params.count_params(catalog.model('Kimi K2')).active.",
        "params.count_params(catalog.model('Kimi K2')).active を使ってください。",
    ),
    "ex.advice.ex1_q3": (
        "Divide the active count by the total count.",
        "活性パラメーター数を総パラメーター数で割ってください。",
    ),
    "ex.advice.ex1_q4": (
        "Use params.gqa_attention_params(d_model, n_heads, n_kv_heads, head_dim) with the model's fields.",
        "モデルの値を入れて params.gqa_attention_params(d_model, n_heads, n_kv_heads, head_dim) を使ってください。",
    ),
    "ex.advice.ex1_q6": (
        "Count kimi.replace(top_k=16) with params.count_params and take .active.",
        "kimi.replace(top_k=16) を params.count_params で数え、.active を取ってください。",
    ),
    "ex.hint.ex2_q1.0": (
        "FP4 values are half a byte, but every 32 values also share one 8-bit scale: 4 + 8/32 bits per value.",
        "FP4の値は半バイトですが、32個の値ごとに8ビットのスケールを1つ共有します。値1つあたり 4 + 8/32 ビットです。",
    ),
    "ex.hint.ex2_q1.1": ("That is bits; divide by 8 for bytes.", "それはビット数です。8で割ってバイトにしてください。"),
    "ex.hint.ex2_q2.0": (
        "That is GiB (2³⁰ bytes); the question asks for GB (10⁹).",
        "それはGiB(2³⁰バイト)です。問題はGB(10⁹バイト)で聞いています。",
    ),
    "ex.hint.ex2_q2.1": (
        "That is BF16 (2 bytes); FP8 is one byte per parameter.",
        "それはBF16(2バイト)の場合です。FP8はパラメーター1つあたり1バイトです。",
    ),
    "ex.hint.ex2_q2.2": (
        "Every expert must be in memory, not only the active ones: use the total.",
        "1トークンが使うものだけでなく、すべてのエキスパートをメモリに置く必要があります。総パラメーター数を使ってください。",
    ),
    "ex.hint.ex2_q3.0": (
        "That is the cache of full K and V for 64 heads. Kimi K2 uses MLA: per layer it caches one "
        "compressed latent (512) and one shared rotary key (64), about 40 times less.",
        "それは64ヘッド分のKとVをそのまま持つキャッシュです。Kimi "
        "K2はMLAを使い、層ごとに圧縮した潜在ベクトル(512)と共有の回転位置キー(64)を1つずつだけ持つので、約40分の1で済みます。",
    ),
    "ex.hint.ex2_q3.1": (
        "That is a BF16 cache; the question stores it in FP8 (one byte).",
        "それはBF16のキャッシュです。問題ではFP8(1バイト)で保存します。",
    ),
    "ex.hint.ex2_q3.2": ("That is GiB; give GB (10⁹ bytes).", "それはGiBです。GB(10⁹バイト)で答えてください。"),
    "ex.hint.ex2_q4.0": (
        "That holds the weights only. {users} users at {context:,} tokens each add their KV cache.",
        "それは重みだけを載せる枚数です。{context:,}トークンの利用者{users}人分のKVキャッシュが加わります。",
    ),
    "ex.hint.ex2_q4.1": (
        "Only {usable:.0%} of each GPU's memory is usable (the rest: CUDA context, allocator, buffers).",
        "各GPUのメモリで使えるのは{usable:.0%}だけです(残りはCUDAコンテキスト、アロケータ、バッファ)。",
    ),
    "ex.hint.ex2_q4.2": ("GPUs come whole: round up.", "GPUは1枚単位です。切り上げてください。"),
    "ex.hint.ex2_q4.3": (
        "GPUs come whole: round up, and use {usable:.0%} of each.",
        "GPUは1枚単位です。各GPUの{usable:.0%}を使う前提で、切り上げてください。",
    ),
    "ex.hint.ex2_q5.0": (
        "That is the BF16 weights alone. Training also keeps gradients, an FP32 master copy and two Adam moments.",
        "それはBF16の重みだけです。学習では勾配、FP32のマスターコピー、Adamの2つのモーメントも持ちます。",
    ),
    "ex.hint.ex2_q5.1": (
        "K = 12 covers the FP32 master copy and the two Adam moments; add the BF16 weights (2) and gradients (2).",
        "K = 12 はFP32のマスターコピーとAdamの2つのモーメントの分です。BF16の重み(2)と勾配(2)を足してください。",
    ),
    "ex.hint.ex2_q5.2": (
        "Add the gradients: 2 bytes per parameter.",
        "勾配の分(パラメーター1つあたり2バイト)を足してください。",
    ),
    "ex.hint.ex2_q6.0": (
        "Only {usable:.0%} of each GPU's memory is usable.",
        "各GPUのメモリで使えるのは{usable:.0%}だけです。",
    ),
    "ex.hint.ex2_q6.1": (
        "A fraction of a GPU is not enough: round up.",
        "GPUを1枚未満にはできません。切り上げてください。",
    ),
    "ex.hint.ex2_q6.2": ("GPUs come whole: round up.", "GPUは1枚単位です。切り上げてください。"),
    "ex.advice.ex2_q1": (
        "Use memory.bytes_per_element('mxfp4').",
        "memory.bytes_per_element('mxfp4') を使ってください。",
    ),
    "ex.advice.ex2_q2": (
        "Use memory.weights_bytes(kimi, 'fp8') and divide by 10⁹.",
        "memory.weights_bytes(kimi, 'fp8') を使い、10⁹で割ってください。",
    ),
    "ex.advice.ex2_q3": (
        "Use memory.kv_cache_bytes(kimi, batch, seq, 'fp8') with batch 1 and seq {context:,}.",
        "memory.kv_cache_bytes(kimi, batch, seq, 'fp8') を batch 1、seq {context:,} で使ってください。",
    ),
    "ex.advice.ex2_q4": (
        "Weights + KV cache of {users} sequences, divided by {usable:.0%} of {memory_gb:.0f} GB, "
        "rounded up (memory.gpus_needed).",
        "重みと{users}系列分のKVキャッシュの合計を、{memory_gb:.0f} GBの{usable:.0%}で割って切り上げます(memory.gpus_needed)。",
    ),
    "ex.advice.ex2_q5": (
        "Multiply bytes per parameter (memory.state_bytes_per_param('zero_mixed')) by 10¹²; 1 TB = 10¹² bytes.",
        "パラメーター1つあたりのバイト数(memory.state_bytes_per_param('zero_mixed'))に10¹²を掛けます。1 TB = 10¹²バイトです。",
    ),
    "ex.advice.ex2_q6": (
        "Divide the states by {usable:.0%} of one H200 ({memory_gb:.0f} GB) and round up.",
        "状態の合計をH200 1枚({memory_gb:.0f} GB)の{usable:.0%}で割り、切り上げてください。",
    ),
    "ex.hint.ex3_q1.0": (
        "2 is the forward pass alone (inference). Training adds the backward pass, about twice the forward.",
        "2は順伝播だけ(推論)の値です。学習では、順伝播の約2倍かかる逆伝播が加わります。",
    ),
    "ex.hint.ex3_q1.1": (
        "Add the forward pass (2) to the backward pass (4).",
        "順伝播(2)と逆伝播(4)を足してください。",
    ),
    "ex.hint.ex3_q2.0": (
        "Chinchilla's rule is about 20 tokens per parameter, not one.",
        "Chinchillaの目安は、パラメーター1つあたり1トークンではなく約20トークンです。",
    ),
    "ex.hint.ex3_q2.1": (
        "Give trillions of tokens (divide by 10¹²).",
        "兆トークン単位で答えてください(10¹²で割ります)。",
    ),
    "ex.hint.ex3_q3.0": (
        "A token passes only through the active parameters: use .active, not .total.",
        "トークンが通るのは活性パラメーターだけです。.total ではなく .active を使ってください。",
    ),
    "ex.hint.ex3_q3.1": (
        "Training costs 6 FLOPs per parameter and token, not 2.",
        "学習のコストはパラメーター1つ・トークン1つあたり2ではなく6 FLOPです。",
    ),
    "ex.hint.ex3_q3.2": (
        "Give units of 10²³ FLOPs (divide by 10²³).",
        "10²³ FLOP 単位で答えてください(10²³で割ります)。",
    ),
    "ex.hint.ex3_q4.0": ("That is hours; divide by 24 for days.", "それは時間です。24で割って日数にしてください。"),
    "ex.hint.ex3_q4.1": (
        "Divide by the MFU: the GPUs deliver only {mfu:.0%} of their peak.",
        "MFUで割ってください。GPUはピーク性能の{mfu:.0%}しか出せません。",
    ),
    "ex.hint.ex3_q4.2": (
        "That uses the FP8 peak; the question trains in BF16.",
        "それはFP8のピーク性能を使っています。問題はBF16で学習します。",
    ),
    "ex.hint.ex3_q5.0": (
        "Divide by the MFU: each GPU delivers only {mfu:.0%} of its peak.",
        "MFUで割ってください。GPUは1枚あたりピーク性能の{mfu:.0%}しか出せません。",
    ),
    "ex.hint.ex3_q5.1": (
        "Days have 24 hours: convert the deadline to seconds or hours.",
        "1日は24時間です。期限を秒か時間に直してください。",
    ),
    "ex.advice.ex3_q1": (
        "Count the forward pass (2 per parameter and token) and the backward pass.",
        "順伝播(パラメーター1つ・トークン1つあたり2)と逆伝播を数えてください。",
    ),
    "ex.advice.ex3_q2": (
        "Use compute.chinchilla_tokens(1e12) and divide by 10¹².",
        "compute.chinchilla_tokens(1e12) を使い、10¹²で割ってください。",
    ),
    "ex.advice.ex3_q3": (
        "6 × active parameters × tokens, divided by 10²³ (compute.six_nd).",
        "6 × 活性パラメーター数 × トークン数 を 10²³ で割ります(compute.six_nd)。",
    ),
    "ex.advice.ex3_q4": (
        "Use compute.training_days(flops, c.n_gpus, gpu=c.gpu, mfu=c.mfu) with c = "
        "scenarios.cluster() ({n_gpus:,} {gpu} at {mfu:.0%} MFU).",
        "c = scenarios.cluster() として compute.training_days(flops, c.n_gpus, gpu=c.gpu, mfu=c.mfu) "
        "を使ってください({gpu} {n_gpus:,}枚、MFU {mfu:.0%})。",
    ),
    "ex.advice.ex3_q5": (
        "Use compute.gpus_for_days(flops, c.deadline_days, gpu=c.gpu, mfu=c.mfu) with c = "
        "scenarios.cluster() and flops = 6·N·D.",
        "c = scenarios.cluster()、flops = 6·N·D として compute.gpus_for_days(flops, c.deadline_days, "
        "gpu=c.gpu, mfu=c.mfu) を使ってください。",
    ),
    "ex.hint.ex4_q1.0": (
        "That is today's average in Japan; the FY2030 benchmark is lower.",
        "それは現在の国内平均です。2030年度の目標値はもっと低くなります。",
    ),
    "ex.hint.ex4_q2.0": (
        "That is the GPU board alone. The server's CPUs, memory, network and fans add their share: a "
        "DGX H200 is rated at 10.2 kW for 8 GPUs.",
        "それはGPUボード単体の値です。サーバーのCPU、メモリ、ネットワーク、ファンの分も加わります。DGX H200の定格はGPU 8枚で10.2 kWです。",
    ),
    "ex.hint.ex4_q2.1": (
        "Under load the server draws {power_fraction:.0%} of its rating, not all of it.",
        "負荷時のサーバーが使うのは定格の全部ではなく{power_fraction:.0%}です。",
    ),
    "ex.hint.ex4_q3.0": (
        "That is the IT power; the facility draws PUE times as much.",
        "それはIT機器の電力です。施設全体ではそのPUE倍を使います。",
    ),
    "ex.hint.ex4_q3.1": (
        "Count the whole server per GPU (10.2 kW / 8), not the GPU board alone.",
        "GPUボード単体ではなく、GPU 1枚あたりのサーバー全体(10.2 kW / 8)で数えてください。",
    ),
    "ex.hint.ex4_q3.2": ("Give megawatts, not kilowatts.", "キロワットではなくメガワットで答えてください。"),
    "ex.hint.ex4_q4.0": (
        "Cooling and losses take their share: divide by the PUE too.",
        "冷却と損失の分もあります。PUEでも割ってください。",
    ),
    "ex.hint.ex4_q5.0": (
        "That is the IT energy; multiply by the PUE for the facility.",
        "それはIT機器のエネルギーです。施設全体にはPUEを掛けてください。",
    ),
    "ex.hint.ex4_q5.1": (
        "That is MWh; give GWh (divide by 1,000).",
        "それはMWhです。GWhで答えてください(1,000で割ります)。",
    ),
    "ex.hint.ex4_q5.2": (
        "Divide by the MFU: at {mfu:.0%} the run takes {slowdown:.1f} times longer than at peak, and "
        "the GPUs draw power all that time.",
        "MFUで割ってください。MFUが{mfu:.0%}なら学習にはピーク時の{slowdown:.1f}倍の時間がかかり、GPUはその間ずっと電力を使います。",
    ),
    "ex.hint.ex4_q6.0": (
        "1 MWh is 1,000 kWh: multiply MWh by 1,000 before the price per kWh.",
        "1 MWhは1,000 kWhです。kWhあたりの価格を掛ける前に、MWhに1,000を掛けてください。",
    ),
    "ex.hint.ex4_q6.1": ("Give ¥ billions (divide by 10⁹).", "10億円単位で答えてください(10⁹で割ります)。"),
    "ex.advice.ex4_q1": (
        "Look up pue_japan_target_fy2030 in power.energy_facts().",
        "power.energy_facts() の pue_japan_target_fy2030 を調べてください。",
    ),
    "ex.advice.ex4_q2": (
        "Use power.it_power_per_gpu_w('H200', c.power_fraction) with c = scenarios.cluster().",
        "c = scenarios.cluster() として power.it_power_per_gpu_w('H200', c.power_fraction) を使ってください。",
    ),
    "ex.advice.ex4_q3": (
        "Use power.facility_power_mw(n, 'H200', c.power_fraction, c.pue) with "
        "n = scenarios.value('example_gpus') and c = scenarios.cluster().",
        "n = scenarios.value('example_gpus')、c = scenarios.cluster() として "
        "power.facility_power_mw(n, 'H200', c.power_fraction, c.pue) を使ってください。",
    ),
    "ex.advice.ex4_q4": (
        "Use power.gpus_for_power(mw, 'H200', c.power_fraction, c.pue) with the planned "
        "{site_mw:.0f} MW and c = scenarios.cluster().",
        "計画の{site_mw:.0f} MWと c = scenarios.cluster() で "
        "power.gpus_for_power(mw, 'H200', c.power_fraction, c.pue) を使ってください。",
    ),
    "ex.advice.ex4_q5": (
        "Use power.training_energy_mwh(flops, c.gpu, c.mfu, c.power_fraction, c.pue) / 1,000 "
        "with c = scenarios.cluster().",
        "c = scenarios.cluster() として power.training_energy_mwh(flops, c.gpu, c.mfu, "
        "c.power_fraction, c.pue) / 1,000 を使ってください。",
    ),
    "ex.advice.ex4_q6": (
        "Energy in kWh times ¥{price:g} per kWh (power.cost_jpy(mwh, c.electricity_jpy_per_kwh)), divided by 10⁹.",
        "kWhで表したエネルギーに1 kWhあたり{price:g}円を掛け(power.cost_jpy(mwh, "
        "c.electricity_jpy_per_kwh))、10⁹で割ってください。",
    ),
    "ex.hint.ex5_q1.0": (
        "That is when the fossil-fuel levy starts to repay.",
        "それは化石燃料賦課金による償還が始まる年度です。",
    ),
    "ex.hint.ex5_q1.1": ("That is when the allowance auctions start.", "それは排出枠のオークションが始まる年度です。"),
    "ex.hint.ex5_q1.2": ("That is the last year of issuance.", "それは発行の最終年度です。"),
    "ex.hint.ex5_q2.0": (
        "The price is 100 only when the yield equals the coupon; here the yield is higher.",
        "価格が100になるのは利回りが表面利率と等しいときだけです。ここでは利回りの方が高くなっています。",
    ),
    "ex.hint.ex5_q2.1": (
        "JGBs pay the coupon twice a year: discount half-years at y/2 (freq=2).",
        "国債の利払いは年2回です。半年ごとに y/2 で割り引いてください(freq=2)。",
    ),
    "ex.hint.ex5_q2.2": (
        "That is the simple-yield (単利) price; the question gives a compound yield.",
        "それは単利利回りで計算した価格です。問題が示しているのは複利利回りです。",
    ),
    "ex.hint.ex5_q3.0": (
        "A price does not move one for one with the yield: a 10-year bond's price moves about as "
        "many points as its duration in years. Price it at both yields.",
        "価格は利回りと1対1では動きません。10年債の価格は、おおよそデュレーション(年)と同じポイント数だけ動きます。両方の利回りで価格を計算してください。",
    ),
    "ex.hint.ex5_q3.1": (
        "Give points per 100 of face value, not a fraction.",
        "割合ではなく、額面100あたりのポイントで答えてください。",
    ),
    "ex.hint.ex5_q4.0": (
        "That is the interest at {yield_pct:g}%, notebook 05's base; the question refinances at {high_yield_pct:g}%.",
        "それはノートブック05の基本ケース、利回り{yield_pct:g}%での利払いです。問題では{high_yield_pct:g}%で借り換えます。",
    ),
    "ex.hint.ex5_q4.1": ("Give ¥ trillions (divide by 10¹²).", "兆円単位で答えてください(10¹²で割ります)。"),
    "ex.hint.ex5_q5.0": (
        "Repayment starts in FY{levy_start:.0f} with the fossil-fuel levy, not when issuance starts.",
        "償還は発行開始の年度ではなく、化石燃料賦課金が始まる{levy_start:.0f}年度からです。",
    ),
    "ex.hint.ex5_q5.1": (
        "FY{levy_start:.0f} to FY{end:.0f} counts both ends: {years:.0f} years.",
        "{levy_start:.0f}年度から{end:.0f}年度までは両端を含めて{years:.0f}年です。",
    ),
    "ex.hint.ex5_q5.2": (
        "Give ¥ billions (a trillion is 1,000 billion).",
        "10億円単位で答えてください(1兆円は10億円の1,000倍です)。",
    ),
    "ex.hint.ex5_q6.0": (
        "The probabilities compound: year k is funded only if all k reviews before it said yes, with "
        "probability {p:g}ᵏ.",
        "確率は掛け合わさります。k年目に予算がつくのは、それまでのk回の見直しがすべて継続を決めた場合だけで、その確率は{p:g}ᵏです。",
    ),
    "ex.hint.ex5_q6.1": (
        "That is the headline; each review may stop it.",
        "それは見出しの総額です。見直しのたびに打ち切られる可能性があります。",
    ),
    "ex.advice.ex5_q1": (
        "Look up redemption_end_fy in data.load('gx_redemption').",
        "data.load('gx_redemption') の redemption_end_fy を調べてください。",
    ),
    "ex.advice.ex5_q2": (
        "Use finance.bond_price(1.6, 2.0, 10).",
        "finance.bond_price(1.6, 2.0, 10) を使ってください。",
    ),
    "ex.advice.ex5_q3": (
        "Price the auction's bond at its yield and at one point more (finance.bond_price) and subtract.",
        "入札された債券の価格を、その利回りと1ポイント高い利回りで計算し(finance.bond_price)、差を取ってください。",
    ),
    "ex.advice.ex5_q4": (
        "Set the yield of scenarios.gx() to {high_yield_pct:g} (dataclasses.replace) and call "
        "finance.gx_path(scenarios.issuance_path(), *scenarios.gx_path_args(scenario)).",
        "scenarios.gx() "
        "の利回りを{high_yield_pct:g}に置き換え(dataclasses.replace)、finance.gx_path(scenarios.issuance_path("
        "), "
        "*scenarios.gx_path_args(scenario)) を呼んでください。",
    ),
    "ex.advice.ex5_q5": (
        "Use finance.flat_revenue_needed(programme): equal yearly repayments FY{levy_start:.0f}-FY{end:.0f}.",
        "finance.flat_revenue_needed(programme) を使ってください({levy_start:.0f}〜{end:.0f}年度の毎年同額の償還)。",
    ),
    "ex.advice.ex5_q6": (
        "Use finance.stage_gate(scenarios.ai_budget_by_year(), gx.p_continue, gx.yield_pct, "
        "{holding_years:g}).expected_total_jpy with gx = scenarios.gx().",
        "gx = scenarios.gx() として finance.stage_gate(scenarios.ai_budget_by_year(), gx.p_continue, "
        "gx.yield_pct, {holding_years:g}).expected_total_jpy を使ってください。",
    ),
    "ex.hint.ex6_q1.0": (
        "That is the undiscounted sum; divide each year's flow by 1.08ᵗ.",
        "それは割り引く前の合計です。各年のキャッシュフローを1.08ᵗで割ってください。",
    ),
    "ex.hint.ex6_q1.1": (
        "The investment is paid today (t = 0) and is not discounted; the first 30 comes at t = 1.",
        "投資は今日(t = 0)支払うので割り引きません。最初の30が入るのは t = 1 です。",
    ),
    "ex.hint.ex6_q2.0": ("Give a percentage, not a fraction.", "割合ではなく百分率で答えてください。"),
    "ex.hint.ex6_q3.0": (
        "Only {gpu_share:g}% of the capex buys GPU servers; the rest pays for buildings, power and cooling.",
        "設備投資のうちGPUサーバーに使うのは{gpu_share:g}%だけです。残りは建物、電源、冷却に使います。",
    ),
    "ex.hint.ex6_q3.1": (
        "That is one year's GPUs; count the full build-out.",
        "それは1年分のGPUです。整備が終わったときの総数を数えてください。",
    ),
    "ex.hint.ex6_q4.0": (
        "That is the undiscounted sum of the cash flows; discount at {discount_pct:g}%.",
        "それはキャッシュフローを割り引かずに合計した値です。{discount_pct:g}%で割り引いてください。",
    ),
    "ex.hint.ex6_q4.1": ("Give ¥ billions (divide by 10⁹).", "10億円単位で答えてください(10⁹で割ります)。"),
    "ex.hint.ex6_q5.0": (
        "That is the break-even at the base price of ¥{price:,.0f}; set price_jpy_per_gpu_hour={lower_price:.0f}.",
        "それは基本価格{price:,.0f}円での損益分岐点です。price_jpy_per_gpu_hour={lower_price:.0f} にしてください。",
    ),
    "ex.hint.ex6_q5.1": ("Give a percentage, not a fraction.", "割合ではなく百分率で答えてください。"),
    "ex.hint.ex6_q6.0": (
        "That utilisation makes the NPV zero over {horizon} years; paying back within {payback:g} years needs more.",
        "その稼働率では{horizon}年間のNPVがちょうど0になります。{payback:g}年以内に回収するにはもっと必要です。",
    ),
    "ex.hint.ex6_q6.1": (
        "At the base {utilisation:g}% the payback is about {base_years:.0f} years.",
        "基本ケースの{utilisation:g}%では回収に約{base_years:.0f}年かかります。",
    ),
    "ex.hint.ex6_q6.2": ("Give a percentage, not a fraction.", "割合ではなく百分率で答えてください。"),
    "ex.advice.ex6_q1": (
        "Use finance.npv(0.08, [-100, 30, 30, 30, 30, 30]).",
        "finance.npv(0.08, [-100, 30, 30, 30, 30, 30]) を使ってください。",
    ),
    "ex.advice.ex6_q2": (
        "Use finance.irr(flows) and multiply by 100.",
        "finance.irr(flows) を使い、100を掛けてください。",
    ),
    "ex.advice.ex6_q3": (
        "Take the largest value of finance.datacenter_cashflows(scenarios.datacentre()).gpus_online.",
        "finance.datacenter_cashflows(scenarios.datacentre()).gpus_online の最大値を取ってください。",
    ),
    "ex.advice.ex6_q4": (
        "Use finance.datacenter_cashflows(scenarios.datacentre()).npv_jpy and divide by 10⁹.",
        "finance.datacenter_cashflows(scenarios.datacentre()).npv_jpy を使い、10⁹で割ってください。",
    ),
    "ex.advice.ex6_q5": (
        "Use finance.breakeven_utilisation(scenarios.datacentre(), price_jpy_per_gpu_hour={lower_price:.0f}).",
        "finance.breakeven_utilisation(scenarios.datacentre(), "
        "price_jpy_per_gpu_hour={lower_price:.0f}) を使ってください。",
    ),
    "ex.advice.ex6_q6": (
        "Try utilisations with finance.payback_years(...cashflow_jpy) and narrow down to payback = {payback:g} years.",
        "finance.payback_years(...cashflow_jpy) でいくつかの稼働率を試し、回収期間が{payback:g}年になるところまで絞り込んでください。",
    ),
    "ex.msg.exact": ("exact (a whole number)", "完全一致(整数)"),
    "ex.msg.within": ("within {pct:g}%", "誤差 {pct:g}% 以内"),
    "ex.msg.box_placeholder": ("your answer, e.g. 0.25 or 1.5e12", "答え(例: 0.25 や 1.5e12)"),
    "ex.msg.box_button": ("Check", "答え合わせ"),
    "ex.msg.box_custom": (
        "{question} takes a model, not a number: answer it in a code cell.",
        "{question} の答えは数値ではなくモデルです。コードセルで答えてください。",
    ),
}
