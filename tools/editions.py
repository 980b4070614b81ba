"""Japanese editions of the notebooks: the English notebook's code, Japanese prose (issue 7).

The English notebook is the one source of the code. Its Japanese edition in ``notebooks/ja/`` is
generated: every code cell is copied unchanged except the language call
(``i18n.set_language("en")`` becomes ``i18n.set_language("ja")``, so labels, printed results and
figures switch through :mod:`helpers.i18n`) with its comment, and the few comments a student reads
as an instruction (:data:`COMMENTS`: an answer cell's unit, the sheets' ``# your answer``), and every
markdown cell is replaced by its Japanese text from ``notebooks/ja/text/<name>.md``, where each
cell's text follows a line ``<!-- cell: <cell id> -->``. A change to a calculation is made once, in English; a test fails when
a Japanese edition is out of step or a cell lacks its Japanese text.

``python -m tools.editions`` regenerates every edition that has a text file (then
``make notebooks`` executes them).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
EDITION = NOTEBOOKS / "ja"
TEXTS = EDITION / "text"
SWITCH = ('i18n.set_language("en")', 'i18n.set_language("ja")')
# The language call's comment, whatever the English says, becomes this one.
SWITCH_COMMENT = "# 日本語版：ラベル、表示する結果、図、スライダー、チェックのメッセージを日本語にします"
_SWITCH_LINE = re.compile(r'i18n\.set_language\("en"\)(?P<pad>[ \t]*)#[^\n]*')
# Comments at the end of a line that a student reads as an instruction, in Japanese (the unit each
# Japanese question asks for: notebooks/ja/text/ and helpers.teach.questions).
COMMENTS = {
    "# your answer": "# ここに答えを書きます",
    "# billions": "# 10億単位",
    "# yen trillions": "# 兆円単位",
    "# million GPU-hours": "# 百万GPU時間単位",
}
_COMMENT_AT_END = re.compile(r"(?P<code>\S[^\n]*?[ \t]+)(?P<comment>#[^\n]*)$", flags=re.MULTILINE)


def japanese_code(source: str) -> str:
    """A code cell of the Japanese edition: the language call switched (with its comment) and the
    :data:`COMMENTS` in Japanese. README, section 'Run it' (日本語版, ``make notebooks``)."""
    source = _SWITCH_LINE.sub(lambda m: f"{SWITCH[1]}{m['pad'] or '  '}{SWITCH_COMMENT}", source)
    source = source.replace(*SWITCH)
    return _COMMENT_AT_END.sub(lambda m: m["code"] + COMMENTS.get(m["comment"].rstrip(), m["comment"]), source)


_MARK = re.compile(r"^<!-- cell: (\S+) -->[ \t]*$", flags=re.MULTILINE)


def read_text(path: Path) -> dict[str, str]:
    """``{cell id: Japanese markdown}`` from a text file of ``<!-- cell: id -->`` sections. README, section 'Run it' (日本語版, ``make notebooks``)."""
    parts = _MARK.split(path.read_text(encoding="utf-8"))
    if parts[0].strip():
        raise ValueError(f"{path.name}: text before the first '<!-- cell: id -->' line")
    texts = {}
    for cell_id, text in zip(parts[1::2], parts[2::2], strict=True):
        if cell_id in texts:
            raise ValueError(f"{path.name}: cell {cell_id} appears twice")
        texts[cell_id] = text.strip("\n")
    return texts


def english_source(name: str) -> Path:
    """The English notebook a text file translates (``exercises/ex1_parameters`` style names). README, section 'Run it' (日本語版, ``make notebooks``)."""
    return NOTEBOOKS / f"{name}.ipynb"


def problems(name: str) -> list[str]:
    """What keeps the Japanese edition of ``name`` from being generated: missing or stale texts,
    a missing language switch. README, section 'Run it' (日本語版, ``make notebooks``)."""
    english = nbformat.read(english_source(name), as_version=4)
    texts = read_text(TEXTS / f"{name}.md")
    found = []
    markdown = [c.id for c in english.cells if c.cell_type == "markdown"]
    found += [f"{name}: no Japanese text for markdown cell {i}" for i in markdown if i not in texts]
    found += [
        f"{name}: Japanese text for cell {i}, which is not a markdown cell of the English notebook"
        for i in texts
        if i not in markdown
    ]
    if not any(SWITCH[0] in c.source for c in english.cells if c.cell_type == "code"):
        found.append(f"{name}: the English notebook never calls {SWITCH[0]}")
    return found


def generate(name: str) -> nbformat.NotebookNode:
    """The Japanese edition of ``notebooks/<name>.ipynb`` (without outputs). README, section 'Run it' (日本語版, ``make notebooks``)."""
    issues = problems(name)
    if issues:
        raise ValueError("; ".join(issues))
    english = nbformat.read(english_source(name), as_version=4)
    texts = read_text(TEXTS / f"{name}.md")
    cells = []
    for cell in english.cells:
        if cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(texts[cell.id])
        elif cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(japanese_code(cell.source))
        else:
            new = nbformat.v4.new_raw_cell(cell.source)
        new.id = cell.id
        new.metadata = dict(cell.metadata)
        cells.append(new)
    edition = nbformat.v4.new_notebook(cells=cells, metadata=dict(english.metadata))
    edition.metadata.pop("widgets", None)
    headings = [
        line[2:].strip()
        for c in cells
        if c.cell_type == "markdown"
        for line in c.source.splitlines()
        if line.startswith("# ")
    ]
    if headings:  # the page title (Voila's browser tab) in Japanese too
        edition.metadata["title"] = headings[0]
    return edition


def edition_path(name: str) -> Path:
    """Where the Japanese edition of ``name`` is stored (``notebooks/ja/<name>.ipynb``). README, section 'Run it' (日本語版, ``make notebooks``)."""
    return EDITION / f"{name}.ipynb"


def names() -> list[str]:
    """Notebooks with a Japanese text (``02_gpu_memory``, ``exercises/ex1_parameters``, ...). README, section 'Run it' (日本語版, ``make notebooks``)."""
    return sorted(str(p.relative_to(TEXTS).with_suffix("")) for p in TEXTS.rglob("*.md"))


def in_step(name: str) -> list[str]:
    """Differences between the stored Japanese edition and what :func:`generate` makes now. README, section 'Run it' (日本語版, ``make notebooks``)."""
    stored = nbformat.read(edition_path(name), as_version=4)
    fresh = generate(name)
    if len(stored.cells) != len(fresh.cells):
        return [f"{name}: {len(stored.cells)} cells stored, {len(fresh.cells)} generated"]
    return [
        f"{name} cell {i} ({new.cell_type}) differs from the generated one"
        for i, (old, new) in enumerate(zip(stored.cells, fresh.cells, strict=True))
        if (old.cell_type, old.source, old.get("id")) != (new.cell_type, new.source, new.get("id"))
        or old.metadata.get("slideshow") != new.metadata.get("slideshow")
        or old.metadata.get("tags") != new.metadata.get("tags")
    ]


def write(name: str) -> Path:
    """Generate and store the edition, keeping stored outputs of unchanged code cells. README, section 'Run it' (日本語版, ``make notebooks``)."""
    path = edition_path(name)
    edition = generate(name)
    if path.exists():
        old = {c.get("id"): c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"}
        for cell in edition.cells:
            before = old.get(cell.id)
            if cell.cell_type == "code" and before is not None and before.source == cell.source:
                cell.outputs, cell.execution_count = before.outputs, before.execution_count
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(edition, path)
    return path


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.editions [names]``: write the Japanese editions; 0 on success. README, section 'Run it' (日本語版, ``make notebooks``)."""
    parser = argparse.ArgumentParser(description="Generate the Japanese editions from the English notebooks.")
    parser.add_argument("names", nargs="*", help="e.g. 02_gpu_memory (default: every notebook with a text)")
    args = parser.parse_args(argv)
    for name in args.names or names():
        print(f"wrote {write(name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
