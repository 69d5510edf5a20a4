"""Operator tools behind one CLI, `khuyencong`, and the composition root."""
