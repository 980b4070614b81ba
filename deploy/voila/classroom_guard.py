"""Voila for a class: at most N notebook runs at a time, a "class is full" page, a sure stop.

``make start`` runs Voila through this file (``python deploy/voila/classroom_guard.py <folder>
<voila options>``) instead of the ``voila`` command; everything else is Voila 0.5 as it is, with the
settings of ``voila.json`` (README, section 'Run it'; benchmarks/README.md, section 'Bursts').

What it adds, and why (benchmarks/README.md, "Bursts: the server never hangs"):

1. **A queue in front of kernel starts.** Each visitor of a notebook makes Voila start a kernel and
   run the whole notebook in it. With plain Voila a class of 40 does this 40 times at once on a
   2-core laptop, so every page waits for every other and the event loop competes with 40 busy
   kernels. Here at most ``ClassroomGuard.max_renders`` renders (kernel start until the page is
   sent) run at once; the next visitors wait in order. Kernels that Voila preheats for its pool
   (``make start PREHEAT=40``) take the same slots when the pool fills or refills.
2. **A clear page instead of a long wait.** A visitor who would be more than
   ``ClassroomGuard.max_waiting`` in the queue, or who has waited ``ClassroomGuard.wait_limit_s``,
   gets HTTP 503 with a short page "The class is full: retrying in N s" (English and Japanese) that
   reloads itself after N s (``Retry-After`` and a meta refresh; N is ``retry_s`` plus a little
   jitter so that the retries spread out). No traceback, no kernel started.
3. **A stop that always works.** Voila stops on SIGTERM through a Python signal handler, which can
   only run when the server's main thread runs Python: a server stuck in C code, or waiting in
   ``shutdown_all`` for a kernel that never finished starting, ignores it. So this file runs the
   server as the child of a small supervisor (``supervise``): SIGTERM or Ctrl-C is passed on, and
   a server still running 5 s later has its stacks dumped to its log (SIGUSR1) and is killed; the
   kernels exit when their parent is gone.
4. **A cap on kernels, and reloads that cost nothing.** At most ``max_kernels`` kernels (by default
   what the machine's memory holds at ``kernel_mib`` each: 44 on 8 GiB); at the cap, the kernel
   longest abandoned (no browser, idle ``abandoned_s``: a closed tab, whose kernel Voila 0.5 cannot
   shut down, voila-dashboards/voila#1458) makes room, else the full page. A visitor who reloads
   or closes the page while queued leaves the queue, and a page abandoned mid-render stops and
   shuts its kernel down (plain Voila runs every abandoned page to the end: 10 students pressing
   reload 5 times started 60 kernels).
5. **The server first.** Kernels run ``kernel_nice`` (5) steps below the server's CPU priority,
   so the one thread that answers every page and relays every slider's messages is not queued
   behind kernels busy importing pandas and matplotlib.
6. **Lighter kernels.** ipykernel loads debugpy at start for a debugger that Voila never shows;
   ``kernel_site/debugpy`` (first on the kernels' PYTHONPATH) makes that import fail, which
   ipykernel handles by running without it: about 7 MiB of resident memory and 0.8 s of start-up
   less per kernel (``ClassroomGuard.kernel_debugger = True`` keeps it).
7. **No port races.** jupyter_client gives each kernel five TCP ports that it found free and
   closed again; while 40 kernels start, the server's own outgoing connections can take one
   before the kernel binds it (seen: ``ZMQError: Address already in use`` in a kernel's heartbeat,
   the kernel then half alive). On Linux and macOS the kernels talk over IPC files in Voila's
   connection folder instead (``KernelManager.transport = "ipc"``; set it to "tcp" to keep TCP).
8. **Fewer full garbage collections.** Each stops the server's one thread (0.8-2.6 s measured in
   bursts of 60-93 kernels); start-up objects are frozen and the thresholds raised (``GC_THRESHOLDS``),
   and any collection over 0.5 s is logged.
9. ``kill -USR1 <pid>`` prints every thread's Python stack to the server's log (``faulthandler``):
   what to send upstream if a server ever stops answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import faulthandler
import functools
import gc
import html
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import tornado.ioloop
import tornado.web
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.iostream import StreamClosedError
from traitlets import Bool, Float, Int
from traitlets.config import Configurable
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

KERNEL_SITE = Path(__file__).resolve().parent / "kernel_site"  # on the kernels' PYTHONPATH: no debugpy
FULL_MARK = 'data-classroom-guard="full"'  # the benchmark and the tests recognise the page by it


class ClassFull(Exception):
    """The queue is full, or a visitor has waited too long: send the "class is full" page."""


class VisitorLeft(Exception):
    """The visitor closed the page (or pressed reload) while waiting: start nothing for them."""


VISIT: contextvars.ContextVar[dict[str, str]] = contextvars.ContextVar("classroom_visit")


class ClassroomGuard(Configurable):
    """The queue of notebook runs (README, section 'Run it'; voila.json's ``ClassroomGuard``)."""

    max_renders = Int(4, config=True, help="How many notebook runs (kernel start until the page is sent) at once.")
    max_waiting = Int(60, config=True, help="How many visitors may wait in the queue; more get the full page.")
    wait_limit_s = Float(90.0, config=True, help="Seconds a visitor waits in the queue before the full page.")
    retry_s = Int(10, config=True, help="Seconds before the full page reloads itself (plus up to 50% jitter).")
    pool_hold_limit_s = Float(120.0, config=True, help="Longest a preheating kernel holds its slot.")
    max_kernels = Int(
        0, config=True, help="Most kernels at once (visitors' and the pool's); 0: from the memory (kernels_for_memory)."
    )
    kernel_mib = Int(150, config=True, help="Memory planned per kernel for the automatic max_kernels (MiB).")
    abandoned_s = Float(60.0, config=True, help="Idle seconds without a browser after which a kernel may be reused.")
    kernel_nice = Int(5, config=True, help="How much lower than the server's the kernels' CPU priority is (0: same).")
    kernel_debugger = Bool(
        False, config=True, help="Let kernels load debugpy (16 MiB and 0.8 s each; Voila shows no debugger)."
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for name in ("max_renders", "max_waiting", "retry_s"):
            value = getattr(self, name)
            if value < (0 if name == "max_waiting" else 1):
                raise ValueError(
                    f"ClassroomGuard.{name} = {value}: allowed {'0' if name == 'max_waiting' else '1'} or more"
                )
        if self.max_kernels < 0 or self.kernel_mib < 1:
            raise ValueError(
                f"ClassroomGuard.max_kernels = {self.max_kernels}, kernel_mib = {self.kernel_mib}: allowed 0 or more, 1 or more"
            )
        self.kernel_cap = self.max_kernels or kernels_for_memory(physical_mib(), self.kernel_mib)
        self.running = 0  # renders holding a slot now
        self.waiting = 0  # visitors in the queue now
        self.started = 0  # slots handed out since the server started
        self.turned_away = 0  # full pages sent
        self.reclaimed = 0  # abandoned kernels shut down to make room
        self._free: asyncio.Condition | None = None

    def _condition(self) -> asyncio.Condition:
        if self._free is None:  # made on the server's event loop, at first use
            self._free = asyncio.Condition()
        return self._free

    @contextlib.asynccontextmanager
    async def slot(self, queue: bool = True, gone: Callable[[], bool] = lambda: False) -> AsyncIterator[None]:
        """Hold one of ``max_renders`` slots while the block runs (README, section 'Run it'); waits
        in order for a free one. Raises ClassFull when the queue already holds ``max_waiting``
        visitors or the wait passes ``wait_limit_s``, and VisitorLeft when ``gone()`` says the
        visitor closed the page while waiting. ``queue=False``: a preheating kernel, which waits
        without limit and never counts as a visitor."""
        free = self._condition()
        async with free:
            if self.running >= self.max_renders:
                if queue and self.waiting >= self.max_waiting:
                    self.turned_away += 1
                    raise ClassFull
                self.waiting += queue
                deadline = time.monotonic() + (self.wait_limit_s if queue else float("inf"))
                try:
                    while self.running >= self.max_renders:
                        if gone():
                            raise VisitorLeft
                        if time.monotonic() > deadline:
                            self.turned_away += 1
                            raise ClassFull
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(free.wait(), 0.5)
                finally:
                    self.waiting -= queue
            self.running += 1
            self.started += 1
        try:
            yield
        finally:
            async with free:
                self.running -= 1
                free.notify(1)

    def retry_after(self) -> int:
        """Seconds the full page waits before it reloads: ``retry_s`` plus up to half again, so that
        the visitors turned away together do not all come back in the same second."""
        return self.retry_s + random.randint(0, max(0, self.retry_s // 2))


def physical_mib() -> int:
    """This machine's memory in MiB (POSIX sysconf; 8192 when it cannot be read)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2**20
    except (ValueError, OSError, AttributeError):
        return 8192


def kernels_for_memory(total_mib: int, kernel_mib: int, reserve_mib: int = 1536) -> int:
    """How many kernels fit: the memory less ``reserve_mib`` for the system, the browser and the
    server, divided by ``kernel_mib`` (README, section 'Run it'; benchmarks/README.md, 'A class of
    40.): 44 on an 8 GiB laptop at 150 MiB a kernel. At least 4."""
    if total_mib <= 0 or kernel_mib <= 0:
        raise ValueError(f"total_mib = {total_mib}, kernel_mib = {kernel_mib}: allowed 1 or more")
    return max(4, (total_mib - reserve_mib) // kernel_mib)


def full_page(seconds: int) -> str:
    """The "class is full" page: a sentence in English and Japanese, and a reload after ``seconds``
    (README, section 'Run it')."""
    n = html.escape(str(seconds))
    return (
        "<!doctype html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{n}">'
        "<title>The class is full</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f'<body {FULL_MARK} style="font-family: sans-serif; max-width: 36em; margin: 4em auto; line-height: 1.5">'
        f"<h1>The class is full, retrying in {n} s</h1>"
        "<p>Many students opened the app at the same moment. This page tries again by itself; "
        "you need not reload it.</p>"
        f'<p lang="ja">教室が満員です。{n}秒後に自動でもう一度開きます（再読み込みは不要です）。</p>'
        "</body></html>\n"
    )


class GuardedVoilaHandler(TornadoVoilaHandler):
    """Voila's notebook page, run inside one of the guard's slots (README, section 'Run it')."""

    def initialize(self, **kwargs: Any) -> None:
        self.guard: ClassroomGuard = kwargs.pop("guard")
        super().initialize(**kwargs)

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        notebook = self.notebook_path or path
        pooled = False
        with contextlib.suppress(AttributeError):  # a warm kernel is ready (ready_pool_size)
            pooled = self.kernel_manager.get_pool_size(notebook) > 0
        if pooled or not str(notebook or "").endswith(".ipynb"):  # a warm kernel, or a plain file
            await super().get(path)
            return
        visit: dict[str, str] = {}
        VISIT.set(visit)  # GuardedKernelManager.start_kernel writes the kernel's id in it
        try:
            async with self.guard.slot(gone=self.visitor_gone):
                if not await make_room(self.kernel_manager, self.guard):
                    self.guard.turned_away += 1
                    raise ClassFull
                await super().get(path)
        except ClassFull:
            seconds = self.guard.retry_after()
            self.set_status(503)
            self.set_header("Retry-After", str(seconds))
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(full_page(seconds))
        except (VisitorLeft, StreamClosedError):  # left before the page was sent: nobody will use its kernel
            if "kernel_id" in visit:
                with contextlib.suppress(Exception):
                    await self.kernel_manager.shutdown_kernel(visit["kernel_id"], now=True)

    def visitor_gone(self) -> bool:
        """Has the browser closed this page's connection (a reload, a closed tab)? Tornado notices
        only when it writes, so peek at the socket: end of stream means the visitor left."""
        stream = self.request.connection.stream
        if stream.closed():
            return True
        try:
            return stream.socket.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except BlockingIOError:
            return False
        except OSError:
            return True

    def flush(self, include_footers: bool = False) -> Any:
        if self.visitor_gone():  # stop sending a page nobody reads; the kernel is shut down in get
            raise StreamClosedError()
        return super().flush(include_footers)


async def make_room(manager: Any, guard: ClassroomGuard) -> bool:
    """Below ``guard.kernel_cap`` kernels, or made so by shutting down the kernel longest abandoned
    (no browser connected, idle ``abandoned_s``: a closed tab or a reloaded page, which Voila 0.5
    cannot shut down itself, voila-dashboards/voila#1458); False when every kernel is in use
    (README, section 'Run it')."""
    ids = list(manager.list_kernel_ids())
    if len(ids) < guard.kernel_cap:  # (renders in their slot may not have started their kernel yet)
        return True
    connections = getattr(manager, "_kernel_connections", {})
    pooled = set()
    for pool in getattr(manager, "_pools", {}).values():
        for task in pool:
            if task.done() and not task.cancelled() and task.exception() is None:
                pooled.add(task.result().get("kernel_id"))
    now = time.time()
    abandoned = []
    for kernel_id in ids:
        kernel = manager.get_kernel(kernel_id)
        last = getattr(kernel, "last_activity", None)
        idle = now - last.timestamp() if last is not None else 0.0
        if kernel_id not in pooled and connections.get(kernel_id, 0) == 0 and idle > guard.abandoned_s:
            abandoned.append((idle, kernel_id))
    if not abandoned:
        return False
    _, kernel_id = max(abandoned)
    await manager.shutdown_kernel(kernel_id, now=True)
    guard.reclaimed += 1
    return True


class GuardedKernelManager(AsyncMappingKernelManager):
    """Kernels preheated for Voila's pool take a guard slot from their start until they have run
    the notebook (idle for 2 s after being busy) or ``pool_hold_limit_s`` (README, section 'Run it')."""

    guard: ClassroomGuard | None = None  # set by GuardedVoila before the kernel manager is made

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        env = kwargs.get("env") or {}
        guard = type(self).guard
        if guard is None or env.get("VOILA_PREHEAT") != "True":
            kernel_id = await super().start_kernel(*args, **kwargs)
            self.lower_priority(kernel_id)
            visit = VISIT.get(None)
            if visit is not None:  # a visitor's page (GuardedVoilaHandler.get)
                visit["kernel_id"] = kernel_id
            return kernel_id
        started: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        async def hold() -> None:
            while len(self) >= guard.kernel_cap:  # the pool refills only below the cap
                await asyncio.sleep(1)
            async with guard.slot(queue=False):
                try:
                    kernel_id = await super(GuardedKernelManager, self).start_kernel(*args, **kwargs)
                except Exception as error:
                    started.set_exception(error)
                    return
                self.lower_priority(kernel_id)
                started.set_result(kernel_id)
                await self._until_settled(kernel_id, guard.pool_hold_limit_s)

        self._guard_tasks = getattr(self, "_guard_tasks", set())
        task = asyncio.ensure_future(hold())
        self._guard_tasks.add(task)
        task.add_done_callback(self._guard_tasks.discard)
        return await started

    def lower_priority(self, kernel_id: str) -> None:
        """Run the kernel ``kernel_nice`` steps below the server (POSIX ``setpriority``), so that
        the server's one thread, which answers every page and relays every widget message, is not
        queued behind kernels importing pandas and matplotlib."""
        guard = type(self).guard
        pid = getattr(getattr(self.get_kernel(kernel_id), "provisioner", None), "pid", None)
        if guard is None or not guard.kernel_nice or not pid or not hasattr(os, "setpriority"):
            return
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, 0) + guard.kernel_nice)

    async def _until_settled(self, kernel_id: str, limit: float) -> None:
        deadline = time.monotonic() + limit
        busy_seen = False
        while time.monotonic() < deadline and kernel_id in self:
            kernel = self.get_kernel(kernel_id)
            state = getattr(kernel, "execution_state", "")
            busy_seen = busy_seen or state == "busy"
            last = getattr(kernel, "last_activity", None)
            quiet = last is not None and (time.time() - last.timestamp()) > 2
            if busy_seen and state == "idle" and quiet:
                return
            await asyncio.sleep(0.5)


def log_slow_collections(started: dict[str, float], log: Any, phase: str, info: dict[str, int]) -> None:
    """A ``gc.callbacks`` hook: log each garbage collection of the server that stops its one thread
    for more than 0.5 s (README, section 'Run it'; benchmarks/README.md, 'Bursts'), with the
    generation and the objects it collected. A stuck server's stack dump once read "Garbage-collecting"."""
    if phase == "start":
        started["t"] = time.perf_counter()
        return
    took = time.perf_counter() - started.get("t", time.perf_counter())
    if took > 0.5:
        log.warning(
            "Garbage collection of generation %d took %.1f s (%d objects collected)",
            info["generation"],
            took,
            info["collected"],
        )


def ready_pool_size(pools: dict[str, list[asyncio.Future]], notebook: str) -> int:
    """How many preheated kernels of ``notebook`` have started and run it, moved to the front of
    its pool (README, section 'Run it'). Voila counts the pool's pending refills too, so a visitor
    beyond the pool waited for a refill that first sleeps ``fill_delay`` (120 s in voila.json);
    counting only warm kernels sends that visitor to the guard's queue instead, and Voila takes a
    warm kernel first (it takes the pool's first entry)."""
    pool = pools.get(notebook, [])
    pool.sort(key=lambda task: not (task.done() and not task.cancelled() and task.exception() is None))
    return sum(task.done() and not task.cancelled() and task.exception() is None for task in pool)


class GuardedVoila(Voila):
    """Voila with the classroom guard: the handler, the kernel manager, the SIGTERM handler kept, lighter kernels."""

    name = "voila"  # reads voila.json / voila.py like Voila itself

    def initialize(self, argv: Any = None) -> None:
        super().initialize(argv)
        self.guard = ClassroomGuard(parent=self)
        GuardedKernelManager.guard = self.guard
        base = self.voila_configuration.multi_kernel_manager_class
        if base is AsyncMappingKernelManager:
            self.voila_configuration.multi_kernel_manager_class = GuardedKernelManager
        if os.name == "posix" and "transport" not in self.config.KernelManager:
            self.config.KernelManager.transport = "ipc"  # files, not TCP ports: no port stolen at start
        if not self.guard.kernel_debugger:  # kernels find the debugpy stub of kernel_site/ first
            paths = [str(KERNEL_SITE), *filter(None, [os.environ.get("PYTHONPATH")])]
            os.environ["PYTHONPATH"] = os.pathsep.join(paths)
        faulthandler.register(signal.SIGUSR1, file=sys.stderr, all_threads=True)
        gc.callbacks.append(functools.partial(log_slow_collections, {}, self.log))
        # Full collections stopped the server for 0.8-2.6 s each during bursts (benchmarks/README.md,
        # 'Bursts'): freeze what start-up made, and collect 70 times less often (cycles are rare in
        # what Voila keeps; reference counting frees the rest as before).
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)

    def init_settings(self) -> dict:
        settings = super().init_settings()
        # Voila's reveal template runs the notebook through nbclient, whose async_setup_kernel
        # (nbclient/client.py:640-665) adds asyncio handlers for SIGINT and SIGTERM and then removes
        # them, which leaves SIGTERM at its default: after a deck, SIGTERM killed the server at once,
        # without stopping its kernels. Put Voila's handler back whenever it has gone.
        self._sigterm = signal.getsignal(signal.SIGTERM)
        tornado.ioloop.PeriodicCallback(self.keep_sigterm_handler, 1000).start()
        pools = getattr(self.kernel_manager, "_pools", None)
        if pools is not None:  # preheating: count only the warm kernels as the pool (see ready_pool_size)
            self.kernel_manager.get_pool_size = functools.partial(ready_pool_size, pools)
        return settings

    def keep_sigterm_handler(self) -> None:
        """Reinstall Voila's SIGTERM handler if something replaced it (README, section 'Run it')."""
        if signal.getsignal(signal.SIGTERM) is not self._sigterm:
            signal.signal(signal.SIGTERM, self._sigterm)

    def init_handlers(self) -> list:
        handlers = super().init_handlers()
        out = []
        for spec in handlers:
            if len(spec) >= 2 and spec[1] is TornadoVoilaHandler:
                spec = (spec[0], GuardedVoilaHandler, {**(spec[2] if len(spec) > 2 else {}), "guard": self.guard})
            out.append(spec)
        return out


GC_THRESHOLDS = (7000, 10, 70)  # Python's are (700, 10, 10): a full collection every 70 times fewer allocations
STOP_GRACE_S = 5.0  # SIGTERM to SIGKILL (README, 'Run it': the server stops within 10 s)
SERVER_ENV = "CLASSROOM_GUARD_SERVER"  # set in the server process that the supervisor starts


def supervise(command: list[str], grace_s: float = STOP_GRACE_S, env: dict[str, str] | None = None) -> int:
    """Run the server as a child and stop it for sure (README, section 'Run it'). SIGTERM or SIGINT
    is passed on as SIGTERM (Voila's clean stop); if the server still runs ``grace_s`` seconds
    later, it gets SIGUSR1 (its Python stacks go to its log: what to report upstream) and then
    SIGKILL. Its kernels notice that their parent has gone and exit (ipykernel's parent poller).
    Returns the server's exit status (128 + the signal number if it was killed)."""
    child = subprocess.Popen(command, env=env)
    asked: list[float] = []

    def stop(number: int, frame: Any) -> None:
        if not asked:
            asked.append(time.monotonic())
        with contextlib.suppress(OSError):
            child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:
        try:
            code = child.wait(timeout=0.25)
            return code if code >= 0 else 128 - code
        except subprocess.TimeoutExpired:
            if asked and time.monotonic() - asked[0] > grace_s:
                with contextlib.suppress(OSError):
                    child.send_signal(signal.SIGUSR1)
                    time.sleep(0.5)
                    child.kill()
                child.wait()
                return 128 + signal.SIGKILL


def main(argv: list[str] | None = None) -> None:
    """``make start``'s server: a small supervisor process that runs GuardedVoila as its child."""
    if os.environ.get(SERVER_ENV):
        GuardedVoila.launch_instance(argv)
        return
    command = [sys.executable, str(Path(__file__).resolve()), *(sys.argv[1:] if argv is None else argv)]
    sys.exit(supervise(command, STOP_GRACE_S, {**os.environ, SERVER_ENV: "1"}))


if __name__ == "__main__":
    main()
