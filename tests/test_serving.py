"""Serving: valid layouts, the smallest deployable unit, the roofline, pinned to published figures.

Each pin says whether our number matches the published one or bounds it, and by how much.
Sources: data/serving.csv (one row per figure) and data/measured/h200_inference_power.csv.
"""

import numpy as np
import pytest

import helpers.serving
from helpers import data, scenarios
from helpers.calc import catalog, memory, power, serving
from helpers.calc.params import ModelConfig

F = serving.figures()
FLEET = serving.deepseek_fleet()
KIMI, DEEPSEEK = catalog.model("Kimi K2"), catalog.model("DeepSeek-V3")
CONTEXT_128K = 131072


# The interface the other notebooks use --------------------------------------------------------------
def test_the_alias_module_is_the_calculation_module():
    assert helpers.serving.deployment is serving.deployment
    assert set(helpers.serving.__all__) == set(serving.__all__)


def test_a_deployment_names_its_layout_and_bytes_per_gpu():
    dep = helpers.serving.deployment(KIMI, "H200", dtype="fp8", batch=1, seq=CONTEXT_128K)
    assert dep.n_gpus == dep.tp * dep.dp * dep.pp == 16
    assert (dep.tp, dep.ep, dep.pp, dep.dp) == (16, 1, 1, 1)  # TP16: one of Moonshot's two layouts
    assert dep.bytes_per_gpu == pytest.approx(dep.weights_per_gpu + dep.kv_cache_per_gpu + dep.memory.workspace)
    assert dep.bytes_per_gpu <= dep.memory.capacity == pytest.approx(141e9 * 0.9)
    assert dep.nodes == 2 and dep.gpu == "H200"
    assert "DP16+EP16" in [lay.name for lay in dep.alternatives]  # Moonshot's other layout fits too
    assert serving.deployment("Kimi K2", "H200 SXM 141GB", seq=CONTEXT_128K).n_gpus == 16  # names work too


# Published deployments (data/serving.csv) ----------------------------------------------------------
def test_kimi_k2_fp8_at_128k_needs_16_h200_as_moonshot_says():
    """Moonshot's deploy guidance: 16 GPUs is the smallest FP8 unit at 128k on H200. Exact match."""
    for batch in (1, 8):
        assert serving.deployment(KIMI, "H200", "fp8", batch, CONTEXT_128K).n_gpus == F["kimi_k2_fp8_h200_min_gpus"]
    # one node of 8 does not hold it in any layout: 1.03 TB of FP8 weights against 8 x 126.9 GB usable
    for lay in serving.layouts(KIMI, 8, "H200"):
        assert not serving.gpu_memory(KIMI, "H200", lay, 1, CONTEXT_128K).fits, lay.name
    # the floor that notebook 02 printed divides bytes evenly and ignores layouts: 9 GPUs, not a unit
    floor = memory.gpus_needed(KIMI, "H200", "inference", 8, CONTEXT_128K, dtype="fp8", kv_dtype="bf16")
    assert floor == 9 and 9 not in serving.group_sizes("H200")
    # on an 80 GB H800 a 128k sequence of BF16 cache does not fit 16 GPUs at vLLM's 10% reserve (24 are
    # needed); an FP8 cache fits 16, as vLLM's recipe for 16 H800 runs it
    assert serving.deployment(KIMI, "H800", "fp8", 1, CONTEXT_128K).n_gpus == 24
    assert serving.deployment(KIMI, "H800", "fp8", 1, CONTEXT_128K, kv_dtype="fp8").n_gpus == 16


