"""Slider latency in Voila, in Chromium: key press on a slider → output updated (prints figures).

    make bench          (or: .venv/bin/python benchmarks/slider_latency.py [--steps 20])

For each notebook, its main slider is moved with ArrowRight / ArrowLeft in turn. The clock starts in
the page at the keydown event and stops when the output of the slider's widget (every HTML, text and
image in it) equals the settled state for the new value, learned before timing (so a transient
state, such as a cleared output, never stops the clock early). Side by side in the same run and the
same Voila server: a naive version of the same calculation and figure, written the way a notebook
often starts: `ipywidgets.interact` that prints the numbers and draws a new inline matplotlib PNG on
every change. Target: median < 100 ms and p95 < 250 ms for every notebook.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import textwrap
from pathlib import Path

import nbformat
import numpy as np
from nbformat.v4 import new_code_cell, new_notebook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from playwright.sync_api import sync_playwright  # noqa: E402

import servers  # noqa: E402

# notebook -> the main slider's description (the first slider of the page when missing)
MAIN_SLIDER = {
    "01_parameters.ipynb": "Layers",
    "02_gpu_memory.ipynb": "Context (tokens)",
    "03_compute_and_time.ipynb": "GPUs (thousands)",
    "04_datacenter_power.ipynb": "GPUs (thousands)",
    "05_gx_bond_financing.ipynb": "Yield (%)",
    "06_datacenter_economics.ipynb": "Utilisation (%)",
    "07_where_the_money_goes.ipynb": "Price (¥ per GPU-hour)",
    "08_serving.ipynb": "Batch (sequences per GPU)",
}

# The naive twins: the same helpers calculation and the same figure, as interact + print + a new
# matplotlib PNG per change. Each starts from the notebook's default slider value.
NAIVE_SETUP = """\
%matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
from ipywidgets import interact, IntSlider, FloatSlider, SelectionSlider
from helpers.calc import catalog, compute, finance, power
from helpers import data, scenarios
from helpers.views import units
from helpers.calc.params import count_params
"""
NAIVE = {
    "01_parameters.ipynb": """\
kimi = catalog.model("Kimi K2")

@interact(layers=IntSlider(value=kimi.n_layers, min=1, max=512, description="Layers"))
def show(layers):
    count = count_params(kimi.replace(n_layers=layers))
    print(f"Total: {units.params_text(count.total)} parameters ({count.total:,}), {count.total / 1e12:.1%} of one trillion")
    parts = count.breakdown()
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.barh(list(parts), [v / 1e9 for v in parts.values()], color="#0072B2")
    ax.set_xlabel("billion parameters")
    ax.set_title(f"Kimi K2 shape: {units.params_text(count.total)} parameters by component")
    plt.show()
""",
    "02_gpu_memory.ipynb": """\
from helpers.calc import memory
kimi = catalog.model("Kimi K2")
contexts = [512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072]

@interact(seq=SelectionSlider(options=contexts, value=4096, description="Context (tokens)"))
def show(seq):
    need = memory.inference_memory(kimi, 1, seq)
    parts = {"weights": need.weights / 8, "KV cache": need.kv_cache / 8}
    print(f"{units.bytes_text(sum(parts.values()))} per GPU; fewest H100: {memory.gpus_needed(kimi, 'H100', seq=seq)}")
    fig, ax = plt.subplots(figsize=(7, 1.6))
    left = 0
    for (label, b), colour in zip(parts.items(), ("#0072B2", "#D55E00")):
        ax.barh([0], [b / 1e9], left=left, color=colour, label=label)
        left += b / 1e9
    ax.axvline(72, color="black", ls="--")
    ax.legend(fontsize=7)
    ax.set_title("Kimi K2, inference: memory of one GPU (GB)")
    plt.show()
""",
    "03_compute_and_time.ipynb": """\
dense_flops = float(compute.training_flops(catalog.model("Megatron GPT 1T"), float(compute.chinchilla_optimal_tokens(1e12)), seq=4096))
moe_flops = float(compute.training_flops(catalog.model("Kimi K2"), 15.5e12, seq=4096))

