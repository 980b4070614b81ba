"""Sentences that views choose at run time, by id: ``id -> English``, one module per notebook topic.

A view that picks a sentence from data (a part of a model, a site's status, a table column) names
it by id (``t("nb04.status.planned")``); the English sentence is here and its Japanese translation
in the PO catalogue (:mod:`helpers.i18n.catalogue`), like every ``_("...")`` sentence in the code.
A module may also define ``CONTEXTS = {id: context}`` for an English word that needs two Japanese
words (gettext's ``msgctxt``). An id may appear in one module only (checked on import), so editors
of different notebooks never edit the same lines.

:data:`LABELS` (``id -> (English, Japanese)``) is kept for tests and tools that compare editions.
"""

from __future__ import annotations

from importlib import import_module

from helpers.i18n.catalogue import translation

TOPICS = ("common", "memory", "classroom", "exercises", "intro_params", "compute_power", "finance")


def _merge() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    english: dict[str, str] = {}
    contexts: dict[str, str] = {}
    inline: dict[str, str] = {}  # Japanese still written beside the English (before `python -m tools.i18n --migrate`)
    for topic in TOPICS:
        module = import_module(f"{__name__}.{topic}")
        clash = english.keys() & module.LABELS.keys()
        if clash:
            raise ValueError(f"label ids must be unique across topics; {topic} repeats {sorted(clash)}")
        for key, value in module.LABELS.items():
            if isinstance(value, tuple):
                english[key], inline[key] = value
            else:
                english[key] = value
        contexts.update(getattr(module, "CONTEXTS", {}))
    return english, contexts, inline


ENGLISH, CONTEXTS, INLINE = _merge()
# (context, English) -> Japanese written beside it in a module, until it moves to the catalogue
INLINE_MESSAGES = {(CONTEXTS.get(key), ENGLISH[key]): text for key, text in INLINE.items()}


def japanese(key: str) -> str:
    """The Japanese sentence of ``key`` ("" when it has none yet). README, section 'Run it'."""
    return INLINE.get(key) or translation(ENGLISH[key], "ja", CONTEXTS.get(key)) or ""


LABELS: dict[str, tuple[str, str]] = {key: (text, japanese(key)) for key, text in ENGLISH.items()}
