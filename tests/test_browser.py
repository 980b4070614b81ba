"""The notebooks in a real Chromium: Voila apps, reveal.js decks, and JupyterLab.

One Voila server (started as `make start` starts it, with voila.json) and one browser for the
module. Every page is loaded with requests to any host but this machine blocked, and the test
asserts that none was attempted: the app and the decks work with no network.

Needs Chromium: Debian's /usr/bin/chromium (.ci/run installs it), $CHROMIUM, or Playwright's own
(`.venv/bin/python -m playwright install chromium`). Without one the tests fail with that advice;
SKIP_BROWSER_TESTS=1 skips them on purpose.

The same visits check the look (issue 16): an axe-core audit of every page (app, deck, landing page)
with no serious or critical violation, <html lang="ja"> on the Japanese edition, dollar amounts shown
as dollars (not LaTeX), prose within the reading measure at 1366 px and no sideways scrolling at
820 px, and Prev/Next links to the right neighbour.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np
import pytest
from axe_playwright_python.sync_playwright import Axe  # the test extra installs it (axe-core)
from playwright.sync_api import expect, sync_playwright  # the test extra installs it

import servers
from helpers import data, i18n, scenarios
from helpers.calc import catalog, compute, finance, memory, power
from helpers.calc.params import count_params
from helpers.views import finance_explorers as finance_views
from helpers.views import units
from tools import frontdoor, notebooks

pytestmark = pytest.mark.browser  # Chromium: `make check` leaves these out (-m "not browser")
ALL = notebooks.notebooks(servers.NOTEBOOKS)
DECKS = [p for p in ALL if "exercises" not in p.parts]  # chapters (and translations), guide, story deck
NAME = lambda p: str(p.relative_to(servers.NOTEBOOKS))  # noqa: E731
# Voila 0.5's reveal bundle calls MathJax 2's `MathJax.Hub` on every slide change, but Voila loads no
# MathJax 2 (static/reveal.js: `window.MathJax ... ve.Hub.getAllJax`); harmless, the slide changes.
KNOWN_JS_ERRORS = {"Cannot read properties of undefined (reading 'Hub')"}
ERRORS_JS = """() => {
    const text = document.body.innerText;
    return {
        stderr: document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]').length,
        voila_error: /There was an error when executing cell|Traceback \\(most recent call last\\)/.test(text),
        problems: [...document.querySelectorAll('.t-message')].map(e => e.innerText.trim()).filter(Boolean),
    };
}"""


@pytest.fixture(scope="module")
def browser():
    if os.environ.get(servers.OPT_OUT):
        pytest.skip(f"{servers.OPT_OUT} is set")
    with sync_playwright() as p:
        try:
            chromium = servers.launch_chromium(p)
        except RuntimeError as error:
            pytest.fail(str(error))
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def voila_url(browser):
    with servers.voila(servers.NOTEBOOKS) as (url, _):
        yield url


def offline(browser):
    """A fresh page whose requests to other hosts are aborted: (context, page, blocked, JS errors)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    blocked = servers.block_other_hosts(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, blocked, errors


@pytest.fixture
def offline_page(browser):
    """An offline page; after the test, it may have needed no network and raised no unknown JS error."""
    context, page, blocked, errors = offline(browser)
    yield page
    context.close()
    assert blocked == [], f"the page needed the network: {blocked}"
    assert [e for e in errors if e not in KNOWN_JS_ERRORS] == [], f"JavaScript errors: {errors}"


def open_app(page, url: str, path, query: str = ""):
    page.goto(f"{url}/voila/render/{NAME(path)}{query}", timeout=120_000)
    servers.wait_rendered(page, path)


def assert_no_error_output(page):
    found = page.evaluate(ERRORS_JS)
    assert found == {"stderr": 0, "voila_error": False, "problems": []}, found


SLIDE_INDEX_JS = """() => [...document.querySelectorAll('.reveal .slides > section')].findIndex(
    s => s.classList.contains('present'))"""


# Main sliders ---------------------------------------------------------------------------------
# For each notebook: the slider's description, the widget whose text shows the result, and the
# text that `helpers` computes from the values all sliders on the page show (by description). The
# test presses ArrowRight once on each, in order.
@dataclass(frozen=True)
class Slider:
    description: str
    result: str  # a CSS class of the output widget, or a text it contains
    expected: Callable[[dict[str, float]], str]


def _kimi(v: dict[str, float]) -> str:
    config = catalog.model("Kimi K2").replace(n_layers=int(v["Layers"]), n_experts=int(v["Routed experts"]))
    return f"{count_params(config).total:,}"


def _memory_per_gpu(v: dict[str, float]) -> str:  # notebook 02's explorer, inference on Kimi K2 in bf16
    t = lambda name: i18n.t(f"mem.control.{name}", "en")  # noqa: E731
    need = memory.inference_memory(catalog.model("Kimi K2"), int(v[t("batch")]), int(v[t("seq")]), "bf16", "bf16")
    return units.bytes_text((need.weights + need.kv_cache) / (v[t("tp")] * v[t("pp")]))


def _dense_flops() -> float:  # notebooks 03 and 04: the 1T dense model on Chinchilla-optimal tokens
    return float(
        compute.training_flops(
            catalog.model("Megatron GPT 1T"), float(compute.chinchilla_optimal_tokens(1e12)), seq=4096
        )
    )


def _training_days(v: dict[str, float]) -> str:
    days = compute.training_days(
        _dense_flops(), int(v["GPUs (thousands)"]) * 1000, gpu="H100 SXM", mfu=v["MFU (%)"] / 100, precision="bf16"
    )
    return f"{days:,.0f} days"


def _facility_mw(v: dict[str, float]) -> str:
    chain = power.power_chain(
        int(v["GPUs (thousands)"]) * 1000, gpu="H100 SXM", utilisation=v["Power drawn (% of rated)"] / 100, pue=1.4
    )
    return f"total {chain.gpu_mw + chain.server_mw + chain.cooling_mw:,.1f} MW"


def _training_gwh(v: dict[str, float]) -> str:
    mwh = power.training_energy_mwh(_dense_flops(), gpu="H100 SXM", mfu=v["MFU (%)"] / 100, utilisation=0.9, pue=1.4)
    return f"{mwh / 1e3:,.1f} GWh"


def _gx_interest(v: dict[str, float]) -> str:
    facts = data.load("facts").set_index("id")["value"]
    plan = data.load("gx_redemption").set_index("id")["value"]
    issued = np.array([facts[f"gx_issuance_fy{fy}_jpy"] for fy in (2023, 2024, 2025)])
    issuance = np.concatenate([issued, np.full(10 - issued.size, v["Issue FY2026-32 (¥tn/yr)"] * 1e12)])
    levy_fy, auction_fy = int(plan["fossil_fuel_levy_start_fy"]), int(plan["allowance_auction_start_fy"])
    path = finance.gx_path(
        issuance,
        v["Yield (%)"],
        v[f"Levy from FY{levy_fy} (¥tn/yr)"] * 1e12,
        v["Levy growth (%/yr)"],
        v[f"Auctions from FY{auction_fy} (¥tn/yr)"] * 1e12,
        v["Auction growth (%/yr)"],
        levy_fy,
        auction_fy,
    )
    return f"Interest FY2023-2050: {units.yen_text(path.total_interest_jpy, digits=3)}"


def _dc_npv(v: dict[str, float]) -> str:
    dc = scenarios.datacentre().replace(
        utilisation_pct=v["Utilisation (%)"], price_jpy_per_gpu_hour=v["Price (¥/GPU-hour)"]
    )
    return f"NPV at {dc.discount_rate_pct:g}%: {finance_views.signed_yen(finance.summary(dc)['npv_jpy'])}"


SLIDERS = {
    "01_parameters.ipynb": [Slider("Layers", ".t-summary", _kimi), Slider("Routed experts", ".t-summary", _kimi)],
    "02_gpu_memory.ipynb": [
        Slider(i18n.t("mem.control.seq", "en"), ".t-memory .t-summary", _memory_per_gpu),
        Slider(i18n.t("mem.control.batch", "en"), ".t-memory .t-summary", _memory_per_gpu),
    ],
    "03_compute_and_time.ipynb": [
        Slider("GPUs (thousands)", "Days on", _training_days),
        Slider("MFU (%)", "Days on", _training_days),
    ],
    "04_datacenter_power.ipynb": [
        Slider("GPUs (thousands)", "power from the grid", _facility_mw),
        Slider("Power drawn (% of rated)", "power from the grid", _facility_mw),
        Slider("MFU (%)", "households for a year", _training_gwh),
    ],
    "05_gx_bond_financing.ipynb": [
        Slider("Yield (%)", ".t-summary", _gx_interest),
        Slider("Issue FY2026-32 (¥tn/yr)", ".t-summary", _gx_interest),
    ],
    "06_datacenter_economics.ipynb": [
        Slider("Utilisation (%)", ".t-summary", _dc_npv),
        Slider("Price (¥/GPU-hour)", ".t-summary", _dc_npv),
    ],
}
# A slider's value as its readout shows it (a selection slider's handle holds an index, not the value).
SLIDER_VALUES_JS = """() => Object.fromEntries([...document.querySelectorAll('.widget-slider')].map(
    s => [s.querySelector('.widget-label').innerText.trim(),
          parseFloat(s.querySelector('.widget-readout').innerText.replace(/,/g, ''))]))"""


def slider(page, description: str):
    label = page.locator(".widget-slider .widget-label").filter(has_text=re.compile(rf"^{re.escape(description)}$"))
    expect(label).to_have_count(1)
    return label.locator("xpath=..")


def result_widget(page, result: str):
    if result.startswith("."):
        return page.locator(result)
    return page.locator(".widget-html").filter(has_text=result).last


def move(page, case: Slider) -> tuple[float, str]:
    """Press ArrowRight on the slider; return its new value and the text helpers expect for the
    values all sliders show now."""
    box = slider(page, case.description)
    handle = box.locator(".noUi-handle")
    before = float(handle.get_attribute("aria-valuetext"))
    handle.focus()
    page.keyboard.press("ArrowRight")
    expect(handle).not_to_have_attribute("aria-valuetext", re.compile(rf"^{re.escape(str(before))}$"))
    value = float(handle.get_attribute("aria-valuetext"))
    assert value > before
    return value, case.expected(page.evaluate(SLIDER_VALUES_JS))


# Rendering every notebook -----------------------------------------------------------------------
# Pages load CONCURRENT at a time (the server runs their kernels side by side), then each page's
# findings are asserted in its own test.
CONCURRENT = 3


def visit_all(browser, url: str, paths, query: str, check) -> dict[str, dict]:
    """Open each notebook offline, wait until rendered, run ``check(page, path)``; findings by name."""
    found: dict[str, dict] = {}
    queue, open_pages = list(paths), []

    def start(path):
        context, page, blocked, errors = offline(browser)
        page.goto(f"{url}/voila/render/{NAME(path)}{query}", wait_until="commit", timeout=120_000)
        return path, context, page, blocked, errors

    while queue or open_pages:
        while queue and len(open_pages) < CONCURRENT:
            open_pages.append(start(queue.pop(0)))
        path, context, page, blocked, errors = open_pages.pop(0)
        report: dict = {}
        try:
            servers.wait_rendered(page, path)
            report = check(page, path)
        except Exception as error:  # reported by the notebook's own test
            report = {"failed": f"{type(error).__name__}: {error}"[:2000]}
        finally:
            context.close()
        report["blocked"] = blocked
        report["js_errors"] = [e for e in errors if e not in KNOWN_JS_ERRORS]
        found[NAME(path)] = report
    return found


# The look (issue 16) ------------------------------------------------------------------------------
AXE = Axe()
BLOCKING = ("serious", "critical")
CATALOGUE = {page["file"]: page for page in frontdoor.catalogue()["pages"]}
PROSE_MAX_PX = 46 * 17 + 2  # the reading measure: 46 em at 17 px (Japanese: 40 em)
TABLET = {"width": 820, "height": 1180}


def audit(page) -> list[str]:
    """axe-core's serious and critical violations: "id (impact): target, target … — help"."""
    results = AXE.run(page, options={"resultTypes": ["violations"]}).response
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:6])}"
        f"{' …' if len(v['nodes']) > 6 else ''} — {v['help']}"
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]


