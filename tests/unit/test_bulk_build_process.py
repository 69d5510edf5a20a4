"""What a bulk build's worker process pays before its first event, and the cycle collector's
pause around a share."""

from __future__ import annotations

import gc
import subprocess
import sys

from projections.bulk.memory import without_cycle_collection


def test_the_console_script_imports_nothing_of_the_command_line_until_it_runs() -> None:
    """A worker started by ``spawn`` imports the parent's main script again: the installed
    ``khuyencong`` script must not bring the API (its schema: about a second) with it."""
    probe = (
        "import sys, scripts.entry; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('api', 'strawberry')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_cycle_collector_is_paused_inside_and_as_it_was_after() -> None:
    assert gc.isenabled()
    with without_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with without_cycle_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()
