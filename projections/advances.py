"""Advances not yet recovered (tạm ứng chưa thu hồi) of one project, per budget line.

An advance is recovered by the project's payments of the same source, the oldest advance first,
and wholly by settlement or cancellation (which turn what was paid into the final support or a
refund due). The projector keeps each project's vouchers and posts every change of what is
outstanding to the ``advance`` account of the line the advance was paid from, so the figure
``advancesOutstanding`` is a sum of legs like every other figure (``projections.figures``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

import orjson

ADVANCE = "ADVANCE"
# json.dumps(…, sort_keys=True), made once: the register keeps this text, so it must not change.
_ENCODER = json.JSONEncoder(sort_keys=True)
Outstanding = dict[tuple[int, str], int]  # (fiscal year, source) → đồng


@dataclass
class Advances:
    """A project's payment vouchers (kind, source, year of the line, amount) and whether it is
    closed (settled or cancelled)."""

    vouchers: dict[str, tuple[str, str, int, int]] = field(default_factory=dict)
    closed: bool = False

    @classmethod
    def loads(cls, text: str) -> Advances:
        plain = orjson.loads(text)
        vouchers = {v: (str(k), str(s), int(y), int(a)) for v, (k, s, y, a) in plain["v"].items()}
        return cls(vouchers, bool(plain["closed"]))

    def dumps(self) -> str:
        return _ENCODER.encode({"v": self.vouchers, "closed": self.closed})

    def record(self, voucher_no: str, kind: str, source: str, year: int, amount: int) -> None:
        self.vouchers[voucher_no] = (kind, source, year, amount)

    def reverse(self, voucher_no: str) -> None:
        self.vouchers.pop(voucher_no, None)

    def close(self) -> None:
        self.closed = True

    def paid_by_line(self) -> Outstanding:
        """What the vouchers that stand paid, per (year, source) of the line they were paid from."""
        paid: Outstanding = defaultdict(int)
        for _kind, source, year, amount in self.vouchers.values():
            paid[(year, source)] += amount
        return dict(paid)

    def outstanding(self) -> Outstanding:
        if self.closed:
            return {}
        advances: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        paid: dict[str, int] = defaultdict(int)
        for kind, source, year, amount in self.vouchers.values():
            if kind == ADVANCE:
                advances[source][year] += amount
            else:
                paid[source] += amount
        result: Outstanding = {}
        for source, by_year in advances.items():
            recovering = paid[source]
            for year in sorted(by_year):
                recovered = min(by_year[year], recovering)
                recovering -= recovered
                if by_year[year] > recovered:
                    result[(year, source)] = by_year[year] - recovered
        return result


def changes(before: Outstanding, after: Outstanding) -> list[tuple[int, str, int]]:
    """(year, source, change) of what is outstanding, in a stable order."""
    keys = sorted(before.keys() | after.keys())
    moves = [(y, s, after.get((y, s), 0) - before.get((y, s), 0)) for y, s in keys]
    return [move for move in moves if move[2]]
