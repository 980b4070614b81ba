"""Execution time of the whole notebook suite (prints figures; not a test).

    make bench          (or: .venv/bin/python benchmarks/notebook_time.py)

Runs every notebook under notebooks/ top to bottom in a fresh python3 kernel, as `make notebooks`
and nbval do, without saving anything; prints each notebook's wall time (kernel start included)
and the total, serially on one kernel at a time.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import servers  # noqa: E402
from tools import notebooks  # noqa: E402


def main() -> float:
    os.environ.pop("MPLBACKEND", None)
    print(
        f"Notebook suite execution time: fresh python3 kernel per notebook, serial; {platform.node()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start",
        flush=True,
    )
    total = 0.0
    for path in notebooks.notebooks(servers.NOTEBOOKS):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            allow_errors=True,
        ).execute()
        seconds = time.perf_counter() - start
        errors = sum(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        total += seconds
        print(
            f"{str(path.relative_to(servers.NOTEBOOKS)):<48} {seconds:6.1f} s  {len(nb.cells):3d} cells"
            + (f"  ({errors} cells raised an error)" if errors else ""),
            flush=True,
        )
    print(f"{'total':<48} {total:6.1f} s")
    return total


if __name__ == "__main__":
    main()