def dollar_amounts(path: Path) -> list[str]:
    """The dollar amounts the notebook's prose states ("$34.6"), as a reader must see them."""
    cells = nbformat.read(path, as_version=4).cells
    text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    return sorted(set(re.findall(r"\$\d[\d,.]*\d|\$\d", text.replace("\\$", "$"))))


LOOK_JS = """(dollars) => {
    const paras = [...document.querySelectorAll('.jp-RenderedMarkdown > p')]
        .filter(p => p.offsetParent !== null && p.innerText.trim().length > 60);
    const markdown = [...document.querySelectorAll('.jp-MarkdownOutput')].map(e => e.textContent).join('\\n');
    const link = (nav, rel) => { const a = nav.querySelector(`a[rel=${rel}]`); return a ? a.getAttribute('href') : ''; };
    return {
        lang: document.documentElement.lang,
        prose_px: Math.max(0, ...paras.map(p => p.getBoundingClientRect().width)),
        prose_font_px: paras.length ? parseFloat(getComputedStyle(paras[0]).fontSize) : 0,
        dollars_missing: dollars.filter(d => !markdown.includes(d)),
        app_hide: [...document.querySelectorAll('.celltag_app-hide')].map(e => e.offsetParent === null),
        pagers: [...document.querySelectorAll('nav.t-pager')].map(n => ({prev: link(n, 'prev'), next: link(n, 'next')})),
    };
}"""
# Voila's page scrolls inside #rendered_cells (a JupyterLab panel), the landing page in the document.
SIDEWAYS_JS = """() => Math.max(...[document.documentElement, document.body, document.getElementById('rendered_cells'),
    document.querySelector('#rendered_cells > div')].filter(Boolean).map(e => e.scrollWidth - e.clientWidth))"""


