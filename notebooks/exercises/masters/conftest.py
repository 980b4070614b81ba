"""The masters are sources, stored without outputs: nbval runs the sheets and solutions generated
from them (``python -m tools.sheets``), not the masters themselves."""

collect_ignore_glob = ["*.ipynb", "nbgrader_config.py"]
