"""A program recorded with a content item's text cut short, or an estimate taken for a firm
target, is corrected to the decision by amendment events; history is never rewritten."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import ProgramAlreadyDefined
from domain.programs.events import Program
from scripts.bootstrap import bootstrap
from scripts.settings import Settings
from tests.support import LOADER, PROGRAM, Clock, ReadSide, program_data

# Decision 1811/QĐ-UBND, Phần IV.1.b, all three sentences.
IV_1_B = (
    "Hỗ trợ chuyển giao, ứng dụng máy móc thiết bị, công nghệ tiên tiến, tự động hóa, công nghệ "
    "4.0 vào các khâu sản xuất công nghiệp - tiểu thủ công nghiệp. Hỗ trợ máy móc thiết bị tiên "
    "tiến do cơ sở công nghiệp nông thôn tự nghiên cứu, sản xuất, gia công chế tạo và ứng dụng có "
    "hiệu quả kinh tế cao vào sản xuất công nghiệp - tiểu thủ công nghiệp, được cơ quan quản lý "
    "công nhận. Đổi mới, nâng cấp quy trình sản xuất công nghệ theo hướng sản xuất sạch hơn, tiết "
    "kiệm năng lượng, tái sử dụng các nguồn nguyên liệu hoặc đưa ra các sản phẩm có tính bảo vệ "
    "môi trường, bền vững"
)
FIRST_SENTENCE = IV_1_B.split(". ")[0]


def _as_first_recorded() -> dict:
    """The program file as ledgers first recorded it: IV.1.b's first sentence only, and the 66
    certified products taken as a firm target."""
    data = program_data()
    for item in data["contents"]:
        if item["code"] == "IV.1.b":
            item["title_vi"] = FIRST_SENTENCE
            item["title_en"] = item["title_en"].split(". ")[0]
    for indicator in data["indicators"]:
        if indicator["code"] == "certified_products":
            indicator["approximate"] = False
    return data


def test_content_iv_1_b_keeps_the_decisions_three_sentences(make_ledger):
    ledger = make_ledger(Clock(date(2024, 6, 15)))
    ledger.define_program(program_data(), LOADER)
    program = ledger.program(PROGRAM)
    assert program.content_item("IV.1.b").title_vi == IV_1_B
    assert program.indicator("certified_products").approximate  # “dự kiến … 66 sản phẩm”


def test_an_old_ledger_is_corrected_by_amendments_once(make_ledger):
    ledger = make_ledger(Clock(date(2024, 6, 15)))
    ledger.define_program(_as_first_recorded(), LOADER)
    receipt = ledger.define_program(program_data(), LOADER)
    assert receipt.position == 3
    history = list(ledger.events.get(ledger.program(PROGRAM).id))
    defined, text, indicator = history
    assert isinstance(defined, Program.Defined)  # as it was stored
    assert (
        next(c for c in defined.definition["contents"] if c["code"] == "IV.1.b")["title_vi"]
        == FIRST_SENTENCE
    )
    assert isinstance(text, Program.ContentTextCorrected)
    assert (text.content_code, text.title_vi, text.previous_title_vi) == (
        "IV.1.b",
        IV_1_B,
        FIRST_SENTENCE,
    )
    assert (text.document_ref, text.effective_on) == ("1811/QĐ-UBND", date(2021, 7, 15))
    assert isinstance(indicator, Program.IndicatorCorrected)
    assert (indicator.indicator_code, indicator.approximate) == ("certified_products", True)
    fresh = make_ledger(Clock(date(2024, 6, 15)))
    fresh.define_program(program_data(), LOADER)
    assert ledger.program(PROGRAM).definition == fresh.program(PROGRAM).definition
    assert ledger.define_program(program_data(), LOADER).position is None
    with pytest.raises(ProgramAlreadyDefined):  # a correction is history: no going back
        ledger.define_program(_as_first_recorded(), LOADER)
    assert ledger.head_position() == 3


def test_a_text_that_drops_what_was_recorded_is_a_different_program(make_ledger):
    ledger = make_ledger(Clock(date(2024, 6, 15)))
    ledger.define_program(program_data(), LOADER)
    other = program_data()
    other["contents"][0]["title_vi"] = "Một nội dung khác"
    with pytest.raises(ProgramAlreadyDefined):
        ledger.define_program(other, LOADER)
    assert ledger.head_position() == 1


def test_the_read_model_shows_the_corrections_and_tells_them_in_vietnamese(
    make_ledger, database_url
):
    ledger = make_ledger(Clock(date(2024, 6, 15)))
    ledger.define_program(_as_first_recorded(), LOADER)
    ledger.define_program(program_data(), LOADER)
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings, ledger=ledger) as services:
        read_model = ReadSide(services).catch_up()
        targets = {t.indicator.code: t for t in read_model.targets(PROGRAM)}
        summaries = [e.summary for e in read_model.journal(first=10).items]
    assert targets["certified_products"].indicator.approximate
    assert summaries[1] == (f"Đính chính nội dung IV.1.b theo đúng văn bản 1811/QĐ-UBND: {IV_1_B}")
    assert summaries[2] == (
        "Chỉ tiêu “Sản phẩm được cấp giấy chứng nhận sản phẩm công nghiệp nông thôn tiêu biểu "
        "cấp tỉnh” là số dự kiến, theo 1811/QĐ-UBND"
    )
