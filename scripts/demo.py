"""A realistic 2021–2025 history of Bình Dương's program BD-KC-2025, for demonstrations.

Every entry goes through the ledger's use cases (the methods of ``domain.ledger.Ledger``, and
``finance.statements.import_statement_file`` and ``finance.close.close_year`` for the finance
office's work), exactly as real commands do: nothing is written around the decisions, so the
history obeys every rule the ledger enforces, the fiscal calendar first of all.

Because those rules judge each entry against "today", the ledger must be created with the
clock that ``demo_clock()`` returns: the loader moves it to each entry's business date (10:00 in
Vietnam) before the command, so every entry is recorded on its own date::

    clock = demo_clock()
    ledger = create_ledger(settings, clock=clock)
    store = create_store(settings)  # the read model of the same database
    summary = load_demo(ledger, store, seed=1)

The read store is needed because the year-end close reads the project register from the read
model; the loader catches that read model up (``projections.projector.Projector``) before each
close and at the end. The history is the same for the same seed, on SQLite and PostgreSQL.

The database must be empty, or hold program definitions only (``serve`` loads the program files
when it starts; the demo defines BD-KC-2025 itself otherwise). Loading takes about a second on
SQLite and two on PostgreSQL.

What the history holds (the numbers vary with the seed): the program defined on 15 July 2021;
estimates proposed the year before, allocations from the provincial budget (a few billion đồng
a year) and from the district budgets, counterpart funds and integrated programs, with an
adjustment now and then; some seventy to ninety projects across the content items that have
indicators, in the nine district-level units (more in the four northern districts), proposed,
appraised, approved or rejected, contracted, adjusted, suspended and resumed, cancelled, paid
(advances, then payments, a few reversed), accepted and settled, one or two with a refund; the
establishments they support, with Vietnamese names and tax codes of the right form; one State
Treasury statement per year with a handful of discrepancies; the year-end closes of 2021–2024
in January of the following year (forced, with the reason, when discrepancies were left); and
the administrative change of 1 July 2025, after which projects and establishments are recorded
under unit 79 (Thành phố Hồ Chí Minh). 2025 is left open.
"""

from __future__ import annotations

import csv
import io
import random
import time as timer
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from functools import partial
from pathlib import Path
from typing import NamedTuple
from uuid import UUID

from domain.budget.commands import AdjustBudget, AdjustEstimate, AllocateBudget, ProposeEstimate
from domain.errors import InvalidInput
from domain.establishments.commands import AddCertification, RegisterEstablishment
from domain.ids import establishment_id, project_id
from domain.ledger import Ledger
from domain.programs.state import ProgramState
from domain.projects.commands import (
    AcceptOutputs,
    AdjustProject,
    AppraiseProject,
    ApproveProject,
    CancelProject,
    ProposeProject,
    RecordPayment,
    RecordRefund,
    RejectProject,
    ResumeProject,
    ReversePayment,
    SettleProject,
    SignContract,
    SuspendProject,
)
from domain.statements.commands import MatchStatementLine
from domain.types import (
    Actor,
    AppraisalResult,
    CertificationKind,
    EstablishmentKind,
    FundingSource,
    Output,
    PaymentKind,
    PaymentRef,
    ProjectStatus,
    Role,
    SourceAmount,
)
from finance.close import CloseYear, close_year
from finance.reconciliation import Reconciliation, reconcile
from finance.statements import import_statement_file
from projections.projector import Projector
from projections.queries import ReadModel
from projections.store import ReadStore
from scripts.bootstrap import LOADER, read_program_file
from scripts.clock import SettableClock
from scripts.settings import DEFAULT_PROGRAM_FILES

PROGRAM = "BD-KC-2025"
PROGRAM_DAY = date(2021, 7, 15)  # Decision 1811/QĐ-UBND
YEARS = (2021, 2022, 2023, 2024, 2025)
CLOSED_YEARS = (2021, 2022, 2023, 2024)  # 2025 is left open
LAST_DAY = date(2025, 12, 31)
WORK_TIME = time(10, 0)
CITY_UNIT = "79"  # Thành phố Hồ Chí Minh, from 1 July 2025
CENTER_UNIT = "718"  # Thủ Dầu Một, where the provincial Center works
NORTHERN_WEIGHT = 3  # the program focuses on the northern districts (objective I.1.đ)
MIN_PROJECTS = 70
MILLION = 1_000_000
PROGRAM_DEFINED_TOPIC = "khuyencong:Program.Defined"
EMPTY_CHECK_LIMIT = 100

TREASURY_ACCOUNT = "9523.1.1068413"  # the program's estimate account at the provincial Treasury
BUDGET_CHAPTER = "416"  # Sở Công Thương
BUDGET_SUBITEM = "7049"
STATEMENT_HEADER = (
    "Ngày giá trị",
    "Số chứng từ",
    "Số tiền",
    "Đơn vị nhận",
    "Mã số thuế",
    "Mã chương",
    "Tiểu mục",
    "Nội dung",
)
CENTER_NAME = "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Bình Dương"

FINANCE = Actor("ketoan.khuyencong@sct.binhduong", Role.FINANCE)
DOIT = Actor("lanhdao@sct.binhduong", Role.DOIT)
CENTER = Actor("chuyenvien@ttkc.binhduong", Role.CENTER)

P = FundingSource.PROVINCIAL
D = FundingSource.DISTRICT
C = FundingSource.COUNTERPART
INTEGRATED = FundingSource.OTHER_PROGRAM

# Indicators this history delivers, and the one a content item's size is counted in.
INDICATORS = (
    "demo_models",
    "machines_applied",
    "technology_lines",
    "env_treatment_upgrades",
    "product_selection_rounds",
    "certified_products",
    "trademark_support",
    "fairs",
    "fair_participations",
    "showrooms",
    "consultancy_support",
    "training_courses",
    "trainees",
)
FIRM_CONTENTS = ("IV.1.a", "IV.1.b", "IV.1.c", "IV.2.c", "IV.5.d")
OTHER_CONTENTS = (  # content items of projects that do not deliver, with their weights
    ("IV.1.b", 4),
    ("IV.1.a", 1),
    ("IV.1.c", 2),
    ("IV.2.a", 1),
    ("IV.2.c", 3),
    ("IV.5.d", 2),
    ("IV.4.b", 1),
)
CARRIED_CONTENTS = ("IV.1.a", "IV.1.b", "IV.1.c", "IV.2.a", "IV.4.b")
SHORTFALL_INDICATOR = {
    "IV.1.b": "machines_applied",
    "IV.2.a": "fair_participations",
    "IV.4.b": "trainees",
}

# Fates: how a project's story ends.
SETTLED = "settled"  # delivered, paid, settled (2025: perhaps still to settle)
ACCEPTED = "accepted"  # 2025: delivered and paid, settlement not yet decided
CARRIED = "carried"  # contracted late in its year; carried over at the close, finished after
LAPSED = "lapsed"  # approved in December without a contract: cancelled by the close
REJECTED = "rejected"
WITHDRAWN = "withdrawn"  # cancelled by decision before any payment
CANCEL_REFUND = "cancel_refund"  # cancelled after an advance, which is refunded
PENDING_PROPOSED = "pending_proposed"  # 2025: still waiting at the end
PENDING_APPRAISED = "pending_appraised"
PENDING_APPROVED = "pending_approved"
IN_PROGRESS = "in_progress"
SUSPENDED = "suspended"

# Vietnamese names, places and activities -------------------------------------------------


class Trade(NamedTuple):
    """A rural trade of Bình Dương, and what support buys for it."""

    name: str  # in the establishment's name
    product: str
    machine: str  # what machinery support buys for it
    pollution: str  # what its treatment system deals with


