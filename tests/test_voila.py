"""Voila as a real server: every notebook renders as an app and as a deck, without tracebacks; the
students' server (`make start`) serves no solution; the decks' assets are this server's own.

(Browser tests that move sliders in Chromium: tests/test_browser.py.)
"""

import json
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import servers
from tools import notebooks

pytestmark = pytest.mark.browser  # Voila servers: `make check` leaves them out (-m "not browser")
ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = notebooks.notebooks(ROOT / "notebooks")
# What only the teacher's server (make start SOLUTIONS=1) serves: the solutions, in both editions,
# and the masters they are made from.
TEACHER_ONLY = [p for p in NOTEBOOKS if "solutions" in p.parts] + sorted(
    (ROOT / "notebooks" / "exercises" / "masters").glob("*.ipynb")
)
STUDENTS = [p for p in NOTEBOOKS if p not in TEACHER_ONLY]


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
    "03_compute_and_time.ipynb": "days on 10,000 H100 SXM at 40% MFU",
    "04_datacenter_power.ipynb": "300 MW at PUE 1.4 powers 186,741 H100",
    "05_gx_bond_financing.ipynb": "price 99.2715 (MOF: 99.27)",
    "06_datacenter_economics.ipynb": "= 0.0546 of one year",  # the ¥ reaches the page escaped in JSON
    # teaching (issue 6): sheets print their data, solutions their checks
    "teachers_guide.ipynb": " graded questions in ",  # "35 graded questions in 6 sheets": the count grows with the sheets
    "story_deck.ipynb": "300 MW at PUE 1.4 powers 186,741 H100 SXM",
    "exercises/ex1_parameters.ipynb": "Kimi K2: 61 layers",
    "exercises/ex2_memory.ipynb": "H200: 141 GB of memory, 90% usable",
    "exercises/ex3_compute.ipynb": "Kimi K2 was trained on 15.5 T tokens",
    "exercises/ex4_power.ipynb": "DGX H200: 10.2 kW for 8 GPUs",
    "exercises/ex5_financing.ipynb": "GX programme: ¥20 tn over 10 years",
    "exercises/ex6_economics.ipynb": "Base scenario: ¥2 tn over 6 years",
    "exercises/solutions/ex1_parameters_solutions.ipynb": "ex1_q6: correct",
    "exercises/solutions/ex2_memory_solutions.ipynb": "ex2_q6: correct",
    "exercises/solutions/ex3_compute_solutions.ipynb": "ex3_q5: correct",
    "exercises/solutions/ex4_power_solutions.ipynb": "ex4_q6: correct",
    "exercises/solutions/ex5_financing_solutions.ipynb": "ex5_q6: correct",
    "exercises/solutions/ex6_economics_solutions.ipynb": "ex6_q6: correct",
    # their Japanese editions (issue 7): ASCII parts of what they print (the rest reaches the page escaped)
    "ja/teachers_guide.ipynb": "ex6_q1, ex6_q2, ex6_q3, ex6_q4",
    "ja/story_deck.ipynb": "186,741",
    "ja/exercises/ex1_parameters.ipynb": "d_model 7,168",
    "ja/exercises/ex2_memory.ipynb": "512 + 64",
    "ja/exercises/ex3_compute.ipynb": "989.4 TFLOP/s",
    "ja/exercises/ex4_power.ipynb": "PUE 1.7",
    "ja/exercises/ex5_financing.ipynb": "2025-10-21",  # the auction date it prints; "2000" is also an SVG namespace
    "ja/exercises/ex6_economics.ipynb": "70%",
    "ja/exercises/solutions/ex1_parameters_solutions.ipynb": "d_ff 83,200",
    "ja/exercises/solutions/ex2_memory_solutions.ipynb": "1,321 GB",
    "ja/exercises/solutions/ex3_compute_solutions.ipynb": "8.94",
    "ja/exercises/solutions/ex4_power_solutions.ipynb": "1147.5",
    "ja/exercises/solutions/ex5_financing_solutions.ipynb": "96.3909",
    "ja/exercises/solutions/ex6_economics_solutions.ipynb": "83.69",
    # where the money goes (07) and serving (08), with sheet 7
    "07_where_the_money_goes.ipynb": "= 1,000 million GPU-hours",
    "08_serving.ipynb": "the smallest unit an engine can run is 16 GPUs",
    "ja/07_where_the_money_goes.ipynb": "2.10 TWh",  # 8,079 million GPU-hours now reads 80.8億 (issue 13)
    "ja/08_serving.ipynb": "TP2+DP8+EP16",
    "exercises/ex7_budget.ipynb": "budget_compute_multiple: 2.2 (1.2 to 4)",
    "exercises/solutions/ex7_budget_solutions.ipynb": "ex7_q6: correct",
    "ja/exercises/ex7_budget.ipynb": "budget_compute_multiple",
    "ja/exercises/solutions/ex7_budget_solutions.ipynb": "ex7_q6",
}


@pytest.fixture(scope="module")
def voila_url():
    """Voila as `make start SOLUTIONS=1` runs it for the teacher (every notebook, solutions too):
    voila.json (local only, code hidden, no tracebacks, culling, local deck assets) and the offline
    templates in share/jupyter."""
    with servers.voila(ROOT / "notebooks") as (url, _):
        yield url


