"""Budget lines: one per program, fiscal year and funding source."""