TRADES = (
    Trade("Cơ khí", "sản phẩm cơ khí", "cắt laser CNC", "bụi và khí thải hàn"),
    Trade("Chế biến gỗ", "đồ gỗ nội thất", "cưa CNC", "bụi gỗ"),
    Trade("Gốm sứ", "gốm sứ mỹ nghệ", "ép định hình gốm", "khí thải lò nung"),
    Trade("Sơn mài", "tranh sơn mài", "mài bóng sơn mài", "hơi dung môi sơn"),
    Trade("Chế biến hạt điều", "nhân hạt điều rang muối", "bóc vỏ hạt điều tự động", "khói lò hấp"),
    Trade("Cao su", "mủ cao su sơ chế", "cán crếp mủ cao su", "nước thải sơ chế mủ"),
    Trade("Thực phẩm", "thực phẩm chế biến", "chiết rót, đóng gói tự động", "nước thải sản xuất"),
    Trade("Bao bì", "bao bì giấy", "in bao bì flexo", "hơi mực in"),
    Trade("Mây tre đan", "hàng mây tre đan", "chẻ nan tre tự động", "khí thải lò sấy nan"),
    Trade("Nông sản", "nông sản sấy", "sấy nông sản", "mùi và khí thải lò sấy"),
    Trade("Bánh kẹo", "bánh kẹo truyền thống", "đóng gói bánh kẹo tự động", "nước thải sản xuất"),
    Trade("Thức ăn chăn nuôi", "thức ăn chăn nuôi", "ép viên thức ăn chăn nuôi", "bụi nguyên liệu"),
    Trade("Nhựa", "đồ nhựa gia dụng", "ép nhựa thủy lực", "khí thải gia nhiệt nhựa"),
    Trade("May mặc", "hàng may mặc", "may công nghiệp điện tử", "bụi vải"),
)
BRANDS = (
    "Phát Đạt",
    "Thành Công",
    "Hưng Thịnh",
    "Tân Tiến",
    "Minh Phát",
    "Hoàng Gia",
    "Việt Thắng",
    "An Khang",
    "Thuận Phát",
    "Phúc Lộc",
    "Đại Nam",
    "Kim Long",
    "Trường Sơn",
    "Bảo Ngọc",
    "Hòa Bình",
    "Quang Minh",
    "Nhật Tân",
    "Sao Mai",
    "Thiên Ân",
    "Đông Á",
    "Tín Nghĩa",
    "Gia Huy",
)
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Hữu", "Thanh", "Ngọc", "Quốc", "Kim")
GIVEN_NAMES = (
    "Tâm",
    "Hùng",
    "Lan",
    "Hoa",
    "Phúc",
    "Dũng",
    "Sơn",
    "Hạnh",
    "Tuấn",
    "Thảo",
    "Bình",
    "Nga",
    "Lộc",
    "Trinh",
    "Khoa",
    "Vy",
)
WARDS = {
    "718": ("Phú Cường", "Tương Bình Hiệp", "Chánh Nghĩa", "Hiệp Thành", "Phú Hòa", "Định Hòa"),
    "719": ("Lai Uyên", "Lai Hưng", "Trừ Văn Thố", "Cây Trường II", "Long Nguyên", "Tân Hưng"),
    "720": ("Minh Hòa", "Minh Thạnh", "Long Hòa", "Thanh Tuyền", "Định Hiệp", "An Lập"),
    "721": ("Mỹ Phước", "Thới Hòa", "Chánh Phú Hòa", "An Điền", "Phú An", "Tân Định"),
    "722": ("An Bình", "Tân Hiệp", "Vĩnh Hòa", "Phước Hòa", "An Linh", "Tam Lập"),
    "723": ("Tân Phước Khánh", "Uyên Hưng", "Khánh Bình", "Thạnh Phước", "Tân Vĩnh Hiệp"),
    "724": ("Dĩ An", "Đông Hòa", "Tân Bình", "Bình An", "Tân Đông Hiệp"),
    "725": ("Lái Thiêu", "An Thạnh", "Bình Chuẩn", "Vĩnh Phú", "An Phú", "Thuận Giao"),
    "726": ("Tân Bình", "Thường Tân", "Lạc An", "Tân Mỹ", "Đất Cuốc", "Hiếu Liêm"),
}
DISTRICT_NAMES = {  # as addresses wrote them in 2021
    "718": "thành phố Thủ Dầu Một",
    "719": "huyện Bàu Bàng",
    "720": "huyện Dầu Tiếng",
    "721": "thị xã Bến Cát",
    "722": "huyện Phú Giáo",
    "723": "thị xã Tân Uyên",
    "724": "thành phố Dĩ An",
    "725": "thành phố Thuận An",
    "726": "huyện Bắc Tân Uyên",
}
BECAME_CITIES = {  # towns made cities (the program file's notes)
    "723": (date(2023, 2, 10), "thành phố Tân Uyên"),
    "721": (date(2024, 4, 10), "thành phố Bến Cát"),
}
# The commune-level units that took over each area on 1 July 2025 (for addresses after it).
WARDS_AFTER_MERGER = {
    "718": "phường Thủ Dầu Một",
    "719": "xã Bàu Bàng",
    "720": "xã Dầu Tiếng",
    "721": "phường Bến Cát",
    "722": "xã Phú Giáo",
    "723": "phường Tân Uyên",
    "724": "phường Dĩ An",
    "725": "phường Thuận An",
    "726": "xã Bắc Tân Uyên",
}
STREETS = (
    "ĐT741",
    "ĐT742",
    "ĐT744",
    "ĐT746",
    "ĐT747",
    "ĐT748",
    "ĐT750",
    "Quốc lộ 13",
    "Quốc lộ 1K",
    "Mỹ Phước - Tân Vạn",
    "Cách Mạng Tháng Tám",
    "Huỳnh Văn Lũy",
)
MODELS = (
    "sấy nông sản bằng năng lượng mặt trời",
    "chế biến gỗ rừng trồng theo hướng tuần hoàn",
    "nung gốm bằng lò gas tiết kiệm năng lượng",
    "bóc tách hạt điều tự động",
    "sản xuất phân hữu cơ vi sinh từ phụ phẩm nông nghiệp",
    "sơ chế mủ cao su giảm phát thải",
)
FAIRS = (
    "Hội chợ Triển lãm Thương mại Bình Dương",
    "Hội chợ hàng công nghiệp nông thôn tiêu biểu khu vực phía Nam",
    "Hội chợ Xuân",
    "Hội chợ Triển lãm Quốc tế Đồ gỗ và Mỹ nghệ Việt Nam",
    "Hội chợ Hàng Việt Nam chất lượng cao",
)
CONSULTING = (
    "thiết kế mẫu mã, bao bì",
    "áp dụng hệ thống quản lý chất lượng ISO 9001",
    "lập dự án đầu tư mở rộng sản xuất",
    "marketing và thương mại điện tử",
)
APPRAISAL_PASSED = "Hồ sơ đầy đủ, đúng đối tượng và nội dung hỗ trợ; đề nghị phê duyệt"
APPRAISAL_FAILED = (
    "Cơ sở chưa đáp ứng tiêu chí cơ sở công nghiệp nông thôn",
    "Dự toán kinh phí chưa phù hợp định mức",
    "Thiết bị đề nghị hỗ trợ đã qua sử dụng, không đủ điều kiện",
)
REJECTIONS = (
    "Không thuộc đối tượng hỗ trợ theo Nghị định 45/2012/NĐ-CP",
    "Hồ sơ không đạt yêu cầu thẩm định",
    "Nội dung trùng với đề án đã được hỗ trợ từ nguồn khác",
    "Cơ sở không bổ sung hồ sơ theo yêu cầu",
)
WITHDRAWALS = (
    "Cơ sở có văn bản xin rút đề án do thay đổi kế hoạch sản xuất",
    "Cơ sở không bố trí được vốn đối ứng",
)


# The clock --------------------------------------------------------------------------------


def demo_clock() -> SettableClock:
    """The clock to create the demo's ledger with: ``Ledger(env, clock=demo_clock())``, set to
    the day the program was defined; the loader moves it to each entry's business date."""
    return SettableClock(PROGRAM_DAY, WORK_TIME)


# The summary ------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearFigures:
    """One fiscal year of the loaded history, as the read model reports it."""

    projects: int  # proposed for the year
    payments: int  # payments recorded with a value date in the year (reversed ones included)
    allocated_vnd: int  # allocations with their adjustments, every source
    committed_vnd: int
    paid_vnd: int  # net of reversals
    closed: bool


@dataclass(frozen=True)
class DemoSummary:
    """What the load wrote, counted on the read model, and how long it took."""

    seed: int
    events: int
    commands: int
    projects: int
    projects_by_status: Mapping[str, int]
    establishments: int
    payments: int
    reversals: int
    refunds: int
    statements: int
    statement_lines: int
    closes: int
    forced_closes: int
    years: Mapping[int, YearFigures]
    last_day: date
    elapsed_s: float


# The plan: what happens, and when ---------------------------------------------------------


@dataclass
class Firm:
    """An establishment the history registers, on the day its first project is proposed."""

    name: str
    kind: EstablishmentKind
    tax_code: str
    unit_code: str
    area: str  # the district it is in (also after the merger, for its address)
    address: str
    trade: int  # index into TRADES
    registered_on: date
    registrar: Actor

    @property
    def id(self) -> UUID:
        return establishment_id(self.tax_code)


@dataclass
class Pay:
    """A planned disbursement. ``amount`` None pays what is left of the source's support."""

    value_date: date
    source: FundingSource
    kind: PaymentKind
    amount: int | None
    recorded_on: date
    voucher: str = ""
    treasury_amount: int | None = None  # what the Treasury paid, when the ledger's entry differs
    in_treasury: bool = True  # False for a duplicate entry and for a correcting entry


@dataclass
class Act:
    """One command about a project, on its business date."""

    day: date
    what: str
    pay: Pay | None = None
    other: Pay | None = None  # the entry a reversal or a hand match refers to
    firm: Firm | None = None
    note: str = ""


@dataclass
class ProjectPlan:
    """One project's story: what it plans and delivers, its money, and its acts in order."""

    content: str
    year: int
    fate: str
    accepted: tuple[Output, ...]  # what acceptance records (empty: never accepted)
    planned: tuple[Output, ...]
    proposed_on: date = PROGRAM_DAY
    order: int = 0
    code: str = ""
    title: str = ""
    area: str = ""
    unit: str = ""
    proposer: Actor = CENTER
    firms: list[Firm] = field(default_factory=list)
    payee: str = CENTER_NAME
    payee_tax_code: str = ""
    cost: int = 0
    requested: dict[FundingSource, int] = field(default_factory=dict)
    approved: dict[FundingSource, int] = field(default_factory=dict)
    adjusted: dict[FundingSource, int] | None = None
    shortfall: bool = False  # delivers less than planned
    refund: int = 0  # paid but not settled: the beneficiary pays it back
    variant: int = 0  # which path a rejection or a withdrawal takes
    suspend: bool = False
    duplicate: bool = False
    interim: bool = False
    acts: list[Act] = field(default_factory=list)

    @property
    def id(self) -> UUID:
        return project_id(PROGRAM, self.code)

    @property
    def support(self) -> dict[FundingSource, int]:
        """The approved support after any adjustment: what payments are planned against."""
        return self.adjusted if self.adjusted is not None else self.approved

    def first(self, what: str) -> Act | None:
        return next((act for act in self.acts if act.what == what), None)


@dataclass(frozen=True)
class BudgetAct:
    """A budget document of the finance side: an estimate, an allocation, an adjustment."""

    day: date
    kind: str  # estimate | adjust-estimate | allocate | adjust
    year: int
    source: FundingSource
    amount: int
    reason: str = ""


@dataclass
class History:
    """Everything the demo will record, planned before the first command."""

    seed: int
    projects: list[ProjectPlan]
    firms: list[Firm]
    budget: list[BudgetAct]
    resolved_years: tuple[int, ...]  # statement discrepancies put right before the close


def plan_history(program: ProgramState, seed: int) -> History:
    """The whole history as data, before anything is written: deterministic for a seed."""
    rng = random.Random(seed)
    areas = _Areas(program)
    projects = _delivering_projects(program, rng)
    _spread_years(projects, rng)
    _choose_delivering_fates(projects, rng)
    _choose_shortfalls(projects, rng)
    projects += _other_projects(rng)
    while len(projects) < MIN_PROJECTS:
        projects.append(_other_project(REJECTED, rng.choice(YEARS), rng))
    for plan in projects:
        plan.proposed_on = _proposal_day(plan, rng)
    projects.sort(key=lambda plan: plan.proposed_on)
    firms = _Registry(rng)
    per_year: Counter[int] = Counter()
    for order, plan in enumerate(projects):
        per_year[plan.year] += 1
        plan.order = order
        plan.code = f"KC-{plan.year}-{per_year[plan.year]:03d}"
        _describe(plan, areas, firms, rng)
    for plan in projects:
        _price(plan, areas, rng)
    _choose_options(projects, rng)
    resolved = tuple(sorted(rng.sample(CLOSED_YEARS, 2)))
    for plan in projects:
        _schedule_project(plan, rng)
    _plant_discrepancies(projects, resolved, rng)
    _number_vouchers(projects)
    _certifications(projects, firms.firms, rng)
    return History(seed, projects, firms.firms, _budget_acts(projects, rng), resolved)


