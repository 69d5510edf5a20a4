"""Document numbers, as Vietnamese offices issue them."""

from __future__ import annotations

import random
from datetime import date


class DocumentNumbers:
    """Document numbers as offices issue them: one series per kind and year, in date order,
    each starting where that office's register stood (deterministic for the seed)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.last: dict[tuple[str, int], int] = {}

    def next(self, kind: str, year: int) -> int:
        key = (kind, year)
        if key not in self.last:
            self.last[key] = random.Random(f"{self.seed}:{kind}:{year}").randint(20, 400)
        self.last[key] += 1
        return self.last[key]

    def doc(self, kind: str, day: date) -> str:
        """``123/QĐ-SCT``: number, then the document kind and the office that issued it."""
        return f"{self.next(kind, day.year)}/{kind}"
