"""Keep the Japanese catalogue in step with the code: ``python -m tools.i18n``.

Collects every English message (the label ids' sentences in ``helpers.i18n.labels`` and every
``_("...")`` / ``pgettext("ctx", "...")`` with a literal message in ``src/helpers`` and in the
English notebooks), then rewrites ``helpers.po``: translations kept, new messages added with an
empty ``msgstr`` for a translator, messages no code uses any more dropped. ``--check`` only reports
(``tests/test_catalogue.py`` runs it). ``--migrate`` moves Japanese still written beside the English
in a label module (``"id": ("English", "日本語")``) into the catalogue and leaves the English alone.
"""

from __future__ import annotations

import argparse
import ast
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "helpers"
LABEL_DIR = PACKAGE / "i18n" / "labels"
PO = PACKAGE / "i18n" / "locale" / "ja" / "LC_MESSAGES" / "helpers.po"

Message = tuple[str | None, str]  # (context, English)
# Fields a translation may use that its English leaves out: a count the English spells inside another
# field with its plural ("{gpus}" = "3 GPUs"), which Japanese writes as a number and a counter (枚).
EXTRA_FIELDS = {"count"}


def _calls(source: str, where: str) -> Iterator[tuple[Message, str]]:
    """``_("...")`` and ``pgettext("ctx", "...")`` calls with literal strings in ``source``."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        args = node.args
        if name == "_" and args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
            yield (None, args[0].value), f"{where}:{node.lineno}"
        elif (
            name == "pgettext"
            and len(args) >= 2
            and all(isinstance(a, ast.Constant) for a in args[:2])
            and all(isinstance(a.value, str) for a in args[:2])
        ):
            yield (args[0].value, args[1].value), f"{where}:{node.lineno}"


def notebook_code(path: Path) -> str:
    """A notebook's code cells as one Python source (IPython magics blanked)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines = []
    for cell in cells:
        if cell["cell_type"] == "code":
            lines += [
                "" if line.lstrip().startswith(("%", "!")) else line for line in "".join(cell["source"]).splitlines()
            ]
    return "\n".join(lines)


def english_notebooks() -> list[Path]:
    return sorted(
        p
        for p in (ROOT / "notebooks").rglob("*.ipynb")
        if "ja" not in p.relative_to(ROOT).parts[:2]
        and ".assets" not in p.parts
        and ".ipynb_checkpoints" not in p.parts
    )


def messages() -> dict[Message, list[str]]:
    """Every English message the code can show, with where it stands."""
    from helpers.i18n.labels import CONTEXTS, ENGLISH

    found: dict[Message, list[str]] = {}
    for key, text in ENGLISH.items():
        found.setdefault((CONTEXTS.get(key), text), []).append(f"id:{key}")
    for path in sorted(PACKAGE.rglob("*.py")):
        for message, where in _calls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))):
            found.setdefault(message, []).append(where)
    for path in english_notebooks():
        for message, where in _calls(notebook_code(path), str(path.relative_to(ROOT))):
            found.setdefault(message, []).append(where)
    return found


def read() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle, locale="ja", domain="helpers")


def write(catalog: Catalog) -> None:
    """Write ``catalog`` as the PO file, without format flags (see :func:`update`)."""
    for message in catalog:
        message.flags.discard("python-format")
        message.flags.discard("python-brace-format")
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=False, include_previous=False, omit_header=False)


def problems() -> list[str]:
    """Missing, stale and fuzzy translations, and placeholders that differ between the languages."""
    from helpers.i18n.labels import CONTEXTS, ENGLISH, INLINE

    wanted = messages()
    catalog = read()
    have = {(m.context, m.id): m for m in catalog if m.id}
    inline = {(CONTEXTS.get(key), ENGLISH[key]) for key in INLINE}
    found = [f"inline Japanese in a label module (run `python -m tools.i18n --migrate`): {key}" for key in INLINE]
    for message, where in wanted.items():
        entry = have.get(message)
        if message in inline and (entry is None or not entry.string):
            continue
        if entry is None or not entry.string:
            found.append(f"missing: {message[1]!r} (context {message[0]!r}) used at {where[0]}")
        elif entry.fuzzy:
            found.append(f"fuzzy: {message[1]!r}")
        elif not _fields(entry.string) <= _fields(message[1]) | EXTRA_FIELDS:
            found.append(f"the translation names a field the English lacks: {message[1]!r} -> {entry.string!r}")
    found += [f"stale: {key[1]!r} (context {key[0]!r}) is used nowhere" for key in have if key not in wanted]
    return found


