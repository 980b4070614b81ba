"""One base for every explorer: calculation -> view -> one ``observe`` wiring -> first render.

A subclass builds its ``controls`` (name -> widget), then calls :meth:`Explorer.wire`. Each change of
a control runs :meth:`Explorer.update`, which calls the subclass's ``_update`` (compute with
:mod:`helpers.calc`, then redraw ``summary`` and ``chart`` in place). A ``ValueError`` from the
calculation shows as one line in ``problem`` in the reader's language instead of a traceback
(DESIGN.md, "Widgets"). Used by notebooks 01, 02, 05 and 06.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets

from helpers import i18n
from helpers.views.widgets import explained, message


class Explorer:
    """Controls -> one update -> a summary and a chart; a ``ValueError`` shows in ``problem``.

    Notebook 01, section '5. Build a model' (the model builder, the first explorer).
    """

    lang: str
    controls: dict[str, widgets.ValueWidget]

    def wire(self, observed: Iterable[str] | None = None) -> None:
        """Create the output widgets, observe ``observed`` controls (default: all) and render once."""
        self.summary = widgets.HTML().add_class("t-summary")
        self.chart = widgets.HTML().add_class("t-chart")
        self.problem = message()
        self.update = explained(self.problem, self.lang)(self._update)
        for name in self.controls if observed is None else observed:
            self.controls[name].observe(self.update, names="value")
        self.update()

    def _update(self, change: Any = None) -> None:
        """Compute from the controls and redraw the outputs in place (each subclass says how)."""
        raise NotImplementedError

    def t(self, key: str, **values: Any) -> str:
        """The label ``key`` in this explorer's language."""
        return i18n.t(key, self.lang, **values)