@interact(n_gpus=IntSlider(value=10, min=1, max=100, description="GPUs (thousands)"))
def show(n_gpus):
    days = [float(compute.training_days(f, n_gpus * 1000, gpu="H100 SXM", mfu=0.4, precision="bf16")) for f in (dense_flops, moe_flops)]
    print(f"Dense 1T: {days[0]:,.0f} days; MoE 1T: {days[1]:,.0f} days on {n_gpus}k H100")
    fig, ax = plt.subplots(figsize=(7, 2.2))
    ax.barh(["Dense 1T", "MoE 1T"], days, color=["#0072B2", "#56B4E9"])
    ax.set_title(f"Days on {n_gpus:,}k H100 SXM at 40% MFU (bf16)")
    plt.show()
""",
    "04_datacenter_power.ipynb": """\
@interact(n_gpus=IntSlider(value=20, min=1, max=200, description="GPUs (thousands)"))
def show(n_gpus):
    chain = power.power_chain(n_gpus * 1000, gpu="H100 SXM", utilisation=0.9, pue=1.4)
    parts = {"GPU boards": chain.gpu_mw, "rest of the servers": chain.server_mw, "cooling and losses (PUE)": chain.cooling_mw}
    print(f"total {sum(parts.values()):,.1f} MW")
    fig, ax = plt.subplots(figsize=(7, 1.6))
    left = 0
    for (label, mw), colour in zip(parts.items(), ("#0072B2", "#56B4E9", "#E69F00")):
        ax.barh([0], [mw], left=left, color=colour, label=label)
        left += mw
    ax.set_xlim(0, max(300, left))
    ax.legend(fontsize=7)
    ax.set_title(f"{n_gpus:,}k H100 SXM: power from the grid")
    plt.show()
""",
    "05_gx_bond_financing.ipynb": """\
facts = data.load("facts").set_index("id")["value"]
plan = data.load("gx_redemption").set_index("id")["value"]
issued = np.array([facts[f"gx_issuance_fy{fy}_jpy"] for fy in (2023, 2024, 2025)])
issuance = np.concatenate([issued, np.full(7, 2.25e12)])

@interact(yield_pct=FloatSlider(value=1.7, min=0, max=5, step=0.05, description="Yield (%)"))
def show(yield_pct):
    p = finance.gx_path(issuance, yield_pct, 0.5e12, 0.0, 0.5e12, 0.0, int(plan["fossil_fuel_levy_start_fy"]), int(plan["allowance_auction_start_fy"]))
    print(f"Interest FY2023-2050: {units.yen_text(p.total_interest_jpy, digits=3)}")
    fig, ax = plt.subplots(figsize=(8, 3))
    for label, y in (("Outstanding debt", p.outstanding_jpy), ("Issued so far", np.cumsum(p.issuance_jpy)),
                     ("Revenue", p.revenue_jpy), ("Interest", p.interest_jpy)):
        ax.plot(p.fiscal_years, y / 1e12, label=label)
    ax.legend(fontsize=7)
    ax.set_title("GX Economic Transition Bonds: scenario path")
    plt.show()
""",
    "06_datacenter_economics.ipynb": """\
base = scenarios.datacentre()

@interact(utilisation=FloatSlider(value=base.utilisation_pct, min=0, max=100, step=1, description="Utilisation (%)"))
def show(utilisation):
    dc = base.replace(utilisation_pct=utilisation)
    r = finance.datacenter_cashflows(dc)
    n = finance.summary(dc)
    print(f"NPV: {units.yen_text(n['npv_jpy'], digits=3)}; IRR {n['irr']:.1%}")
    fig, ax = plt.subplots(figsize=(8, 3))
    for label, y in (("Cumulative cash flow", np.cumsum(r.cashflow_jpy)), ("Revenue", r.revenue_jpy), ("Capex", r.capex_jpy)):
        ax.plot(r.fiscal_years, y / 1e12, label=label)
    ax.legend(fontsize=7)
    ax.set_title("Data-centre scenario: yearly yen")
    plt.show()
""",
}

# In the page: the state of the widget that holds a slider (all its HTML, text and images), and a
# watcher that stamps the time the state first equals a target after a keydown.
PAGE_JS = """
window.__top = (handle) => {
    let el = handle, top = handle;
    while (el) { if (el.classList && el.classList.contains('jupyter-widgets')) top = el; el = el.parentElement; }
    return top;
};
window.__state = (top) => [...top.querySelectorAll('.widget-html, .widget-output, img')].map(
    e => e.tagName === 'IMG' ? e.src.slice(-64) : (e.classList.contains('widget-output') ? e.innerText : e.innerHTML)).join('|');
