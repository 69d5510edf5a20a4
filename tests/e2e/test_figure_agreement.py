"""One figure, one value: for every budget line of the demo, at a position in the middle of its
history and at its head, the XLSX, CSV and Open Fiscal Data Package exports, GraphQL and
`khuyencong report` give the same value under the same name — the GraphQL field in brackets in
each header (docs/FINANCE.md, the glossary).

Lines are keyed by (year, source, holder). The demo is loaded once per backend."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path
from unittest import mock

import openpyxl
import pytest

from projections.figures import VOCABULARY
from scripts.bootstrap import bootstrap
from scripts.cli import main
from scripts.demo import demo_clock, load_demo
from scripts.settings import Settings
from tests.conftest import _empty_postgres
from tests.e2e.api_client import Api, serving
from tests.support import ledgers

PROGRAM = "BD-KC-2025"
FIELDS = [figure.field for figure in VOCABULARY]
KEY_HEADERS = ("Năm [year]", "Nguồn kinh phí [source]", "Đơn vị giữ dự toán [holder.code]")
SAMPLES = 128  # positions looked at for figures that move: a refund due lasts a few events
Key = tuple[str, str, str]  # year, source, holder code
Lines = dict[Key, dict[str, str]]  # each figure as the text GraphQL's JSON gives it
BUDGET = (
    'query($position: Int) { budget(programCode: "BD-KC-2025", asOf: {position: $position}) '
    "{ position lines { year source holder { code } " + " ".join(FIELDS) + " } } }"
)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('agreement') / 'demo.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
        _empty_postgres(url)
    with ledgers(url) as make:
        ledger = make(demo_clock())  # type: ignore[arg-type]  # any clock the ledger can call
        with bootstrap(Settings.from_env({"KHUYENCONG_DATABASE_URL": url}), ledger=ledger) as s:
            load_demo(ledger, s.read_model)
        with (
            serving(ledger, url) as api,
            mock.patch.dict(os.environ, {"KHUYENCONG_DATABASE_URL": url}),
        ):
            yield api


@pytest.mark.parametrize("where", ["middle", "head"])
def test_every_budget_line_has_the_same_figures_everywhere(
    demo: Api, where: str, tmp_path: Path
) -> None:
    head = demo.head()
    position = head // 2 if where == "middle" else head
    api = _graphql(demo, position)
    # Several years and sources, even in the middle.
    assert len({key[0] for key in api}) >= 3
    assert len({key[1] for key in api}) >= 2
    assert _report(position) == api
    out = tmp_path / "bao-cao"
    assert _xlsx(out.with_suffix(".xlsx"), position) == api
    assert _csv(out.with_suffix(".csv"), position) == api
    assert _ofdp(tmp_path / "ofdp", position) == api


def test_the_figures_compared_are_not_all_zero(demo: Api) -> None:
    """Every figure moves on some line at some point, so agreement is not agreement on zeros."""
    head = demo.head()
    seen = dict.fromkeys(FIELDS, False)
    step = max(1, head // SAMPLES)
    for position in range(step, head + 1, step):
        for figures in _graphql(demo, position).values():
            for field, text in figures.items():
                seen[field] |= text not in ("0", "")
    assert all(seen.values()), [field for field, moved in seen.items() if not moved]


def _graphql(api: Api, position: int) -> Lines:
    budget = api.data(BUDGET, {"position": position}, role="auditor")["budget"]
    assert budget["position"] == position
    return {
        (str(line["year"]), line["source"], line["holder"]["code"]): {
            field: _api_text(line[field]) for field in FIELDS
        }
        for line in budget["lines"]
    }


def _api_text(value: object) -> str:
    """Amounts come as strings of digits; a rate as a JSON number or null."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def _run(*args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


def _report(position: int) -> Lines:
    """`khuyencong report --position P`: a line's heading, then "term [field]   value" rows."""
    text = _run("report", "--position", str(position))
    assert f"budget of {PROGRAM} at position {position}" in text
    lines: Lines = {}
    current: dict[str, str] = {}
    for row in text.splitlines():
        if heading := re.fullmatch(r"  (\d{4}) ([A-Z_]+) (\d+) — .+", row):
            current = lines.setdefault((heading[1], heading[2], heading[3]), {})
        elif figure := re.fullmatch(r"    .+ \[(\w+)\] +(\S+)", row):
            value = figure[2].replace(",", "")
            current[figure[1]] = "" if value == "—" else value
    return lines


def _by_header(header: list[str], rows: list[list[str]]) -> Lines:
    """A table whose columns are headed "term [field]": the key columns, then every figure."""
    keys = [header.index(key) for key in KEY_HEADERS]
    fields = {i: re.fullmatch(r".*\[(\w+)\]", h) for i, h in enumerate(header)}
    figures = {i: m[1] for i, m in fields.items() if m and i not in keys}
    assert list(figures.values()) == FIELDS
    return {
        (row[keys[0]], row[keys[1]], row[keys[2]]): {f: row[i] for i, f in figures.items()}
        for row in rows
    }


def _xlsx(path: Path, position: int) -> Lines:
    _run("export", "--format", "xlsx", "--out", str(path), "--position", str(position))
    book = openpyxl.load_workbook(path, read_only=True)
    info = dict(book["Thông tin"].iter_rows(values_only=True))
    assert info["Vị trí sổ cái"] == position
    header, *rows = book["Dự toán"].iter_rows(values_only=True)
    kinds = {figure.header: figure.kind for figure in VOCABULARY}

    def text(title: object, value: object) -> str:
        if value is None:
            return ""
        if kinds.get(str(title)) == "ratio":
            # The cell holds the API's float (a whole one, 0.0, reads back as the int 0).
            return json.dumps(float(value))
        assert isinstance(value, int | str), (title, value)
        return str(value)

    table = [[text(t, v) for t, v in zip(header, row, strict=True)] for row in rows]
    return _by_header([str(h) for h in header], table)


def _csv(path: Path, position: int) -> Lines:
    _run("export", "--format", "csv", "--out", str(path), "--position", str(position))
    with path.with_name(f"{path.stem}.du-toan.csv").open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    return _by_header(header, rows)


def _ofdp(folder: Path, position: int) -> Lines:
    """The package's wide budget table: columns named by the GraphQL fields."""
    _run("export", "--format", "ofdp", "--out", str(folder), "--position", str(position))
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "budget-lines")
    titles = [field["title"] for field in resource["schema"]["fields"]]
    assert titles[5:] == [figure.header for figure in VOCABULARY]
    with (folder / resource["path"]).open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header == ["year", "source", "source_name", "holder_code", "holder_name", *FIELDS]
    return {(row[0], row[1], row[3]): dict(zip(FIELDS, row[5:], strict=True)) for row in rows}
