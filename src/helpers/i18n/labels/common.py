"""Labels every notebook shares: units, parts of a model, generic words."""

LABELS = {
    "word.model": ("model", "モデル"),
    "word.format": ("format", "形式"),
    "word.source": ("source", "出典"),
    "word.gpu": ("GPU", "GPU"),
    "word.measured": ("measured", "実測"),
    "word.ours": ("ours", "本計算機"),
    "word.textbook": ("textbook", "教科書の式"),
    "word.total": ("total", "合計"),
    "word.sep": (", ", "、"),
}
