"""Labels every notebook shares: units, parts of a model, generic words."""

LABELS = {
    "word.model": "model",
    "word.source": "source",
    "word.total": "total",
}
