"""The rows of an XLSX workbook's first worksheet, numbered as the sheet numbers them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from openpyxl import load_workbook

from finance.statement_file.cells import Row
from finance.statement_file.errors import StatementFormatUnsupported


@contextmanager
def xlsx_rows(data: bytes, filename: str) -> Iterator[Iterator[tuple[int, Row]]]:
    """The first worksheet, streamed; the workbook is closed whatever happens while reading."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (zip, XML, KeyError) on bad files
        raise StatementFormatUnsupported(
            f"{filename} looks like an XLSX workbook but cannot be read ({error})"
        ) from error
    try:
        if not workbook.worksheets:
            raise StatementFormatUnsupported(f"{filename} is an XLSX workbook without worksheets")
        sheet = workbook.worksheets[0]
        # Some writers record a wrong sheet size; without this, rows or columns would be lost.
        sheet.reset_dimensions()
        yield _sheet_rows(sheet, filename)
    finally:
        workbook.close()


def _sheet_rows(sheet: Any, filename: str) -> Iterator[tuple[int, Row]]:
    """Rows numbered as the sheet numbers them (openpyxl fills in missing rows)."""
    rows = iter(sheet.iter_rows(values_only=True))
    line = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as error:  # damaged sheet XML inside a valid zip
            raise StatementFormatUnsupported(
                f"{filename}: the first worksheet cannot be read after row {line} ({error})"
            ) from error
        line += 1
        yield line, values
