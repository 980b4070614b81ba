"""The label table: ``key -> (English, Japanese)``, assembled from one module per notebook topic.

Each topic module defines ``LABELS``; a key may appear in one module only (checked on import), so
editors of different notebooks never edit the same lines.
"""

from __future__ import annotations

from importlib import import_module

TOPICS = ("common", "memory", "classroom", "exercises", "intro_params", "compute_power", "finance")


def _merge() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for topic in TOPICS:
        labels = import_module(f"{__name__}.{topic}").LABELS
        clash = merged.keys() & labels.keys()
        if clash:
            raise ValueError(f"label keys must be unique across topics; {topic} repeats {sorted(clash)}")
        merged.update(labels)
    return merged


LABELS = _merge()