@pytest.fixture(scope="module")
def classroom_url():
    """Voila as `make start` runs it for a class: the same settings on the students' copy."""
    with servers.voila(servers.classroom()) as (url, _):
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
    """Every stylesheet and script the deck links to is on this server and answers 200, and so does
    every stylesheet and font they load in turn (the format a browser picks: the first woff2 or woff)."""
    page = get(f"{voila_url}/voila/render/01_parameters.ipynb?template=reveal")
    links = re.findall(r'(?:href|src)="([^"#]+\.(?:css|js))"', page)
    assert len(links) >= 5, links
    vendored = [link for link in links if link.startswith(VENDORED)]
    assert {link.split("/")[4] for link in vendored} == {"reveal.js", "jquery", "fontawesome"}, links
    stylesheets = []
    for link in links:
        assert link.startswith("/"), f"not served locally: {link}"
        with urllib.request.urlopen(voila_url + link, timeout=30) as response:
            assert response.status == 200, link
        if link.endswith(".css"):
            stylesheets.append(link)
    fonts = 0
    while stylesheets:
        link = stylesheets.pop()
        css = get(voila_url + link)
        for target in re.findall(r"@import url\(['\"]?([^'\")]+)", css):
            stylesheets.append(urllib.parse.urljoin(link, target))
        for font_face in re.findall(r"@font-face\s*{([^}]*)}", css):  # a browser takes the first woff2 or woff
            urls = re.findall(r"url\(['\"]?([^'\")?#]+)", font_face)
            target = next(url for url in urls if url.endswith((".woff2", ".woff")))
            with urllib.request.urlopen(voila_url + urllib.parse.urljoin(link, target), timeout=30) as response:
                assert response.status == 200, target
                fonts += 1
    assert fonts >= 7  # Font Awesome's three, Source Sans Pro's four


VENDORED = "/voila/static/assets/"  # share/jupyter/voila/templates/base/static/assets


def test_set_up_needs_no_npm():
    """`make start` on a fresh machine: Python and make only (the decks' assets are vendored)."""
    for target in ("start", "slides", "test"):
        plan = subprocess.run(["make", "-n", "--no-print-directory", target], cwd=ROOT, capture_output=True, text=True)
        assert plan.returncode == 0, plan.stderr
        assert "npm" not in plan.stdout, target
    assert (ROOT / "share/jupyter/voila/templates/base/static/assets/reveal.js/LICENSE").exists()


# Solutions stay with the teacher --------------------------------------------------------------
def served_folder(*args: str) -> str:
    """The folder `make start` (with these variables) hands to Voila."""
    plan = subprocess.run(
        ["make", "-n", "--no-print-directory", "start", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert plan.returncode == 0, plan.stderr
    launcher = "/deploy/voila/classroom_guard.py "  # Voila with the classroom guard (Makefile: VOILA)
    command = next(line for line in plan.stdout.splitlines() if launcher in line)
    return command.split(launcher, 1)[1].split()[0]


def test_make_start_serves_solutions_only_when_the_teacher_asks():
    assert served_folder() == "build/classroom/"
    assert served_folder("LANGUAGE=ja") == "build/classroom/ja/"
    assert served_folder("SOLUTIONS=1") == "notebooks/"
    assert served_folder("SOLUTIONS=1", "LANGUAGE=ja") == "notebooks/ja/"


def test_classroom_holds_every_notebook_but_the_solutions():
    root = servers.classroom()
    served = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.ipynb"))
    assert served == sorted(rel(p) for p in STUDENTS)
    assert TEACHER_ONLY and not any(part in ("solutions", "masters") for p in root.rglob("*") for part in p.parts)


def listed(url: str, folder: str = "") -> list[str]:
    """Every path the students' tree shows, walking its folders (the tree page reads this API)."""
    found = []
    for item in json.loads(get(f"{url}/voila/api/contents/{folder}"))["content"]:
        found.append(item["path"])
        if item["type"] == "directory":
            found += listed(url, item["path"])
    return found


def test_classroom_lists_the_sheets_but_no_solution(classroom_url):
    shown = listed(classroom_url)
    assert {rel(p) for p in STUDENTS} <= set(shown)
    assert [path for path in shown if "solutions" in path or "masters" in path] == []


def status(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.mark.parametrize("path", TEACHER_ONLY, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_classroom_refuses_every_solution_by_its_address(classroom_url, path):
    """A student who types a solution's address (or walks up out of the folder) gets no solution."""
    address = path.relative_to(ROOT / "notebooks").as_posix()
    escaped = urllib.parse.quote(f"../../notebooks/{address}", safe="")
    attempts = [
        f"voila/render/{address}",
        f"voila/render/{address}?template=reveal",
        f"voila/tree/{address}",
        f"voila/files/{address}",
        f"voila/api/contents/{address}",
        f"voila/api/contents/{address.rsplit('/', 1)[0]}",
        f"voila/render/{escaped}",
        f"voila/files/{escaped}",
        f"voila/api/contents/{escaped}",
    ]
    title = json.loads(path.read_text(encoding="utf-8"))["metadata"]["title"]  # "Solutions 1: Parameters"
    for attempt in attempts:
        code, body = status(f"{classroom_url}/{attempt}")
        assert code in (403, 404), (attempt, code)
        assert title not in body and KEY_TEXT.get(address, title) not in body, attempt


@pytest.mark.parametrize(
    "path", ["exercises/ex1_parameters.ipynb", "ja/exercises/ex1_parameters.ipynb", "01_parameters.ipynb"]
)
def test_classroom_renders_the_sheets_and_chapters(classroom_url, path):
    page = get(f"{classroom_url}/voila/render/{path}")
    assert KEY_TEXT[path] in page
    assert "Traceback" not in page and 'jp-RenderedText" data-mime-type="application/vnd.jupyter.stderr' not in page
