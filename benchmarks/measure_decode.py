"""Decode throughput, GPU power and memory of a small Llama-style model on one GPU, by batch and context.

Not run by the tests (torch is not installed there) and NOT YET RUN: the session that wrote it had no
GPU, so ``data/measured/h200_decode.csv`` does not exist and notebook 08 relies on published figures
(``data/serving.csv``). Run it by hand on an H200 to check ``helpers.calc.serving.decode_step``.

What it does: builds ``LlamaForCausalLM`` in bf16 from a config (the shape of Llama 3.2 1B, random
weights, nothing downloaded) directly on the GPU; for each context length it prefills ``batch``
random prompts of that length, then times ``--steps`` decode steps (one new token per sequence per
step, greedy on the random logits) with ``torch.cuda.synchronize()`` around them, while a thread samples
the board power through NVML (``pynvml``, from ``nvidia-ml-py``) or, without it, ``nvidia-smi`` every
200 ms, as ``shared/measurements/README.md`` did for prefill. A combination whose KV cache would not fit
is skipped. Plain eager ``transformers`` with a ``DynamicCache``: at small batches the CPU launching
kernels can dominate a step (an engine with CUDA graphs is faster there), which the ``cpu_bound`` column
flags (GPU busy less than 80% of the step). ``--compile`` uses a static cache and ``torch.compile``
(``mode="reduce-overhead"``, CUDA graphs) instead.

How to run, with the ``measure`` extra (torch, transformers) in its own environment::

    python -m venv /tmp/measure && /tmp/measure/bin/pip install -e '.[measure]' nvidia-ml-py
    /tmp/measure/bin/python benchmarks/measure_decode.py                       # full grid, ~15 min on an H200
    /tmp/measure/bin/python benchmarks/measure_decode.py --batch 1 16 --context 512 --steps 16 --no-csv

Then add a ``measured/h200_decode.csv`` row to ``data/manifest.csv`` (GPU, driver, torch and
transformers versions, date) and run ``python -m tools.rehash``.

Columns: ``batch``, ``context`` (prompt tokens before the timed steps), ``steps``, ``step_ms`` (median
time of one decode step), ``tokens_per_s`` (batch ÷ step), ``power_w_median``, ``joules_per_token``
(median power × step ÷ batch, GPU board only), ``weights_bytes``, ``kv_cache_bytes`` (allocated after the
prefill minus before), ``peak_bytes``, ``bytes_per_step`` (weights + the KV cache at mid-run: what
``decode_step`` reads), ``achieved_tbs`` (bytes_per_step ÷ step), ``cpu_bound``.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "measured" / "h200_decode.csv"
BATCHES = (1, 2, 4, 8, 16, 32, 64, 128, 256)
CONTEXTS = (512, 1024, 2048, 4096, 8192)
SHAPE = {  # Llama 3.2 1B's shape (meta-llama/Llama-3.2-1B config.json), random weights
    "vocab_size": 128256,
    "hidden_size": 2048,
    "intermediate_size": 8192,
    "num_hidden_layers": 16,
    "num_attention_heads": 32,
    "num_key_value_heads": 8,
    "head_dim": 64,
    "tie_word_embeddings": True,
    "max_position_embeddings": 16384,
}


class PowerSampler:
    """Board power in watts, sampled every ``interval`` seconds in a thread (NVML, else nvidia-smi)."""

    def __init__(self, device: int = 0, interval: float = 0.2) -> None:
        self.device, self.interval, self.samples = device, interval, []
        self._stop = threading.Event()
        try:
            import pynvml

            pynvml.nvmlInit()
            handle = pynvml.nvmlDeviceGetHandleByIndex(device)
            self._read = lambda: pynvml.nvmlDeviceGetPowerUsage(handle) / 1000.0
        except Exception:  # noqa: BLE001  (no NVML bindings: ask nvidia-smi)
            self._read = self._smi

    def _smi(self) -> float:
        out = subprocess.run(
            ["nvidia-smi", "-i", str(self.device), "--query-gpu=power.draw", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return float(out.stdout.strip().splitlines()[0])

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(self._read())
            time.sleep(self.interval)

    def __enter__(self) -> PowerSampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def median(self, skip: int = 2) -> float:
        """Median after the first ``skip`` samples (the ramp-up)."""
        kept = self.samples[skip:] or self.samples
        return statistics.median(kept) if kept else float("nan")


def kv_bytes(batch: int, tokens: int) -> int:
    """bf16 KV cache of ``batch`` sequences of ``tokens``: 2 x layers x KV heads x head_dim x 2 bytes."""
    per_token = 2 * SHAPE["num_hidden_layers"] * SHAPE["num_key_value_heads"] * SHAPE["head_dim"] * 2
    return batch * tokens * per_token


def measure(model, torch, batch: int, context: int, steps: int, compiled: bool) -> dict[str, float] | None:  # noqa: ANN001
    """One row, or None when the cache would not fit."""
    from transformers import DynamicCache, StaticCache

    free, _ = torch.cuda.mem_get_info()
    if kv_bytes(batch, context + steps) * 1.3 > free:
        return None
    torch.manual_seed(0)
    prompt = torch.randint(0, SHAPE["vocab_size"], (batch, context), device="cuda")
    torch.cuda.synchronize()
    before = torch.cuda.memory_allocated()
    torch.cuda.reset_peak_memory_stats()
    if compiled:
        cache = StaticCache(config=model.config, max_cache_len=context + steps + 1)  # sized at the first update
    else:
        cache = DynamicCache()
    with torch.no_grad():
        out = model(input_ids=prompt, past_key_values=cache, use_cache=True, logits_to_keep=1)
        torch.cuda.synchronize()
        kv_after_prefill = torch.cuda.memory_allocated() - before
        token = out.logits[:, -1:].argmax(-1)
        del out
        position = torch.full((batch, 1), context, device="cuda", dtype=torch.long)
        times, busy = [], []
        with PowerSampler() as power:
            for step in range(steps + 3):  # 3 warm-up steps
                start_event, end_event = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                torch.cuda.synchronize()
                wall = time.perf_counter()
                start_event.record()
                out = model(input_ids=token, past_key_values=cache, use_cache=True, position_ids=position,
                            cache_position=position[0])  # fmt: skip
                end_event.record()
                token = out.logits[:, -1:].argmax(-1)
                torch.cuda.synchronize()
                wall = time.perf_counter() - wall
                position = position + 1
                if step >= 3:
                    times.append(wall)
                    busy.append(start_event.elapsed_time(end_event) / 1e3 / wall)
        watts = power.median()
    step_s = statistics.median(times)
    weights = sum(p.numel() * p.element_size() for p in model.parameters())
    kv_mid = kv_bytes(batch, context + steps // 2)
    return {
        "batch": batch, "context": context, "steps": steps, "step_ms": step_s * 1e3,
        "tokens_per_s": batch / step_s, "power_w_median": watts, "joules_per_token": watts * step_s / batch,
        "weights_bytes": weights, "kv_cache_bytes": kv_after_prefill, "peak_bytes": torch.cuda.max_memory_allocated(),
        "bytes_per_step": weights + kv_mid, "achieved_tbs": (weights + kv_mid) / step_s / 1e12,
        "cpu_bound": statistics.median(busy) < 0.8,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, nargs="+", default=list(BATCHES))
    parser.add_argument("--context", type=int, nargs="+", default=list(CONTEXTS))
    parser.add_argument("--steps", type=int, default=64, help="timed decode steps per point (after 3 warm-up steps)")
    parser.add_argument("--compile", action="store_true", help="static cache + torch.compile (CUDA graphs)")
    parser.add_argument("--no-csv", action="store_true", help="print only; do not write data/measured/h200_decode.csv")
    args = parser.parse_args(argv)

    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    if not torch.cuda.is_available():
        raise SystemExit("needs a CUDA GPU")
    torch.manual_seed(0)
    config = LlamaConfig(**SHAPE, torch_dtype="bfloat16")
    with torch.device("cuda"):
        model = LlamaForCausalLM(config).to(torch.bfloat16).eval()
    if args.compile:
        model.forward = torch.compile(model.forward, mode="reduce-overhead", fullgraph=True)
    gpu = torch.cuda.get_device_name()
    params = sum(p.numel() for p in model.parameters())
    print(f"{gpu}, torch {torch.__version__}, {params / 1e9:.2f}B parameters, bf16")
    rows = []
    for context in args.context:
        for batch in args.batch:
            row = measure(model, torch, batch, context, args.steps, args.compile)
            if row is None:
                print(f"batch {batch:4d} context {context:5d}: skipped (the KV cache would not fit)")
                continue
            row = {"arch": "llama", "model": "llama3.2_1b_shape", "params": params, **row, "gpu": gpu}
            rows.append(row)
            print(f"batch {batch:4d} context {context:5d}: {row['step_ms']:7.2f} ms/step, "
                  f"{row['tokens_per_s']:9.0f} tok/s, {row['power_w_median']:5.0f} W, "
                  f"{row['joules_per_token'] * 1e3:8.2f} mJ/token, {row['achieved_tbs']:.2f} TB/s")  # fmt: skip
            torch.cuda.empty_cache()
    if rows and not args.no_csv:
        with OUT.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        print(f"wrote {OUT.relative_to(ROOT)}: add its manifest row and run `python -m tools.rehash`")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
