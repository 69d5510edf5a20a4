"""The Vietnamese of the demo: establishments' names, wards and districts (and what they
became), streets, trades, fairs, and the phrases offices write in appraisals and decisions."""

from __future__ import annotations

import random
from typing import NamedTuple

from domain.types import EstablishmentKind


class Trade(NamedTuple):
    """A rural trade of Bình Dương, and what support buys for it."""

    name: str  # in the establishment's name
    product: str
    machine: str  # what machinery support buys for it
    pollution: str  # what its treatment system deals with
    models: tuple[str, str]  # demonstration models (IV.1.a) for the trade


TRADES = (
    Trade(
        "Cơ khí",
        "sản phẩm cơ khí",
        "cắt laser CNC",
        "bụi và khí thải hàn",
        ("gia công cơ khí chính xác bằng máy CNC", "hàn tự động trong sản xuất sản phẩm cơ khí"),
    ),
    Trade(
        "Chế biến gỗ",
        "đồ gỗ nội thất",
        "cưa CNC",
        "bụi gỗ",
        ("chế biến gỗ rừng trồng theo hướng tuần hoàn", "sấy gỗ bằng lò hơi tận dụng phế phẩm gỗ"),
    ),
    Trade(
        "Gốm sứ",
        "gốm sứ mỹ nghệ",
        "ép định hình gốm",
        "khí thải lò nung",
        ("nung gốm bằng lò gas tiết kiệm năng lượng", "tạo hình gốm mỹ nghệ bằng khuôn tự động"),
    ),
    Trade(
        "Sơn mài",
        "tranh sơn mài",
        "mài bóng sơn mài",
        "hơi dung môi sơn",
        ("phun sơn mài trong buồng sơn khép kín", "mài bóng tranh sơn mài bằng máy"),
    ),
    Trade(
        "Chế biến hạt điều",
        "nhân hạt điều rang muối",
        "bóc vỏ hạt điều tự động",
        "khói lò hấp",
        ("bóc tách hạt điều tự động", "hấp hạt điều bằng lò hơi tiết kiệm năng lượng"),
    ),
    Trade(
        "Cao su",
        "mủ cao su sơ chế",
        "cán crếp mủ cao su",
        "nước thải sơ chế mủ",
        (
            "sơ chế mủ cao su giảm phát thải",
            "xử lý nước thải sơ chế mủ cao su bằng công nghệ sinh học",
        ),
    ),
    Trade(
        "Thực phẩm",
        "thực phẩm chế biến",
        "chiết rót, đóng gói tự động",
        "nước thải sản xuất",
        ("chế biến thực phẩm theo tiêu chuẩn HACCP", "tiệt trùng và đóng gói thực phẩm tự động"),
    ),
    Trade(
        "Bao bì",
        "bao bì giấy",
        "in bao bì flexo",
        "hơi mực in",
        ("in bao bì giấy bằng mực gốc nước", "sản xuất bao bì từ giấy tái chế"),
    ),
    Trade(
        "Mây tre đan",
        "hàng mây tre đan",
        "chẻ nan tre tự động",
        "khí thải lò sấy nan",
        (
            "sấy, chống mốc nan tre bằng năng lượng mặt trời",
            "sản xuất hàng mây tre đan theo hướng tuần hoàn",
        ),
    ),
    Trade(
        "Nông sản",
        "nông sản sấy",
        "sấy nông sản",
        "mùi và khí thải lò sấy",
        ("sấy nông sản bằng năng lượng mặt trời", "sơ chế, bảo quản nông sản sau thu hoạch"),
    ),
    Trade(
        "Bánh kẹo",
        "bánh kẹo truyền thống",
        "đóng gói bánh kẹo tự động",
        "nước thải sản xuất",
        (
            "sản xuất bánh kẹo truyền thống trên dây chuyền khép kín",
            "nướng bánh bằng lò điện tiết kiệm năng lượng",
        ),
    ),
    Trade(
        "Thức ăn chăn nuôi",
        "thức ăn chăn nuôi",
        "ép viên thức ăn chăn nuôi",
        "bụi nguyên liệu",
        (
            "sản xuất thức ăn chăn nuôi từ phụ phẩm nông nghiệp",
            "ép viên thức ăn chăn nuôi tiết kiệm điện",
        ),
    ),
    Trade(
        "Nhựa",
        "đồ nhựa gia dụng",
        "ép nhựa thủy lực",
        "khí thải gia nhiệt nhựa",
        ("tái chế nhựa phế liệu thành đồ gia dụng", "ép nhựa bằng máy servo tiết kiệm điện"),
    ),
    Trade(
        "May mặc",
        "hàng may mặc",
        "may công nghiệp điện tử",
        "bụi vải",
        ("cắt vải tự động bằng máy CNC", "may công nghiệp theo dây chuyền khép kín"),
    ),
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
MODEL_DRAWS = 6  # a demonstration model was once drawn from six, whatever the trade
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


def firm_name(kind: EstablishmentKind, trade: int, ward: str, rng: random.Random) -> str:
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


def address(area: str, ward: str, district: str, after_merger: bool, rng: random.Random) -> str:
    """Addresses name the district (as it was then called) until the merger, the new ward and
    the city after."""
    street = f"Số {rng.randint(2, 480)} đường {rng.choice(STREETS)}"
    if after_merger:
        return f"{street}, {WARDS_AFTER_MERGER[area]}, Thành phố Hồ Chí Minh"
    return f"{street}, {ward}, {district}, tỉnh Bình Dương"