@pytest.mark.parametrize(
    ("dtype", "gpu", "row"),
    [
        ("fp8", "H200", "sglang_deepseek_v3_fp8_h200_gpus"),
        ("fp8", "H100", "sglang_deepseek_v3_fp8_h100_gpus"),
        ("bf16", "H200", "sglang_deepseek_v3_bf16_h200_gpus"),
        ("bf16", "H100", "sglang_deepseek_v3_bf16_h100_gpus"),
    ],
)
def test_deepseek_v3_units_are_sglangs(dtype, gpu, row):
    """SGLang's recommended configurations: FP8 8 x H200 and 2 x 8 x H100; BF16 2 x 8 x H200 and
    4 x 8 x H100. Exact matches (BF16 on H100: 24 GPUs would hold the bytes, but 61 layers, 128 heads
    and 256 experts have no layout of 24)."""
    assert serving.deployment(DEEPSEEK, gpu, dtype, 1, 8192).n_gpus == F[row]


def test_bf16_on_24_h100_holds_the_bytes_but_has_no_layout():
    assert serving.layouts(DEEPSEEK, 24, "H100") == []
    assert memory.gpus_needed(DEEPSEEK, "H100", "inference", 1, 8192, dtype="bf16") <= 24


# DeepSeek's fleet (DeepSeek-V3/R1 Inference System Overview) ------------------------------------------
def test_deepseek_fleet_arithmetic_is_consistent():
    """Published figures against each other: the day's cost, and the nodes that the day's tokens need
    at the published per-node rates (226.9 against the published average 226.75: 0.1%)."""
    gpus = F["deepseek_nodes_avg"] * F["deepseek_gpus_per_node"]
    assert gpus * F["deepseek_usd_per_gpu_hour"] * 24 == F["deepseek_cost_usd_per_day"]
    day = 86400
    nodes = serving.fleet_gpus(
        F["deepseek_input_tokens_per_day"] / day,
        F["deepseek_output_tokens_per_day"] / day,
        F["deepseek_prefill_tokens_per_s_node"],
        F["deepseek_decode_tokens_per_s_node"],
    )
    assert nodes == pytest.approx(F["deepseek_nodes_avg"], rel=0.002)
    assert serving.input_per_output() == pytest.approx(3.62, abs=0.005)
    assert serving.cached_share() == pytest.approx(0.5625, abs=0.0001)  # "56.3%"


def test_deepseek_unit_costs_from_node_throughput():
    """$16 a node-hour ÷ throughput: ≈ $0.30 per million output and $0.06 per million input tokens
    (shared/facts/context.md §4, derived)."""
    price = F["deepseek_usd_per_gpu_hour"]
    assert serving.node_hour_price_per_million(F["deepseek_decode_tokens_per_s_node"], price) == pytest.approx(
        0.30, abs=0.005
    )
    assert serving.node_hour_price_per_million(F["deepseek_prefill_tokens_per_s_node"], price) == pytest.approx(
        0.060, abs=0.001
    )


def test_deepseek_units_as_published_fit_our_memory_model():
    decode, prefill = FLEET.decode, FLEET.prefill
    assert (decode.layout.name, decode.n_gpus, decode.nodes) == ("DP144+EP144", 144, 18)
    assert (prefill.layout.name, prefill.n_gpus, prefill.nodes) == ("DP32+EP32", 32, 4)
    assert serving.weights_per_gpu(DEEPSEEK, decode.layout) > 0
    # 2 of 288 expert copies per GPU in decode, 9 in prefill, as the report says
    assert (DEEPSEEK.n_experts + decode.layout.redundant_experts) / decode.ep == 2
    assert (DEEPSEEK.n_experts + prefill.layout.redundant_experts) / prefill.ep == 9
    assert decode.memory.fits and prefill.memory.fits  # 88 sequences of 4,989 tokens per 80 GB H800


def test_the_roofline_bounds_deepseeks_published_throughput():
    """Upper bounds, not matches: at efficiency 1 our roofline gives 44.2k output tokens/s per H800 node
    in decode (3.0x the published average 14.8k) and 317k input tokens/s in prefill (4.3x the published
    73.7k). The published averages are 33.5% and 23.2% of the roofline: the efficiency a real fleet
    reaches (communication over 18 nodes, load that changes over the day, kernels below peak)."""
    assert FLEET.batch_per_gpu == pytest.approx(88.1, abs=0.1)  # 14.8k ÷ 8 ÷ 21 tokens/s per user
    assert FLEET.decode_roofline_node == pytest.approx(44.2e3, rel=0.01)
    assert FLEET.prefill_roofline_node == pytest.approx(317e3, rel=0.01)
    assert FLEET.bw_efficiency == pytest.approx(0.335, abs=0.005)
    assert FLEET.flops_efficiency == pytest.approx(0.232, abs=0.005)
    step = serving.decode_step(FLEET.decode)
    assert step.memory_bound  # decode reads 53 GB per GPU and step; its FLOPs take a third of that time


