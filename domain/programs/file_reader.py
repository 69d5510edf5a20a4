"""Reading one mapping of a program file, naming the place of every mistake (``path.key``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import partial
from typing import TypeVar

from domain.errors import InvalidProgramFile, LedgerError
from domain.text import NAME_MAX_CHARS, TEXT_MAX_CHARS, clean_text

T = TypeVar("T")


class FileReader:
    """Reads one mapping of the file, naming ``path.key`` in every complaint."""

    def __init__(self, data: object, path: str, allowed: set[str]) -> None:
        if not isinstance(data, Mapping):
            raise InvalidProgramFile("must be a mapping", field=path or None)
        unknown = sorted(set(map(str, data)) - allowed)
        if unknown:
            raise InvalidProgramFile(f"unknown key(s): {', '.join(unknown)}", field=path or None)
        self.data: Mapping[str, object] = data
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def text(self, key: str, *, max_chars: int = NAME_MAX_CHARS, required: bool = True) -> str:
        value = self.data.get(key)
        if not required and (value is None or value == ""):
            return ""
        if value is None:
            raise InvalidProgramFile("is missing", field=self.at(key))
        return as_file_error(lambda: clean_text(value, self.at(key), max_chars=max_chars))

    def optional(self, key: str) -> str | None:
        return self.text(key, required=False) or None

    def code(self, key: str, pattern: re.Pattern[str] | None = None) -> str:
        value = self.text(key)
        if pattern is not None and not pattern.match(value):
            raise InvalidProgramFile(f"{value!r} is not a valid code", field=self.at(key))
        return value

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise InvalidProgramFile(f"{value!r} is not a date", field=self.at(key)) from None
        if not isinstance(value, date):
            raise InvalidProgramFile("must be a date (YYYY-MM-DD)", field=self.at(key))
        return value

    def required_day(self, key: str) -> date:
        value = self.day(key)
        if value is None:
            raise InvalidProgramFile("is missing", field=self.at(key))
        return value

    def positive_int(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise InvalidProgramFile("must be a positive whole number", field=self.at(key))
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise InvalidProgramFile("must be true or false", field=self.at(key))
        return value

    def items(self, key: str, *, required: bool = True) -> list[tuple[str, object]]:
        value = self.data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, (list, tuple)) or (required and not value):
            raise InvalidProgramFile("must be a non-empty list", field=self.at(key))
        return [(f"{self.at(key)}[{index}]", item) for index, item in enumerate(value)]

    def strings(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        texts = []
        for path, item in self.items(key, required=required):
            if not isinstance(item, str) or not item.strip():
                raise InvalidProgramFile("must be non-empty text", field=path)
            texts.append(as_file_error(partial(clean_text, item, path, max_chars=TEXT_MAX_CHARS)))
        return tuple(texts)


def as_file_error(read: Callable[[], T]) -> T:
    try:
        return read()
    except InvalidProgramFile:
        raise
    except LedgerError as error:
        raise InvalidProgramFile(error.message, field=error.field) from None
