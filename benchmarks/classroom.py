"""A class of 40 opens the app at once, against one Voila server on this machine (prints figures).

    make bench          (or: .venv/bin/python benchmarks/classroom.py [--students 40] [--notebook NB])

Each simulated student does what a browser does to show the app, over real HTTP and the kernel's
websocket, on loopback only: GET /voila/render/<notebook> (Voila starts or hands out a kernel and
runs the notebook), then on the kernel's websocket a `kernel_info_request` and the widget manager's
`request_states` (ipywidgets 8's `jupyter.widget.control` comm); "rendered" is when the widget states
have arrived, which is when a browser can draw the sliders. Then each student moves the main slider
once (a comm `update`, as the browser sends) and waits for the summary to change, and leaves.
All 40 start together; every request has a time limit, so the run is bounded.

Two servers in turn, on the same notebook: plain Voila defaults (no config: a kernel started and
the notebook run per visitor), then ours (voila.json, with `make start PREHEAT=40`: 40 kernels that
have already run the notebook). For ours the idle-culling interval is shortened (20 s instead of
voila.json's 900 s) to show the kernels of students who left being freed. Server memory is the
resident memory of the Voila process and all its kernels, sampled every 0.5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import servers  # noqa: E402

CONFIG_RE = re.compile(r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>', re.S)
LIMIT_S = 240  # per student, per step


@dataclass
class Student:
    rendered_s: float | None = None
    html_s: float | None = None
    step_ms: float | None = None
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
        response = await client.fetch(
            HTTPRequest(f"{base}/voila/render/{notebook}", connect_timeout=LIMIT_S, request_timeout=LIMIT_S)
        )
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


class Memory:
    """Resident memory of a process and its children, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.samples: list[tuple[float, float, int]] = []  # (time, MiB, kernels)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def now(self) -> tuple[float, int]:
        total, kernels = 0.0, 0
        try:
            procs = [self.process, *self.process.children(recursive=True)]
        except psutil.Error:
            return 0.0, 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
                kernels += "ipykernel" in " ".join(proc.cmdline())
            except psutil.Error:
                pass
        return total / 2**20, kernels

    def _run(self) -> None:
        while not self._stop.is_set():
            mib, kernels = self.now()
            self.samples.append((time.monotonic(), mib, kernels))
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

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


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
    with servers.voila(notebook_path.parent, extra, config=config, log=log, timeout=300) as (url, process):
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
        rendered = [r.rendered_s for r in results if r.rendered_s is not None]
        steps = [r.step_ms for r in results if r.step_ms is not None]
        row.update(
            rendered=len(rendered),
            students=len(results),
            p50=pct(rendered, 50),
            p95=pct(rendered, 95),
            last=max(rendered, default=float("nan")),
            step_p50=pct(steps, 50),
            step_p95=pct(steps, 95),
            errors=sorted({r.error for r in results if r.error}),
        )
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
        f"p95 {row['step_p95']:.0f} ms; server memory peak {row['peak_mib'] / 1024:.2f} GiB",
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
    for label, config in (("plain Voila defaults", False), ("ours (voila.json + PREHEAT)", True)):
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