def test_with_the_fleets_efficiency_the_node_throughputs_are_reproduced():
    """Calibration, stated as such: with the two efficiency factors taken from DeepSeek's fleet the
    model reproduces both per-node averages (to 0.5%) and the per-user speed (20-22 tokens/s), and
    decode stays memory-bound and prefill compute-bound, so each factor sets one figure."""
    eff = {"bw_efficiency": FLEET.bw_efficiency, "flops_efficiency": FLEET.flops_efficiency}
    decode = serving.decode_step(FLEET.decode, **eff)
    prefill = serving.prefill_step(FLEET.prefill, cached=FLEET.cached, **eff)
    out, inp = serving.throughput(FLEET.decode, decode), serving.throughput(FLEET.prefill, prefill)
    assert out.per_node == pytest.approx(F["deepseek_decode_tokens_per_s_node"], rel=0.005)
    assert inp.per_node == pytest.approx(F["deepseek_prefill_tokens_per_s_node"], rel=0.005)
    assert F["deepseek_user_tokens_per_s_low"] <= out.per_sequence <= F["deepseek_user_tokens_per_s_high"]
    assert decode.memory_bound and not prefill.memory_bound


# Measured energy per token -----------------------------------------------------------------------------
def test_mlenergy_llama_8b_on_h100_lies_between_roofline_and_fleet():
    """ML.ENERGY, Llama 3.1 8B on one H100 at batch 64: 0.20 J per output token with vLLM 0.5.4, 0.12 J
    with vLLM 0.11.1. Our board-only estimate at a context of 1,024 tokens and the serving power
    fraction: the roofline gives 0.064 J (a lower bound, 1.9x below the newer figure); DeepSeek's
    fleet efficiency gives 0.19 J, within 10% of the older figure. The newer software sits between."""
    dep = serving.deployment("Llama 3.1 8B", "H100", "bf16", 64, 1024)
    assert dep.n_gpus == 1
    fraction = scenarios.value("serving_power_fraction")
    roofline = serving.energy_per_token_j(dep, serving.decode_step(dep), fraction, board_only=True)
    fleet = serving.energy_per_token_j(
        dep, serving.decode_step(dep, bw_efficiency=FLEET.bw_efficiency), fraction, board_only=True
    )
    v2, v3 = F["mlenergy_llama31_8b_h100_b64_v2_j"], F["mlenergy_llama31_8b_h100_b64_v3_j"]
    assert roofline == pytest.approx(0.064, abs=0.002)
    assert roofline < v3 < v2
    assert fleet == pytest.approx(v2, rel=0.10)


def gpt3_xl() -> ModelConfig:
    """The GPT-3-XL shape of our H200 measurement (1,313,626,112 parameters)."""
    return ModelConfig(
        vocab_size=50257, d_model=2048, n_layers=24, n_heads=16, ffn_dim=8192, ffn_type="gelu",
        tied_embeddings=True, position="learned", max_positions=1024, attn_bias=True, attn_out_bias=True,
        mlp_bias=True, norm="layernorm", name="GPT-3 XL",
    )  # fmt: skip


