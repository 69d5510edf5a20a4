"""A read-model table as the schema declares it: its columns, key and secondary indexes."""

from __future__ import annotations

from dataclasses import dataclass

TEXT, INT, BIG = "TEXT", "INTEGER", "BIGINT"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, type)
    primary_key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)