def look_check(page, path: Path) -> dict:
    report = page.evaluate(LOOK_JS, dollar_amounts(path))
    report["axe"] = audit(page)
    page.set_viewport_size(TABLET)
    page.wait_for_timeout(300)
    report["sideways_px"] = page.evaluate(SIDEWAYS_JS)
    return report


def app_check(page, path: Path) -> dict:
    return {
        "cells": page.locator(".jp-Cell, .jp-OutputArea").count(),
        "errors": page.evaluate(ERRORS_JS),
        "look": look_check(page, path),
    }


@pytest.fixture(scope="module")
def apps(browser, voila_url):
    return visit_all(browser, voila_url, ALL, "", app_check)


NO_ERRORS = {"stderr": 0, "voila_error": False, "problems": []}


@pytest.mark.parametrize("path", ALL, ids=NAME)
def test_app_renders_offline_without_errors(apps, path):
    report = apps[NAME(path)]
    assert "failed" not in report, report.get("failed")
    assert report["cells"] > 0
    assert report["errors"] == NO_ERRORS, report["errors"]
    assert report["blocked"] == [], f"the page needed the network: {report['blocked']}"
    assert report["js_errors"] == [], report["js_errors"]


def edition(path: Path) -> str:
    return "ja" if "ja" in path.relative_to(servers.NOTEBOOKS).parts else "en"


