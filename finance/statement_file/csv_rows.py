"""The rows of a CSV text, numbered as a spreadsheet numbers them, with the delimiter detected."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator

from finance.statement_file.cells import Row
from finance.statement_file.errors import StatementValueInvalid

_CSV_DELIMITERS = (";", "\t", ",")  # on a tie the first wins: Vietnamese Excel writes ";"
_BLANK_CHARS = frozenset(" \t\r\n")


def csv_rows(text: str) -> Iterator[tuple[int, Row]]:
    """Numbered rows (records, as a spreadsheet counts them) with the detected delimiter."""
    delimiter = _detect_delimiter(text)
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=True
    )
    line = 0
    try:
        for line, row in enumerate(reader, start=1):
            yield line, row
    except csv.Error as error:
        raise StatementValueInvalid(
            f"the CSV text is malformed ({error}): a value with quotes must be quoted whole",
            line=line + 1,
        ) from error


def _detect_delimiter(text: str) -> str:
    """Count ';', tab and ',' outside quotes in the header row (csv.Sniffer guesses badly)."""
    counts = dict.fromkeys(_CSV_DELIMITERS, 0)
    in_quotes = False
    position = 0
    while position < len(text) and text[position] in _BLANK_CHARS:  # leading blank rows
        position += 1
    for ch in itertools.islice(text, position, None):
        if ch == '"':
            in_quotes = not in_quotes
        elif not in_quotes and ch in "\r\n":
            break
        elif not in_quotes and ch in counts:
            counts[ch] += 1
    best = max(_CSV_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","
