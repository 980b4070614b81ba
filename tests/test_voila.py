"""Voila as a real server: every notebook renders as an app and as a deck, without tracebacks.

(Browser tests that move sliders in Chromium come with the browser-test issue.)
"""

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import notebooks

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
    "ja/02_gpu_memory.ipynb": "2,498,560",  # Japanese text reaches the page escaped in JSON
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
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def voila_url():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "voila", str(ROOT / "notebooks"), "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", "--show_tracebacks=False", "--strip_sources=True"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/voila/static/voila.js", timeout=2)
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"voila exited: {process.stderr.read()[-2000:]}")
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("voila did not start within 60 s")
    yield url
    process.terminate()
    process.wait(timeout=20)


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
    assert "Traceback" not in page and "jp-RenderedText\" data-mime-type=\"application/vnd.jupyter.stderr" not in page
    assert "import helpers" not in page and "from helpers import" not in page  # code is hidden


@pytest.mark.parametrize("path", NOTEBOOKS, ids=rel)
def test_notebook_renders_as_slides(voila_url, path):
    page = get(f"{voila_url}/voila/render/{rel(path)}?template=reveal")
    assert page.count("<section") >= 8
    assert KEY_TEXT[rel(path)] in page
