"""The answer box: a text field, a Check button and the feedback, for readers without code (Voila).

It says exactly what :func:`helpers.teach.check.check` says for the typed text (a number, or a
number with its unit: "8696億円", "148 GWh"), except for an empty box, which asks for an answer; the
verdict shows as a badge, green "✓ Correct" or amber "Not yet" (:func:`helpers.teach.check.feedback_html`).
"""

from __future__ import annotations

import ipywidgets as widgets

from helpers.teach.check import Feedback, check, feedback_html, say
from helpers.teach.questions import get


def answer_box(question_id: str) -> widgets.VBox:
    """A box that checks the number typed for ``question_id``; a question whose answer is not a
    number (a model to design) is answered in a code cell instead.
    README, section 'For teachers'; the teachers' guide, section '4. How the checks work'."""
    question = get(question_id)  # an unknown question fails here, when the notebook is written
    if question.custom is not None:
        raise ValueError(say("box_custom", question=question_id))
    field = widgets.Text(
        placeholder=say("box_placeholder", asked=question.asked.name()),
        description=question_id,
        continuous_update=False,
        layout=widgets.Layout(width="360px"),
    )
    button = widgets.Button(description=say("box_button"), button_style="primary")
    feedback = widgets.HTML()

    def run(_: object = None) -> None:
        typed = field.value.strip()
        said = check(question_id, typed) if typed else Feedback(False, say("box_empty", question=question_id))
        feedback.value = feedback_html(said)

    button.on_click(run)
    field.observe(run, names="value")  # Enter (or leaving the box) checks too
    box = widgets.VBox([widgets.HBox([field, button]), feedback])
    box.check = run  # for tests: box.children[0].children[0].value = "..."; box.check()
    return box
