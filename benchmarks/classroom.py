"""A class opens the app at once, against one Voila server on this machine (prints figures).

    make bench          (or: .venv/bin/python benchmarks/classroom.py [--students 40] [--notebook NB])
    .venv/bin/python benchmarks/classroom.py --scenario burst40     (one burst scenario by name)
    .venv/bin/python benchmarks/classroom.py --scenario all          (every burst scenario, ~40 min)

Each simulated student does what a browser does to show the app, over real HTTP and the kernel's
websocket, on loopback only: GET /voila/render/<notebook> (Voila starts or hands out a kernel and
runs the notebook), then on the kernel's websocket a `kernel_info_request` and the widget manager's
`request_states` (ipywidgets 8's `jupyter.widget.control` comm); "rendered" is when the widget states
have arrived, which is when a browser can draw the sliders. Then each student moves the main slider
once (a comm `update`, as the browser sends) and waits for the summary to change, and leaves.
A student who gets the guard's "class is full" page (HTTP 503) waits its Retry-After and asks
again, as the page does by itself; the time to render counts from the first request.
All start together; every request has a time limit, so the run is bounded.

Without --scenario (what `make bench` runs): plain Voila defaults (no config: a kernel started and
the notebook run per visitor), then ours (`make start PREHEAT=40`: voila.json, the classroom guard,
40 kernels that have already run the notebook). For ours the idle-culling interval is shortened
(20 s instead of voila.json's 900 s) to show the kernels of students who left being freed.

The burst scenarios (benchmarks/README.md, "Bursts: the server never hangs"), each against three
servers in turn: "plain" (Voila defaults), "before" (voila.json with `python -m voila`: our set-up
before the guard) and "guard" (what `make start` runs now, deploy/voila/classroom_guard.py):

    burst40   40 visitors at the same instant, no preheated kernels
    burst80   80 visitors at the same instant, no preheated kernels
    pool60    60 visitors on a pool of 40 preheated kernels (PREHEAT=40), after the pool has filled
    wave2     40 visitors on a pool of 40, then 40 more --wave-gap s later (120 s: when the pool refills)
    reload    10 students each press reload 5 times (the page aborted --reload-every s after each
              request), then wait for the page

For each: rendered count, time to first render p50/p95, the slowest answer of the server to `GET /`
sampled every 0.5 s during the burst, the peak resident memory of the server and its kernels
(sampled every 0.5 s), and whether SIGTERM stops the server within 10 s. A run stops early and
says so when that memory passes --max-gib (16 GiB).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import servers  # noqa: E402

GUARD_MARK = 'data-classroom-guard="full"'  # deploy/voila/classroom_guard.py's FULL_MARK
CONFIG_RE = re.compile(r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>', re.S)
LIMIT_S = 240  # per student, per step


@dataclass
class Student:
    rendered_s: float | None = None
    html_s: float | None = None
    step_ms: float | None = None
    full_pages: int = 0  # "class is full" pages before the page came
    error: str = ""


def message(msg_type: str, channel: str, content: dict, session: str, metadata: dict | None = None) -> str:
    return json.dumps(
        {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "msg_type": msg_type,
                "username": "student",
                "session": session,
                "date": "",
                "version": "5.3",
            },
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "buffers": [],
            "channel": channel,
        }
    )


def decode(frame: str | bytes) -> dict:
    if isinstance(frame, str):
        return json.loads(frame)
    # jupyter_server's binary framing: number of parts, their offsets, the JSON message, buffers
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 * (i + 1) : 4 * (i + 2)], "big") for i in range(count)]
    return json.loads(frame[offsets[0] : offsets[1] if count > 1 else None])


async def receive(ws, predicate, limit: float) -> dict:
    deadline = time.monotonic() + limit
    while True:
        frame = await asyncio.wait_for(ws.read_message(), timeout=max(0.1, deadline - time.monotonic()))
        if frame is None:
            raise ConnectionError("websocket closed")
        msg = decode(frame)
        if predicate(msg):
            return msg


async def student(base: str, notebook: str, slider: str, start: asyncio.Event, out: Student, dwell: float) -> None:
    await start.wait()
    t0 = time.monotonic()
    try:
        client = AsyncHTTPClient()
        while True:  # the guard's full page reloads itself after Retry-After seconds: so does the student
            left = LIMIT_S - (time.monotonic() - t0)
            response = await client.fetch(
                HTTPRequest(f"{base}/voila/render/{notebook}", connect_timeout=left, request_timeout=left),
                raise_error=False,
            )
            if response.code == 503 and GUARD_MARK in response.body.decode(errors="replace"):
                out.full_pages += 1
                wait = float(response.headers.get("Retry-After", "10"))
                if time.monotonic() - t0 + wait > LIMIT_S:
                    raise TimeoutError(f"still the full page after {out.full_pages} tries")
                await asyncio.sleep(wait)
                continue
            response.rethrow()
            break
        out.html_s = time.monotonic() - t0
        kernel = json.loads(CONFIG_RE.search(response.body.decode()).group(1))["kernelId"]
        session = uuid.uuid4().hex
        ws = await websocket_connect(
            f"{base.replace('http', 'ws')}/api/kernels/{kernel}/channels?session_id={session}",
            connect_timeout=LIMIT_S,
            max_message_size=64 * 2**20,
        )
        try:
            ws.write_message(message("kernel_info_request", "shell", {}, session))
            await receive(ws, lambda m: m["header"]["msg_type"] == "kernel_info_reply", LIMIT_S)
            control = uuid.uuid4().hex
            ws.write_message(
                message(
                    "comm_open",
                    "shell",
                    {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                    session,
                    {"version": "1.0.0"},
                )
            )
            ws.write_message(
                message("comm_msg", "shell", {"comm_id": control, "data": {"method": "request_states"}}, session)
            )
            states = await receive(
                ws,
                lambda m: (
                    m["header"]["msg_type"] == "comm_msg"
                    and m["content"].get("data", {}).get("method") == "update_states"
                ),
                LIMIT_S,
            )
            out.rendered_s = time.monotonic() - t0
            # One step of the main slider, as the browser sends it; wait for the summary to change.
            models = states["content"]["data"]["states"]
            slider_id = next(
                k
                for k, s in models.items()
                if s["state"].get("description") == slider and s["model_name"].endswith("SliderModel")
            )
            value = models[slider_id]["state"]["value"]
            t1 = time.monotonic()
            ws.write_message(
                message(
                    "comm_msg",
                    "shell",
                    {
                        "comm_id": slider_id,
                        "data": {"method": "update", "state": {"value": value + 1}, "buffer_paths": []},
                    },
                    session,
                )
            )
            await receive(
                ws,
                lambda m: (
                    m["header"]["msg_type"] == "comm_msg"
                    and "t-summary" not in m["content"]["comm_id"]
                    and m["content"].get("data", {}).get("method") == "update"
                    and "Total:" in str(m["content"]["data"].get("state", {}).get("value", ""))
                ),
                LIMIT_S,
            )
            out.step_ms = (time.monotonic() - t1) * 1000
            await asyncio.sleep(dwell)
        finally:
            ws.close()
    except Exception as error:  # counted, reported
        out.error = f"{type(error).__name__}: {error}"[:160]


def proportional(pid: int, rss: int) -> int:
    """A process's proportional set size in bytes (Linux), or its RSS where that cannot be read."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss


