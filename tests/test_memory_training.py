"""Activations, training peaks, sharding and GPU counts, pinned to measurements and papers.

Evidence (data/measured/, provenance in data/manifest.csv):
- h200_activations.csv / h200_training.csv: NVIDIA H200, PyTorch 2.11 + transformers 5.17;
- activations_cpu.csv: exact saved-tensor counts on the CPU (benchmarks/measure_activations_cpu.py).
"""

import numpy as np
import pytest

from helpers import data
from helpers.calc import catalog
from helpers.calc.evidence import MOE_ARCHS as MOE
from helpers.calc.evidence import activation_setting, measured_config, parity_table
from helpers.calc.memory import (
    Parallelism,
    activations_measured,
    activations_textbook,
    framework_overhead,
    gpus_needed,
    inference_memory,
    logits_textbook,
    training_memory,
    weights_bytes,
)
from helpers.calc.params import count_params


def predict(row, device):
    return activations_measured(
        measured_config(row, n_layers=4), int(row["batch"]), int(row["seq"]), device=device, **activation_setting(row)
    )


def label(row):
    return f"{row['arch']}-{row['attn']}-ckpt{int(row['checkpointing'])}-p{row['dropout']}-s{row['seq']}b{row['batch']}"


H200_ACTIVATIONS = data.load("measured/h200_activations").to_dict("records")
CPU_ACTIVATIONS = data.load("measured/activations_cpu").to_dict("records")
H200_TRAINING = data.load("measured/h200_training").to_dict("records")


@pytest.mark.parametrize("row", H200_ACTIVATIONS, ids=label)
def test_activations_per_layer_match_the_h200(row):
    """Issue 3 asks for 5%; the op-by-op count is within 0.1% (one 1 MiB allocator block at s=1024)."""
    predicted = predict(row, "cuda")
    assert predicted.per_layer == pytest.approx(row["per_layer"], rel=0.001)
    # outside the layers: within 0.4% (the H200 run holds a few small buffers more: masks, rounding)
    assert predicted.intercept == pytest.approx(row["intercept"], rel=0.004)


@pytest.mark.parametrize(
    "row", [r for r in CPU_ACTIVATIONS if not (r["attn"] == "sdpa" and r["dropout"] > 0)], ids=label
)
def test_activations_per_layer_equal_the_cpu_count(row):
    """Exact to the byte: every saved tensor is accounted for (Qwen3-MoE casts its routing weights
    to bf16 where Mixtral keeps fp32: 2 bytes per routed slot, < 0.02%)."""
    predicted = predict(row, "cpu")
    per_layer = predicted.per_moe_layer if row["arch"] in MOE else predicted.per_layer
    if row["arch"] == "qwen3_moe":
        assert per_layer - row["per_layer"] == 2 * int(row["top_k"]) * row["batch"] * row["seq"]
    else:
        assert per_layer == row["per_layer"]
    if not row["checkpointing"]:  # checkpointed layers' keyword inputs (cos/sin, masks) escape the hooks
        assert predicted.intercept == row["intercept"]


def test_cpu_and_cuda_differ_where_the_kernels_do():
    row = next(r for r in CPU_ACTIVATIONS if r["arch"] == "gpt2" and r["attn"] == "eager" and r["dropout"] > 0)
    cpu, cuda = predict(row, "cpu"), predict(row, "cuda")
    tokens, h, a, s = row["batch"] * row["seq"], row["d_model"], row["n_heads"], row["seq"]
    # bool masks (1 byte) instead of scaled bf16 masks (2 bytes): 2 residual masks + the attention mask;
    # fp32 LayerNorm statistics: +4 bytes per token per statistic, two LayerNorms
    assert cpu.per_layer - cuda.per_layer == tokens * (2 * h + a * s) - tokens * 8
    with pytest.raises(ValueError, match="math kernel"):
        activations_measured(measured_config(row, 4), 1, 128, "bf16", "sdpa", 0.1, device="cpu")


@pytest.mark.parametrize("row", H200_TRAINING, ids=lambda r: r["model"])
def test_training_peak_matches_the_h200(row):
    """Issue 3 asks for 10%; measured within 0.01%: static + activations + two fp32 [tokens, vocab]
    buffers of the loss's backward."""
    cfg = measured_config(row)
    assert count_params(cfg).total == row["params"]
    step = training_memory(cfg, batch=int(row["batch"]), seq=int(row["seq"]))
    assert step.peak_bytes == pytest.approx(row["peak_bytes"], rel=1e-3)
    assert step.static_bytes == pytest.approx(row["static_bytes"], rel=1e-3)
    assert step.weights == 4 * row["params"] and step.optimizer == 8 * row["params"]
    # the textbook (ZeRO's 16 B/param + Korthikanti's 34 + 5as/h) misses by about 10% either way
    textbook = training_memory(
        cfg, batch=int(row["batch"]), seq=int(row["seq"]), mode="textbook", optimizer="zero_mixed"
    )
    assert abs(textbook.peak_bytes / row["peak_bytes"] - 1) > 0.05


