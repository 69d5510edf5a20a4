"""Read model: projections of the event history (budget, targets, registers, journal)."""
