"""English and Japanese: one label table for everything the two editions show (issue 7).

Widget descriptions, figure labels, table headers, printed results and exercise feedback come from
:data:`helpers.i18n.labels.LABELS` through :func:`t`, so the two editions of a notebook run the same
code and differ only in the language set in their first cell (``i18n.set_language("ja")``) and in
their prose (``notebooks/ja/text/``, see :mod:`tools.editions`).
"""

from __future__ import annotations

from typing import Any

from helpers.calc import check
from helpers.i18n.labels import LABELS

LANGUAGES = ("en", "ja")
_current = {"lang": "en"}


def set_language(lang: str) -> str:
    """Choose the language of labels, printed text and figures for this kernel; returns it.

    Japanese also switches matplotlib to a Japanese font (IPAexGothic from ``matplotlib-fontja``).
    Notebook 00, section 'Imports' (each notebook's first code cell); README, section 'Run it' (日本語版).
    """
    lang = check.choice("lang", lang, LANGUAGES)
    _current["lang"] = lang
    import matplotlib

    if lang == "ja":
        import matplotlib_fontja  # noqa: F401  (importing it registers and selects IPAexGothic)

        matplotlib_fontja.japanize()
    else:
        matplotlib.rcParams["font.family"] = matplotlib.rcParamsDefault["font.family"]
    return lang


def language() -> str:
    """The language set by :func:`set_language` ("en" until it is called). Notebook 00, section 'Imports' (each notebook's first code cell); README, section 'Run it' (日本語版)."""
    return _current["lang"]


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """The text of ``key`` in ``lang`` (default: the current language), formatted with ``values``.

    Notebook 00, section 'Imports' (each notebook's first code cell); README, section 'Run it' (日本語版).
    """
    lang = check.choice("lang", lang or _current["lang"], LANGUAGES)
    if key not in LABELS:
        raise ValueError(f"key must be a label in helpers.i18n.labels, got {key!r}")
    text = LABELS[key][LANGUAGES.index(lang)]
    return text.format(**values) if values else text


def missing(lang: str) -> list[str]:
    """Keys without a text in ``lang`` (a test keeps this empty). README, section 'Run it' (日本語版)."""
    index = LANGUAGES.index(check.choice("lang", lang, LANGUAGES))
    return sorted(key for key, texts in LABELS.items() if len(texts) <= index or not texts[index].strip())