document.addEventListener('keydown', () => { window.__t0 = performance.now(); }, true);
window.__arm = (top, target) => {
    window.__t1 = null;
    const check = () => {
        if (window.__t1 === null && window.__state(top) === target) { window.__t1 = performance.now(); observer.disconnect(); }
    };
    const observer = new MutationObserver(check);
    observer.observe(top, {subtree: true, childList: true, attributes: true, characterData: true});
    window.__observer = observer;
};
true;  // (Playwright would call a function that the script evaluates to)
"""


def naive_notebooks(folder: Path) -> dict[str, Path]:
    made = {}
    for name, code in NAIVE.items():
        nb = new_notebook(cells=[new_code_cell(NAIVE_SETUP), new_code_cell(textwrap.dedent(code))])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = folder / f"naive_{name}"
        nbformat.write(nb, path)
        made[name] = path
    return made


def measure(browser, url: str, description: str | None, steps: int) -> list[float]:
    """One fresh browser context per page: a page left open keeps its connections to the server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        return _measure(context.new_page(), url, description, steps)
    finally:
        context.close()


def _measure(page, url: str, description: str | None, steps: int) -> list[float]:
    page.goto(url, timeout=180_000)
    page.wait_for_selector("#loading", state="detached", timeout=180_000)
    page.wait_for_selector(".widget-slider .noUi-handle", timeout=60_000)
    page.wait_for_timeout(1500)  # let the first render settle
    page.evaluate(PAGE_JS)
    if description:
        label = page.locator(".widget-slider .widget-label").filter(has_text=description).first
        handle = label.locator("xpath=..").locator(".noUi-handle")
    else:
        handle = page.locator(".widget-slider .noUi-handle").first
    handle.evaluate("h => { window.__topEl = window.__top(h); }")
    handle.focus()

    def settle(key: str) -> str:
        page.keyboard.press(key)
        page.wait_for_timeout(2000)
        return page.evaluate("() => window.__state(window.__topEl)")

    state_b = settle("ArrowRight")
    state_a = settle("ArrowLeft")
    if state_a == state_b:
        raise RuntimeError(f"the slider changes nothing it shows: {url}")
    samples = []
    for i in range(steps):
        key, target = ("ArrowRight", state_b) if i % 2 == 0 else ("ArrowLeft", state_a)
        page.evaluate("target => window.__arm(window.__topEl, target)", target)
        page.keyboard.press(key)
        page.wait_for_function("() => window.__t1 !== null", timeout=30_000, polling="raf")
        samples.append(page.evaluate("() => window.__t1 - window.__t0"))
        page.wait_for_timeout(250)
    return samples


def summary(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), float(np.percentile(samples, 95))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--log", type=Path, help="write Voila's log here")
    parser.add_argument("notebooks", nargs="*", help="names of notebooks (default: every numbered one with widgets)")
    args = parser.parse_args(argv)
    results = {}
    mains = args.notebooks or sorted(
        p.name for p in servers.NOTEBOOKS.glob("0*.ipynb") if servers.widget_outputs(p) > 0
    )
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        naive = naive_notebooks(Path(tmp))
        browser = servers.launch_chromium(p)
        # One server serves both: the explainer's notebooks and the naive twins (a copy beside them).
        root = Path(tmp) / "notebooks"
        root.mkdir()
        for name in mains:
            (root / name).write_bytes((servers.NOTEBOOKS / name).read_bytes())
        for path in naive.values():
            (root / path.name).write_bytes(path.read_bytes())
        with servers.voila(root, log=args.log) as (url, _):
            for name in mains:
                row = {
                    "ours": summary(measure(browser, f"{url}/voila/render/{name}", MAIN_SLIDER.get(name), args.steps))
                }
                if name in naive:
                    row["naive"] = summary(measure(browser, f"{url}/voila/render/naive_{name}", None, args.steps))
                results[name] = row
                print_row(name, row)
        browser.close()
    verdict = all(r["ours"][0] < 100 and r["ours"][1] < 250 for r in results.values())
    print(f"target median < 100 ms and p95 < 250 ms for every notebook: {'met' if verdict else 'NOT met'}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return results


def print_row(name: str, row: dict) -> None:
    ours = "ours  median {:6.0f} ms  p95 {:6.0f} ms".format(*row["ours"])
    naive = "naive interact+PNG  median {:6.0f} ms  p95 {:6.0f} ms".format(*row["naive"]) if "naive" in row else ""
    print(f"{name:<32} {ours}   {naive}", flush=True)


if __name__ == "__main__":
    print(
        f"Slider latency, Voila in headless Chromium over loopback; {platform.node()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )
    main()
