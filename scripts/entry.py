"""The ``khuyencong`` console script's entry: the command line, imported when it runs.

The installed script imports this module at its top. A bulk build's worker processes are
started fresh (``spawn``) and import the parent's main script again, so a script that imported
the whole command line (the API's schema among it: about 1 s) made every worker pay for it
before its first event; these workers need the projections only.
"""

from __future__ import annotations


def main() -> int:
    from scripts.cli import main as run

    return run()


if __name__ == "__main__":  # ``python -m scripts.entry …``, as ``scripts/bench`` runs it
    raise SystemExit(main())
