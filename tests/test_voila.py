"""Voila as a real server: every notebook renders as an app and as a deck, without tracebacks.

(Browser tests that move sliders in Chromium: tests/test_browser.py.)
"""

import json
import re
import urllib.request
from pathlib import Path

import pytest

import servers
from tools import notebooks

pytestmark = pytest.mark.browser  # Voila servers: `make check` leaves them out (-m "not browser")
ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = notebooks.notebooks(ROOT / "notebooks")


def rel(path: Path) -> str:
    """A notebook's address under notebooks/ (exercise sheets live in subfolders)."""
    return path.relative_to(ROOT / "notebooks").as_posix()


# A result each notebook prints, so a render that silently failed is caught.
KEY_TEXT = {
    "00_introduction.ipynb": "s budget: 0.327",
    "01_parameters.ipynb": "Kimi K2: 1,026,408,209,408 total",
    "02_gpu_memory.ipynb": "would cache 2,498,560: 35.6 times more",
    "02a_memory_evidence.ipynb": "45 measured quantities: ours within",
    "ja/00_introduction.ipynb": "0.327",
    "ja/01_parameters.ipynb": "1,026,408,209,408",
    "ja/02_gpu_memory.ipynb": "2,498,560",  # Japanese text reaches the page escaped in JSON
    "ja/02a_memory_evidence.ipynb": "260,375,552",
    "ja/03_compute_and_time.ipynb": "38,498",
    "ja/04_datacenter_power.ipynb": "186,741",
    "ja/05_gx_bond_financing.ipynb": "99.2715",
    "ja/06_datacenter_economics.ipynb": "0.0546",
    "03_compute_and_time.ipynb": "days on 10,000 H100 at 40% MFU",
    "04_datacenter_power.ipynb": "300 MW at PUE 1.4 powers 186,741 H100",
    "05_gx_bond_financing.ipynb": "price 99.2715 (MOF: 99.27)",
    "06_datacenter_economics.ipynb": "Per year: ¥333.3 bn / year = 0.0546 of one year",
    # teaching (issue 6): sheets print their data, solutions their checks
    "teachers_guide.ipynb": "35 graded questions in 6 sheets",
    "story_deck.ipynb": "300 MW at PUE 1.4 powers 186,741 H200",
    "exercises/ex1_parameters.ipynb": "Kimi K2: 61 layers",
    "exercises/ex2_memory.ipynb": "H200: 141 GB of memory, 90% usable",
    "exercises/ex3_compute.ipynb": "Kimi K2 was trained on 15.5 T tokens",
    "exercises/ex4_power.ipynb": "DGX H200: 10.2 kW for 8 GPUs",
    "exercises/ex5_financing.ipynb": "GX programme: ¥20 tn over 10 years",
    "exercises/ex6_economics.ipynb": "Base scenario: ¥2 tn over 6 years",
    "exercises/solutions/ex1_parameters_solutions.ipynb": "par_q5: correct",
    "exercises/solutions/ex2_memory_solutions.ipynb": "mem_q4: correct",
    "exercises/solutions/ex3_compute_solutions.ipynb": "cmp_q5: correct",
    "exercises/solutions/ex4_power_solutions.ipynb": "pow_q5: correct",
    "exercises/solutions/ex5_financing_solutions.ipynb": "bond_q4: correct",
    "exercises/solutions/ex6_economics_solutions.ipynb": "econ_q6: correct",
    # their Japanese editions (issue 7): ASCII parts of what they print (the rest reaches the page escaped)
    "ja/teachers_guide.ipynb": "ex6_q1, ex6_q2, ex6_q3, ex6_q4",
    "ja/story_deck.ipynb": "186,741",
    "ja/exercises/ex1_parameters.ipynb": "d_model 7,168",
    "ja/exercises/ex2_memory.ipynb": "512 + 64",
    "ja/exercises/ex3_compute.ipynb": "989.4 TFLOP/s",
    "ja/exercises/ex4_power.ipynb": "PUE 1.7",
    "ja/exercises/ex5_financing.ipynb": "<pre>GX",  # its printed line starts the output; "2000" is also an SVG namespace
    "ja/exercises/ex6_economics.ipynb": "70%",
    "ja/exercises/solutions/ex1_parameters_solutions.ipynb": "d_ff 83,200",
    "ja/exercises/solutions/ex2_memory_solutions.ipynb": "1,321 GB",
    "ja/exercises/solutions/ex3_compute_solutions.ipynb": "38,994",
    "ja/exercises/solutions/ex4_power_solutions.ipynb": "1147.5",
    "ja/exercises/solutions/ex5_financing_solutions.ipynb": "96.3909",
    "ja/exercises/solutions/ex6_economics_solutions.ipynb": "83.69",
}


@pytest.fixture(scope="module")
def voila_url():
    """Voila as `make start` runs it: voila.json (local only, code hidden, no tracebacks, culling,
    local deck assets) and the offline templates in share/jupyter."""
    with servers.voila(ROOT / "notebooks") as (url, _):
        yield url


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


def test_tree_lists_every_notebook(voila_url):
    assert "Voilà Home" in get(voila_url)
    listing = json.loads(get(f"{voila_url}/voila/api/contents"))  # what the tree page shows
    assert {item["name"] for item in listing["content"]} >= {rel(p).split("/")[0] for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=rel)
def test_notebook_renders_as_app_without_code_or_traceback(voila_url, path):
    page = get(f"{voila_url}/voila/render/{rel(path)}")
    assert KEY_TEXT[rel(path)] in page
    assert "Traceback" not in page and 'jp-RenderedText" data-mime-type="application/vnd.jupyter.stderr' not in page
    assert "import helpers" not in page and "from helpers import" not in page  # code is hidden


@pytest.mark.parametrize("path", NOTEBOOKS, ids=rel)
def test_notebook_renders_as_slides(voila_url, path):
    page = get(f"{voila_url}/voila/render/{rel(path)}?template=reveal")
    assert page.count("<section") >= 8
    assert KEY_TEXT[rel(path)] in page


def test_config_is_safe_for_a_classroom():
    config = json.loads((ROOT / "voila.json").read_text())
    assert config["Voila"]["ip"] == "127.0.0.1"  # a classroom address only when asked (make start HOST=...)
    assert config["VoilaConfiguration"]["show_tracebacks"] is False
    assert config["VoilaConfiguration"]["strip_sources"] is True
    assert config["MappingKernelManager"]["cull_idle_timeout"] > 0


def test_deck_assets_are_served_locally(voila_url):
    """Every stylesheet and script the deck links to is on this server and answers 200."""
    page = get(f"{voila_url}/voila/render/01_parameters.ipynb?template=reveal")
    links = re.findall(r'(?:href|src)="([^"#]+\.(?:css|js))"', page)
    assert len(links) >= 5, links
    for link in links:
        assert link.startswith("/"), f"not served locally: {link}"
        with urllib.request.urlopen(voila_url + link, timeout=30) as response:
            assert response.status == 200, link
