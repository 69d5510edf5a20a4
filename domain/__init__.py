"""Write side of the khuyến công ledger: events, decisions and the use cases that record them."""
