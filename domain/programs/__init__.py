"""Programs: the decision that sets targets, content items, funding sources, units and rules."""
