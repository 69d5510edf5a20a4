"""docs/FINANCE.md's glossary of budget figures is the vocabulary of ``projections.figures``, and
GraphQL's BudgetLine describes each field by the same Vietnamese term: they cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

from projections.figures import VOCABULARY

ROOT = Path(__file__).resolve().parents[2]
HEADER = "| Vietnamese term | GraphQL field | Formula over the postings | Meaning |"


def glossary_rows() -> list[str]:
    """The table's rows as the vocabulary writes them (paste them into docs/FINANCE.md)."""
    return [f"| {f.term_vi} | `{f.field}` | {f.formula} | {f.description} |" for f in VOCABULARY]


def test_the_finance_guide_carries_the_glossary_of_the_figures_module():
    text = (ROOT / "docs" / "FINANCE.md").read_text(encoding="utf-8").splitlines()
    start = text.index(HEADER)
    rows = []
    for line in text[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    expected = "\n".join(glossary_rows())
    assert rows == glossary_rows(), f"docs/FINANCE.md's glossary should read:\n{expected}"


def test_every_figure_is_a_budget_line_field_described_by_its_vietnamese_term():
    schema = (ROOT / "api" / "schema.graphql").read_text(encoding="utf-8")
    body = re.search(r"\ntype BudgetLine \{\n(.*?)\n\}", schema, re.S)
    assert body is not None
    fields = {
        m[2]: " ".join(m[1].split())
        for m in re.finditer(r'"""\s*(.*?)\s*"""\s*\n\s*(\w+):', body[1], re.S)
    }
    for figure in VOCABULARY:
        assert fields[figure.field].startswith(f"{figure.term_vi}: "), figure.field


def test_headers_name_the_term_the_unit_and_the_field():
    headers = {f.field: f.header for f in VOCABULARY}
    assert headers["allocated"] == "Dự toán được giao (đồng) [allocated]"
    assert headers["executionRate"] == "Tỷ lệ thực hiện [executionRate]"
    assert len(set(headers.values())) == len(VOCABULARY)
    assert len({f.term_vi for f in VOCABULARY}) == len(VOCABULARY)