def test_framework_overhead_is_two_cublas_workspaces_and_small_buffers():
    assert 2 * 32 * 2**20 < framework_overhead() < 2 * 32 * 2**20 + 4e6


def test_textbook_activations_korthikanti():
    """Korthikanti et al. 2022: GPT-3 175B (a = 96, h = 12288, s = 2048): 5as/h = 80 > 34."""
    gpt3 = catalog.model("GPT-3 175B")
    sbh = 2048 * 1 * 12288
    assert activations_textbook(gpt3, 1, 2048) == sbh * (34 + 80)
    assert activations_textbook(gpt3, 1, 2048, "selective") == sbh * 34
    assert activations_textbook(gpt3, 1, 2048, "full") == sbh * 2
    assert activations_textbook(gpt3, 1, 2048, tp=8) == sbh * (10 + 24 / 8 + 80 / 8)
    assert activations_textbook(gpt3, 1, 2048, tp=8, sp=True) == sbh * (34 + 80) / 8
    assert logits_textbook(gpt3, 1, 2048) == 4 * 2048 * gpt3.vocab_size


def test_pure_bf16_training():
    """bf16 weights, gradients and AdamW moments: 2 + 2 + 4 bytes per parameter."""
    row = H200_TRAINING[0]
    cfg = measured_config(row)
    amp, bf16 = (training_memory(cfg, 8, 1024, precision=p) for p in ("amp", "bf16"))
    n = row["params"]
    assert (bf16.weights, bf16.gradients, bf16.optimizer) == (2 * n, 2 * n, 4 * n)
    # pure bf16 keeps bf16 residuals and no autocast weight copies: fewer activation bytes too
    assert bf16.activations < amp.activations and bf16.peak_bytes < amp.peak_bytes - 6 * n


def test_recomputation_and_eager_attention():
    llama = catalog.model("Llama 3.1 8B")
    none, full = (training_memory(llama, 1, 8192, "bf16", r) for r in ("none", "full"))
    assert full.activations < none.activations / 10
    eager = activations_measured(llama, 1, 8192, "bf16", "eager")
    sdpa = activations_measured(llama, 1, 8192, "bf16", "sdpa")
    # eager keeps fp32 softmax + its bf16 copy: 6 bytes per head, query and key
    assert eager.per_layer - sdpa.per_layer >= 6 * llama.n_heads * 8192 * 8192


def test_sharding_divides_what_it_should():
    kimi = catalog.model("Kimi K2")
    n, routed = count_params(kimi).total, count_params(kimi).routed_experts
    one = training_memory(kimi, 1, 4096, "bf16", "full", parallel=Parallelism(dp=64, tp=8, ep=8, zero_stage=0))
    assert one.weights == pytest.approx(2 * ((n - routed) / 8 + routed / 64))
    zero3 = training_memory(kimi, 1, 4096, "bf16", "full", parallel=Parallelism(dp=64, tp=8, ep=8, zero_stage=3))
    assert zero3.weights + zero3.gradients + zero3.optimizer == pytest.approx(8 * n / 512)
    assert zero3.gpus == 512
    tp = training_memory(kimi, 1, 4096, "bf16", parallel=Parallelism(tp=8, dp=8, ep=8, zero_stage=3))
    no_tp = training_memory(kimi, 1, 4096, "bf16", parallel=Parallelism(dp=8, ep=8, zero_stage=3))
    assert tp.activations == pytest.approx(no_tp.activations / 8)


def test_gpus_to_hold_a_trillion_parameters():
    """Kimi K2 (1.026T) in bf16: 2 bytes x params over 90% of 80 GB."""
    kimi = catalog.model("Kimi K2")
    n = count_params(kimi).total
    assert gpus_needed(kimi, "H100") == int(np.ceil(2 * n / (0.9 * 80e9))) == 29
    assert gpus_needed(kimi, "H100 SXM", dtype="fp8", usable=1.0) == int(np.ceil(n / 80e9))
    kv = inference_memory(kimi, 8, 131072).kv_cache
    assert kv == 8 * 131072 * 61 * (512 + 64) * 2  # MLA: one latent + rotary key per layer
    assert gpus_needed(kimi, "B200", batch=8, seq=131072) == int(np.ceil((weights_bytes(kimi) + kv) / (0.9 * 192e9)))


def test_gpus_for_training_fit_and_are_minimal():
    kimi = catalog.model("Kimi K2")
    count = gpus_needed(kimi, "H100", task="training", batch=1, seq=4096, tp=8, ep=8)
    dp = count // 8
    fits = training_memory(kimi, 1, 4096, "bf16", "full", parallel=Parallelism(dp=dp, tp=8, ep=8, zero_stage=3))
    fewer = training_memory(kimi, 1, 4096, "bf16", "full", parallel=Parallelism(dp=dp - 8, tp=8, ep=8, zero_stage=3))
    capacity = 0.9 * 80e9
    assert fits.peak_bytes <= capacity < fewer.peak_bytes
    with pytest.raises(ValueError, match="does not fit on H100"):
        gpus_needed(kimi, "H100", task="training", zero_stage=0, tp=8, ep=8)


