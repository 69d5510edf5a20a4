"""The fault suite's figures (recovery times, /healthz latency) are kept as the tests measure
them and printed at the end of the run: no test asserts a time except the health bound."""

from __future__ import annotations

from collections.abc import Callable

import pytest

FIGURES: list[tuple[str, str]] = []


@pytest.fixture
def figure() -> Callable[[str, str], None]:
    """Records one measured figure, named, for the summary at the end of the run."""

    def record(name: str, value: str) -> None:
        FIGURES.append((name, value))

    return record


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    terminalreporter.section("fault suite figures")
    for name, value in FIGURES:
        terminalreporter.write_line(f"{name}: {value}")
