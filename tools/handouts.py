"""Printable handouts: A4 PDFs of every exercise sheet, solution and deck, in both editions.

``make handouts`` (``python -m tools.handouts``) writes them to ``build/handouts/`` (ignored by git),
one PDF per notebook, named after it and grouped by edition:

- ``en/exercises/ex1_parameters.pdf``, ``ja/exercises/ex1_parameters.pdf`` …: the **sheets**, A4
  portrait, with their code (the ``q1 = ...`` cells students fill in) and what each cell printed;
- ``en/exercises/solutions/ex1_parameters_solutions.pdf`` …: the **solutions**, printed the same way
  (they stay with the teacher: hand them out when you choose);
- ``en/story_deck.pdf``, ``en/01_parameters.pdf`` …, ``ja/…``: the **decks**, every notebook outside
  ``exercises/`` as ``make slides`` presents it, A4 landscape, **one slide per page** (a slide taller
  than the page is scaled down to fit it, never cut or split).

Each notebook is rendered live, as the app shows it, by Voila with the project's settings
(``voila.json``, the offline templates and assets of ``share/jupyter``): the decks through the reveal
template in reveal.js's print mode (``?print-pdf``), the sheets and solutions through the lab
template with their code shown (``strip_sources=False``). Chromium (Debian's ``/usr/bin/chromium``,
``$CHROMIUM``, or Playwright's, as for the browser tests) prints each page with ``page.pdf``: text
stays text, Japanese included (fonts-noto-cjk draws it; ``tests/test_handouts.py`` reads it back).
No request leaves the machine: any is refused.

``python -m tools.handouts notebooks/ja/story_deck.ipynb …`` prints only the named notebooks;
``--out`` chooses the folder.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "handouts"
TRIES = 2  # a page that failed is printed once more
A4_PORTRAIT = {"width": 794, "height": 1123}  # CSS pixels at 96 per inch: 210 x 297 mm
SHEET_MARGIN = {"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"}
FOOTER = (
    '<div style="font-size: 8px; width: 100%; text-align: center; color: #555;">'
    '<span class="title"></span> · <span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
# Voila wraps a page in JupyterLab's shell: boxes of the window's height that scroll inside and are
# size-contained (`contain: strict`). On paper the page must run on, so they grow with their content.
PRINT_CSS = """@media print {
  html, body, #main, #jp-main-content-panel, #rendered_cells, .reveal {
    height: auto !important; min-height: 0 !important; max-height: none !important; width: auto !important;
    overflow: visible !important; position: static !important; contain: none !important; }
  .reveal .slides .pdf-page:last-child { break-after: auto !important; page-break-after: auto !important; }
}"""
# reveal.js's print mode: one page per slide (pdfMaxPagesPerSlide=1) and no page per fragment; the
# query string sets reveal.js's options.
DECK_QUERY = "?template=reveal&print-pdf&pdfMaxPagesPerSlide=1&pdfSeparateFragments=false"
# reveal.js laid each slide out when the page opened, before the widgets and figures had drawn: now
# that they have, centre each slide on its page again, and shrink a slide taller than its page with
# CSS zoom (a transform would not do: Chromium splits a tall box across pages before transforming it,
# and the page clips what it moved). Text set smaller can wrap differently, so the height is measured
# again after each zoom. A zoomed box's own top and left are zoomed too.
FIT_SLIDES_JS = """() => {
    const pages = [...document.querySelectorAll('.reveal .slides .pdf-page')];
    for (const page of pages) {
        const slide = page.querySelector(':scope > section');
        if (!slide) continue;
        slide.style.zoom = '';
        slide.style.top = '0px';
        const room = page.clientHeight, fits = 0.97 * room;  // a margin for the printer's own layout
        let scale = 1, height = slide.getBoundingClientRect().height;
        for (let tries = 0; height > room && tries < 8; tries++) {
            scale *= fits / height;
            slide.style.zoom = String(scale);
            height = slide.getBoundingClientRect().height;
        }
        const width = slide.getBoundingClientRect().width;
        slide.style.top = Math.max((room - height) / 2, 0) / scale + 'px';
        slide.style.left = Math.max((page.clientWidth - width) / 2, 0) / scale + 'px';
    }
    return pages.length;
}"""
FONTS_READY_JS = "() => document.fonts.ready.then(() => true)"
ERROR_JS = """() => /There was an error when executing cell|Traceback \\(most recent call last\\)/.test(
    document.body.innerText) || document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]').length > 0"""


@dataclass(frozen=True)
class Handout:
    """One notebook to print: ``kind`` is "sheet", "solutions" or "deck"."""

    notebook: Path
    kind: str

    @property
    def language(self) -> str:
        return "ja" if self.relative.parts[0] == "ja" else "en"

    @property
    def relative(self) -> Path:
        return self.notebook.relative_to(NOTEBOOKS)

    @property
    def address(self) -> str:
        return self.relative.as_posix()

    def pdf(self, out: Path = OUT) -> Path:
        """``<out>/<en|ja>/<the notebook's path in its edition>.pdf``."""
        inside = self.relative.parts[1:] if self.language == "ja" else self.relative.parts
        return out / self.language / Path(*inside).with_suffix(".pdf")


