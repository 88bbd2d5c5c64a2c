"""The provinces that merged in 2025, as the agencies' mergers are in `bot.agencies.data`.

From 1 July 2025 (Nghị quyết 202/2025/QH15) the 63 provinces and cities became 34: the province
named first below was merged into its successor, whose name the merged unit took. A plan written
before still names its old province ("UBND tỉnh Quảng Nam"); a report written after the merger
is issued under the successor ("UBND thành phố Đà Nẵng", "Đà Nẵng, ngày …"), through
`bot.services.succession.issuing_body_on`. The 11 provinces and cities that merged with none, and
every successor itself, keep their names. Thừa Thiên Huế became thành phố Huế on 1 January 2025
(Nghị quyết 1314/NQ-UBTVQH15), a change of name only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MERGED_ON = date(2025, 7, 1)

# Centrally-run cities ("thành phố"), after the mergers; every other successor is a "tỉnh".
CITIES = frozenset({"Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"})


@dataclass(frozen=True)
class ProvinceMerger:
    name: str  # as plans write it after "tỉnh" or "thành phố"
    successor: str
    on: date = MERGED_ON


PROVINCE_MERGERS: tuple[ProvinceMerger, ...] = (
    ProvinceMerger("Thừa Thiên Huế", "Huế", date(2025, 1, 1)),
    ProvinceMerger("Hà Giang", "Tuyên Quang"),
    ProvinceMerger("Yên Bái", "Lào Cai"),
    ProvinceMerger("Bắc Kạn", "Thái Nguyên"),
    ProvinceMerger("Vĩnh Phúc", "Phú Thọ"),
    ProvinceMerger("Hòa Bình", "Phú Thọ"),
    ProvinceMerger("Bắc Giang", "Bắc Ninh"),
    ProvinceMerger("Thái Bình", "Hưng Yên"),
    ProvinceMerger("Hải Dương", "Hải Phòng"),
    ProvinceMerger("Hà Nam", "Ninh Bình"),
    ProvinceMerger("Nam Định", "Ninh Bình"),
    ProvinceMerger("Quảng Bình", "Quảng Trị"),
    ProvinceMerger("Quảng Nam", "Đà Nẵng"),
    ProvinceMerger("Kon Tum", "Quảng Ngãi"),
    ProvinceMerger("Bình Định", "Gia Lai"),
    ProvinceMerger("Ninh Thuận", "Khánh Hòa"),
    ProvinceMerger("Đắk Nông", "Lâm Đồng"),
    ProvinceMerger("Bình Thuận", "Lâm Đồng"),
    ProvinceMerger("Phú Yên", "Đắk Lắk"),
    ProvinceMerger("Bình Dương", "Hồ Chí Minh"),
    ProvinceMerger("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ProvinceMerger("Bình Phước", "Đồng Nai"),
    ProvinceMerger("Long An", "Tây Ninh"),
    ProvinceMerger("Sóc Trăng", "Cần Thơ"),
    ProvinceMerger("Hậu Giang", "Cần Thơ"),
    ProvinceMerger("Bến Tre", "Vĩnh Long"),
    ProvinceMerger("Trà Vinh", "Vĩnh Long"),
    ProvinceMerger("Tiền Giang", "Đồng Tháp"),
    ProvinceMerger("Bạc Liêu", "Cà Mau"),
    ProvinceMerger("Kiên Giang", "An Giang"),
)
