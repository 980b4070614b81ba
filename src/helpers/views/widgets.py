"""Slider factories and the error line: the widget layer that notebooks share.

Widgets carry their unit in the description and sensible bounds. A callback wrapped in
:func:`explained` shows a ``ValueError``'s message in a one-line banner instead of a traceback,
so an impossible combination of sliders explains itself (DESIGN.md, "Widgets").
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

STYLE = {"description_width": "150px"}  # px, not em: reveal.js decks scale em


def toggle_style(button_px: int) -> dict[str, str]:
    """:data:`STYLE` for toggle buttons ``button_px`` wide (their labels must fit).

    Notebook 01, section '5. Build a model'.
    """
    return {**STYLE, "button_width": f"{button_px}px"}


LAYOUT = widgets.Layout(width="460px")


def int_slider(description: str, value: int, low: int, high: int, step: int = 1, **kwargs: Any) -> widgets.IntSlider:
    """An integer slider with a wide description (units belong in the description).

    Notebook 03, section '4. From FLOPs to days'.
    """
    return widgets.IntSlider(
        value=value, min=low, max=high, step=step, description=description, style=STYLE, layout=LAYOUT, **kwargs
    )


def int_box(description: str, value: int, low: int, high: int, **kwargs: Any) -> widgets.BoundedIntText:
    """An exact integer entry (for values such as a vocabulary of 50,257 that a slider cannot hit).

    Notebook 01, section '5. Build a model'.
    """
    return widgets.BoundedIntText(
        value=value, min=low, max=high, description=description, style=STYLE, layout=LAYOUT, **kwargs
    )


def message() -> widgets.HTML:
    """An empty line that :func:`explained` fills with an explanation when input is impossible.

    Notebook 03, section '4. From FLOPs to days'.
    """
    return widgets.HTML(value="").add_class("t-message")


def show_problem(line: widgets.HTML, text: str) -> None:
    """Show ``text`` as a warning in ``line``; an empty ``text`` clears it. Notebook 01, section '5. Build a model'."""
    line.value = f'<span style="color:#b00020">⚠ {html.escape(text)}</span>' if text else ""


def explained(line: widgets.HTML) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Decorator: run the callback; on ``ValueError`` show its message in ``line`` and keep going.

    Notebook 03, section '4. From FLOPs to days'.
    """

    def wrap(update: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(update)
        def guarded(*args: Any, **kwargs: Any) -> None:
            try:
                update(*args, **kwargs)
            except ValueError as error:
                show_problem(line, str(error))
            else:
                show_problem(line, "")

        return guarded

    return wrap