def test_small_model_trains_on_one_gpu():
    row = H200_TRAINING[0]
    cfg = measured_config(row)
    assert gpus_needed(cfg, "H200", task="training", batch=8, seq=1024, precision="amp", recompute="none") == 1


def test_a_sweep_of_100000_configurations_is_one_call():
    llama = catalog.model("Llama 3.1 8B")
    rng = np.random.default_rng(0)
    batch, seq = rng.integers(1, 64, 100_000), rng.integers(128, 32768, 100_000)
    swept = training_memory(llama, batch, seq, "bf16", "full").peak_bytes
    assert swept.shape == (100_000,)
    for i in rng.integers(0, 100_000, 5):
        assert swept[i] == pytest.approx(training_memory(llama, int(batch[i]), int(seq[i]), "bf16", "full").peak_bytes)
    counts = gpus_needed(llama, "H100", batch=batch, seq=seq)
    assert counts.shape == (100_000,) and counts.min() >= 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"precision": "fp8"}, "precision must be one of 'amp', 'bf16'"),
        ({"recompute": "selective"}, "recompute must be one of 'none', 'full'"),
        ({"attention": "flash"}, "attention must be one of 'sdpa', 'eager'"),
        ({"dropout": 1.5}, "dropout must be between 0 and 0.99, got 1.5"),
        ({"batch": 0}, "batch must be an integer from 1 to 1048576, got 0"),
        ({"seq": 2**25}, "seq must be an integer from 1 to 16777216, got 33554432"),
        ({"seq": 2.5}, "seq must be an integer from 1 to 16777216, got 2.5"),
        ({"mode": "guess"}, "mode must be one of 'measured', 'textbook'"),
        ({"optimizer": "sgd"}, "optimizer must be one of"),
        ({"parallel": 8}, "parallel must be a Parallelism"),
    ],
)
def test_training_memory_explains_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        training_memory(catalog.model("Llama 3.1 8B"), **({"batch": 1, "seq": 128} | kwargs))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"dp": 0}, "dp must be an integer >= 1, got 0"),
        ({"dp": 8, "ep": 3}, "ep must divide dp=8"),
        ({"zero_stage": 4}, "zero_stage must be an integer from 0 to 3, got 4"),
        ({"sp": "yes"}, "sp must be true or false"),
    ],
)
def test_parallelism_explains_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Parallelism(**kwargs)


def test_gpus_needed_explains_bad_input():
    llama = catalog.model("Llama 3.1 8B")
    with pytest.raises(ValueError, match="gpu must be a name from data/gpus.csv"):
        gpus_needed(llama, "RTX 9090")
    with pytest.raises(ValueError, match="task must be one of 'inference', 'training'"):
        gpus_needed(llama, task="serving")
    with pytest.raises(ValueError, match="usable must be between 0.05 and 1"):
        gpus_needed(llama, usable=1.2)
    with pytest.raises(ValueError, match="pp must divide n_layers=32"):
        training_memory(llama, parallel=Parallelism(pp=5, dp=1))


def test_the_parts_at_the_peak_add_up():
    row = H200_TRAINING[0]
    cfg = measured_config(row)
    step = training_memory(cfg, 8, 1024)
    parts = step.at_peak()
    assert parts["gradients"] == 0 and parts["activations"] > 0  # activations set this peak
    assert sum(parts.values()) == pytest.approx(step.peak_bytes)
    tiny = training_memory(cfg, 1, 16)  # a short batch: the gradients (4 B/param) set the peak
    parts = tiny.at_peak()
    assert parts["gradients"] == 4 * row["params"] and parts["logits and loss"] == 0
    assert parts["activations"] == pytest.approx(activations_measured(cfg, 1, 16, "amp").per_layer)  # one layer
    assert sum(parts.values()) == pytest.approx(tiny.peak_bytes)
    shared = training_memory(cfg, 8, 1024, parallel=Parallelism(dp=8, zero_stage=1))
    assert sum(shared.at_peak().values()) == pytest.approx(shared.peak_bytes)


def test_parity_table_covers_every_measurement_and_ours_is_closer_than_the_textbook():
    table = parity_table()
    counts = table["what"].value_counts()
    assert counts["act_h200"] == len(H200_ACTIVATIONS)
    assert counts["peak"] == len(H200_TRAINING)
    assert counts["weights"] == 4 and counts["kv"] == 4
    # ours: within 0.3% everywhere (weights: Llama's rotary buffers; Qwen3-MoE: bf16 routing weights)
    assert table["ours / measured"].between(0.997, 1.003).all()
    textbook = table.dropna(subset=["textbook"])
    assert (abs(textbook["textbook / measured"] - 1) >= abs(textbook["ours / measured"] - 1)).all()