def is_deck(path: Path) -> bool:
    """The notebook opens as a reveal.js deck even without ?template=reveal (the story deck)."""
    return nbformat.read(path, as_version=4).metadata.get("voila", {}).get("template") == "reveal"


@pytest.mark.parametrize("path", ALL, ids=NAME)
def test_app_page_passes_the_accessibility_audit(apps, path):
    report = apps[NAME(path)]
    assert "failed" not in report, report.get("failed")
    assert report["look"]["axe"] == [], "\n".join(report["look"]["axe"])


@pytest.mark.parametrize("path", ALL, ids=NAME)
def test_app_page_reads_well(apps, path):
    """lang="ja" on the Japanese edition; dollar amounts as dollars, not LaTeX; cells tagged app-hide
    hidden; prose within the reading measure at 1366 px (17 px type); nothing to scroll sideways at
    820 px."""
    report = apps[NAME(path)]
    assert "failed" not in report, report.get("failed")
    look = report["look"]
    assert look["lang"] == edition(path)
    assert look["dollars_missing"] == [], f"shown as LaTeX, not as dollars: {look['dollars_missing']}"
    deck = is_deck(path)  # reveal.js leaves out "skip" cells altogether
    tagged = [
        c
        for c in nbformat.read(path, as_version=4).cells
        if "app-hide" in c.metadata.get("tags", [])
        and not (deck and c.metadata.get("slideshow", {}).get("slide_type") == "skip")
    ]
    assert all(look["app_hide"]) and len(look["app_hide"]) >= len(tagged), "a cell tagged app-hide is shown"
    if not deck:  # a slide is measured by reveal.js (tests of the decks below)
        assert 0 < look["prose_px"] <= PROSE_MAX_PX and look["prose_font_px"] >= 16, look
    assert look["sideways_px"] <= 0, f"{look['sideways_px']} px to scroll sideways at 820 px"


