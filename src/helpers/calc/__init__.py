"""Pure calculations: each function takes numbers (or NumPy arrays) and returns numbers.

Nothing here prints, draws, switches language or keeps state beyond caching the data files it
reads through :mod:`helpers.data`. Inputs are checked by :mod:`helpers.calc.check`, which raises
``ValueError`` naming the field, the value and the allowed range.
"""
