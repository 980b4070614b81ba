"""Exercises: questions as records (``questions/``, one module per sheet), the check engine
(``check``), the answer box for the app (``answer_box``); ``exercises`` gathers them for notebooks."""