PAGED = [p for p in ALL if str(p.relative_to(servers.NOTEBOOKS)).removeprefix("ja/") in CATALOGUE and not is_deck(p)]


@pytest.mark.parametrize("path", PAGED, ids=NAME)
def test_prev_next_lead_to_the_neighbours(apps, path):
    report = apps[NAME(path)]
    assert "failed" not in report, report.get("failed")
    entry = CATALOGUE[str(path.relative_to(servers.NOTEBOOKS)).removeprefix("ja/")]
    prefix = "/voila/render/" + ("ja/" if edition(path) == "ja" else "")
    expected = {key: prefix + entry[key] if entry[key] else "" for key in ("prev", "next")}
    assert report["look"]["pagers"] == [expected, expected]  # at the top and at the bottom


@pytest.mark.parametrize("name", SLIDERS)
def test_main_sliders_show_what_helpers_compute(voila_url, offline_page, name):
    page = offline_page
    open_app(page, voila_url, servers.NOTEBOOKS / name)
    for case in SLIDERS[name]:
        value, expected = move(page, case)
        expect(result_widget(page, case.result)).to_contain_text(expected, timeout=15_000)
    assert_no_error_output(page)


def deck_check(page, path: Path) -> dict:
    page.wait_for_selector(".reveal.ready", timeout=30_000)  # reveal.js initialised
    report = {
        "lang": page.evaluate("() => document.documentElement.lang"),
        "axe": audit(page),
        "slides": page.locator(".reveal .slides > section").count(),
        # the deck's styles came from this machine: reveal's theme is applied
        "font": page.evaluate("() => getComputedStyle(document.querySelector('.reveal')).fontFamily"),
        "first_visible": page.locator(".reveal .slides > section.present").is_visible(),
        "errors": page.evaluate(ERRORS_JS),
        "start": page.evaluate(SLIDE_INDEX_JS),
    }
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => ({SLIDE_INDEX_JS})() === 1", timeout=10_000)
    report["after_arrow"] = page.evaluate(SLIDE_INDEX_JS)
    return report


@pytest.fixture(scope="module")
def decks(browser, voila_url):
    return visit_all(browser, voila_url, DECKS, "?template=reveal", deck_check)


def top_level_slides(path: Path) -> int:
    """How many cells of ``path`` start a slide (slideshow.slide_type "slide"): the deck's top-level slides."""
    cells = nbformat.read(path, as_version=4).cells
    return sum(1 for cell in cells if cell.metadata.get("slideshow", {}).get("slide_type") == "slide")


@pytest.mark.parametrize("path", DECKS, ids=NAME)
def test_deck_has_slides_and_renders_offline(decks, path):
    report = decks[NAME(path)]
    assert "failed" not in report, report.get("failed")
    assert report["slides"] >= top_level_slides(path) >= 5  # every "slide" cell is a slide (the appendix has 6)
    assert report["font"].startswith('"Source Sans Pro"'), report["font"]
    assert report["first_visible"] and report["start"] == 0 and report["after_arrow"] == 1
    assert report["lang"] == edition(path)
    assert report["axe"] == [], "\n".join(report["axe"])
    assert report["errors"] == NO_ERRORS, report["errors"]
    assert report["blocked"] == [], f"the deck needed the network: {report['blocked']}"
    assert report["js_errors"] == [], report["js_errors"]


