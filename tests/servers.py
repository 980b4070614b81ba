"""Real servers and a real browser for the browser tests and the benchmarks.

``voila(...)`` starts Voila exactly as ``make start`` does (voila.json from the repository root,
share/jupyter on JUPYTER_PATH for the offline templates and the vendored deck assets) on a free
loopback port: on ``classroom()``, the students' copy that ``make start`` serves (no solutions), or
on ``NOTEBOOKS``, what ``make start SOLUTIONS=1`` serves the teacher. ``launch_chromium(...)``
launches Chromium through Playwright. Used by tests/test_browser.py, tests/test_voila.py,
tools/handouts.py and benchmarks/*.py.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"  # the teacher's server (make start SOLUTIONS=1) serves this folder
CLASSROOM = ROOT / "build" / "classroom"  # the students' (make start): NOTEBOOKS without solutions and masters
GUARD = ROOT / "deploy" / "voila" / "classroom_guard.py"  # what make start runs instead of `voila`
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
# Chromium as the machine probe runs it: root in a container needs --no-sandbox; the background
# services would otherwise try to reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OPT_OUT = "SKIP_BROWSER_TESTS"  # set to 1 to skip the browser tests on a machine without Chromium


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen | None = None, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}: {url}") from None
            time.sleep(0.3)
    raise TimeoutError(f"no answer from {url} within {timeout:.0f} s")


def classroom() -> Path:
    """The folder ``make start`` serves the students, (re)built by the Makefile's own ``classroom``
    target: every notebook of notebooks/ linked, the exercise solutions and masters left out."""
    subprocess.run(["make", "--no-print-directory", "-s", "classroom"], cwd=ROOT, check=True)
    return CLASSROOM


def voila_env() -> dict[str, str]:
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(ROOT / "share" / "jupyter"), env.get("JUPYTER_PATH")]))
    env.pop("MPLBACKEND", None)
    return env


@contextlib.contextmanager
def voila(
    target: Path | str = NOTEBOOKS,
    args: Sequence[str] = (),
    config: bool = True,
    log: Path | None = None,
    timeout: float = 120,
    guard: bool = False,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Voila on a free 127.0.0.1 port; yields (base URL, process).

    ``config=False`` runs plain Voila defaults instead (no voila.json, no template override): the
    benchmark's baseline. ``guard=True`` runs it as ``make start`` does, through
    deploy/voila/classroom_guard.py (the queue of kernel starts, the "class is full" page).
    """
    port = free_port()
    cwd = ROOT if config else Path(target).resolve().parent
    env = voila_env() if config else {k: v for k, v in os.environ.items() if k != "JUPYTER_PATH"}
    command = [
        sys.executable,
        *([str(GUARD)] if guard else ["-m", "voila"]),
        str(Path(target).resolve()),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        *args,
    ]
    if not config:  # nothing from the repository: an empty directory is the config search path
        empty = Path(os.environ.get("TMPDIR", "/tmp")) / f"voila-plain-{port}"
        empty.mkdir(exist_ok=True)
        cwd = empty
        command.append(f"--Voila.config_file_paths=['{empty}']")
    out = open(log, "w") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT if log else subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/voila/static/voila.js", process, timeout)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            out.close()


def chromium_path() -> str | None:
    """Debian's Chromium (or $CHROMIUM); None means Playwright's own download, if installed."""
    for candidate in (
        os.environ.get("CHROMIUM"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def launch_chromium(playwright):
    """Chromium, or a RuntimeError that says how to get one."""
    path = chromium_path()
    try:
        return playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
    except Exception as error:  # Playwright's own download is missing too
        raise RuntimeError(
            "No Chromium for the browser tests: install Debian's (`apt-get install chromium fonts-noto-cjk`, "
            "as .ci/run does), or Playwright's (`.venv/bin/python -m playwright install chromium`), or set "
            f"CHROMIUM=/path/to/chrome; {OPT_OUT}=1 skips these tests. ({error})"
        ) from error


def is_local(url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0] if "://" in url else ""
    return host in LOCAL_HOSTS or host.strip("[]") == "::1"


def block_other_hosts(context) -> list[str]:
    """Abort every request that is not to this machine; the list collects what was blocked."""
    blocked: list[str] = []

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return blocked


def widget_outputs(path: Path) -> int:
    """How many widgets the notebook displays (its stored outputs; Voila re-runs it the same way)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return sum(
        "application/vnd.jupyter.widget-view+json" in output.get("data", {})
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


RENDERED_WIDGETS_JS = "() => document.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length"


def wait_rendered(page, path: Path, timeout: float = 120_000) -> None:
    """Voila has executed every cell (its spinner is gone) and the widget manager has drawn every
    widget the notebook displays."""
    page.wait_for_selector("#loading", state="detached", timeout=timeout)
    page.wait_for_function(f"n => ({RENDERED_WIDGETS_JS})() >= n", arg=widget_outputs(path), timeout=timeout)
