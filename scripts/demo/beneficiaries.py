"""Where projects are and whom they support: the program's districts (the northern ones
weighted up), the establishments registered as projects are proposed, and each proposal's
place, proposer and title."""

from __future__ import annotations

import random
from datetime import date, timedelta

from domain.programs.state import ProgramState
from domain.types import Actor, EstablishmentKind, Role
from scripts.demo.names import (
    CONSULTING,
    FAIRS,
    MODEL_DRAWS,
    TRADES,
    WARDS,
    address,
    firm_name,
)
from scripts.demo.plans import FIRM_CONTENTS, Firm, ProjectPlan
from scripts.demo.program import CENTER_UNIT, CITY_UNIT

NORTHERN_WEIGHT = 3  # the program focuses on the northern districts (objective I.1.đ)


class Areas:
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

    def district_name(self, code: str, day: date) -> str:
        """The district as it was called that day, in running text ("thị xã Tân Uyên" to
        9 April 2023, "thành phố Tân Uyên" from 10 April: the program file's dated renames)."""
        name = self.units[code].name_on(day)
        return name[:1].lower() + name[1:]


class Registry:
    """Establishments in the order they are registered: new ones, and ones supported again."""

    def __init__(self, rng: random.Random, areas: Areas) -> None:
        self.rng = rng
        self.areas = areas
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
        name = firm_name(kind, trade, ward, rng)
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
            address(
                plan.area, ward, self.areas.district_name(plan.area, plan.proposed_on), after, rng
            ),
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


def describe(plan: ProjectPlan, areas: Areas, registry: Registry, rng: random.Random) -> None:
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
    place = "Thành phố Hồ Chí Minh" if after else areas.district_name(plan.area, plan.proposed_on)
    plan.title = _title(plan, quantity, place, rng)


def _title(plan: ProjectPlan, quantity: dict[str, int], place: str, rng: random.Random) -> str:
    """The title a proposal carries, naming what is bought and for whom."""
    firm = plan.firms[0].name if plan.firms else ""
    trade = TRADES[plan.firms[0].trade] if plan.firms else TRADES[0]
    product = trade.product
    year = plan.year
    match plan.content:
        case "IV.1.a":
            # One draw of six, as the history always made here, so the rest keeps its numbers.
            model = trade.models[rng.randrange(MODEL_DRAWS) % len(trade.models)]
            return f"Xây dựng mô hình trình diễn kỹ thuật {model} tại {firm}"
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