class Memory:
    """Resident memory of a process and its children, sampled in a thread."""

    def __init__(self, pid: int, limit_mib: float = float("inf")) -> None:
        self.process = psutil.Process(pid)
        self.samples: list[tuple[float, float, int]] = []  # (time, MiB, kernels)
        self.limit_mib = limit_mib
        self.pss: list[float] = []  # proportional MiB, one per sample
        self.over = threading.Event()  # set once the memory passed limit_mib: the run stops
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def now(self) -> tuple[float, int]:
        mib, kernels, _ = self.measure()
        return mib, kernels

    def measure(self) -> tuple[float, int, float]:
        """Resident MiB (each process's RSS, shared libraries counted in every process), kernels,
        and proportional MiB (PSS: a shared page split between the processes that map it, so the
        sum is the physical memory they take; Linux /proc/PID/smaps_rollup, else RSS)."""
        total, kernels, pss = 0.0, 0, 0.0
        try:
            procs = [self.process, *self.process.children(recursive=True)]
        except psutil.Error:
            return 0.0, 0, 0.0
        for proc in procs:
            try:
                rss = proc.memory_info().rss
                total += rss
                kernels += "ipykernel" in " ".join(proc.cmdline())
                pss += proportional(proc.pid, rss)
            except psutil.Error:
                pass
        return total / 2**20, kernels, pss / 2**20

    def _run(self) -> None:
        while not self._stop.is_set():
            mib, kernels, pss = self.measure()
            self.samples.append((time.monotonic(), mib, kernels))
            self.pss.append(pss)
            if mib > self.limit_mib:
                self.over.set()
            self._stop.wait(0.5)

    def kernels_quiet(self, count: int, limit: float) -> bool:
        """Wait until ``count`` kernels run and all of them have used < 2% CPU for 3 s in a row
        (a preheated kernel has finished running the notebook)."""
        deadline, quiet, known = time.monotonic() + limit, 0, {}
        while time.monotonic() < deadline:
            try:
                kernels = [
                    known.setdefault(p.pid, p)
                    for p in self.process.children(recursive=True)
                    if "ipykernel" in " ".join(p.cmdline())
                ]
                busy = sum(k.cpu_percent(interval=None) for k in kernels)  # since the last call, per process
            except psutil.Error:
                time.sleep(1)
                continue
            quiet = quiet + 1 if len(kernels) >= count and busy < 2 * len(kernels) / 100 + 2 else 0
            if quiet >= 3:
                return True
            time.sleep(1)
        return False

    def peak(self, since: float = 0.0) -> float:
        return max((m for t, m, _ in self.samples if t >= since), default=0.0)

    def peak_pss(self, since: float = 0.0) -> float:
        return max((p for (t, _, _), p in zip(self.samples, self.pss, strict=False) if t >= since), default=0.0)

    def peak_kernels(self, since: float = 0.0) -> int:
        return max((k for t, _, k in self.samples if t >= since), default=0)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class Probe:
    """``GET /`` every 0.5 s in a thread of its own (the tree page a student sees first): the
    slowest answer while it runs; a request unanswered after 60 s counts as 60 s."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.times: list[float] = []
        self.failures = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            t = time.monotonic()
            try:
                with urllib.request.urlopen(f"{self.base}/", timeout=60) as response:
                    response.read()
            except OSError:
                self.failures += 1
            self.times.append(time.monotonic() - t)
            self._stop.wait(0.5)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join(70)
        return max(self.times, default=float("nan"))


async def reloading_student(
    base: str, notebook: str, slider: str, start: asyncio.Event, out: Student, reloads: int, every: float
) -> None:
    """A student who presses reload ``reloads`` times, ``every`` seconds apart: each time the
    browser drops the page it was loading (the connection closes) and asks again; then waits for
    the last page as ``student`` does."""
    await start.wait()
    t0 = time.monotonic()
    host, port = base.split("://", 1)[1].split(":")
    for _ in range(reloads):
        try:
            reader, writer = await asyncio.open_connection(host, int(port))
            writer.write(f"GET /voila/render/{notebook} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
            await writer.drain()
            await asyncio.sleep(every)
            writer.close()
        except OSError as error:
            out.error = f"reload: {type(error).__name__}: {error}"[:160]
    last = asyncio.Event()
    last.set()
    t_last = time.monotonic()
    await student(base, notebook, slider, last, out, 1.0)
    if out.rendered_s is not None:  # from the first press of the student, not the last
        out.rendered_s += t_last - t0


async def classroom(base: str, notebook: str, slider: str, students: int, dwell: float) -> list[Student]:
    AsyncHTTPClient.configure(None, max_clients=students)
    start = asyncio.Event()
    results = [Student() for _ in range(students)]
    tasks = [asyncio.create_task(student(base, notebook, slider, start, r, dwell)) for r in results]
    await asyncio.sleep(0.2)
    start.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=2 * LIMIT_S + dwell + 30)
    return results


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


SCENARIOS: dict[str, dict] = {
    "burst40": {"students": 40, "pool": 0},
    "burst80": {"students": 80, "pool": 0},
    "pool60": {"students": 60, "pool": 40},
    "wave2": {"students": 40, "pool": 40, "waves": 2},
    "reload": {"students": 10, "pool": 0, "reloads": 5},
}
SERVER_LABELS = {
    "plain": "plain Voila defaults",
    "before": "voila.json, python -m voila (before the guard)",
    "guard": "make start: voila.json + classroom guard",
}


async def crowd(base: str, notebook: str, args, scenario: dict, memory: Memory) -> tuple[list[Student], bool]:
    """Every student of the scenario, in its waves; stops them all if the memory passes the limit."""
    waves, n = scenario.get("waves", 1), scenario["students"]
    AsyncHTTPClient.configure(None, max_clients=n * waves)
    results = [Student() for _ in range(n * waves)]
    starts = [asyncio.Event() for _ in range(waves)]
    if scenario.get("reloads"):
        every = args.reload_every
        tasks = [
            asyncio.create_task(
                reloading_student(base, notebook, args.slider, starts[0], r, scenario["reloads"], every)
            )
            for r in results
        ]
    else:
        tasks = [
            asyncio.create_task(student(base, notebook, args.slider, starts[i // n], r, args.dwell))
            for i, r in enumerate(results)
        ]
    everyone = asyncio.gather(*tasks)
    await asyncio.sleep(0.2)
    t0 = time.monotonic()
    for wave, start in enumerate(starts):
        await asyncio.sleep(max(0.0, t0 + wave * args.wave_gap - time.monotonic()))
        start.set()
    deadline = time.monotonic() + 2 * LIMIT_S + args.dwell + 30
    while not everyone.done() and time.monotonic() < deadline:
        if memory.over.is_set():
            everyone.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await everyone
            return results, True
        await asyncio.sleep(0.5)
    if not everyone.done():
        everyone.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await everyone
    return results, False


def sigterm_stop(process: subprocess.Popen, limit: float = 10.0) -> float | None:
    """Seconds from SIGTERM to the server's exit, or None if it still ran after ``limit`` seconds
    (then it is killed). Kernels left behind are killed either way."""
    try:
        kernels = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        kernels = []
    t0 = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=limit)
        stopped: float | None = time.monotonic() - t0
    except subprocess.TimeoutExpired:
        stopped = None
        process.kill()
        process.wait()
    for kernel in kernels:
        with contextlib.suppress(psutil.Error):
            kernel.kill()
    return stopped


def burst(name: str, server: str, args, notebook_path: Path) -> dict:
    """One burst scenario against one server (see the module's docstring)."""
    scenario = SCENARIOS[name]
    log = Path(tempfile.gettempdir()) / f"classroom-{name}-{server}.log"
    extra: list[str] = []
    if scenario["pool"]:
        extra = [
            "--preheat_kernel=True",
            f"--VoilaKernelManager.kernel_pools_config={{'default': {{'pool_size': 0}}, "
            f"'{notebook_path.name}': {{'pool_size': {scenario['pool']}}}}}",
        ]
    row: dict = {"scenario": name, "server": server, "label": SERVER_LABELS[server], "load_before": os.getloadavg()[0]}
    started = time.monotonic()
    with servers.voila(
        notebook_path.parent, extra, config=server != "plain", guard=server == "guard", log=log, timeout=300
    ) as (url, process):
        memory = Memory(process.pid, args.max_gib * 1024)
        if scenario["pool"]:
            if not memory.kernels_quiet(scenario["pool"], 900):
                raise RuntimeError("the pool of preheated kernels did not fill within 15 minutes")
            row["pool_fill_s"] = time.monotonic() - started
        probe = Probe(url)
        t_class = time.monotonic()
        results, stopped_early = asyncio.run(crowd(url, notebook_path.name, args, scenario, memory))
        row["burst_s"] = time.monotonic() - t_class
        row["slowest_root_s"] = probe.stop()
        row["root_failures"] = probe.failures
        row["peak_mib"] = memory.peak(t_class)
        row["peak_pss_mib"] = memory.peak_pss(t_class)
        row["peak_kernels"] = memory.peak_kernels(t_class)
        row["stopped_at_limit"] = stopped_early
        memory.stop()
        render_figures(row, results)
        row.update(
            full_pages=sum(r.full_pages for r in results),
            students_with_full_page=sum(r.full_pages > 0 for r in results),
        )
        row["sigterm_s"] = sigterm_stop(process)
    return row


def render_figures(row: dict, results: list[Student]) -> list[float]:
    """Put the figures every scenario reports in ``row`` (rendered, p50/p95, slowest, errors) and return
    the render times."""
    rendered = [r.rendered_s for r in results if r.rendered_s is not None]
    row.update(
        rendered=len(rendered),
        students=len(results),
        p50=pct(rendered, 50),
        p95=pct(rendered, 95),
        last=max(rendered, default=float("nan")),
        errors=sorted({r.error for r in results if r.error}),
    )
    return rendered


def burst_report(row: dict) -> None:
    stop = f"{row['sigterm_s']:.1f} s" if row["sigterm_s"] is not None else "NOT within 10 s (killed)"
    print(
        f"{row['scenario']} / {row['label']}: {row['rendered']}/{row['students']} rendered"
        f"{' (STOPPED: memory passed the limit)' if row['stopped_at_limit'] else ''}; time to first render "
        f"p50 {row['p50']:.1f} s, p95 {row['p95']:.1f} s, last {row['last']:.1f} s; "
        f"{row['full_pages']} full pages to {row['students_with_full_page']} students; slowest GET / "
        f"{row['slowest_root_s']:.1f} s ({row['root_failures']} failed); peak {row['peak_mib'] / 1024:.2f} GiB "
        f"(PSS {row['peak_pss_mib'] / 1024:.2f} GiB), "
        f"{row['peak_kernels']} kernels; SIGTERM stop {stop}"
        + (f"; pool filled {row['pool_fill_s']:.0f} s after start" if "pool_fill_s" in row else "")
        + f"; load {row['load_before']:.1f} before",
        flush=True,
    )
    if row["errors"]:
        print(f"    errors: {row['errors'][:4]}", flush=True)


def bursts(args, notebook_path: Path) -> list[dict]:
    names = list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    rows = []
    for name in names:
        for server in args.servers.split(","):
            if SCENARIOS[name]["pool"] and server == "plain":
                continue  # a pool needs our voila.json's settings; "plain" has none
            rows.append(burst(name, server, args, notebook_path))
            burst_report(rows[-1])
            if args.json:
                args.json.write_text(json.dumps(rows, indent=1))
    return rows


def run(label: str, config: bool, args, notebook_path: Path) -> dict:
    log = Path(tempfile.gettempdir()) / f"classroom-{label}.log"
    extra: list[str] = []
    if config:
        extra = [
            "--preheat_kernel=True",
            f"--VoilaKernelManager.kernel_pools_config={{'default': {{'pool_size': 0}}, "
            f"'{notebook_path.name}': {{'pool_size': {args.students}}}}}",
            f"--MappingKernelManager.cull_idle_timeout={args.cull}",
            "--MappingKernelManager.cull_interval=5",
        ]
    started = time.monotonic()
    with servers.voila(notebook_path.parent, extra, config=config, guard=config, log=log, timeout=300) as (
        url,
        process,
    ):
        memory = Memory(process.pid)
        row: dict = {"label": label}
        if config:  # wait for the pool: the teacher starts the server before the class arrives
            if not memory.kernels_quiet(args.students, 900):
                raise RuntimeError("the pool of preheated kernels did not fill within 15 minutes")
            row["pool_fill_s"] = time.monotonic() - started
            row["idle_mib"] = memory.now()[0]
        t_class = time.monotonic()
        results = asyncio.run(classroom(url, notebook_path.name, args.slider, args.students, args.dwell))
        row["peak_mib"] = memory.peak(t_class)
        row["peak_pss_mib"] = memory.peak_pss(t_class)
        rendered = render_figures(row, results)
        steps = [r.step_ms for r in results if r.step_ms is not None]
        row.update(step_p50=pct(steps, 50), step_p95=pct(steps, 95))
        row["kernels_after_class"] = memory.now()[1]
        if config:  # every student has left: idle culling frees their kernels (the pool refills)
            t_left = time.monotonic()
            deadline = t_left + args.cull + 180
            while log.read_text().count("Culling 'idle' kernel") < len(rendered) and time.monotonic() < deadline:
                time.sleep(1)
            row["culled"] = log.read_text().count("Culling 'idle' kernel")
            row["cull_s"] = time.monotonic() - t_left
            row["mib_after_cull"], row["kernels_after_cull"] = memory.now()
        memory.stop()
    return row


def report(row: dict) -> None:
    print(
        f"{row['label']}: {row['rendered']}/{row['students']} rendered; time to first render p50 {row['p50']:.1f} s, "
        f"p95 {row['p95']:.1f} s, last {row['last']:.1f} s; one slider step under load p50 {row['step_p50']:.0f} ms, "
        f"p95 {row['step_p95']:.0f} ms; server memory peak {row['peak_mib'] / 1024:.2f} GiB "
        f"(PSS {row['peak_pss_mib'] / 1024:.2f} GiB)",
        flush=True,
    )
    if "pool_fill_s" in row:
        print(
            f"    pool of {row['students']} preheated kernels ready {row['pool_fill_s']:.0f} s after start, "
            f"{row['idle_mib'] / 1024:.2f} GiB before the class; after the class: {row['culled']} idle kernels culled "
            f"within {row['cull_s']:.0f} s of the students leaving, {row['kernels_after_cull']} kernels "
            f"({row['mib_after_cull'] / 1024:.2f} GiB) then (the pool refills after voila.json's fill_delay)",
            flush=True,
        )
    if row["errors"]:
        print(f"    errors: {row['errors'][:5]}")


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--notebook", default="01_parameters.ipynb")
    parser.add_argument("--slider", default="Layers", help="the main slider's description")
    parser.add_argument("--dwell", type=float, default=5.0, help="seconds each student stays after rendering")
    parser.add_argument("--cull", type=int, default=20, help="idle seconds before a kernel is culled (ours)")
    parser.add_argument("--only", choices=("plain", "ours"))
    parser.add_argument("--scenario", choices=(*SCENARIOS, "all"), help="run one burst scenario (or all) instead")
    parser.add_argument(
        "--servers", default="plain,before,guard", help="which servers the bursts run against (comma-separated)"
    )
    parser.add_argument("--wave-gap", type=float, default=120.0, help="seconds between the two waves (wave2)")
    parser.add_argument("--reload-every", type=float, default=1.0, help="seconds between reloads (reload)")
    parser.add_argument("--max-gib", type=float, default=16.0, help="stop a burst when the server passes this")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    print(
        f"Classroom load: {args.students} students at once, {args.notebook}, one Voila server over loopback; "
        f"{platform.node()}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
        f"load average {os.getloadavg()[0]:.1f} at start",
        flush=True,
    )
    rows = []
    path = servers.NOTEBOOKS / args.notebook
    if args.scenario:
        return bursts(args, path)
    for label, config in (("plain Voila defaults", False), ("ours (voila.json + guard + PREHEAT)", True)):
        if args.only and (args.only == "ours") != config:
            continue
        rows.append(run(label, config, args, path))
        report(rows[-1])
    if len(rows) == 2:
        plain, ours = rows
        print(
            f"p95 ours / plain = {ours['p95'] / plain['p95']:.2f} (target ≤ 0.25); ours p95 {ours['p95']:.1f} s "
            f"(target < 15 s); rendered {ours['rendered']}/{ours['students']} (target all)"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return rows


if __name__ == "__main__":
    main()
