"""IATI 2.03 activity XML, checked against the official schema."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from xml.etree import ElementTree as ET

import pytest

from finance.exports.iati import (
    identifier_part,
    program_identifier,
    project_identifier,
    write_iati,
)
from tests.unit.exports.sample import (
    XML_LANG,
    activity,
    parse_iati,
)

# --- IATI -----------------------------------------------------------------------------------


def test_the_iati_file_validates_against_the_official_schema(data, tmp_path, iati_schema):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    errors = [str(error) for error in iati_schema.iter_errors(str(path))]
    assert not errors, errors[:3]
    root = parse_iati(path)
    assert root.get("version") == "2.03"
    assert root.get("generated-datetime") == "2025-03-15T09:30:00+07:00"


def remove_first(root: ET.Element, tag: str) -> None:
    parent = root.find(f".//{tag}/..")
    parent.remove(parent.find(tag.rsplit("/", 1)[-1]))


def swap_first(root: ET.Element, first: str, second: str) -> None:
    parent = root.find("iati-activity")
    children = list(parent)
    i, j = children.index(parent.find(first)), children.index(parent.find(second))
    children[i], children[j] = children[j], children[i]
    parent[:] = children


@pytest.mark.parametrize(
    "damage",
    [
        lambda root: remove_first(root, "reporting-org"),
        lambda root: remove_first(root, "activity-status"),
        lambda root: remove_first(root, "budget/value"),
        lambda root: swap_first(root, "title", "description"),
        lambda root: swap_first(root, "budget", "recipient-country"),
        lambda root: root.find(".//transaction/value").set("value-date", "15/03/2025"),
    ],
    ids=["no-reporting-org", "no-status", "budget-without-value", "description-first",
         "budget-before-country", "bad-date"],
)  # fmt: skip
def test_a_damaged_activity_fails_validation(data, tmp_path, iati_schema, damage):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    root = copy.deepcopy(parse_iati(path))
    damage(root)
    assert not iati_schema.is_valid(ET.tostring(root, encoding="unicode"))


def test_identifiers_are_made_iati_safe():
    assert identifier_part("DA-2025/02") == "DA-2025-02"
    assert identifier_part(" Đề án số 7 ") == "De-an-so-7"
    assert identifier_part("A&B|C?D") == "A-B-C-D"
    with pytest.raises(ValueError, match="nothing usable"):
        identifier_part("///")


def test_hierarchy_and_identifiers(data, tmp_path):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    root = parse_iati(path)
    parent_id = program_identifier(data.program)
    child_ids = [project_identifier(data.program, p) for p in data.projects]
    assert parent_id == "VN-SCT-BD-BD-KC-2025"
    assert child_ids == [
        "VN-SCT-BD-BD-KC-2025-DA-2024-01",
        "VN-SCT-BD-BD-KC-2025-DA-2025-02",
        "VN-SCT-BD-BD-KC-2025-DA-2025-03",
    ]
    all_ids = [a.findtext("iati-identifier") for a in root.iter("iati-activity")]
    assert all_ids == [parent_id, *child_ids]
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", i) for i in all_ids)
    parent = activity(root, parent_id)
    assert parent.get("hierarchy") == "1"
    assert [(r.get("ref"), r.get("type")) for r in parent.iter("related-activity")] == [
        (child, "2") for child in child_ids
    ]
    for child_id, project in zip(child_ids, data.projects, strict=True):
        child = activity(root, child_id)
        assert child.get("hierarchy") == "2"
        assert [(r.get("ref"), r.get("type")) for r in child.iter("related-activity")] == [
            (parent_id, "1")
        ]
        others = {o.get("ref") for o in child.iter("other-identifier")}
        assert {project.code, project.id} <= others
        assert child.find("reporting-org").get("ref") == "VN-SCT-BD"
        assert child.find("reporting-org").get("type") == "10"


def test_titles_and_descriptions_carry_their_language(data, tmp_path):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    parent = activity(parse_iati(path), program_identifier(data.program))
    titles = {n.get(XML_LANG): n.text for n in parent.find("title")}
    assert titles == {"vi": data.program.title_vi, "en": data.program.title_en}
    assert {n.get(XML_LANG) for n in parent.find("description")} == {"vi", "en"}
    assert parent.get("default-currency") == "VND"
    assert parent.find("recipient-country").get("code") == "VN"


@pytest.mark.parametrize(
    ("status", "code"),
    [("PROPOSED", "1"), ("APPRAISED", "1"), ("APPROVED", "2"), ("CONTRACTED", "2"),
     ("SUSPENDED", "2"), ("ACCEPTED", "3"), ("SETTLED", "4"), ("CANCELLED", "5"),
     ("REJECTED", "5")],
)  # fmt: skip
def test_project_status_maps_to_iati_activity_status(data, tmp_path, status, code):
    project = replace(data.projects[0], status=status)
    path = tmp_path / "iati.xml"
    write_iati(replace(data, projects=(project,)), path)
    child = activity(parse_iati(path), project_identifier(data.program, project))
    assert child.find("activity-status").get("code") == code


def test_transactions_carry_iati_types_and_signed_values(data, tmp_path):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    root = parse_iati(path)
    settled = activity(root, project_identifier(data.program, data.projects[0]))
    found = [
        (
            t.find("transaction-type").get("code"),
            t.find("transaction-date").get("iso-date"),
            t.findtext("value"),
            t.find("value").get("currency"),
            t.find("value").get("value-date"),
            t.get("ref"),
        )
        for t in settled.iter("transaction")
    ]
    assert found == [
        ("2", "2024-03-12", "850000000", "VND", "2024-03-12", "215/QĐ-SCT"),
        ("2", "2024-06-03", "-49999999", "VND", "2024-06-03", "402/QĐ-SCT"),
        ("3", "2024-04-02", "240000000", "VND", "2024-04-02", "UNC-0412"),
        ("3", "2024-11-20", "560000001", "VND", "2024-11-20", "UNC-1187"),
        ("3", "2024-11-25", "-20000000", "VND", "2024-11-25", "UNC-1187-H"),  # reversal
        ("3", "2025-01-10", "-15500003", "VND", "2025-01-10", "GNT-0007"),  # refund
    ]
    net_paid = sum(int(v) for code, _, v, *_ in found if code == "3")
    assert net_paid == 240_000_000 + 560_000_001 - 20_000_000 - 15_500_003
    # A transaction with no description still says what it is.
    contracted = activity(root, project_identifier(data.program, data.projects[1]))
    assert contracted.findall("transaction")[1].findtext("description/narrative")
    # The program reports no transactions: money is counted once, at the lowest level.
    assert activity(root, program_identifier(data.program)).find("transaction") is None


def test_program_budgets_per_year_original_and_revised(data, tmp_path):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    parent = activity(parse_iati(path), program_identifier(data.program))
    budgets = [
        (
            b.get("type"),
            b.get("status"),
            b.find("period-start").get("iso-date"),
            b.find("period-end").get("iso-date"),
            int(b.findtext("value")),
        )
        for b in parent.iter("budget")
    ]
    approved = {
        y: sum(p.figures.allocated_initial for p in data.phases if p.year == y)
        for y in (2023, 2024, 2025)
    }
    adjusted_2024 = sum(p.figures.allocated for p in data.phases if p.year == 2024)
    assert budgets == [
        ("1", "2", "2023-01-01", "2023-12-31", approved[2023]),
        ("1", "2", "2024-01-01", "2024-12-31", approved[2024]),
        ("1", "2", "2025-01-01", "2025-12-31", approved[2025]),
        ("2", "2", "2024-01-01", "2024-12-31", adjusted_2024),
    ]
    child = activity(parse_iati(path), project_identifier(data.program, data.projects[0]))
    assert [int(b.findtext("value")) for b in child.iter("budget")] == [850_000_000]
    proposed = activity(parse_iati(path), project_identifier(data.program, data.projects[2]))
    assert proposed.find("budget") is None


def test_results_report_targets_and_achievements(data, tmp_path):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    root = parse_iati(path)
    parent = activity(root, program_identifier(data.program))
    results = parent.findall("result")
    assert len(results) == len(data.targets)
    for result, target in zip(results, data.targets, strict=True):
        assert result.get("type") == "1"
        indicator = result.find("indicator")
        assert indicator.get("measure") == "1"
        assert indicator.find("reference").get("code") == target.indicator_code
        baseline = indicator.find("baseline")
        assert (baseline.get("year"), baseline.get("value")) == ("2021", "0")
        period = indicator.find("period")
        assert period.find("target").get("value") == str(target.target)
        assert period.find("actual").get("value") == str(target.achieved)
    child = activity(root, project_identifier(data.program, data.projects[1]))
    period = child.find("result/indicator/period")
    assert (period.find("target").get("value"), period.find("actual").get("value")) == ("12", "0")
    assert child.findtext("result/title/narrative") == data.targets[3].name_vi


def test_dates_status_and_location_of_a_project(data, tmp_path):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    root = parse_iati(path)
    settled = activity(root, project_identifier(data.program, data.projects[0]))
    dates = [(d.get("type"), d.get("iso-date")) for d in settled.iter("activity-date")]
    assert dates == [("1", "2024-03-12"), ("2", "2024-03-28")]
    assert settled.find("location").get("ref") == "718"
    assert settled.findtext("location/name/narrative") == "Thành phố Thủ Dầu Một"
    proposed = activity(root, project_identifier(data.program, data.projects[2]))
    assert [(d.get("type"), d.get("iso-date")) for d in proposed.iter("activity-date")] == [
        ("1", "2025-03-01")
    ]
    parent = activity(root, program_identifier(data.program))
    assert parent.find("activity-status").get("code") == "2"  # March 2025: under way


def test_co_financing_is_a_funding_participant_and_described_not_a_transaction(data, tmp_path):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    settled = next(p for p in data.projects if p.code == "DA-2024-01")
    project = activity(parse_iati(path), project_identifier(data.program, settled))
    funders = [o for o in project.findall("participating-org") if o.get("role") == "1"]
    assert [o.get("type") for o in funders] == ["10", "70"]
    (other,) = [d for d in project.findall("description") if d.get("type") == "4"]
    assert "860000001 đồng" in other[0].text
    values = {int(t.find("value").text) for t in project.findall("transaction")}
    assert 860_000_001 not in values
