"""Which kind of file was sent, judged by its bytes: an XLSX workbook, a CSV text, or a refusal
that says what the file looks like."""

from __future__ import annotations

import io
import zipfile

from finance.statement_file.errors import StatementEncodingInvalid, StatementFormatUnsupported

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def file_kind(data: bytes, filename: str) -> str:
    """'xlsx' or 'csv' judged by the bytes: a renamed PDF or .xls must not be read as text."""
    if not data:
        raise StatementFormatUnsupported(f"{filename} is empty (0 bytes)")
    if data.startswith(b"%PDF"):
        raise StatementFormatUnsupported(
            f"{filename} looks like a PDF document: export the statement as XLSX or CSV"
        )
    if data.startswith(_OLE2_MAGIC):
        raise StatementFormatUnsupported(
            f"{filename} looks like an old binary Excel file (.xls, Excel 97-2003) or a "
            "password-protected workbook: open it in Excel and save it as .xlsx (without a "
            "password) or as CSV"
        )
    if data.startswith(_ZIP_MAGICS):
        return _zip_kind(data, filename)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StatementEncodingInvalid(
            f'{filename} is UTF-16 text (Excel\'s "Unicode Text"): save it as CSV UTF-8'
        )
    if b"\x00" in data:
        raise StatementFormatUnsupported(f"{filename} looks like binary data, not a CSV text")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise StatementFormatUnsupported(
            f"{filename} looks like an HTML or XML document (some systems save web pages as "
            '".xls"): export the statement as XLSX or CSV'
        )
    return "csv"


def _zip_kind(data: bytes, filename: str) -> str:
    """An XLSX is a zip holding ``xl/workbook.xml``; name the usual other zips to help the user."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise StatementFormatUnsupported(
            f"{filename} looks like a damaged zip archive ({error})"
        ) from error
    if "xl/workbook.xml" in names:
        return "xlsx"
    if b"opendocument.spreadsheet" in mimetype:
        looks = "an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV"
    elif "word/document.xml" in names:
        looks = "a Word document"
    else:
        looks = "a zip archive that is not an XLSX workbook"
    raise StatementFormatUnsupported(f"{filename} looks like {looks}")