def test_our_h200_prefill_energy_is_above_the_roofline():
    """Our measurement (data/measured/h200_inference_power.csv): 4.31 mJ per prefill token of a 1.3B
    model, batch 32 x 1,024, GPU board at 695 W. The roofline at that power gives 1.92 mJ, a lower
    bound: the H200 reached 44% of it (DeepSeek's fleet 23%)."""
    row = data.load("measured/h200_inference_power").iloc[0]
    cfg = gpt3_xl()
    dep = serving.deployment(cfg, "H200", "bf16", int(row["batch"]), int(row["seq"]))
    step = serving.prefill_step(dep)
    fraction = row["power_w_median"] / catalog.gpu("H200")["tdp_w"]
    roofline = serving.energy_per_token_j(dep, step, fraction, board_only=True)
    assert roofline == pytest.approx(1.92e-3, rel=0.01)
    assert row["joules_per_token"] / roofline == pytest.approx(2.25, abs=0.05)
    measured_tokens_per_s = row["tokens_per_s"]
    assert measured_tokens_per_s / serving.throughput(dep, step).per_gpu == pytest.approx(0.445, abs=0.01)


# Layouts: the rules of the engines --------------------------------------------------------------------------
def test_group_sizes_are_parts_of_a_node_or_whole_nodes():
    assert serving.group_sizes("H200", 40) == [1, 2, 4, 8, 16, 24, 32, 40]
    gb200 = serving.group_sizes("GB200", 216)
    assert gb200[:5] == [1, 2, 4, 8, 16] and 72 in gb200 and 144 in gb200 and 80 not in gb200
    assert serving.node_gpus("H800") == serving.NODE_GPUS == 8  # no system row: an HGX board of 8
    assert serving.node_gpus("GB200") == 72


def test_tensor_parallel_divides_heads_and_replicates_kv_heads():
    llama = catalog.model("Llama 3.1 8B")  # 32 heads, 8 KV heads
    assert serving.layout_problems(KIMI, serving.Layout(tp=3)) != []
    assert serving.layout_problems(llama, serving.Layout(tp=16)) == []  # KV heads replicated: 2 ranks share one
    assert serving.layout_problems(catalog.model("Qwen3 235B-A22B"), serving.Layout(tp=8, ep=1)) == []
    one = serving.kv_cache_per_gpu(llama, serving.Layout(tp=1), 1, 1000)
    assert serving.kv_cache_per_gpu(llama, serving.Layout(tp=8), 1, 1000) == pytest.approx(one / 8)
    assert serving.kv_cache_per_gpu(llama, serving.Layout(tp=16), 1, 1000) == pytest.approx(one / 8)  # not /16


def test_mla_cache_is_not_divided_by_tensor_parallelism_but_by_data_parallel_attention():
    full = memory.kv_bytes_per_token(KIMI, "bf16") * 4096 * 16
    assert serving.kv_cache_per_gpu(KIMI, serving.Layout(tp=16), 16, 4096) == pytest.approx(full)
    assert serving.kv_cache_per_gpu(KIMI, serving.Layout(dp=16, ep=16), 16, 4096) == pytest.approx(full / 16)


def test_expert_and_pipeline_parallelism_must_divide():
    assert serving.layout_problems(KIMI, serving.Layout(dp=16, ep=16)) == []  # 384 / 16
    assert serving.layout_problems(KIMI, serving.Layout(dp=24, ep=24)) == []  # 384 / 24
    assert serving.layout_problems(DEEPSEEK, serving.Layout(dp=24, ep=24)) != []  # 256 / 24
    assert serving.layout_problems(DEEPSEEK, serving.Layout(dp=144, ep=144, redundant_experts=32)) == []
    assert serving.layout_problems(KIMI, serving.Layout(tp=8, pp=2)) != []  # 61 layers
    megatron = catalog.model("Megatron GPT 1T")
    assert serving.layout_problems(megatron, serving.Layout(tp=8, pp=4)) == []  # 128 layers
    assert serving.layout_problems(megatron, serving.Layout(dp=2, ep=2)) != []  # no experts
    with pytest.raises(ValueError, match="ep must be 1 or tp·dp"):
        serving.Layout(tp=2, dp=2, ep=3)
    with pytest.raises(ValueError, match="dp > 1 needs ep"):
        serving.Layout(dp=4)


