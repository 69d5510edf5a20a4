"""The program file is checked field by field, without a database."""

from __future__ import annotations

import pytest

from domain.errors import InvalidProgramFile
from domain.programs.definition import to_data, with_versions
from domain.programs.parsing import parse_program
from tests.support import program_data


def test_the_seed_program_parses_and_survives_its_stored_form():
    definition = parse_program(program_data())
    assert len(definition.indicators) == 13
    assert parse_program(to_data(definition)) == definition


def test_content_items_follow_the_vietnamese_letters_of_the_decision():
    codes = [c.code for c in parse_program(program_data()).contents if c.code.startswith("IV.5.")]
    assert codes == ["IV.5.a", "IV.5.b", "IV.5.c", "IV.5.d", "IV.5.đ", "IV.5.e", "IV.5.g"]


def test_a_content_item_without_its_group_is_refused():
    data = program_data()
    data["contents"] = [c for c in data["contents"] if c["code"] != "IV.3"]
    with pytest.raises(InvalidProgramFile, match=r"no group IV\.3"):
        parse_program(data)


def test_a_program_that_ends_before_it_starts_is_refused():
    data = program_data()
    data["period_end"] = "2020-01-01"
    with pytest.raises(InvalidProgramFile) as refused:
        parse_program(data)
    assert refused.value.field == "period_end"


def test_an_impossible_date_is_refused_with_its_place():
    data = program_data()
    data["legal_basis"]["decision_date"] = "2021-02-30"
    with pytest.raises(InvalidProgramFile) as refused:
        parse_program(data)
    assert refused.value.field == "legal_basis.decision_date"


def test_a_support_rule_that_caps_nothing_is_refused():
    data = program_data()
    rule = data["support_rules"][0]
    for key in ("max_share_percent", "cap_vnd"):
        rule.pop(key)
    with pytest.raises(InvalidProgramFile, match="sets no share, cap or multiple"):
        parse_program(data)


def test_a_share_above_100_percent_is_refused():
    data = program_data()
    data["support_rules"][0]["max_share_percent"] = 150
    with pytest.raises(InvalidProgramFile) as refused:
        parse_program(data)
    assert refused.value.field == "support_rules[0].max_share_percent"


def test_a_file_that_is_not_a_mapping_is_refused():
    with pytest.raises(InvalidProgramFile, match="must be a mapping"):
        parse_program(["not", "a", "program"])


def _with_version(**change: object) -> dict:
    data = program_data()
    machinery = next(r for r in data["support_rules"] if r["code"] == "TT28-2018-MACHINERY")
    version = {**machinery, "code": "TT28-2018-MACHINERY-V2", "effective_from": "2022-01-01"}
    data["support_rules"].append({**version, "replaces": "TT28-2018-MACHINERY", **change})
    return data


def test_a_rule_version_in_the_file_ends_the_rule_it_replaces():
    rules = {r.code: r for r in with_versions(parse_program(_with_version()).support_rules)}
    assert str(rules["TT28-2018-MACHINERY"].effective_to) == "2021-12-31"
    assert rules["TT28-2018-MACHINERY-V2"].effective_to is None
    assert parse_program(to_data(parse_program(_with_version()))) == parse_program(_with_version())


@pytest.mark.parametrize("change", [{"replaces": "NO-SUCH-RULE"}, {"effective_from": "2018-05-12"}])
def test_a_rule_version_replaces_an_earlier_rule_it_starts_after(change):
    with pytest.raises(InvalidProgramFile) as refused:
        parse_program(_with_version(**change))
    assert refused.value.field == "TT28-2018-MACHINERY-V2"
