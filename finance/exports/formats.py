"""One entry point for every export format: what each writes, and as what a browser gets it."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from finance.exports.iati import write_iati
from finance.exports.model import ExportData
from finance.exports.ofdp import write_ofdp
from finance.exports.tables import write_csv, write_xlsx


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str  # of the file a download gets
    media_type: str
    folder: bool  # writes a folder (or several files) that a download zips
    write: Callable[[ExportData, Path], object]


FORMATS = {
    f.name: f
    for f in (
        Format(
            "xlsx",
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            False,
            write_xlsx,
        ),
        Format(
            "csv", ".zip", "application/zip", True, lambda d, p: write_csv(d, p / "thuc-hien.csv")
        ),
        Format("ofdp", ".zip", "application/zip", True, write_ofdp),
        Format("iati", ".xml", "application/xml", False, write_iati),
    )
}


def write_export(name: str, data: ExportData, out: Path) -> list[Path]:
    """Write to ``out``: a file (xlsx, iati), the execution CSV with its companions (csv), or
    a folder (ofdp). Returns what was written."""
    fmt = FORMATS[name]
    if name == "csv":
        return write_csv(data, out)
    if fmt.folder:
        out.mkdir(parents=True, exist_ok=True)
        fmt.write(data, out)
        return sorted(p for p in out.rglob("*") if p.is_file())
    out.parent.mkdir(parents=True, exist_ok=True)
    fmt.write(data, out)
    return [out]


def download_file(name: str, data: ExportData, folder: Path) -> Path:
    """One file for a browser: formats that write several files come zipped."""
    fmt = FORMATS[name]
    target = folder / f"{data.program.code}{'-' + str(data.year) if data.year else ''}"
    if not fmt.folder:
        path = target.with_suffix(fmt.suffix)
        fmt.write(data, path)
        return path
    staging = Path(tempfile.mkdtemp(dir=folder))
    try:
        fmt.write(data, staging)
        path = target.with_suffix(".zip")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(staging.rglob("*")):
                if file.is_file():
                    archive.write(file, file.relative_to(staging).as_posix())
        return path
    finally:
        shutil.rmtree(staging, ignore_errors=True)
