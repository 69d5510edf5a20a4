"""The read side's one home: every query on the read model's tables, split by area.

``ReadModel`` is the API the GraphQL layer, the command line and finance call; the area modules
(each a set of functions taking a transaction) are what it delegates to, and what finance and
audit call directly when they need several reads in one snapshot of their own.
"""

from projections.queries.paging import PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, checked_page_size
from projections.queries.read_model import CATCH_UP_WAIT_S, ReadModel

__all__ = [
    "CATCH_UP_WAIT_S",
    "PAGE_SIZE_DEFAULT",
    "PAGE_SIZE_MAX",
    "ReadModel",
    "checked_page_size",
]