# What the projects deliver --------------------------------------------------------------


def _achieved_quantities(program: ProgramState, rng: random.Random) -> dict[str, int]:
    """Each indicator to a believable share of its target by 2025: some reached, some not."""
    targets = {code: program.targets[code] for code in INDICATORS}
    wanted = {code: max(1, round(t * rng.uniform(0.6, 1.12))) for code, t in targets.items()}
    if all(wanted[c] < targets[c] for c in INDICATORS):
        code = rng.choice(INDICATORS)
        wanted[code] = targets[code]
    if all(wanted[c] >= targets[c] for c in INDICATORS):
        code = rng.choice([c for c in INDICATORS if targets[c] >= 4])
        wanted[code] = targets[code] - max(1, targets[code] // 5)
    return wanted


def _delivering_projects(program: ProgramState, rng: random.Random) -> list[ProjectPlan]:
    """The projects whose accepted outputs add up to the wanted quantities."""
    q = _achieved_quantities(program, rng)
    outputs: list[tuple[str, tuple[Output, ...]]] = []
    outputs += [("IV.1.a", (Output("demo_models", 1),))] * q["demo_models"]
    machines = _chunks(q["machines_applied"], 1, 4, rng)
    for index, size in enumerate(machines):
        line = (Output("technology_lines", 1),) if index < q["technology_lines"] else ()
        outputs.append(("IV.1.b", (Output("machines_applied", size), *line)))
    outputs += [("IV.1.c", (Output("env_treatment_upgrades", 1),))] * q["env_treatment_upgrades"]
    rounds = q["product_selection_rounds"]
    for size in _split(q["certified_products"], rounds, 10, rng):
        outputs.append(
            ("IV.2.b", (Output("product_selection_rounds", 1), Output("certified_products", size)))
        )
    for size in _split(q["fair_participations"], q["fairs"], 3, rng):
        outputs.append(("IV.2.a", (Output("fairs", 1), Output("fair_participations", size))))
    marks, rooms = q["trademark_support"], q["showrooms"]
    for index in range(max(marks, rooms)):
        mark = (Output("trademark_support", 1),) if index < marks else ()
        room = (Output("showrooms", 1),) if index < rooms else ()
        outputs.append(("IV.2.c", (*mark, *room)))
    for size in _chunks(q["consultancy_support"], 1, 2, rng):
        outputs.append(("IV.5.d", (Output("consultancy_support", size),)))
    for size in _split(q["trainees"], q["training_courses"], 20, rng):
        outputs.append(("IV.4.b", (Output("training_courses", 1), Output("trainees", size))))
    rng.shuffle(outputs)
    return [ProjectPlan(c, 0, SETTLED, outs, outs) for c, outs in outputs]


def _spread_years(projects: list[ProjectPlan], rng: random.Random) -> None:
    """More work in the full years than in 2021; every year has some; selection rounds are
    held every other year."""
    rounds = [p for p in projects if p.content == "IV.2.b"]
    for plan, year in zip(rounds, (2022, 2024, 2023, 2025), strict=False):
        plan.year = year
    others = [p for p in projects if p.content != "IV.2.b"]
    for plan in others:
        plan.year = rng.choices(YEARS, weights=(5, 10, 11, 12, 10))[0]
    for year in YEARS:
        while sum(p.year == year for p in others) < 3:
            busiest = Counter(p.year for p in others).most_common(1)[0][0]
            next(p for p in others if p.year == busiest).year = year


def _choose_delivering_fates(projects: list[ProjectPlan], rng: random.Random) -> None:
    """One project a year contracted late and carried over; one 2025 project left to settle."""
    for year in CLOSED_YEARS:
        candidates = [p for p in projects if p.year == year and p.content in CARRIED_CONTENTS]
        candidates = candidates or [p for p in projects if p.year == year and p.content != "IV.2.b"]
        rng.choice(candidates).fate = CARRIED
    late = [p for p in projects if p.year == 2025 and p.content != "IV.2.b"]
    rng.choice(late).fate = ACCEPTED


def _choose_shortfalls(projects: list[ProjectPlan], rng: random.Random) -> None:
    """One or two projects deliver one unit less than planned: settled for less than was paid,
    the beneficiary pays the difference back."""
    candidates = [
        p
        for p in projects
        if p.fate == SETTLED
        and p.year in CLOSED_YEARS
        and p.content in SHORTFALL_INDICATOR
        and any(
            o.indicator_code == SHORTFALL_INDICATOR[p.content] and o.quantity >= 3
            for o in p.accepted
        )
    ]
    for plan in rng.sample(candidates, min(rng.randint(1, 2), len(candidates))):
        plan.shortfall = True
        short = SHORTFALL_INDICATOR[plan.content]
        plan.planned = tuple(
            Output(o.indicator_code, o.quantity + (o.indicator_code == short))
            for o in plan.accepted
        )


def _other_projects(rng: random.Random) -> list[ProjectPlan]:
    """Projects that deliver nothing (yet): rejected, withdrawn, cancelled, lapsed, pending."""
    plans = [_other_project(REJECTED, year, rng) for year in YEARS for _ in range(2)]
    plans += [_other_project(REJECTED, rng.choice(YEARS), rng) for _ in range(rng.randint(1, 4))]
    plans += [_other_project(WITHDRAWN, rng.choice(YEARS[1:4]), rng) for _ in range(2)]
    plans.append(_other_project(CANCEL_REFUND, rng.choice(YEARS[1:4]), rng))
    plans += [_other_project(LAPSED, year, rng) for year in YEARS[1:4]]
    for fate, count in (
        (PENDING_PROPOSED, 2),
        (PENDING_APPRAISED, 2),
        (PENDING_APPROVED, 1),
        (IN_PROGRESS, 3),
        (SUSPENDED, 1),
    ):
        plans += [_other_project(fate, 2025, rng) for _ in range(count)]
    return plans


def _other_project(fate: str, year: int, rng: random.Random) -> ProjectPlan:
    """A project that will not deliver; its content item weighted as proposals come in."""
    contents, weights = zip(*OTHER_CONTENTS, strict=True)
    content = rng.choices(contents, weights=weights)[0]
    plan = ProjectPlan(content, year, fate, (), _sample_outputs(content, rng))
    plan.variant = rng.randrange(2)
    return plan


def _sample_outputs(content: str, rng: random.Random) -> tuple[Output, ...]:
    """What a project of this content item typically plans."""
    if content == "IV.1.b":
        line = (Output("technology_lines", 1),) if rng.random() < 0.25 else ()
        return (Output("machines_applied", rng.randint(1, 4)), *line)
    if content == "IV.2.a":
        return (Output("fairs", 1), Output("fair_participations", rng.randint(4, 8)))
    if content == "IV.2.c":
        return (Output(rng.choice(("trademark_support", "showrooms")), 1),)
    if content == "IV.4.b":
        return (Output("training_courses", 1), Output("trainees", rng.randint(30, 50)))
    single = {"IV.1.a": "demo_models", "IV.1.c": "env_treatment_upgrades"}
    return (Output(single.get(content, "consultancy_support"), 1),)


def _split(total: int, parts: int, minimum: int, rng: random.Random) -> list[int]:
    """``parts`` whole numbers adding up to ``total``, each at least ``minimum`` when it can."""
    if parts <= 0:
        return []
    floor = min(minimum, total // parts)
    sizes = [floor] * parts
    for _ in range(total - floor * parts):
        sizes[rng.randrange(parts)] += 1
    return sizes


def _chunks(total: int, low: int, high: int, rng: random.Random) -> list[int]:
    """Pieces between ``low`` and ``high`` adding up to ``total``."""
    sizes: list[int] = []
    left = total
    while left > 0:
        size = min(left, rng.randint(low, high))
        sizes.append(size)
        left -= size
    return sizes


# When, where and who ----------------------------------------------------------------------

PROPOSAL_WINDOWS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    SETTLED: ((2, 7), (7, 15)),
    ACCEPTED: ((7, 20), (8, 25)),
    CARRIED: ((8, 10), (9, 30)),
    LAPSED: ((10, 20), (11, 14)),
    REJECTED: ((2, 7), (10, 15)),
    WITHDRAWN: ((2, 14), (8, 31)),
    CANCEL_REFUND: ((3, 1), (5, 31)),
    PENDING_PROPOSED: ((12, 1), (12, 15)),
    PENDING_APPRAISED: ((11, 10), (11, 28)),
    PENDING_APPROVED: ((10, 20), (11, 14)),
    IN_PROGRESS: ((8, 1), (9, 30)),
    SUSPENDED: ((7, 10), (8, 20)),
}
# The program starts in mid-July 2021: its first projects are proposed from August.
WINDOWS_2021: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    SETTLED: ((8, 2), (9, 10)),
    CARRIED: ((9, 13), (10, 5)),
    REJECTED: ((8, 2), (10, 15)),
}


def _proposal_day(plan: ProjectPlan, rng: random.Random) -> date:
    """A working day in the window where a project with this fate is proposed."""
    windows = WINDOWS_2021 if plan.year == 2021 else PROPOSAL_WINDOWS
    (m1, d1), (m2, d2) = windows[plan.fate]
    start, end = date(plan.year, m1, d1), date(plan.year, m2, d2)
    if plan.content == "IV.2.b":  # a selection round is launched in the spring
        start, end = date(plan.year, 3, 1), date(plan.year, 4, 15)
    return _workday(start + timedelta(days=rng.randint(0, (end - start).days)))


class _Areas:
    """The program's district-level units, the northern ones weighted up, and the day the
    districts ended (the day after their validity; units taken from the program file)."""

    def __init__(self, program: ProgramState) -> None:
        self.units = {u.code: u for u in program.definition.units if u.level == "district"}
        self.codes = sorted(self.units)
        self.weights = [NORTHERN_WEIGHT if self.units[c].northern else 1 for c in self.codes]
        ends = {u.valid_to for u in self.units.values()}
        (end,) = ends
        assert end is not None
        self.merger_day = end + timedelta(days=1)
        program.unit(CITY_UNIT)  # the successor must be a unit of the program

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.codes, weights=self.weights)[0]

    def northern(self, code: str) -> bool:
        return self.units[code].northern


