"""The shipped agency registry: every way plans write a name finds the same agency."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import func, select

from bot.agencies.registry import (
    AgencyIndex,
    RegistryError,
    add_agency,
    add_alias,
    ensure_registry,
    find_agency,
    merge_agency,
    suggest_agencies,
)
from bot.db.engine import Database
from bot.db.models import Agency, AgencyKind
from bot.services.succession import effective_agency_map

SPELLINGS = {
    "Sở Khoa học và Công nghệ": [
        "Sở Khoa học và Công nghệ",
        "sở khoa học và công nghệ",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Sở KH&CN",
        "Sở KHCN",
        "KH&CN",
        "Sở KH & CN",
        "Sở Khoa học và Công nghệ tỉnh",
        "Sở Khoa học và Công nghệ tỉnh Quảng Nam",
    ],
    "Sở Công Thương": ["Sở Công thương", "Sở Công Thương", "sở Công Thương.", "Sở  Công   Thương"],
    "Sở Nông nghiệp và Phát triển nông thôn": ["Sở NN&PTNT", "NN&PTNT", "Sở Nông nghiệp và PTNT"],
    "Sở Tài nguyên và Môi trường": ["Sở Tài nguyên và môi trường", "Sở TN&MT", "TNMT"],
    "Sở Thông tin và Truyền thông": ["Sở TT&TT", "Sở TTTT"],
    "Sở Kế hoạch và Đầu tư": ["Sở KH&ĐT", "KH&ĐT", "Sở KHĐT"],
    "Sở Giáo dục và Đào tạo": ["Sở GD&ĐT", "GD&ĐT", "Sở GD-ĐT"],
    "Sở Lao động, Thương binh và Xã hội": [
        "Sở LĐ-TB&XH",
        "LĐ-TB&XH",
        "Sở LĐTBXH",
        "Sở Lao động - Thương binh và Xã hội",
    ],
    "Sở Văn hóa, Thể thao và Du lịch": ["Sở VH-TT&DL", "Sở Văn hoá, Thể thao và Du lịch"],
    "Đài Phát thanh - Truyền hình tỉnh": ["Đài PT-TH tỉnh", "Đài PTTH", "Đài truyền hình tỉnh"],
    "UBND tỉnh": ["Ủy ban nhân dân tỉnh", "Uỷ ban nhân dân tỉnh", "UBND tỉnh An Giang"],
    "Văn phòng UBND tỉnh": ["Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh"],
    "Ban Quản lý các Khu kinh tế và Khu công nghiệp tỉnh": [
        "Ban Quản lý các Khu kinh tế và Khu công nghiệp tỉnh",
        "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi",
        "BQL các KKT và KCN",
    ],
    "Công an tỉnh": ["Công an tỉnh", "Công an tỉnh Quảng Nam"],
    "Bộ Chỉ huy Quân sự tỉnh": ["Bộ CHQS tỉnh"],
    "Cục Thuế tỉnh": ["Cục Thuế tỉnh", "Cục Thuế"],
    "Cục Thống kê tỉnh": ["Cục Thống kê"],
    "Kho bạc Nhà nước tỉnh": ["Kho bạc Nhà nước tỉnh", "KBNN tỉnh"],
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": ["Ủy ban MTTQ tỉnh", "Uỷ ban MTTQ Việt Nam tỉnh"],
    "Tỉnh Đoàn": ["Tỉnh đoàn"],
    "Hội Nông dân tỉnh": ["Hội Nông dân tỉnh"],
    "Hội Liên hiệp Phụ nữ tỉnh": ["Hội LHPN tỉnh"],
    "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh": ["Liên hiệp các Hội KHKT tỉnh"],
    "Báo tỉnh": ["Các cơ quan Báo"],
}

GROUP_SPELLINGS = {
    "Các sở, ban, ngành liên quan": [
        "các Sở, ban, ngành liên quan",
        "các sở, ngành, đơn vị có liên quan",
        "và các Sở, ngành, đơn vị có liên quan",
        "Các sở, ban, ngành",
        "các sở, ngành liên quan",
        "các Sở, ban, ngành tỉnh",
    ],
    "UBND các huyện, thị xã, thành phố": [
        "UBND các huyện, thị xã, thành phố",
        "Ủy ban nhân dân các huyện, thị xã, thành phố",
        "UBND cấp huyện",
    ],
    "Các tổ chức chính trị - xã hội": [
        "Tổ chức chính trị, xã hội",
        "các tổ chức chính trị - xã hội",
    ],
    "Các đơn vị có liên quan": ["các đơn vị có liên quan", "các đơn vị liên quan"],
    "Doanh nghiệp": [
        "doanh nghiệp",
        "các doanh nghiệp trên địa bàn tỉnh",
        "các doanh nghiệp, hợp tác xã trên địa bàn tỉnh",
    ],
    "Các trường đại học, cao đẳng": [
        "Các trường Đại học, Cao đẳng",
        "các trường đại học, cao đẳng",
    ],
    "Các viện, trung tâm nghiên cứu": ["Các Trung tâm nghiên cứu"],
}


@pytest.fixture
async def index(sqlite_database: Database) -> AgencyIndex:
    async with sqlite_database.session() as session:
        await ensure_registry(session)
        return await AgencyIndex.load(session)


def _cases(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [
        (canonical, spelling) for canonical, spellings in table.items() for spelling in spellings
    ]


@pytest.mark.parametrize(("canonical", "spelling"), _cases(SPELLINGS))
async def test_every_spelling_finds_the_agency(
    index: AgencyIndex, canonical: str, spelling: str
) -> None:
    for text in (spelling, unicodedata.normalize("NFD", spelling)):
        found = index.resolve(text)
        assert found is not None, text
        assert found.name == canonical
        assert not found.is_group


@pytest.mark.parametrize(("canonical", "spelling"), _cases(GROUP_SPELLINGS))
async def test_generic_groups_are_groups(index: AgencyIndex, canonical: str, spelling: str) -> None:
    found = index.resolve(spelling)
    assert found is not None, spelling
    assert found.name == canonical
    assert found.is_group


@pytest.mark.parametrize(
    "text",
    [
        "Sở Công Thương, Sở Kế hoạch và Đầu tư",
        "các sở, ngành liên quan; UBND các huyện, thị xã, thành phố",
        "Sở Hư cấu",
        "Ban Quản lý Khu kinh tế và các đơn vị liên quan",
        "",
    ],
)
async def test_lists_and_unknown_names_do_not_resolve(index: AgencyIndex, text: str) -> None:
    assert index.resolve(text) is None


async def test_registry_is_idempotent_and_links_2025_successors(database: Database) -> None:
    async with database.session() as session:
        first = await ensure_registry(session)
    async with database.session() as session:
        assert await ensure_registry(session) == 0
        count = await session.scalar(select(func.count()).select_from(Agency))
        assert count == first
        planning = await find_agency(session, "Sở KH&ĐT")
        assert planning is not None and not planning.active
        finance = await find_agency(session, "Sở Tài chính")
        assert finance is not None and planning.successor_id == finance.id
        effective = await effective_agency_map(session)
        merged = {
            "Sở Nông nghiệp và PTNT": "Sở Nông nghiệp và Môi trường",
            "Sở TN&MT": "Sở Nông nghiệp và Môi trường",
            "Sở TT&TT": "Sở Khoa học và Công nghệ",
            "Sở Giao thông vận tải": "Sở Xây dựng",
            "Sở LĐ-TB&XH": "Sở Nội vụ",
        }
        for old, new in merged.items():
            old_agency = await find_agency(session, old)
            new_agency = await find_agency(session, new)
            assert old_agency is not None and new_agency is not None
            assert effective[old_agency.id] == new_agency.id
            assert new_agency.active


async def test_suggestions_rank_the_closest_names(sqlite_database: Database) -> None:
    async with sqlite_database.session() as session:
        await ensure_registry(session)
        assert await find_agency(session, "Sở Khoa hoc Cong ngee") is None
        suggestions = await suggest_agencies(session, "Sở Khoa hoc Cong ngee")
        assert suggestions[0][0].name == "Sở Khoa học và Công nghệ"
        assert suggestions[0][1] > 80
        assert len(suggestions) == 3


async def test_admin_edits(sqlite_database: Database) -> None:
    async with sqlite_database.session() as session:
        await ensure_registry(session)
        university = await add_agency(
            session, "Trường Đại học Quảng Nam", kind=AgencyKind.EDUCATION
        )
        await add_alias(session, "Trường Đại học Quảng Nam", "ĐH Quảng Nam")
        found = await find_agency(session, "đh quảng nam")
        assert found is not None and found.id == university.id
        with pytest.raises(RegistryError) as taken:
            await add_agency(session, "Sở Công thương")
        assert taken.value.message_id == "agencies-error-exists"
        with pytest.raises(RegistryError):
            await add_alias(session, "Sở Y tế", "ĐH Quảng Nam")
        with pytest.raises(RegistryError):
            await add_alias(session, "Sở Không Có", "x")
        old = await merge_agency(session, "Trường Đại học Quảng Nam", "Sở Giáo dục và Đào tạo")
        assert not old.active and old.successor_id is not None
