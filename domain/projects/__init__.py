"""Projects (đề án khuyến công): proposed, appraised, approved, paid, accepted and settled."""
