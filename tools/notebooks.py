"""Re-execute notebooks in place (``make notebooks``) and check their promises (tests).

Stored outputs are a promise (STYLE.md 11): nbval re-runs every notebook and compares. This module
refreshes them deterministically: a fresh kernel per notebook, run from the notebook's folder,
execution counts from 1, and no volatile metadata (timings, widget state with random model ids).
"""

from __future__ import annotations

import argparse
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

# The sections every notebook has, in order (STYLE.md 6, Project Pythia's template).
SKELETON = ("Overview", "Prerequisites", "Summary", "What's next", "References")
SKELETON_JA = ("概要", "前提知識", "まとめ", "次へ", "参考文献")  # the Japanese editions (notebooks/ja/)
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def execute(path: Path, timeout: int = 600) -> None:
    """Run ``path`` top to bottom in a fresh ``python3`` kernel and save it with its outputs. README, section 'Run it' (``make notebooks``, ``make test``)."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    ).execute()
    clean(nb)
    nbformat.write(nb, path)


def clean(nb: nbformat.NotebookNode) -> None:
    """Drop metadata that changes from run to run (kept: tags, slideshow, voila, nbval flags). README, section 'Run it' (``make notebooks``, ``make test``)."""
    nb.metadata.pop("widgets", None)
    nb.metadata.get("language_info", {}).pop("version", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)


def problems(path: Path) -> list[str]:
    """What is wrong with a stored notebook: skeleton, slides, outputs, installs, kernel. README, section 'Run it' (``make notebooks``, ``make test``)."""
    nb = nbformat.read(path, as_version=4)
    found = []
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    headings = re.findall(r"^#{1,3} (.+)$", text, flags=re.MULTILINE)
    for section in SKELETON_JA if "ja" in path.parts else SKELETON:
        if not any(h.startswith(section) for h in headings):
            found.append(f"{path.name}: no '{section}' section")
    if nb.metadata.get("kernelspec", {}).get("name") != "python3":
        found.append(f"{path.name}: kernelspec is not python3")
    for number, cell in enumerate(nb.cells):
        slide = cell.metadata.get("slideshow", {}).get("slide_type")
        if slide not in SLIDE_TYPES:
            found.append(f"{path.name} cell {number}: no slideshow.slide_type")
        if cell.cell_type != "code":
            continue
        if re.search(r"^\s*[!%]\s*(pip|conda)\b", cell.source, flags=re.MULTILINE):
            found.append(f"{path.name} cell {number}: installs packages (use pyproject.toml)")
        if cell.source.strip() and cell.execution_count is None:
            found.append(f"{path.name} cell {number}: stored without running (nbval would not compare it)")
        for output in cell.outputs:
            if output.get("output_type") == "error":
                found.append(f"{path.name} cell {number}: stored with an error")
            if output.get("name") == "stderr":
                found.append(f"{path.name} cell {number}: writes to stderr (nbval compares it)")
    if not any(c.metadata.get("slideshow", {}).get("slide_type") == "slide" for c in nb.cells):
        found.append(f"{path.name}: no cell starts a slide")
    return found


def notebooks(root: Path) -> list[Path]:
    """Every notebook under ``root``, sorted, without Jupyter's checkpoints and without the exercise
    masters (``exercises/masters``: the sources ``tools.sheets`` makes the sheets from, stored without
    outputs). README, section 'Run it' (``make notebooks``, ``make test``)."""
    return sorted(p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts and "masters" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.notebooks [--execute] [roots]``: 1 when a notebook breaks a promise. README, section 'Run it' (``make notebooks``, ``make test``)."""
    parser = argparse.ArgumentParser(description="Re-execute notebooks in place, or check them.")
    parser.add_argument(
        "roots",
        type=Path,
        nargs="*",
        default=[Path("notebooks")],
        help="notebooks, or folders searched for notebooks (default: notebooks)",
    )
    parser.add_argument("--execute", action="store_true", help="run every notebook and store its outputs")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default 2)")
    args = parser.parse_args(argv)
    paths = [p for root in args.roots for p in ([root] if root.suffix == ".ipynb" else notebooks(root))]
    if args.execute:
        with ThreadPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
            for path in pool.map(_execute_one, paths):
                print(f"executed {path}")
    issues = [p for path in paths for p in problems(path)]
    print("\n".join(issues) if issues else f"{len(paths)} notebooks OK")
    return 1 if issues else 0


def _execute_one(path: Path) -> Path:
    execute(path)
    return path


if __name__ == "__main__":
    raise SystemExit(main())
