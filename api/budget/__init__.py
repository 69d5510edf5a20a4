"""Budget lines: execution reports, allocations and adjustments."""
