"""Screenshots of every page of the app, so a change in look can be seen (issue 16). Not a test.

``make screenshots`` (or ``.venv/bin/python benchmarks/screenshots.py``) starts Voila as ``make start
SOLUTIONS=1`` serves it (voila.json, our templates; every notebook of both editions) and writes PNGs
to build/screenshots/:

- ``landing-en-1366.png``, ``landing-ja-820.png``, …: the landing page (English, 日本語);
- ``<notebook>-1366.png`` (1366 × 768) and ``<notebook>-820.png`` (820 × 1180, a tablet): each
  notebook page once Voila has run it, its first screen (``--full`` the whole page);
- ``<deck>-slide-NN.png`` (1280 × 720): every slide of the story deck of both editions, walked in
  reading order (``--decks all``: every notebook as a deck).

Pages load three at a time, as the browser tests do. ``--only 01,ja/01`` limits the notebooks to
names starting so. Figures: the script prints how many files it wrote and how long it took; on a
busy machine pages take longer to run, never look different.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from playwright.sync_api import sync_playwright  # noqa: E402

import servers  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "screenshots"
SIZES = {"1366": {"width": 1366, "height": 768}, "820": {"width": 820, "height": 1180}}
SLIDE = {"width": 1280, "height": 720}
CONCURRENT = 3
SLIDE_INDEX_JS = "() => location.hash"


def slug(path: Path) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(path.relative_to(servers.NOTEBOOKS)).removesuffix(".ipynb"))


def shoot_pages(browser, url: str, paths: list[Path], full: bool) -> list[Path]:
    """Each notebook at each size, CONCURRENT pages at a time."""
    written: list[Path] = []
    queue, open_pages = list(paths), []
    while queue or open_pages:
        while queue and len(open_pages) < CONCURRENT:
            path = queue.pop(0)
            context = browser.new_context(viewport=SIZES["1366"])
            servers.block_other_hosts(context)
            page = context.new_page()
            page.goto(f"{url}/voila/render/{path.relative_to(servers.NOTEBOOKS)}", wait_until="commit", timeout=120_000)
            open_pages.append((path, context, page))
        path, context, page = open_pages.pop(0)
        try:
            servers.wait_rendered(page, path)
            for name, size in SIZES.items():
                page.set_viewport_size(size)
                page.wait_for_timeout(400)
                target = OUT / f"{slug(path)}-{name}.png"
                page.screenshot(path=str(target), full_page=full)
                written.append(target)
        except Exception as error:  # one page's trouble is reported, the others still shot
            print(f"{slug(path)}: {type(error).__name__}: {str(error)[:200]}", file=sys.stderr)
        finally:
            context.close()
    return written


def shoot_landing(browser, url: str) -> list[Path]:
    written = []
    for lang, where in (("en", ""), ("ja", "voila/tree/ja")):
        for name, size in SIZES.items():
            context = browser.new_context(viewport=size)
            servers.block_other_hosts(context)
            page = context.new_page()
            page.goto(f"{url}/{where}", timeout=60_000)
            target = OUT / f"landing-{lang}-{name}.png"
            page.screenshot(path=str(target), full_page=True)
            written.append(target)
            context.close()
    return written


def shoot_deck(browser, url: str, path: Path, limit: int = 80) -> list[Path]:
    """Every slide in reading order (N walks vertical sub-slides too)."""
    context = browser.new_context(viewport=SLIDE)
    servers.block_other_hosts(context)
    page = context.new_page()
    written: list[Path] = []
    try:
        page.goto(f"{url}/voila/render/{path.relative_to(servers.NOTEBOOKS)}?template=reveal", timeout=120_000)
        servers.wait_rendered(page, path)
        page.wait_for_selector(".reveal.ready", timeout=30_000)
        seen = set()
        for number in range(1, limit + 1):
            where = page.evaluate(SLIDE_INDEX_JS)
            if where in seen:
                break
            seen.add(where)
            page.wait_for_timeout(300)
            target = OUT / f"{slug(path)}-slide-{number:02d}.png"
            page.screenshot(path=str(target))
            written.append(target)
            page.keyboard.press("n")
            page.wait_for_timeout(200)
    except Exception as error:
        print(f"{slug(path)} deck: {type(error).__name__}: {str(error)[:200]}", file=sys.stderr)
    finally:
        context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="whole pages, not their first screen")
    parser.add_argument("--only", default="", help="comma-separated name prefixes, e.g. 01,ja/01")
    parser.add_argument("--decks", choices=["story", "all", "none"], default="story")
    args = parser.parse_args(argv)
    from tools import notebooks  # the repository's list of notebooks (no masters)

    paths = notebooks.notebooks(servers.NOTEBOOKS)
    if args.only:
        prefixes = tuple(args.only.split(","))
        paths = [p for p in paths if str(p.relative_to(servers.NOTEBOOKS)).startswith(prefixes)]
    decks = {
        "story": [p for p in paths if p.name == "story_deck.ipynb"],
        "all": [p for p in paths if "exercises" not in p.parts],
        "none": [],
    }[args.decks]
    OUT.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    with sync_playwright() as p:
        browser = servers.launch_chromium(p)
        with servers.voila(servers.NOTEBOOKS) as (url, _):
            written = [] if args.only else shoot_landing(browser, url)
            written += shoot_pages(browser, url, paths, args.full)
            for deck in decks:
                written += shoot_deck(browser, url, deck)
        browser.close()
    print(f"{len(written)} screenshots in {OUT.relative_to(ROOT)} ({time.monotonic() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
