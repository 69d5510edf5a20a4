"""What each kind of project transaction does to the money, shared by the exports that sign it.

The model records every amount as the ledger does: commitments signed (an approval, or an
adjustment up or down), payments positive, and reversals and refunds positive too — their kind
says which way they move the money. Exports that add amounts up (the fiscal data package, IATI)
need the net effect instead: a reversal undoes a payment and a refund brings money back, so both
count against what was paid.
"""

from __future__ import annotations

from finance.exports.model import Transaction

COMMITMENT = "commitment"
DISBURSEMENT = "disbursement"
REVERSAL = "reversal"
REFUND = "refund"

KINDS: tuple[str, ...] = (COMMITMENT, DISBURSEMENT, REVERSAL, REFUND)

_SIGN = {COMMITMENT: 1, DISBURSEMENT: 1, REVERSAL: -1, REFUND: -1}


def signed_amount(transaction: Transaction) -> int:
    """The transaction's effect on its total: commitments as recorded, disbursements added,
    reversals and refunds subtracted. An unknown kind is an error, not a guess."""
    try:
        sign = _SIGN[transaction.kind]
    except KeyError:
        raise ValueError(f"unknown transaction kind {transaction.kind!r}") from None
    return sign * transaction.amount
