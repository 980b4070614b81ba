"""Refresh the sha256 column of ``data/manifest.csv`` after a deliberate edit, then list problems.

``python -m tools.rehash`` (build-time; the package itself only reads and verifies).
"""

from __future__ import annotations

import argparse

from helpers.data import problems, rehash


def main(argv: list[str] | None = None) -> int:
    """Rehash, print what changed and what is wrong; 1 if anything is. README, section 'Data sources'."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    for entry in rehash():
        print(f"updated {entry}")
    issues = problems()
    for issue in issues:
        print(issue)
    return 1 if issues else 0


if __name__ == "__main__":
    raise SystemExit(main())