def test_layouts_beyond_a_node_join_whole_nodes():
    names = [lay.name for lay in serving.layouts(catalog.model("Megatron GPT 1T"), 32, "H200")]
    assert names == ["TP32", "TP16×PP2", "TP8×PP4"]
    assert all(lay.pp == 1 for lay in serving.layouts(KIMI, 8, "H200"))  # no pipeline inside a node


def test_weights_per_gpu_add_up_to_the_model():
    total = memory.weights_bytes(KIMI, "fp8")
    for lay in (serving.Layout(tp=16), serving.Layout(tp=8, dp=2, ep=16), serving.Layout(dp=16, ep=16)):
        per_gpu = serving.weights_per_gpu(KIMI, lay, "fp8")
        assert total / 16 <= per_gpu <= total / 16 * 1.2, lay.name  # replicated parts add up to 20%
    assert serving.weights_per_gpu(KIMI, serving.Layout(), "fp8") == pytest.approx(total)


def test_the_reserve_is_vllms_default_and_a_parameter():
    assert serving.ENGINE_RESERVE == pytest.approx(1 - memory.USABLE_FRACTION) == pytest.approx(0.1)
    # the reserve is what makes Kimi K2 a 16-GPU unit: with nothing kept back 128 GB of weights per GPU
    # would squeeze into one node of 8 x 141 GB, even at 128k
    assert serving.deployment(KIMI, "H200", "fp8", 1, CONTEXT_128K, reserve=0.0).n_gpus == 8
    assert serving.deployment(KIMI, "H200", "fp8", 1, CONTEXT_128K, reserve=0.05).n_gpus == 16
    assert serving.deployment(DEEPSEEK, "H100", "fp8", 1, 8192, reserve=0.5).n_gpus > 16


# The roofline --------------------------------------------------------------------------------------------------
def test_expected_distinct_experts():
    assert serving.expected_experts(384, 8, 1) == pytest.approx(8)
    assert serving.expected_experts(384, 8, 10_000) == pytest.approx(384)
    touched = serving.expected_experts(384, 8, np.array([1, 16, 88]))
    assert np.all(np.diff(touched) > 0) and touched[1] < 16 * 8


def test_decode_is_memory_bound_and_batch_raises_throughput_and_lowers_energy():
    dep = serving.deployment(KIMI, "H200", "fp8", 1408, 4989)
    batches = np.array([16, 160, 1408])
    step = serving.decode_step(dep, batches)
    rate = serving.throughput(dep, step)
    joules = serving.energy_per_token_j(dep, step, 0.8, pue=1.4)
    assert np.all(step.memory_bound)
    assert np.all(np.diff(rate.per_gpu) > 0) and np.all(np.diff(joules) < 0)
    assert np.all(np.diff(rate.per_sequence) < 0)  # each user waits longer as the batch grows


def test_the_roofline_is_vectorised_over_batch_and_context():
    dep = serving.deployment(KIMI, "H200", "fp8", 1408, 8192)
    batch, seq = np.array([[16], [256]]), np.array([[1024, 4096, 8192]])
    grid = serving.decode_step(dep, batch, seq)
    assert grid.seconds.shape == (2, 3)
    for i, b in enumerate((16, 256)):
        for j, s in enumerate((1024, 4096, 8192)):
            assert grid.seconds[i, j] == pytest.approx(serving.decode_step(dep, b, s).seconds)
    counts = serving.min_gpus(KIMI, "B200", "fp8", 1, np.array([8192, CONTEXT_128K]))
    assert counts.tolist() == [8, 8]
    assert serving.kv_cache_per_gpu(KIMI, dep.layout, np.array([1, 2]), 1000).shape == (2,)


