"""Exports as a frontend gets them: a signed link from GraphQL, then a plain GET; and the same
exports from the command line. The files are checked with their own validators."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.e2e.api_client import serving
from tests.e2e.cli import khuyencong
from tests.history import build_history

LINK = """query($format: ExportFormat!, $year: Int) {
  exportLink(programCode: "BD-KC-2025", format: $format, year: $year) {
    url fileName expiresAt } }"""


@pytest.fixture
def api(scenario, database_url):
    build_history(scenario)
    with serving(scenario.ledger, database_url) as api:
        yield api


def download(api, fmt: str, year: int | None = None):
    link = api.data(LINK, {"format": fmt, "year": year}, role="auditor")["exportLink"]
    return link, api.client.get(link["url"])  # no bearer token: the link carries its signature


def test_an_xlsx_link_downloads_the_workbook_with_amounts_in_dong(api):
    link, response = download(api, "XLSX", 2024)
    assert link["fileName"] == "BD-KC-2025-2024.xlsx"
    assert response.status_code == 200
    assert link["fileName"] in response.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert {"Dự toán", "Thực hiện", "Chỉ tiêu"} <= set(book.sheetnames)
    book.close()


def test_iati_and_the_fiscal_data_package_download(api):
    _, iati = download(api, "IATI")
    root = ET.fromstring(iati.content)
    assert root.tag == "iati-activities"
    assert root.get("version") == "2.03"
    _, ofdp = download(api, "OFDP")
    names = zipfile.ZipFile(io.BytesIO(ofdp.content)).namelist()
    assert "datapackage.json" in names


def test_a_forged_link_or_an_anonymous_caller_gets_nothing(api):
    link, _ = download(api, "CSV")
    forged = link["url"][:-3] + ("abc" if not link["url"].endswith("abc") else "xyz")
    response = api.client.get(forged)
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "DOWNLOAD_LINK_INVALID"
    anonymous = api.post(LINK, {"format": "XLSX"})
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    outside = api.post(LINK, {"format": "XLSX", "year": 2019}, role="auditor")
    assert outside.json()["errors"][0]["extensions"]["field"] == "year"


def test_the_export_command_writes_each_format(scenario, database_url, tmp_path: Path):
    build_history(scenario)
    assert khuyencong(database_url, tmp_path, "projector", "--until-caught-up").returncode == 0
    for fmt, out in [
        ("xlsx", "bao-cao.xlsx"),
        ("csv", "thuc-hien.csv"),
        ("ofdp", "ofdp"),
        ("iati", "iati.xml"),
    ]:
        result = khuyencong(
            database_url, tmp_path, "export", "--format", fmt, "--out", str(tmp_path / out)
        )
        assert result.returncode == 0, result.stderr
        assert (tmp_path / out).exists()
    assert (tmp_path / "thuc-hien.chi-tieu.csv").exists()
    assert (tmp_path / "ofdp" / "datapackage.json").exists()