class _Registry:
    """Establishments in the order they are registered: new ones, and ones supported again."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.firms: list[Firm] = []
        self.names: set[str] = set()
        self.tax_codes: set[str] = set()

    def beneficiaries(self, plan: ProjectPlan, count: int, reuse: float) -> list[Firm]:
        """Establishments a project names: often new, sometimes supported before in the
        same district (fair participants most often)."""
        chosen: list[Firm] = []
        for _ in range(count):
            known = [
                f
                for f in self.firms
                if f.registered_on < plan.proposed_on and f not in chosen and f.area == plan.area
            ]
            if known and self.rng.random() < reuse:
                chosen.append(self.rng.choice(known))
            else:
                chosen.append(self.new(plan))
        return chosen

    def new(self, plan: ProjectPlan) -> Firm:
        """A new establishment, registered the day its first project is proposed, under the unit
        valid then."""
        rng = self.rng
        kind = rng.choices(
            (
                EstablishmentKind.SME,
                EstablishmentKind.COOPERATIVE,
                EstablishmentKind.COOPERATIVE_GROUP,
                EstablishmentKind.HOUSEHOLD_BUSINESS,
            ),
            weights=(45, 20, 5, 30),
        )[0]
        trade = rng.randrange(len(TRADES))
        ward = rng.choice(WARDS[plan.area])
        name = _firm_name(kind, trade, ward, rng)
        if name in self.names:  # taken: draw another establishment
            return self.new(plan)
        self.names.add(name)
        tax_code = self._unique_tax_code()
        after = plan.unit == CITY_UNIT
        firm = Firm(
            name,
            kind,
            tax_code,
            plan.unit,
            plan.area,
            _address(plan.area, ward, plan.proposed_on, after, rng),
            trade,
            plan.proposed_on,
            plan.proposer,
        )
        self.firms.append(firm)
        return firm

    def _unique_tax_code(self) -> str:
        """Ten digits; Bình Dương's codes begin with 37."""
        code = f"37{self.rng.randrange(10**8):08d}"
        while code in self.tax_codes:
            code = f"37{self.rng.randrange(10**8):08d}"
        self.tax_codes.add(code)
        return code


def _firm_name(kind: EstablishmentKind, trade: int, ward: str, rng: random.Random) -> str:
    """A name of the kind the register holds: companies by trade and brand, cooperatives
    by trade and commune, household businesses by their owner."""
    trade_name = TRADES[trade].name
    if kind is EstablishmentKind.SME:
        form = "Công ty TNHH" if rng.random() < 0.75 else "Công ty Cổ phần"
        return f"{form} {trade_name} {rng.choice(BRANDS)}"
    if kind is EstablishmentKind.COOPERATIVE:
        return f"Hợp tác xã {trade_name} {ward}"
    if kind is EstablishmentKind.COOPERATIVE_GROUP:
        return f"Tổ hợp tác {trade_name} {ward}"
    if rng.random() < 0.5:
        return f"Cơ sở {trade_name} {rng.choice(GIVEN_NAMES)} {rng.choice(BRANDS).split()[0]}"
    return f"Hộ kinh doanh {_person(rng)}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"


def _address(area: str, ward: str, day: date, after_merger: bool, rng: random.Random) -> str:
    """Addresses name the district until the merger, the new ward and the city after."""
    street = f"Số {rng.randint(2, 480)} đường {rng.choice(STREETS)}"
    if after_merger:
        return f"{street}, {WARDS_AFTER_MERGER[area]}, Thành phố Hồ Chí Minh"
    return f"{street}, {ward}, {_district_name(area, day)}, tỉnh Bình Dương"


def _district_name(area: str, day: date) -> str:
    """The district as it was called on that day, in running text."""
    since, city = BECAME_CITIES.get(area, (LAST_DAY, ""))
    return city if day >= since else DISTRICT_NAMES[area]


def _describe(plan: ProjectPlan, areas: _Areas, registry: _Registry, rng: random.Random) -> None:
    """Place, proposer, beneficiaries and title, in the order projects are proposed."""
    plan.area = CENTER_UNIT if plan.content == "IV.2.b" else areas.pick(rng)
    after = plan.proposed_on >= areas.merger_day
    plan.unit = CITY_UNIT if after else plan.area
    district_proposes = not after and plan.content != "IV.2.b" and rng.random() < 0.4
    if district_proposes:
        plan.proposer = Actor(f"phongkinhte.{plan.unit}@binhduong", Role.DISTRICT, plan.unit)
    quantity = {o.indicator_code: o.quantity for o in plan.planned}
    if plan.content in FIRM_CONTENTS:
        count = quantity.get("consultancy_support", 1)
        plan.firms = registry.beneficiaries(plan, count, reuse=0.25)
    elif plan.content == "IV.2.a":
        count = min(quantity["fair_participations"], rng.randint(3, 5))
        plan.firms = registry.beneficiaries(plan, count, reuse=0.7)
    if len(plan.firms) == 1:
        plan.payee, plan.payee_tax_code = plan.firms[0].name, plan.firms[0].tax_code
    place = "Thành phố Hồ Chí Minh" if after else _district_name(plan.area, plan.proposed_on)
    plan.title = _title(plan, quantity, place, rng)


def _title(plan: ProjectPlan, quantity: dict[str, int], place: str, rng: random.Random) -> str:
    """The title a proposal carries, naming what is bought and for whom."""
    firm = plan.firms[0].name if plan.firms else ""
    trade = TRADES[plan.firms[0].trade] if plan.firms else TRADES[0]
    product = trade.product
    year = plan.year
    match plan.content:
        case "IV.1.a":
            return f"Xây dựng mô hình trình diễn kỹ thuật {rng.choice(MODELS)} tại {firm}"
        case "IV.1.b":
            line = " và dây chuyền công nghệ tiên tiến" if "technology_lines" in quantity else ""
            machines = quantity.get("machines_applied", 1)
            return f"Hỗ trợ ứng dụng {machines} máy {trade.machine}{line} tại {firm}"
        case "IV.1.c":
            return f"Hỗ trợ nâng cấp hệ thống xử lý {trade.pollution} tại {firm}"
        case "IV.2.a":
            return f"Hỗ trợ cơ sở công nghiệp nông thôn tham gia {rng.choice(FAIRS)} năm {year}"
        case "IV.2.b":
            return f"Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh năm {year}"
        case "IV.2.c":
            if "trademark_support" in quantity and "showrooms" in quantity:
                return f"Hỗ trợ đăng ký nhãn hiệu và phòng trưng bày {product} tại {firm}"
            if "trademark_support" in quantity:
                return f"Hỗ trợ xây dựng, đăng ký nhãn hiệu sản phẩm {product} cho {firm}"
            return f"Hỗ trợ đầu tư phòng trưng bày, giới thiệu {product} tại {firm}"
        case "IV.5.d":
            topic = rng.choice(CONSULTING)
            if len(plan.firms) > 1:
                return f"Hỗ trợ thuê tư vấn {topic} cho {len(plan.firms)} cơ sở tại {place}"
            return f"Hỗ trợ thuê tư vấn {topic} cho {firm}"
    return f"Lớp đào tạo khởi sự kinh doanh và quản trị doanh nghiệp năm {year} tại {place}"


# Money --------------------------------------------------------------------------------------


def _million(amount: float) -> int:
    return max(1, round(amount / MILLION)) * MILLION