def kind(notebook: Path) -> str | None:
    """What a notebook prints as: None for the masters (sources, not handouts) and checkpoints."""
    parts = notebook.relative_to(NOTEBOOKS).parts
    if "masters" in parts or ".ipynb_checkpoints" in parts:
        return None
    if "exercises" in parts:
        return "solutions" if "solutions" in parts else "sheet"
    return "deck"


def handouts(root: Path = NOTEBOOKS) -> list[Handout]:
    """Every handout: the sheets, the solutions and the decks of both editions, in path order."""
    kinds = {path: kind(path) for path in sorted(root.rglob("*.ipynb"))}
    return [Handout(path, found) for path, found in kinds.items() if found]


def slide_count(notebook: Path) -> int:
    """How many slides the deck of ``notebook`` has: a cell marked "slide" or "subslide" starts one
    (and so does a first shown cell without a mark); "skip" and "notes" cells show on none."""
    count, started = 0, False
    for cell in nbformat.read(notebook, as_version=4).cells:
        slide_type = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if slide_type in ("skip", "notes"):
            continue
        if slide_type in ("slide", "subslide") or not started:
            count += 1
        started = True
    return count


def servers_module() -> ModuleType:
    """tests/servers.py: Voila as ``make start`` runs it, and Chromium, as the browser tests use them."""
    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))
    return importlib.import_module("servers")


def print_handouts(chosen: list[Handout], out: Path = OUT, log=print) -> dict[Path, str]:
    """Print ``chosen`` to PDFs under ``out``; returns ``{pdf: problem}`` for those that failed."""
    from playwright.sync_api import sync_playwright

    servers = servers_module()
    failed: dict[Path, str] = {}
    decks = [h for h in chosen if h.kind == "deck"]
    sheets = [h for h in chosen if h.kind != "deck"]
    with sync_playwright() as playwright:
        browser = servers.launch_chromium(playwright)
        try:
            for group, args in ((sheets, ["--VoilaConfiguration.strip_sources=False"]), (decks, [])):
                if group:
                    with servers.voila(NOTEBOOKS, args=args) as (url, _):
                        failed |= _print_group(browser, servers, url, group, out, log)
        finally:
            browser.close()
    return failed


def _print_group(browser, servers: ModuleType, url: str, group: list[Handout], out: Path, log) -> dict[Path, str]:
    """Print one notebook after the other: Voila starts one kernel at a time (kernels started side by
    side can stall the server, issue 15), and a page that fails is tried once more."""
    failed: dict[Path, str] = {}
    for handout in group:
        pdf = handout.pdf(out)
        for attempt in range(1, TRIES + 1):
            started = time.monotonic()
            try:
                detail = _print_one(browser, servers, url, handout, pdf)
            except Exception as error:  # reported, and the others are still printed
                failed[pdf] = f"{type(error).__name__}: {error}"[:500]
                log(f"{'FAILED' if attempt == TRIES else 'retrying'} {pdf.relative_to(out)}: {failed[pdf]}")
            else:
                failed.pop(pdf, None)
                log(f"wrote {pdf.relative_to(out)} ({detail}, {time.monotonic() - started:.0f} s)")
                break
    return failed


def _print_one(browser, servers: ModuleType, url: str, handout: Handout, pdf: Path) -> str:
    """Render ``handout`` in a fresh offline page and print it to ``pdf``; says what it printed."""
    deck = handout.kind == "deck"
    context = browser.new_context(viewport={"width": 1280, "height": 900} if deck else A4_PORTRAIT)
    try:
        servers.block_other_hosts(context)
        page = context.new_page()
        page.goto(f"{url}/voila/render/{handout.address}{DECK_QUERY if deck else ''}", wait_until="commit")
        page.wait_for_load_state("load", timeout=300_000)  # Voila has sent the whole page: every cell ran
        servers.wait_rendered(page, handout.notebook, timeout=300_000)
        if page.evaluate(ERROR_JS):
            raise RuntimeError("a cell failed when Voila ran the notebook")
        page.add_style_tag(content=PRINT_CSS)
        page.evaluate(FONTS_READY_JS)
        pdf.parent.mkdir(parents=True, exist_ok=True)
        if deck:
            page.wait_for_selector(".reveal .slides .pdf-page", state="attached", timeout=60_000)
            slides = page.evaluate(FIT_SLIDES_JS)
            page.pdf(path=pdf, format="A4", landscape=True, print_background=True, prefer_css_page_size=False)
            return f"{slides} slides"
        page.pdf(
            path=pdf,
            format="A4",
            print_background=True,
            margin=SHEET_MARGIN,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER,
        )
        return handout.kind
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the exercise sheets, solutions and decks to A4 PDFs.")
    parser.add_argument("notebooks", nargs="*", type=Path, help="only these notebooks (default: every handout)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder for the PDFs (default: {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    chosen = handouts()
    if args.notebooks:
        wanted = {path.resolve() for path in args.notebooks}
        chosen = [h for h in chosen if h.notebook.resolve() in wanted]
        missing = wanted - {h.notebook.resolve() for h in chosen}
        if missing:
            parser.error(f"not a sheet, solution or deck: {', '.join(sorted(map(str, missing)))}")
    print(f"Printing {len(chosen)} handouts to {args.out}", flush=True)
    failed = print_handouts(chosen, args.out, log=lambda line: print(line, flush=True))
    if failed:
        print(f"{len(failed)} of {len(chosen)} handouts failed", file=sys.stderr)
        return 1
    print(f"{len(chosen)} handouts in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
