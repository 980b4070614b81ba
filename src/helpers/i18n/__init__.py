"""English and Japanese, gettext style: the code says its English sentence, a PO catalogue translates it.

A notebook cell reads ``_("Weights")`` or ``_("{name}: {days:,.0f} days", name=..., days=...)``: the
English edition shows the sentence, the Japanese edition (``set_language("ja")`` in its first cell)
shows its translation from ``locale/ja/LC_MESSAGES/helpers.po`` (:mod:`helpers.i18n.catalogue`).
Views that choose a sentence at run time (a part of a model, a status, a column) keep English
tables in :mod:`helpers.i18n.labels`, keyed by a short id, and call :func:`t` with the id; those
English sentences are translated by the same catalogue. The editions differ only in the language
call and in their prose (``notebooks/ja/text/``, see ``tools/editions.py``).
"""

from __future__ import annotations

import logging
from typing import Any

from helpers.calc import check
from helpers.i18n.catalogue import load_catalogue, translation
from helpers.i18n.labels import CONTEXTS, ENGLISH, INLINE_MESSAGES

LANGUAGES = ("en", "ja")
_current = {"lang": "en"}


def set_language(lang: str) -> str:
    """Choose the language of labels, printed text and figures for this kernel; returns it.

    Japanese also switches matplotlib to a Japanese font (IPAexGothic from ``matplotlib-fontja``).
    README, section 'Run it' (the Japanese edition: `make start LANGUAGE=ja`).
    """
    lang = check.choice("lang", lang, LANGUAGES)
    _current["lang"] = lang
    import matplotlib  # imported here: a kernel that never switches language need not load it

    if lang == "ja":
        import matplotlib_fontja  # noqa: F401  (importing it registers and selects IPAexGothic)

        matplotlib_fontja.japanize()
        # IPAexGothic has no bold face: bold titles and line names are drawn in its regular weight,
        # and matplotlib's "findfont: Failed to find font weight bold" warning (English, as stderr
        # under every Japanese chart) says nothing a reader can act on.
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    else:
        matplotlib.rcParams["font.family"] = matplotlib.rcParamsDefault["font.family"]
    return lang


def language() -> str:
    """The language chosen with :func:`set_language` ("en" until then). README, section 'Run it'."""
    return _current["lang"]


def _translate(message: str, lang: str | None, context: str | None) -> str:
    lang = check.choice("lang", lang or _current["lang"], LANGUAGES)
    if lang == "en":
        return message
    found = translation(message, lang, context) or INLINE_MESSAGES.get((context, message))
    if found is None:
        where = f" (context {context!r})" if context else ""
        raise ValueError(
            f"message must have a {lang} translation in helpers.po{where}; none for {message!r} "
            "(run `python -m tools.i18n` and translate it)"
        )
    return found


def _(message: str, lang: str | None = None, **values: Any) -> str:
    """``message`` (English) in ``lang`` (default: the current language), formatted with ``values``."""
    text = _translate(message, lang, None)
    return text.format(**values) if values else text


def pgettext(context: str, message: str, lang: str | None = None, **values: Any) -> str:
    """Like :func:`_` for an English word that needs a different translation in ``context``.

    README, section 'Run it'.
    """
    text = _translate(message, lang, context)
    return text.format(**values) if values else text


def N_(message: str) -> str:  # noqa: N802  (gettext's name for "mark for translation, translate later")
    """Mark ``message`` for the catalogue without translating it now; :func:`_` translates it later.

    README, section 'Run it'.
    """
    return message


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """The sentence with id ``key`` (:data:`helpers.i18n.labels.ENGLISH`) in ``lang``, formatted with ``values``.

    README, section 'Run it'.
    """
    if key not in ENGLISH:
        raise ValueError(f"key must be a label id in helpers.i18n.labels, got {key!r}")
    text = _translate(ENGLISH[key], lang, CONTEXTS.get(key))
    return text.format(**values) if values else text


def missing(lang: str) -> list[str]:
    """Label ids without a translation into ``lang`` (a test keeps this empty). README, section 'Run it'."""
    lang = check.choice("lang", lang, LANGUAGES)
    if lang == "en":
        return sorted(key for key, text in ENGLISH.items() if not text.strip())
    return sorted(
        key
        for key, text in ENGLISH.items()
        if translation(text, lang, CONTEXTS.get(key)) is None and (CONTEXTS.get(key), text) not in INLINE_MESSAGES
    )


def pairs(lang: str = "ja") -> list[tuple[str, str]]:
    """Every (English, translation) pair the code can show in ``lang``: the catalogue and the label
    modules' inline translations. Tests use it to find English left in a Japanese page. README, section 'Run it'."""
    lang = check.choice("lang", lang, LANGUAGES[1:])
    found = {(m.id, m.string) for m in load_catalogue(lang) if m.id and m.string}
    return sorted(found | {(english, text) for (_, english), text in INLINE_MESSAGES.items()})
