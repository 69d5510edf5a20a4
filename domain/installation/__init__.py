"""The installation: what is said of a ledger as a whole, such as that it is a training ledger
(a demonstration history whose clock runs on from where that history stops)."""
