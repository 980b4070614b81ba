"""Data files by name, checked against ``data/manifest.csv`` (source, date, units, sha256).

Every figure a notebook shows comes from a file listed in the manifest or from a tested formula.
``load("models")`` returns a DataFrame and refuses a file whose SHA-256 differs from the manifest,
so a silently edited number cannot reach a reader (STYLE.md 12, after d2l's ``DATA_HUB``).

After editing a data file on purpose, refresh its hash with ``python -m tools.rehash``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

MANIFEST_COLUMNS = (
    "file",
    "description",
    "source_title",
    "source_url",
    "retrieved",
    "published",
    "license",
    "units",
    "sha256",
)


def data_dir() -> Path:
    """The project's ``data/`` folder (``TRILLION_DATA_DIR`` overrides it, e.g. for tests).

    Notebook 00, section 'Imports'; README, section 'Data sources'.
    """
    override = os.environ.get("TRILLION_DATA_DIR")
    return Path(override) if override else Path(__file__).resolve().parents[3] / "data"


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex: what ``data/manifest.csv`` records. Notebook 00, section 'Imports'; README, section 'Data sources'."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest() -> pd.DataFrame:
    """The manifest as a DataFrame, one row per data file. Notebook 00, section 'Imports'; README, section 'Data sources'."""
    return pd.read_csv(data_dir() / "manifest.csv", dtype=str, keep_default_na=False)


def _resolve(name: str) -> str:
    """Map ``"models"`` / ``"models.csv"`` / ``"measured/x"`` to the manifest's file entry."""
    files = set(manifest()["file"])
    for candidate in (name, f"{name}.csv", f"{name}.json"):
        if candidate in files:
            return candidate
    raise ValueError(
        f"name must be a file listed in data/manifest.csv, got {name!r}; listed: {', '.join(sorted(files))}"
    )


def path(name: str) -> Path:
    """Path of a listed data file after checking its SHA-256 against the manifest. Notebook 00, section 'Imports'; README, section 'Data sources'."""
    entry = _resolve(name)
    row = manifest().set_index("file").loc[entry]
    file = data_dir() / entry
    if not file.is_file():
        raise FileNotFoundError(f"data/{entry} is listed in the manifest but missing")
    actual = sha256(file)
    if actual != row["sha256"]:
        raise ValueError(
            f"data/{entry} has sha256 {actual[:12]}…, the manifest says {row['sha256'][:12]}…: "
            "the file changed without its manifest row (run `python -m tools.rehash` after a deliberate edit)"
        )
    return file


@cache
def _read_csv(entry: str, digest: str) -> pd.DataFrame:
    return pd.read_csv(data_dir() / entry, keep_default_na=True)


def load(name: str) -> pd.DataFrame:
    """Load a CSV data file by name as a DataFrame (a fresh copy; the parse is cached).

    Notebook 00, section 'Imports'; README, section 'Data sources'.
    """
    file = path(name)
    if file.suffix != ".csv":
        raise ValueError(f"name must name a CSV file for load(); {file.name} is not (use load_json)")
    return _read_csv(str(file.relative_to(data_dir())), sha256(file)).copy()


def load_json(name: str) -> Any:
    """Load a JSON data file by name (hash-checked like :func:`load`). Notebook 00, section 'Imports'; README, section 'Data sources'."""
    return json.loads(path(name).read_text(encoding="utf-8"))


def problems() -> list[str]:
    """Everything wrong between ``data/`` and the manifest (empty when all is well). Notebook 00, section 'Imports'; README, section 'Data sources'."""
    found = []
    table = manifest()
    if tuple(table.columns) != MANIFEST_COLUMNS:
        found.append(f"manifest columns are {tuple(table.columns)}, expected {MANIFEST_COLUMNS}")
        return found
    for _, row in table.iterrows():
        file = data_dir() / row["file"]
        empty = [c for c in ("description", "source_title", "license", "units", "sha256") if not row[c].strip()]
        if empty:
            found.append(f"{row['file']}: empty {', '.join(empty)}")
        if not (row["retrieved"].strip() or row["published"].strip()):
            found.append(f"{row['file']}: neither a retrieved nor a published date")
        if not file.is_file():
            found.append(f"{row['file']}: listed but missing")
        elif sha256(file) != row["sha256"]:
            found.append(f"{row['file']}: sha256 differs from the manifest")
    listed = set(table["file"])
    for file in sorted(data_dir().rglob("*")):
        rel = file.relative_to(data_dir()).as_posix()
        if file.is_file() and rel != "manifest.csv" and rel not in listed:
            found.append(f"{rel}: in data/ but not in the manifest")
    return found


def rehash() -> list[str]:
    """Rewrite the sha256 column from the files on disk; return the entries that changed.

    README, section 'Data sources' (``python -m tools.rehash``).
    """
    target = data_dir() / "manifest.csv"
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):
        if None in row or None in row.values():
            raise ValueError(
                f"data/manifest.csv line {number} must have {len(MANIFEST_COLUMNS)} fields "
                "(quote a field that contains a comma); nothing was written"
            )
    changed = []
    for row in rows:
        digest = sha256(data_dir() / row["file"])
        if digest != row["sha256"]:
            changed.append(row["file"])
            row["sha256"] = digest
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return changed