def _fields(text: str) -> set[str]:
    import string

    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def _location(where: str) -> tuple[str, int | None]:
    """'path:12' -> ('path', 12); 'id:nb02.col.model' -> ('id:nb02.col.model', None)."""
    head, _, tail = where.rpartition(":")
    return (head, int(tail)) if tail.isdigit() else (where, None)


def update(extra: dict[Message, str] | None = None) -> tuple[int, int]:
    """Rewrite the catalogue for the code as it is; returns (added, dropped)."""
    wanted = messages()
    old = read() if PO.exists() else Catalog(locale="ja", domain="helpers")
    translations = {(m.context, m.id): m.string for m in old if m.id}
    translations.update(extra or {})
    catalog = Catalog(
        locale="ja",
        domain="helpers",
        project="trillion-explainer",
        version="0.1",
        copyright_holder="the trillion-explainer authors",
        msgid_bugs_address="the project's issue tracker",
        last_translator="the trillion-explainer authors",
        language_team="Japanese",
        charset="utf-8",
        fuzzy=False,
        creation_date=old.creation_date,
        revision_date=old.revision_date if isinstance(old.revision_date, datetime) else old.creation_date,
    )
    from helpers.i18n.labels import CONTEXTS, ENGLISH, INLINE

    inline = {(CONTEXTS.get(key), ENGLISH[key]) for key in INLINE}  # translated in their module until migrated
    for (context, text), where in wanted.items():
        if (context, text) in inline and not translations.get((context, text)):
            continue
        catalog.add(
            text, translations.get((context, text), ""), context=context, locations=[_location(w) for w in where[:3]]
        )
        # No format flags (write() drops them): Babel guesses "python-format" from any "%", and GNU
        # msgfmt's brace-format check knows no alignment ("{name:>16}") and wants every field in the
        # translation. Python's own parser checks the fields instead (problems(): a translation uses
        # no field the English lacks).
    write(catalog)
    return len(wanted.keys() - translations.keys()), len(translations.keys() - wanted.keys())


def _offset(lines: list[str], line: int, col: int) -> int:
    """Character offset in the joined ``lines`` of an AST position (``col`` counts UTF-8 bytes)."""
    before = sum(len(text) for text in lines[: line - 1])
    return before + len(lines[line - 1].encode("utf-8")[:col].decode("utf-8"))


def migrate(topics: list[str] | None = None) -> dict[Message, str]:
    """Move inline Japanese out of the label modules (or only ``topics``); returns the translations moved."""
    from importlib import import_module

    from helpers.i18n.labels import CONTEXTS, ENGLISH, INLINE, TOPICS

    chosen = topics or list(TOPICS)
    keys = {key for topic in chosen for key in import_module(f"helpers.i18n.labels.{topic}").LABELS}
    moved = {(CONTEXTS.get(key), ENGLISH[key]): ja for key, ja in INLINE.items() if key in keys}
    for path in [LABEL_DIR / f"{topic}.py" for topic in chosen]:
        source = path.read_text(encoding="utf-8")
        spans = []
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Tuple)
                and len(node.elts) == 2
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
            ):
                spans.append((node, node.elts[0]))
        lines = source.splitlines(keepends=True)
        for whole, first in sorted(spans, key=lambda s: -s[0].lineno):
            start, end = (
                _offset(lines, whole.lineno, whole.col_offset),
                _offset(lines, whole.end_lineno, whole.end_col_offset),
            )
            inner = source[
                _offset(lines, first.lineno, first.col_offset) : _offset(lines, first.end_lineno, first.end_col_offset)
            ]
            source = source[:start] + inner + source[end:]
        path.write_text(source, encoding="utf-8")
    return moved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report problems, change nothing")
    parser.add_argument(
        "--migrate",
        nargs="*",
        metavar="TOPIC",
        help="move inline Japanese from label modules (all, or the TOPICs named) to the PO file",
    )
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        print("\n".join(found) if found else "catalogue OK")
        return 1 if found else 0
    moved = migrate(args.migrate) if args.migrate is not None else {}
    if args.migrate is not None:  # the modules changed on disk: read them afresh in a new process
        update(moved)
        import subprocess
        import sys

        return subprocess.call([sys.executable, "-m", "tools.i18n"], cwd=ROOT)
    added, dropped = update()
    print(f"{PO.relative_to(ROOT)}: {added} new messages to translate, {dropped} unused dropped")
    for line in problems():
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
