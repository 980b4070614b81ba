"""Speed of the calculations behind the sliders (prints figures; not a test).

    make benchmark

A slider must answer in well under 0.1 s. In Voila on the 2-core development machine, the builder
of notebook 01 measured 32 ms median from key press to updated summary and 37 ms to updated chart
(Playwright + Chromium, 12 steps); the figures below are the kernel-side part.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

from helpers.calc import catalog
from helpers.calc.params import count_params, dense_params
from helpers.views.builder import ModelBuilder


def timed(label: str, action: Callable[[int], object], repeat: int = 200, unit: float = 1e-3, name: str = "ms") -> None:
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        action(i)
        samples.append(time.perf_counter() - start)
    print(
        f"{label:<58} median {statistics.median(samples) / unit:8.3f} {name}   "
        f"p95 {np.percentile(samples, 95) / unit:8.3f} {name}"
    )


def main() -> None:
    kimi = catalog.model("Kimi K2")
    timed(
        "count_params(Kimi K2 with n_layers changed)",
        lambda i: count_params(kimi.replace(n_layers=40 + i % 40)),
        unit=1e-6,
        name="µs",
    )
    builder = ModelBuilder(preset="Kimi K2")
    layers = builder.controls["n_layers"]
    timed("builder: one slider step (count + summary + HTML chart)", lambda i: setattr(layers, "value", 60 + i % 2))
    d = np.random.default_rng(0).integers(1, 256, 100_000) * 128
    depth = np.random.default_rng(1).integers(8, 256, 100_000)
    timed(
        "dense_params over 100,000 shapes (one vectorised call)",
        lambda i: dense_params(128256, d, depth, d // 128, 8, 13 * d // 4),
        repeat=20,
    )


if __name__ == "__main__":
    main()