def test_deck_slider_is_live(voila_url, offline_page):
    """On a slide, a slider still drives the calculation (arrow keys on a focused slider move it,
    not the deck)."""
    page = offline_page
    open_app(page, voila_url, servers.NOTEBOOKS / "01_parameters.ipynb", "?template=reveal")
    page.wait_for_selector(".reveal.ready", timeout=30_000)
    case = SLIDERS["01_parameters.ipynb"][0]
    box = slider(page, case.description)
    index = box.evaluate("""el => [...document.querySelectorAll('.reveal .slides > section')].findIndex(
        s => s.contains(el))""")
    page.evaluate(f"() => {{ location.hash = '#/{index}'; }}")
    page.wait_for_function(f"() => ({SLIDE_INDEX_JS})() === {index}")
    value, expected = move(page, case)
    expect(result_widget(page, case.result)).to_contain_text(expected, timeout=15_000)
    assert page.evaluate(SLIDE_INDEX_JS) == index  # the key moved the slider, not the deck


# The front door ---------------------------------------------------------------------------------
# Voila's tree page at / is the landing page (share/jupyter/voila/templates/lab/tree-lab.html): a
# card per notebook, the exercise sheets, an English / 日本語 switch; /voila/tree/ja the Japanese one.
LANDING = {"en": "", "ja": "voila/tree/ja"}


def landing_links(page) -> list[str]:
    return page.eval_on_selector_all("main a", "as => as.map(a => a.getAttribute('href'))")


@pytest.mark.parametrize("server", ["voila_url", "classroom_url"])  # SOLUTIONS=1, and make start
@pytest.mark.parametrize("lang", LANDING)
def test_landing_page_links_every_notebook(request, offline_page, server, lang):
    url = request.getfixturevalue(server)
    page = offline_page
    page.goto(f"{url}/{LANDING[lang]}", timeout=60_000)
    assert page.evaluate("() => document.documentElement.lang") == lang
    prefix = "/voila/render/" + ("ja/" if lang == "ja" else "")
    links = landing_links(page)
    for entry in CATALOGUE.values():
        assert prefix + entry["file"] in links, entry["file"]
        expect(page.locator(f'a[href="{prefix}{entry["file"]}"]')).to_contain_text(entry["title"][lang])
    served = servers.NOTEBOOKS if server == "voila_url" else servers.CLASSROOM
    root = served / "ja" if lang == "ja" else served
    top = {p.name for p in root.glob("*.ipynb")} | {
        f"exercises/{p.name}" for p in (root / "exercises").glob("ex*.ipynb")
    }
    assert {link.removeprefix(prefix) for link in links if link.startswith(prefix)} == top
    switch = page.locator("nav.t-switch a")
    expect(switch).to_have_count(2)
    expect(page.locator('nav.t-switch a[aria-current="page"]')).to_have_attribute("lang", lang)


@pytest.mark.parametrize("lang", LANDING)
def test_landing_page_passes_the_accessibility_audit(voila_url, offline_page, lang):
    page = offline_page
    page.goto(f"{voila_url}/{LANDING[lang]}", timeout=60_000)
    assert audit(page) == []
    page.set_viewport_size(TABLET)
    assert page.evaluate(SIDEWAYS_JS) <= 0


def test_landing_page_leads_through_the_story(voila_url, offline_page):
    """A reader picks 日本語, opens 00 and follows Next to 01, in Japanese."""
    page = offline_page
    page.goto(voila_url, timeout=60_000)
    page.get_by_role("link", name="日本語").click()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    page.locator('a[href="/voila/render/ja/00_introduction.ipynb"]').click()
    servers.wait_rendered(page, servers.NOTEBOOKS / "ja" / "00_introduction.ipynb")
    page.locator("nav.t-pager-top a[rel=next]").click()
    servers.wait_rendered(page, servers.NOTEBOOKS / "ja" / "01_parameters.ipynb")
    assert page.url.endswith("/voila/render/ja/01_parameters.ipynb")
    expect(page.locator("nav.t-pager-top a.t-pager-contents")).to_have_text("目次")


# JupyterLab -----------------------------------------------------------------------------------
LAB_NOTEBOOK = "01_parameters.ipynb"