def _floor_million(amount: float) -> int:
    return max(1, int(amount // MILLION)) * MILLION


def _price(plan: ProjectPlan, areas: _Areas, rng: random.Random) -> None:
    """Eligible cost and support by source, within the support rules' caps."""
    cost, support = _cost_and_support(plan, rng)
    plan.cost = cost
    if plan.content == "IV.2.b":  # the Center runs the selection: the province pays it all
        plan.requested, plan.approved = {P: cost}, {P: cost}
        return
    district = other = 0
    in_district = plan.unit != CITY_UNIT
    northern = areas.northern(plan.area)
    if plan.year >= 2022 and in_district and rng.random() < (0.45 if northern else 0.2):
        district = _million(support * rng.uniform(0.15, 0.3))
    if plan.year >= 2023 and northern and rng.random() < 0.25:
        other = _million(support * rng.uniform(0.2, 0.35))
    requested = {P: support - district - other, D: district, INTEGRATED: other}
    if plan.content in FIRM_CONTENTS and cost > support and rng.random() < 0.5:
        requested[C] = cost - support  # the beneficiary's own share, recorded with the support
    plan.requested = {s: a for s, a in requested.items() if a > 0}
    plan.approved = dict(plan.requested)
    if rng.random() < 0.2:  # approved below what was asked
        plan.approved[P] = _floor_million(plan.requested[P] * 0.9)


def _cost_and_support(plan: ProjectPlan, rng: random.Random) -> tuple[int, int]:
    """Eligible cost and support in đồng, by what the project plans; machinery
    support stays within Circular 28/2018's caps, as the program's support rules say."""
    q = {o.indicator_code: o.quantity for o in plan.planned}
    m = MILLION
    if plan.content == "IV.1.b":
        cost = sum(rng.randint(22, 76) * 5 * m for _ in range(q["machines_applied"]))
        lines = "technology_lines" in q
        cost += rng.randint(60, 120) * 5 * m if lines else 0
        per_firm = (450 if lines else 300) * m  # TT28-2018-TECH-LINE, TT28-2018-MACHINERY
        cap = min(cost * 50 // 100, per_firm * max(1, len(plan.firms)))
        return cost, _floor_million(cap * rng.uniform(0.75, 1.0))
    if plan.content == "IV.1.a":
        cost = rng.randint(140, 360) * 5 * m
        return cost, _floor_million(cost * rng.uniform(0.3, 0.45))
    if plan.content == "IV.1.c":
        cost = rng.randint(50, 180) * 5 * m
        return cost, _floor_million(cost * rng.uniform(0.3, 0.5))
    if plan.content == "IV.2.a":
        cost = (rng.randint(40, 60) + q["fair_participations"] * rng.randint(12, 25)) * m
        return cost, _floor_million(cost * rng.uniform(0.8, 1.0))
    if plan.content == "IV.2.b":
        return (rng.randint(180, 300) + q["certified_products"] * rng.randint(2, 4)) * m, 0
    if plan.content == "IV.2.c":
        cost = rng.randint(35, 70) * m if "trademark_support" in q else 0
        cost += rng.randint(180, 380) * m if "showrooms" in q else 0
        return cost, _floor_million(cost * rng.uniform(0.5, 0.7))
    if plan.content == "IV.5.d":
        cost = sum(rng.randint(45, 120) * m for _ in range(q["consultancy_support"]))
        return cost, _floor_million(cost * rng.uniform(0.5, 0.7))
    cost = _million((20 + q["trainees"] * rng.uniform(1.8, 2.6)) * m)
    return cost, cost


def _choose_options(projects: list[ProjectPlan], rng: random.Random) -> None:
    """A few adjustments, refunds at settlement, one suspension, duplicate entries, and
    payments in three instalments."""
    settled = [p for p in projects if p.fate == SETTLED]
    for plan in rng.sample([p for p in settled if not p.shortfall], 3):
        _adjust(plan, rng)
    for plan in settled:
        if plan.shortfall:  # support for the unit not delivered
            short = SHORTFALL_INDICATOR[plan.content]
            planned = next(o.quantity for o in plan.planned if o.indicator_code == short)
            plan.refund = _million(plan.support[P] / planned)
    big = [p for p in settled if p.support[P] >= 150 * MILLION and not p.refund]
    suspended = [p for p in big if p.year in (2022, 2023, 2024)]
    rng.choice(suspended or big).suspend = True
    for plan in rng.sample(big, min(2, len(big))):
        plan.duplicate = True
    for plan in big:
        plan.interim = rng.random() < 0.35


def _adjust(plan: ProjectPlan, rng: random.Random) -> None:
    """Down to the tender price (always possible before payment), or up within the cost."""
    adjusted = dict(plan.approved)
    raise_by = _million(plan.approved[P] * rng.uniform(0.05, 0.1))
    room = plan.cost - sum(plan.approved.values())
    if plan.content != "IV.1.b" and raise_by <= room and rng.random() < 0.5:
        adjusted[P] += raise_by
    else:
        adjusted[P] = _floor_million(plan.approved[P] * rng.uniform(0.85, 0.95))
    if adjusted != plan.approved:
        plan.adjusted = adjusted


# Schedules ----------------------------------------------------------------------------------


def _workday(day: date) -> date:
    """Offices work Monday to Friday: a weekend date moves back to the Friday."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _next_workday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _walk(
    start: date, gaps: list[tuple[int, int]], deadline: date, rng: random.Random
) -> list[date]:
    """Working days after ``start``, one per gap, in order; squeezed to end by the deadline."""
    drawn = [rng.randint(low, high) for low, high in gaps]
    while True:
        days, day = [], start
        for gap in drawn:
            day = _next_workday(day + timedelta(days=gap))
            days.append(day)
        if not days or days[-1] <= deadline or all(gap == 1 for gap in drawn):
            return days
        drawn = [max(1, gap * 4 // 5) for gap in drawn]


def _schedule_project(plan: ProjectPlan, rng: random.Random) -> None:
    """The project's acts with their dates, as its fate has it."""
    plan.acts = [Act(plan.proposed_on, "propose")]
    schedule = {
        SETTLED: _schedule_delivery,
        ACCEPTED: _schedule_delivery,
        CARRIED: _schedule_carried,
    }.get(plan.fate, _schedule_other)
    schedule(plan, rng)


def _chain(
    plan: ProjectPlan, steps: list[tuple[str, int, int]], deadline: date, rng: random.Random
) -> dict[str, date]:
    """The dates of a sequence of named steps after the proposal."""
    gaps = [(low, high) for _, low, high in steps]
    days = _walk(plan.proposed_on, gaps, deadline, rng)
    return {name: day for (name, _, _), day in zip(steps, days, strict=True)}


def _delivery_steps(plan: ProjectPlan, advance: bool) -> list[tuple[str, int, int]]:
    """The working steps of a project that delivers, each with its usual gap in days."""
    steps = [("appraise", 7, 15), ("approve", 4, 12), ("contract", 5, 15)]
    steps += [("adjust", 3, 8)] if plan.adjusted else []
    steps += [("advance", 4, 12)] if advance else []
    steps += [("reverse", 2, 6)] if plan.duplicate and advance else []
    steps += [("suspend", 10, 20), ("resume", 25, 45)] if plan.suspend else []
    steps += [("interim", 20, 40)] if plan.interim else []
    steps += [("accept", 30, 70), ("final", 4, 12)]
    steps += [("settle", 10, 25), ("refund", 8, 18)] if plan.refund else []
    return steps


def _schedule_delivery(plan: ProjectPlan, rng: random.Random) -> None:
    """Paid by 19 December, since spending of a year happens in that year; a refund is settled
    and received before the close as well. Settlement may follow in the next year."""
    support = plan.support
    advance = support[P] >= 50 * MILLION  # small grants are paid once, after acceptance
    deadline = date(plan.year, 12, 22) if plan.refund else date(plan.year, 12, 19)
    days = _chain(plan, _delivery_steps(plan, advance), deadline, rng)
    for what in ("appraise", "approve", "contract", "adjust"):
        if what in days:
            plan.acts.append(Act(days[what], what))
    if advance:
        first = _pay(plan, days["advance"], P, PaymentKind.ADVANCE, support[P], (0.3, 0.5), rng)
        if plan.duplicate:  # the same advance entered twice, reversed a few days later
            twin = Pay(first.value_date, P, first.kind, first.amount, first.recorded_on)
            twin.in_treasury = False
            plan.acts.append(Act(twin.recorded_on, "pay", twin))
            plan.acts.append(Act(days["reverse"], "reverse", twin, first, note="duplicate"))
    for what in ("suspend", "resume"):
        if what in days:
            plan.acts.append(Act(days[what], what))
    if plan.interim:
        _pay(plan, days["interim"], P, PaymentKind.PAYMENT, support[P], (0.15, 0.25), rng)
    plan.acts.append(Act(days["accept"], "accept"))
    _pay_the_rest(plan, days["final"])
    settle = days.get("settle") or _next_workday(days["final"] + timedelta(rng.randint(10, 40)))
    if plan.fate == SETTLED and settle <= LAST_DAY:
        plan.acts.append(Act(settle, "settle"))
    if plan.refund:
        plan.acts.append(Act(days["refund"], "refund"))


def _schedule_carried(plan: ProjectPlan, rng: random.Random) -> None:
    """Contracted by 31 December with money still to pay: the close carries it over."""
    year = plan.year
    steps = [
        ("appraise", 7, 12),
        ("approve", 4, 10),
        ("contract", 5, 12),
        ("advance", 4, 10),
        ("second", 10, 20),
    ]
    days = _chain(plan, steps, date(year, 12, 23), rng)
    for what in ("appraise", "approve", "contract"):
        plan.acts.append(Act(days[what], what))
    support = plan.support[P]
    _pay(plan, days["advance"], P, PaymentKind.ADVANCE, support, (0.3, 0.4), rng)
    _pay(plan, days["second"], P, PaymentKind.PAYMENT, support, (0.25, 0.35), rng)
    accept = _next_workday(date(year + 1, 2, 20) + timedelta(days=rng.randint(0, 28)))
    final = _next_workday(accept + timedelta(days=rng.randint(4, 10)))
    settle = _next_workday(final + timedelta(days=rng.randint(15, 30)))
    plan.acts.append(Act(accept, "accept"))
    _pay_the_rest(plan, final)
    plan.acts.append(Act(settle, "settle"))


UNDER_WAY = (("appraise", 7, 12), ("approve", 4, 10), ("contract", 5, 12), ("advance", 4, 12))
OTHER_STEPS: dict[str, tuple[tuple[str, int, int], ...]] = {
    LAPSED: (("appraise", 5, 10), ("approve", 4, 10)),
    CANCEL_REFUND: (*UNDER_WAY, ("cancel", 30, 60), ("refund", 10, 25)),
    PENDING_PROPOSED: (),
    PENDING_APPRAISED: (("appraise", 7, 14),),
    PENDING_APPROVED: (("appraise", 5, 10), ("approve", 4, 10)),
    IN_PROGRESS: UNDER_WAY,
    SUSPENDED: (*UNDER_WAY, ("suspend", 20, 40)),
}
VARIANT_STEPS: dict[str, tuple[tuple[tuple[str, int, int], ...], ...]] = {  # two paths each
    REJECTED: ((("reject", 10, 20),), (("appraise", 7, 15), ("reject", 3, 10))),
    WITHDRAWN: (
        (("cancel", 15, 30),),
        (("appraise", 7, 12), ("approve", 4, 10), ("cancel", 20, 40)),
    ),
}


def _schedule_other(plan: ProjectPlan, rng: random.Random) -> None:
    """Projects that deliver nothing: decided (or left waiting) before the year ends; a
    lapsed approval comes late in December, so that no contract can follow it."""
    fate = plan.fate
    steps = VARIANT_STEPS[fate][plan.variant] if fate in VARIANT_STEPS else OTHER_STEPS[fate]
    late = fate in (LAPSED, REJECTED)
    days = _chain(plan, list(steps), date(plan.year, 12, 22 if late else 15), rng)
    for what, day in days.items():
        if what == "advance":
            _pay(plan, day, P, PaymentKind.ADVANCE, plan.support[P], (0.3, 0.45), rng)
        else:
            failed = fate == REJECTED and what == "appraise"
            plan.acts.append(Act(day, what, note="fail" if failed else ""))


def _pay(
    plan: ProjectPlan,
    day: date,
    source: FundingSource,
    kind: PaymentKind,
    support: int,
    share: tuple[float, float],
    rng: random.Random,
) -> Pay:
    """A payment of a share of the support, on the day it is made."""
    pay = Pay(day, source, kind, _million(support * rng.uniform(*share)), day)
    plan.acts.append(Act(day, "pay", pay))
    return pay


def _pay_the_rest(plan: ProjectPlan, day: date) -> None:
    """After acceptance: what is left of every source, on one day."""
    for source in FundingSource:
        if plan.support.get(source, 0) > 0:
            pay = Pay(day, source, PaymentKind.PAYMENT, None, day)
            pay.in_treasury = source is P
            plan.acts.append(Act(day, "pay", pay))


# Statement discrepancies --------------------------------------------------------------------


def _plant_discrepancies(
    projects: list[ProjectPlan], resolved: tuple[int, ...], rng: random.Random
) -> None:
    """Per year, one advance entered at a wrong amount (the Treasury paid the planned one).

    In the resolved years the finance office puts things right in January: it records the
    December payment the Treasury made but the ledger missed (so the statement line "not in the
    ledger" finds its payment), reverses the wrong entry, records the right amount, and matches
    the statement line to it by hand. In the other years the discrepancies stay and the close
    is forced, with the reason."""
    for year in CLOSED_YEARS:
        carried = next(p for p in projects if p.year == year and p.fate == CARRIED)
        advance, second = [a.pay for a in carried.acts if a.what == "pay"][:2]
        assert advance is not None
        assert second is not None
        _enter_wrong_amount(advance, rng)
        if year in resolved:
            _correct_in_january(carried, advance, second, year)
    candidates = [
        act.pay
        for p in projects
        if p.year == 2025
        for act in p.acts
        if act.pay is not None and act.pay.kind is PaymentKind.ADVANCE and act.pay.in_treasury
    ]
    _enter_wrong_amount(rng.choice(candidates), rng)


def _enter_wrong_amount(pay: Pay, rng: random.Random) -> None:
    """The ledger's entry is a few percent under what the Treasury paid."""
    assert pay.amount is not None
    pay.treasury_amount = pay.amount
    pay.amount -= _million(pay.amount * rng.uniform(0.05, 0.12))


def _correct_in_january(plan: ProjectPlan, wrong: Pay, missed: Pay, year: int) -> None:
    """The missed December payment is recorded on 12 January (within the
    adjustment window); on the 14th the wrong entry is reversed, the right amount recorded and
    the statement line matched to it by hand."""
    late = _workday(date(year + 1, 1, 12))
    fixed = _workday(date(year + 1, 1, 14))
    missed.recorded_on = late
    next(a for a in plan.acts if a.pay is missed).day = late
    assert wrong.treasury_amount is not None
    right = Pay(wrong.value_date, P, wrong.kind, wrong.treasury_amount, fixed, in_treasury=False)
    plan.acts += [
        Act(fixed, "reverse", wrong, note="wrong amount"),
        Act(fixed, "pay", right),
        Act(fixed, "match", right, wrong),
    ]


def _number_vouchers(projects: list[ProjectPlan]) -> None:
    """UNC-YYYY-NNNN (payment orders) and DU-YYYY-NNNN (counterpart), numbered in the order
    they are recorded, per year of value date."""
    pays = [
        (act.pay.recorded_on, act.pay.value_date, plan.order, index, act.pay)
        for plan in projects
        for index, act in enumerate(plan.acts)
        if act.what == "pay" and act.pay is not None
    ]
    counters: Counter[tuple[str, int]] = Counter()
    for *_, pay in sorted(pays, key=lambda row: row[:4]):
        prefix = "DU" if pay.source is C else "UNC"
        counters[(prefix, pay.value_date.year)] += 1
        number = counters[(prefix, pay.value_date.year)]
        pay.voucher = f"{prefix}-{pay.value_date.year}-{number:04d}"


def _certifications(projects: list[ProjectPlan], firms: list[Firm], rng: random.Random) -> None:
    """Products certified by a selection round, and trademarks registered with support."""
    for plan in projects:
        accept = plan.first("accept")
        if accept is None:
            continue
        if plan.content == "IV.2.b":
            known = [f for f in firms if f.registered_on <= accept.day]
            certified = {o.indicator_code: o.quantity for o in plan.accepted}["certified_products"]
            for firm in rng.sample(known, min(5, certified, len(known))):
                plan.acts.append(Act(accept.day, "certify", firm=firm, note="product"))
        marks = any(o.indicator_code == "trademark_support" for o in plan.accepted)
        if marks and plan.firms:
            plan.acts.append(Act(accept.day, "certify", firm=plan.firms[0], note="trademark"))


# Budget -------------------------------------------------------------------------------------


def _budget_acts(projects: list[ProjectPlan], rng: random.Random) -> list[BudgetAct]:
    """Estimates the year before, allocations that leave a margin over what is approved,
    a supplement or a cut now and then."""
    need: dict[tuple[int, FundingSource], int] = defaultdict(int)
    for plan in projects:
        if plan.first("approve") is None:
            continue
        for source in FundingSource:
            most = max(plan.approved.get(source, 0), plan.support.get(source, 0))
            if most:
                need[(plan.year, source)] += most
    acts: list[BudgetAct] = []
    for year in YEARS:
        acts += _year_budget(year, {s: need[(year, s)] for s in FundingSource}, rng)
    return acts


def _year_budget(year: int, need: dict[FundingSource, int], rng: random.Random) -> list[BudgetAct]:
    """Allocations from January (August in 2021) with a margin over what will be approved,
    so that every approval finds its money; estimates the July before; a supplement in July of
    some years and a cut in September of others, never below what is committed."""
    acts: list[BudgetAct] = []
    offsets = {P: 0, D: 7, C: 10, INTEGRATED: 20}
    start = date(2021, 8, 5) if year == 2021 else date(year, 1, 5)
    allocated: dict[FundingSource, int] = {}
    for source, offset in offsets.items():
        if need[source] == 0:
            continue
        step = 100 * MILLION if source is P else 10 * MILLION
        amount = -(-int(need[source] * rng.uniform(1.05, 1.2)) // step) * step
        allocated[source] = amount
        day = _workday(start + timedelta(days=offset if year > 2021 else 0))
        acts.append(BudgetAct(day, "allocate", year, source, amount))
        if year > 2021 and source in (P, D):
            estimate = _million(amount * rng.uniform(0.9, 1.15))
            asked = _workday(date(year - 1, 7, 20) + timedelta(days=offset))
            acts.append(BudgetAct(asked, "estimate", year, source, estimate))
            if year == 2024 and source is P:
                delta = -_million(estimate * rng.uniform(0.03, 0.1))
                acts.append(
                    BudgetAct(_workday(date(2023, 10, 16)), "adjust-estimate", year, P, delta)
                )
    if year in (2022, 2024) or (year == 2023 and rng.random() < 0.5):
        raise_by = _million(allocated[P] * rng.uniform(0.08, 0.15) / 10) * 10
        reason = f"Bổ sung dự toán kinh phí khuyến công năm {year}"
        acts.append(BudgetAct(_workday(date(year, 7, 10)), "adjust", year, P, raise_by, reason))
    if year in (2023, 2025):
        slack = allocated[P] - need[P]
        cut = slack // 2 // (10 * MILLION) * (10 * MILLION)
        if cut > 0:
            reason = "Điều chỉnh giảm dự toán do tiết kiệm chi thường xuyên"
            acts.append(BudgetAct(_workday(date(year, 9, 15)), "adjust", year, P, -cut, reason))
    return acts


# Loading ------------------------------------------------------------------------------------

RANK_BUDGET, RANK_REGISTER, RANK_PROJECT, RANK_STATEMENT, RANK_CLOSE = range(5)


@dataclass(frozen=True)
class _Step:
    day: date
    rank: int
    seq: int
    run: Callable[[], int]  # runs the commands, returns how many


@dataclass(frozen=True)
class _TreasuryLine:
    value_date: date
    voucher: str
    amount: int
    payee: str
    tax_code: str
    kind: PaymentKind
    project_code: str
    special: bool = False  # a planted discrepancy: the statement keeps it as it is


def load_demo(
    ledger: Ledger,
    store: ReadStore,
    *,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> DemoSummary:
    """Write the demo history into an empty ledger and return what it holds.

    ``ledger`` must have been created with ``clock=demo_clock()`` (the loader moves that clock
    through 2021–2026); ``store`` is the read model of the same database (``create_store``),
    which the year-end close reads and which is caught up at the end. ``progress`` is called
    with the number of commands done since its last call. A ledger with anything more than
    program definitions is refused with ``InvalidInput``, before anything is written.
    """
    started = timer.perf_counter()
    clock = ledger.clock
    if not isinstance(clock, SettableClock):
        raise InvalidInput(
            "the demo moves the ledger's clock through 2021–2025: create the ledger with "
            "clock=demo_clock()",
            field="clock",
        )
    _refuse_non_empty(ledger)
    clock.set(PROGRAM_DAY)
    ledger.define_program(read_program_file(Path(DEFAULT_PROGRAM_FILES)), LOADER)
    history = plan_history(ledger.program(PROGRAM), seed)
    loader = _Loader(ledger, clock, store, history, progress)
    loader.counts["commands"] += 1  # the definition
    if progress is not None:
        progress(1)
    loader.run()
    return loader.summary(timer.perf_counter() - started)


def _refuse_non_empty(ledger: Ledger) -> None:
    """The demo is for an empty database: program definitions may be there, nothing else."""
    notifications = ledger.recorder.select_notifications(start=1, limit=EMPTY_CHECK_LIMIT)
    others = [n for n in notifications if n.topic != PROGRAM_DEFINED_TOPIC]
    if others or len(notifications) >= EMPTY_CHECK_LIMIT:
        raise InvalidInput(
            f"the ledger already holds {ledger.head_position():,} events, more than program "
            "definitions: the demo history is loaded into an empty database only",
            field="database",
        )


class _Loader:
    """Turns the plan into commands, runs them in date order and keeps what the finance office
    needs for its statements."""

    def __init__(
        self,
        ledger: Ledger,
        clock: SettableClock,
        store: ReadStore,
        history: History,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.ledger = ledger
        self.clock = clock
        self.store = store
        self.history = history
        self.progress = progress
        self.projector = Projector(ledger, store)
        self.read_model = ReadModel(store, ledger.recorder)
        self.numbers = _Numbers(history.seed)
        self.treasury: dict[int, list[_TreasuryLine]] = defaultdict(list)
        self.statement_ids: dict[int, UUID] = {}
        self.statement_lines: dict[int, dict[str, int]] = {}
        self.counts: Counter[str] = Counter()
        self.payments_by_year: Counter[int] = Counter()
        self.forced: list[int] = []
        self.steps: list[_Step] = []

    # Building the steps ----------------------------------------------------------------

    def add(self, day: date, rank: int, run: Callable[[], int]) -> None:
        self.steps.append(_Step(day, rank, len(self.steps), run))

    def run(self) -> None:
        """All steps in date order, the clock set to each step's day; then the read model."""
        for budget_act in self.history.budget:
            self.add(budget_act.day, RANK_BUDGET, partial(self.budget, budget_act))
        for firm in self.history.firms:
            self.add(firm.registered_on, RANK_REGISTER, partial(self.register, firm))
        for plan in self.history.projects:
            for act in plan.acts:
                self.add(act.day, RANK_PROJECT, partial(self.project_act, plan, act))
        for year in YEARS:
            self.add(_workday(date(year + 1, 1, 8)), RANK_STATEMENT, partial(self.statement, year))
        for year in CLOSED_YEARS:
            self.add(_workday(date(year + 1, 1, 20)), RANK_CLOSE, partial(self.close, year))
        for step in sorted(self.steps, key=lambda s: (s.day, s.rank, s.seq)):
            self.clock.set(step.day)
            done = step.run()
            self.counts["commands"] += done
            if self.progress is not None and done:
                self.progress(done)
        self.projector.catch_up()

    # Budget and register --------------------------------------------------------------

    def budget(self, act: BudgetAct) -> int:
        """Estimates are the Department's submissions (tờ trình); allocations and their
        adjustments are decisions of the People's Committee; counterpart money is notified."""
        ledger, year, source, amount, day = self.ledger, act.year, act.source, act.amount, act.day
        if act.kind in ("estimate", "adjust-estimate"):
            number = self.numbers.doc("TTr-SCT", day)
            if act.kind == "estimate":
                ledger.propose_estimate(
                    ProposeEstimate(
                        program_code=PROGRAM,
                        year=year,
                        source=source,
                        amount_vnd=amount,
                        document_no=number,
                        document_date=day,
                    ),
                    FINANCE,
                )
            else:
                ledger.adjust_estimate(
                    AdjustEstimate(
                        program_code=PROGRAM,
                        year=year,
                        source=source,
                        delta_vnd=amount,
                        document_no=number,
                        document_date=day,
                    ),
                    FINANCE,
                )
        elif act.kind == "allocate":
            number = self.numbers.doc("TB-SCT" if source is C else "QĐ-UBND", day)
            ledger.allocate_budget(
                AllocateBudget(
                    program_code=PROGRAM,
                    year=year,
                    source=source,
                    amount_vnd=amount,
                    decision_no=number,
                    decision_date=day,
                ),
                FINANCE,
            )
        else:
            number = self.numbers.doc("QĐ-UBND", day)
            ledger.adjust_budget(
                AdjustBudget(
                    program_code=PROGRAM,
                    year=year,
                    source=source,
                    delta_vnd=amount,
                    reason=act.reason,
                    decision_no=number,
                    decision_date=day,
                ),
                FINANCE,
            )
        return 1

    def register(self, firm: Firm) -> int:
        """Registered by whoever proposes its first project."""
        self.ledger.register_establishment(
            RegisterEstablishment(
                program_code=PROGRAM,
                name=firm.name,
                kind=firm.kind,
                tax_code=firm.tax_code,
                unit_code=firm.unit_code,
                address=firm.address,
            ),
            firm.registrar,
        )
        self.counts["establishments"] += 1
        return 1

    # Projects -------------------------------------------------------------------------

    def project_act(self, plan: ProjectPlan, act: Act) -> int:
        return self._handlers()[act.what](plan, act)

    def _handlers(self) -> dict[str, Callable[[ProjectPlan, Act], int]]:
        """Each kind of act and the use case that records it."""
        return {
            "propose": self.propose,
            "appraise": self.appraise,
            "approve": self.approve,
            "reject": self.reject,
            "contract": self.contract,
            "adjust": self.adjust,
            "suspend": self.suspend,
            "resume": self.resume,
            "cancel": self.cancel,
            "pay": self.pay,
            "reverse": self.reverse,
            "accept": self.accept,
            "settle": self.settle,
            "refund": self.refund,
            "certify": self.certify,
            "match": self.match,
        }

    def propose(self, plan: ProjectPlan, act: Act) -> int:
        """Proposed by the Center, or by the district's economic office."""
        self.ledger.propose_project(
            ProposeProject(
                program_code=PROGRAM,
                code=plan.code,
                title=plan.title,
                content_code=plan.content,
                unit_code=plan.unit,
                year=plan.year,
                eligible_cost_vnd=plan.cost,
                requested_support=_amounts(plan.requested),
                planned_outputs=plan.planned,
                beneficiary_ids=tuple(firm.id for firm in plan.firms),
                proposed_on=act.day,
            ),
            plan.proposer,
        )
        return 1

    def appraise(self, plan: ProjectPlan, act: Act) -> int:
        """The Department's appraisal council, passing or failing the proposal."""
        failed = act.note == "fail"
        rng = random.Random(f"{self.history.seed}:appraisal:{plan.code}")
        self.ledger.appraise_project(
            AppraiseProject(
                project_id=plan.id,
                result=AppraisalResult.FAIL if failed else AppraisalResult.PASS,
                notes=rng.choice(APPRAISAL_FAILED) if failed else APPRAISAL_PASSED,
                record_no=self.numbers.doc("BB-HĐTĐ", act.day),
            ),
            DOIT,
        )
        return 1

    def approve(self, plan: ProjectPlan, act: Act) -> int:
        """Approval commits the support on the year's budget lines."""
        self.ledger.approve_project(
            ApproveProject(
                project_id=plan.id,
                approved_support=_amounts(plan.approved),
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
            ),
            DOIT,
        )
        return 1

    def reject(self, plan: ProjectPlan, act: Act) -> int:
        reason = random.Random(f"{self.history.seed}:reject:{plan.code}").choice(REJECTIONS)
        self.ledger.reject_project(
            RejectProject(
                project_id=plan.id,
                reason=reason,
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
            ),
            DOIT,
        )
        return 1

    def contract(self, plan: ProjectPlan, act: Act) -> int:
        number = self.numbers.next("HĐ-KC", act.day.year)
        contract_no = f"{number}/{act.day.year}/HĐ-KC"
        self.ledger.sign_contract(
            SignContract(project_id=plan.id, contract_no=contract_no, signed_on=act.day), CENTER
        )
        return 1

    def adjust(self, plan: ProjectPlan, act: Act) -> int:
        assert plan.adjusted is not None
        up = plan.adjusted[P] > plan.approved[P]
        reason = (
            "Điều chỉnh tăng kinh phí do bổ sung hạng mục theo đề nghị của đơn vị thực hiện"
            if up
            else "Điều chỉnh giảm kinh phí hỗ trợ theo giá trúng thầu thiết bị"
        )
        self.ledger.adjust_project(
            AdjustProject(
                project_id=plan.id,
                approved_support=_amounts(plan.adjusted),
                reason=reason,
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
            ),
            DOIT,
        )
        return 1

    def suspend(self, plan: ProjectPlan, act: Act) -> int:
        reason = (
            "Tạm dừng để rà soát hồ sơ sau sắp xếp đơn vị hành chính"
            if plan.fate == SUSPENDED
            else "Tạm dừng do nhà cung cấp chậm giao thiết bị, chờ điều chỉnh hợp đồng"
        )
        self.ledger.suspend_project(
            SuspendProject(
                project_id=plan.id,
                reason=reason,
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
            ),
            DOIT,
        )
        return 1

    def resume(self, plan: ProjectPlan, act: Act) -> int:
        reason = "Nhà cung cấp đã giao thiết bị; tiếp tục thực hiện đề án"
        self.ledger.resume_project(
            ResumeProject(
                project_id=plan.id,
                reason=reason,
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
            ),
            DOIT,
        )
        return 1

    def cancel(self, plan: ProjectPlan, act: Act) -> int:
        if plan.fate == CANCEL_REFUND:
            reason = "Cơ sở ngừng hoạt động, không thực hiện được đề án; thu hồi kinh phí tạm ứng"
        else:
            reason = random.Random(f"{self.history.seed}:cancel:{plan.code}").choice(WITHDRAWALS)
        self.ledger.cancel_project(
            CancelProject(
                project_id=plan.id,
                reason=reason,
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
            ),
            DOIT,
        )
        return 1

    def pay(self, plan: ProjectPlan, act: Act) -> int:
        """Advances and payments; provincial ones the Treasury made are kept for its statement."""
        pay = act.pay
        assert pay is not None
        amount = pay.amount if pay.amount is not None else self._left(plan, pay.source)
        if amount <= 0:
            return 0
        self.ledger.record_payment(
            RecordPayment(
                project_id=plan.id,
                kind=pay.kind,
                source=pay.source,
                amount_vnd=amount,
                voucher_no=pay.voucher,
                value_date=pay.value_date,
                payee=plan.payee,
            ),
            FINANCE,
        )
        self.counts["payments"] += 1
        self.payments_by_year[pay.value_date.year] += 1
        if pay.source is P and pay.in_treasury:
            treasury = pay.treasury_amount if pay.treasury_amount is not None else amount
            line = _line_of(plan, pay, treasury, special=pay.treasury_amount is not None)
            self.treasury[pay.value_date.year].append(line)
        return 1

    def _left(self, plan: ProjectPlan, source: FundingSource) -> int:
        state = self.ledger.project(plan.id)
        return state.approved.get(source, 0) - state.paid_by_source().get(source, 0)

    def reverse(self, plan: ProjectPlan, act: Act) -> int:
        """A duplicate entry, or an entry at the wrong amount, reversed by finance."""
        pay = act.pay
        assert pay is not None
        if act.note == "duplicate":
            assert act.other is not None
            reason = f"Ghi trùng với chứng từ {act.other.voucher}"
        else:
            reason = (
                f"Ghi sai số tiền ({_dong(pay.amount or 0)}); Kho bạc chi "
                f"{_dong(pay.treasury_amount or 0)}, ghi lại đúng số tiền"
            )
        self.ledger.reverse_payment(
            ReversePayment(project_id=plan.id, voucher_no=pay.voucher, reason=reason), FINANCE
        )
        self.counts["reversals"] += 1
        return 1

    def accept(self, plan: ProjectPlan, act: Act) -> int:
        """The acceptance record counts what was delivered toward the indicators."""
        record_no = self.numbers.doc("BB-NT", act.day)
        self.ledger.accept_outputs(
            AcceptOutputs(
                project_id=plan.id, outputs=plan.accepted, record_no=record_no, accepted_on=act.day
            ),
            CENTER,
        )
        return 1

    def settle(self, plan: ProjectPlan, act: Act) -> int:
        """Final support is what was paid, less what the beneficiary must pay back."""
        paid = self.ledger.project(plan.id).paid_by_source()
        final = {s: a - (plan.refund if s is P else 0) for s, a in paid.items()}
        self.ledger.settle_project(
            SettleProject(
                project_id=plan.id,
                final_support=_amounts(final),
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
            ),
            FINANCE,
        )
        return 1

    def refund(self, plan: ProjectPlan, act: Act) -> int:
        due = self.ledger.project(plan.id).refund_outstanding(P)
        voucher = f"GNT-{act.day.year}-{self.numbers.next('GNT', act.day.year):04d}"
        self.ledger.record_refund(
            RecordRefund(
                project_id=plan.id, source=P, amount_vnd=due, voucher_no=voucher, value_date=act.day
            ),
            FINANCE,
        )
        self.counts["refunds"] += 1
        return 1

    def certify(self, plan: ProjectPlan, act: Act) -> int:
        """Certificates after a selection round (typical products) or trademark support."""
        firm = act.firm
        assert firm is not None
        product = TRADES[firm.trade].product
        if act.note == "trademark":
            number = self.numbers.next("NH", act.day.year)
            cmd = AddCertification(
                establishment_id=firm.id,
                kind=CertificationKind.TRADEMARK,
                title=f"Nhãn hiệu {product} {firm.name}",
                certificate_no=f"4-0{act.day.year % 100:02d}{number:04d}-000",
                level="quốc gia",
                issued_on=act.day,
            )
        else:
            cmd = AddCertification(
                establishment_id=firm.id,
                kind=CertificationKind.TYPICAL_PRODUCT,
                title=(
                    f"{product.capitalize()}: sản phẩm công nghiệp nông thôn tiêu biểu"
                    f" năm {plan.year}"
                ),
                certificate_no=self.numbers.doc("GCN-SCT", act.day),
                level="cấp tỉnh",
                issued_on=act.day,
            )
        self.ledger.add_certification(cmd, CENTER)
        return 1

    def match(self, plan: ProjectPlan, act: Act) -> int:
        """Finance ties the statement line to the corrected payment by hand."""
        right, wrong = act.pay, act.other
        assert right is not None
        assert wrong is not None
        year = wrong.value_date.year
        self.ledger.match_statement_line(
            MatchStatementLine(
                statement_id=self.statement_ids[year],
                line_no=self.statement_lines[year][wrong.voucher],
                payments=(PaymentRef(plan.id, right.voucher),),
                note=f"Kho bạc ghi số chứng từ {wrong.voucher}; khớp với bút toán điều chỉnh "
                f"{right.voucher}",
            ),
            FINANCE,
        )
        return 1

    # The finance office -----------------------------------------------------------------

    def statement(self, year: int) -> int:
        """The Treasury's statement of the year, as it would send it, imported from CSV."""
        today = self.clock.today
        lines = list(self.treasury[year])
        for plan in self.history.projects:
            for act in plan.acts:
                pay = act.pay
                if (
                    act.what == "pay"
                    and pay is not None
                    and pay.source is P
                    and pay.in_treasury
                    and pay.value_date.year == year
                    and pay.recorded_on > today
                ):
                    assert pay.amount is not None, "a payment recorded late has a planned amount"
                    lines.append(_line_of(plan, pay, pay.amount, special=True))
        rng = random.Random(f"{self.history.seed}:statement:{year}")
        lines = _perturb(lines, year, year not in self.history.resolved_years, rng)
        data, numbers = _statement_csv(lines)
        imported = import_statement_file(
            self.ledger,
            PROGRAM,
            P,
            TREASURY_ACCOUNT,
            f"sao-ke-KBNN-{year}.csv",
            data,
            FINANCE,
        )
        self.statement_ids[year] = imported.receipt.aggregate_id
        self.statement_lines[year] = numbers
        self.counts["statements"] += 1
        self.counts["statement_lines"] += len(lines)
        return 1

    def close(self, year: int) -> int:
        """The year-end close in January; forced, with the reason, where discrepancies stay."""
        self.projector.catch_up()
        force = year not in self.history.resolved_years
        reason = _forced_reason(reconcile(self.store, PROGRAM, year)) if force else ""
        day = self.clock.today
        report = close_year(
            self.ledger,
            self.read_model,
            CloseYear(PROGRAM, year, self.numbers.doc("QĐ-STC", day), day, force, reason),
            FINANCE,
        )
        self.counts["closes"] += 1
        if report.forced:
            self.forced.append(year)
        lines = sum(
            1
            for info in self.ledger.program(PROGRAM).definition.funding_sources
            if (line := self.ledger.budget_line(PROGRAM, year, info.code)) is not None
            and line.cancelled_vnd > 0
        )
        return len(report.carried) + len(report.cancelled) + lines + 1

    # The result ---------------------------------------------------------------------------

    def summary(self, elapsed_s: float) -> DemoSummary:
        """Counted from the read model, caught up to the head: what a user of the demo sees."""
        model = self.read_model
        by_status = {
            status.value: model.projects(PROGRAM, status=status.value, first=1).total_count
            for status in ProjectStatus
        }
        return DemoSummary(
            seed=self.history.seed,
            events=model.journal(first=1).total_count,
            commands=self.counts["commands"],
            projects=sum(by_status.values()),
            projects_by_status=by_status,
            establishments=model.establishments(first=1).total_count,
            payments=self.counts["payments"],
            reversals=self.counts["reversals"],
            refunds=self.counts["refunds"],
            statements=self.counts["statements"],
            statement_lines=self.counts["statement_lines"],
            closes=self.counts["closes"],
            forced_closes=len(self.forced),
            years={year: self._year_figures(year) for year in YEARS},
            last_day=self.clock.today,
            elapsed_s=round(elapsed_s, 2),
        )

    def _year_figures(self, year: int) -> YearFigures:
        totals = self.read_model.budget(PROGRAM, year).totals
        return YearFigures(
            self.read_model.projects(PROGRAM, year=year, first=1).total_count,
            self.payments_by_year[year],
            totals.allocated,
            totals.committed,
            totals.paid,
            year in self.ledger.program(PROGRAM).closed_years,
        )


class _Numbers:
    """Document numbers as offices issue them: one series per kind and year, in date order,
    each starting where that office's register stood (deterministic for the seed)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.last: dict[tuple[str, int], int] = {}

    def next(self, kind: str, year: int) -> int:
        key = (kind, year)
        if key not in self.last:
            self.last[key] = random.Random(f"{self.seed}:{kind}:{year}").randint(20, 400)
        self.last[key] += 1
        return self.last[key]

    def doc(self, kind: str, day: date) -> str:
        """``123/QĐ-SCT``: number, then the document kind and the office that issued it."""
        return f"{self.next(kind, day.year)}/{kind}"


def _amounts(amounts: Mapping[FundingSource, int]) -> tuple[SourceAmount, ...]:
    """Support by source in the canonical order, zero amounts left out."""
    return tuple(SourceAmount(s, amounts[s]) for s in FundingSource if amounts.get(s, 0) > 0)


def _dong(amount: int) -> str:
    return f"{amount:,} đồng".replace(",", ".")


def _line_of(plan: ProjectPlan, pay: Pay, amount: int, *, special: bool) -> _TreasuryLine:
    """A statement line for a payment, at the amount the Treasury paid."""
    return _TreasuryLine(
        pay.value_date,
        pay.voucher,
        amount,
        plan.payee,
        plan.payee_tax_code,
        pay.kind,
        plan.code,
        special,
    )


STRAY_PAYEE = "Công ty TNHH Thương mại Dịch vụ Xây dựng An Phát"  # paid from this account in error


def _perturb(
    lines: list[_TreasuryLine], year: int, stray: bool, rng: random.Random
) -> list[_TreasuryLine]:
    """What the Treasury's statement differs in: one payment it does not list (booked in
    another period), one line under the Treasury's own voucher number, and in the unresolved
    years one line that is no payment of this program."""
    ordinary = [line for line in lines if not line.special]
    lines = list(lines)
    if len(ordinary) >= 3:
        missing = rng.choice(ordinary)
        lines.remove(missing)
        advances = [x for x in ordinary if x is not missing and x.kind is PaymentKind.ADVANCE]
        renamed = rng.choice(advances or [x for x in ordinary if x is not missing])
        treasury_no = f"KB-{year}-{rng.randint(1000, 99999):06d}"
        lines[lines.index(renamed)] = replace(renamed, voucher=treasury_no)
    if stray:
        day = _workday(date(year, 11, 1) + timedelta(days=rng.randint(0, 40)))
        voucher = f"KB-{year}-{rng.randint(100000, 999999):06d}"
        amount = _million(rng.uniform(15, 60) * MILLION)
        lines.append(_TreasuryLine(day, voucher, amount, STRAY_PAYEE, "", PaymentKind.PAYMENT, ""))
    return sorted(lines, key=lambda x: (x.value_date, x.voucher))


def _statement_csv(lines: Iterable[_TreasuryLine]) -> tuple[bytes, dict[str, int]]:
    """The statement as Vietnamese Excel saves it (UTF-8 with BOM, ``;``), payees in the
    Treasury's capitals without diacritics; with each voucher's line number."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(STATEMENT_HEADER)
    numbers: dict[str, int] = {}
    for line_no, line in enumerate(lines, start=2):
        if line.project_code:
            what = "Tạm ứng" if line.kind is PaymentKind.ADVANCE else "Thanh toán"
            text = f"{what} kinh phí khuyến công đề án {line.project_code}"
        else:
            text = "Chi hỗ trợ theo hợp đồng"
        writer.writerow(
            (
                line.value_date.strftime("%d/%m/%Y"),
                line.voucher,
                f"{line.amount:,}".replace(",", "."),
                _treasury_capitals(line.payee),
                line.tax_code,
                BUDGET_CHAPTER,
                BUDGET_SUBITEM,
                text,
            )
        )
        numbers[line.voucher] = line_no
    return out.getvalue().encode("utf-8-sig"), numbers


def _treasury_capitals(name: str) -> str:
    """ "CONG TY TNHH CO KHI PHU GIAO": how the Treasury writes "Công ty TNHH Cơ khí Phú Giáo"."""
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).upper()


def _forced_reason(report: Reconciliation) -> str:
    """What finance writes when it closes with lines still unmatched."""
    items = [
        f"{m.lines[0].voucher_no} chênh lệch {_dong(abs(m.difference))}"
        for m in report.amount_differs
    ]
    items += [f"{line.voucher_no} không có trong sổ" for line in report.only_in_statement]
    shown = "; ".join(items[:4])
    return (
        f"{shown}; đã đề nghị Kho bạc Nhà nước tỉnh xác minh, xử lý trong năm {report.year + 1}"
    )[:500]
