"""The Japanese catalogue: ``locale/ja/LC_MESSAGES/helpers.po``, a standard gettext PO file.

English is the source language: a message's ``msgid`` is the English sentence the code shows
(``_("Weights")``), its ``msgstr`` the Japanese one. ``msgctxt`` separates the few English words
that need two Japanese translations. Translators edit the PO file with any gettext tool (Poedit,
Weblate, ``msgmerge``); ``python -m tools.i18n`` adds new English messages and marks stale ones,
and ``tests/test_catalogue.py`` fails on a missing, stale or fuzzy translation.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "helpers"


def po_path(lang: str) -> Path:
    """Where the catalogue of ``lang`` lives. README, section 'Run it'."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=4)
def load_catalogue(lang: str) -> Catalog:
    """The parsed PO catalogue of ``lang`` (read once per kernel). README, section 'Run it'."""
    path = po_path(lang)
    if not path.exists():  # a language without a catalogue yet: every message untranslated
        return Catalog(locale=lang, domain=DOMAIN)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


@lru_cache(maxsize=4)
def _table(lang: str) -> dict[tuple[str | None, str], str]:
    return {(m.context, m.id): m.string for m in load_catalogue(lang) if m.id and m.string and not m.fuzzy}


def translation(message: str, lang: str, context: str | None = None) -> str | None:
    """The translation of ``message`` (in ``context``) into ``lang``, or ``None`` when there is none.

    README, section 'Run it'.
    """
    return _table(lang).get((context, message))