@pytest.fixture(scope="module")
def lab_url(browser, tmp_path_factory):
    """`make lab`'s server (jupyter lab --notebook-dir=notebooks) on a copy of a notebook, so a run
    cannot autosave over the repository's file."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(servers.NOTEBOOKS / LAB_NOTEBOOK, root / LAB_NOTEBOOK)
    port, token = servers.free_port(), "browser-test"
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--notebook-dir={root}",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.workspaces_dir={root / '.workspaces'}",
        f"--LabApp.user_settings_dir={root / '.settings'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        servers.wait_for_http(f"{url}/api/status?token={token}", process)
        yield url, token
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_lab_runs_a_notebook_top_to_bottom(lab_url, offline_page):
    url, token = lab_url
    page = offline_page
    page.goto(f"{url}/lab/tree/{LAB_NOTEBOOK}?token={token}&reset", timeout=120_000)
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext",
        timeout=120_000,
    )
    idle = """() => { const w = window.jupyterapp.shell.currentWidget;
                      const k = w.sessionContext.session && w.sessionContext.session.kernel;
                      return k && k.status === 'idle'; }"""
    page.wait_for_function(idle, timeout=120_000)
    # Clear the stored outputs first, so what the test reads is what this run produced.
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function("""() => [...window.jupyterapp.shell.currentWidget.content.model.cells]
        .every(c => c.type !== 'code' || (c.executionCount === null && c.outputs.length === 0))""")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    done = """() => { const w = window.jupyterapp.shell.currentWidget;
        const cells = [...w.content.model.cells].filter(c => c.type === 'code' && c.sharedModel.getSource().trim());
        const k = w.sessionContext.session.kernel;
        return k.status === 'idle' && cells.every(c => c.executionCount !== null) ; }"""
    page.wait_for_function(done, timeout=300_000, polling=500)
    report = page.evaluate("""() => { const w = window.jupyterapp.shell.currentWidget;
        const cells = [...w.content.model.cells].filter(c => c.type === 'code' && c.sharedModel.getSource().trim());
        const outputs = cells.map(c => c.outputs.toJSON());
        return {cells: cells.length,
                with_output: outputs.filter(o => o.length > 0).length,
                errors: outputs.flat().filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
                stderr: outputs.flat().filter(o => o.name === 'stderr').map(o => o.text),
                counts: cells.map(c => c.executionCount)}; }""")
    assert report["errors"] == [] and report["stderr"] == [], report
    assert report["counts"] == list(range(1, report["cells"] + 1)), report["counts"]  # in order, each once
    assert report["with_output"] >= report["cells"] // 2
    # The model builder's widget is live in JupyterLab too.
    case = SLIDERS[LAB_NOTEBOOK][0]
    value, expected = move(page, case)
    expect(result_widget(page, case.result)).to_contain_text(expected, timeout=15_000)


# Solutions stay with the teacher ----------------------------------------------------------------
# `make start` serves the students' copy (build/classroom: no solutions, no masters); a student in
# Chromium sees no solution in the tree and gets "404" for a solution's address, in both editions.
SOLUTIONS = [p for p in ALL if "solutions" in p.parts]


@pytest.fixture(scope="module")
def classroom_url(browser):
    with servers.voila(servers.classroom()) as (url, _):
        yield url


@pytest.mark.parametrize("folder", ["exercises", "ja/exercises"])
def test_student_sees_the_sheets_but_no_solutions_folder(classroom_url, offline_page, folder):
    page = offline_page
    page.goto(classroom_url + ("/voila/tree/ja" if folder.startswith("ja") else ""), timeout=60_000)
    sheets = sorted(p.name for p in (servers.NOTEBOOKS / folder).glob("ex*.ipynb"))
    for name in sheets:  # the landing page's cards
        expect(page.locator(f'a[href="/voila/render/{folder}/{name}"]')).to_have_count(1)
    page.locator(f'a[href="/voila/tree/{folder}"]').click()  # the folder itself, as a list
    for name in sheets:
        expect(page.get_by_text(name, exact=True)).to_be_visible()
    listing = page.locator("body").inner_text()
    assert "solutions" not in listing and "masters" not in listing, listing


@pytest.mark.parametrize("path", SOLUTIONS, ids=NAME)
def test_student_cannot_open_a_solution_by_its_address(classroom_url, offline_page, path):
    page = offline_page
    response = page.goto(f"{classroom_url}/voila/render/{NAME(path)}", timeout=60_000)
    assert response is not None and response.status == 404
    title = nbformat.read(path, as_version=4).metadata["title"]  # "Solutions 1: Parameters", "解答 1 · …"
    text = page.locator("body").inner_text()
    assert "404" in text and title not in text and title not in page.title()
    assert page.locator(".jp-Cell, .jp-OutputArea").count() == 0