def test_price_and_energy_per_million_tokens_agree_with_the_node_formula():
    dep = FLEET.decode
    step = serving.decode_step(dep, bw_efficiency=FLEET.bw_efficiency)
    rate = serving.throughput(dep, step)
    price = serving.price_per_million(dep, step, 2.0)
    assert price == pytest.approx(serving.node_hour_price_per_million(rate.per_node, 2.0))
    board = serving.energy_per_token_j(dep, step, 0.8, board_only=True)
    assert board == pytest.approx(700 * 0.8 / rate.per_gpu)
    with pytest.raises(ValueError, match="H800"):  # no system row for the H800: say which server to use
        serving.energy_per_token_j(dep, step, 0.8)
    dgx = serving.energy_per_token_j(dep, step, 0.8, pue=1.4, server_name="DGX H100")
    assert dgx == pytest.approx(power.it_power_per_gpu_w("H100", 0.8) * 1.4 / rate.per_gpu)


def test_fp4_weights_use_the_fastest_units_the_gpu_has():
    assert serving.compute_precision("H200", "nvfp4") == "fp8"  # no FP4 units on Hopper
    assert serving.compute_precision("B200", "nvfp4") == "fp4"
    assert serving.compute_precision("A100", "fp8") == "bf16"
    assert serving.compute_precision("H100", "bf16") == "bf16"


# Validation ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: serving.deployment(KIMI, "H200", batch=0), "batch must be an integer from 1"),
        (lambda: serving.deployment(KIMI, "H200", seq=2.5), "seq must be an integer"),
        (lambda: serving.deployment(KIMI, "H200", dtype="fp7"), "dtype must be one of"),
        (lambda: serving.deployment(KIMI, "H900"), "gpu must be a name from data/gpus.csv"),
        (lambda: serving.deployment("Kimi K3", "H200"), "name must be a model in data/models.csv"),
        (lambda: serving.deployment(KIMI, "H200", reserve=0.99), "reserve must be between 0 and 0.95"),
        (lambda: serving.deployment(KIMI, "H100", "bf16", 4096, CONTEXT_128K, max_gpus=64), "does not fit"),
        (lambda: serving.decode_step(FLEET.decode, bw_efficiency=0), "bw_efficiency must be > 0"),
        (lambda: serving.decode_step(FLEET.decode, flops_efficiency=1.5), "flops_efficiency must be > 0 and <= 1"),
        (lambda: serving.decode_step(FLEET.decode, np.array([0, 4])), "batch must hold integers from 1"),
        (lambda: serving.prefill_step(FLEET.prefill, cached=1.0), "cached must be"),
        (lambda: serving.energy_per_token_j(FLEET.decode, serving.decode_step(FLEET.decode), 1.2), "power_fraction"),
        (lambda: serving.price_per_million(FLEET.decode, serving.decode_step(FLEET.decode), -1), "price_per_gpu_hour"),
        (lambda: serving.expected_experts(8, 9, 1), "top_k must be an integer from 1 to 8"),
        (lambda: serving.deployment(KIMI, "H200", layout=serving.Layout(tp=3)), "tp=3 does not divide the 64"),
    ],
)
def test_bad_inputs_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# The story's serving assumptions agree with the figures they cite -----------------------------------------------
def test_serving_scenarios_match_data_serving():
    assert scenarios.value("serving_context_tokens") == F["deepseek_kv_length"]
    assert scenarios.value("serving_batch_per_gpu") == round(FLEET.batch_per_gpu)
    assert scenarios.value("serving_usd_per_gpu_hour") == F["deepseek_usd_per_gpu_hour"]
    users_high = scenarios.value("serving_users", "high")
    assert users_high == pytest.approx(F["japan_genai_use_share"] * F["japan_population"], rel=0.01)
    low, high = scenarios.bounds("serving_power_fraction")
    measured = data.load("measured/h200_inference_power").iloc[0]
    assert high == round(measured["power_w_median"] / catalog.gpu("H200")["tdp_w"], 2)


def test_api_prices_table():
    prices = serving.api_prices()
    assert prices.loc["kimi_k2", "output"] == 2.5 and prices.loc["deepseek_v31", "input"] == 0.56
    assert (prices["cached"] <= prices["input"]).all() and (prices["input"] < prices["output"]).all()
