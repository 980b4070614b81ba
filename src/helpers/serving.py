"""``helpers.serving``: the serving calculations under a short name (they live in :mod:`helpers.calc.serving`).

Explained in ``notebooks/08_serving.ipynb``. Nothing is defined here; ``tests/test_layers.py`` ranks
this alias with ``calc``.
"""

from helpers.calc.serving import *  # noqa: F403
from helpers.calc.serving import __all__  # noqa: F401
