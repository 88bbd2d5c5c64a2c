from __future__ import annotations

from datetime import date

from bot.channels.base import Choice, Incoming
from bot.channels.menu import current_menu, match_choice, numbered_lines, recall_choice, remember
from bot.db.engine import Database
from bot.db.models import Agency
from bot.services.succession import (
    agencies_followed_by,
    issuing_body_on,
    province_on,
    resolve_chains,
)

STATUS = [Choice("done", "Hoàn thành"), Choice("progress", "Đang thực hiện")]


def test_numbered_lines_and_matching() -> None:
    assert numbered_lines(STATUS) == "1. Hoàn thành\n2. Đang thực hiện"
    assert match_choice("2", STATUS) == STATUS[1]
    assert match_choice(" 1. ", STATUS) == STATUS[0]
    assert match_choice("HOAN THANH", STATUS) == STATUS[0]
    assert match_choice("đang thực hiện", STATUS) == STATUS[1]
    assert match_choice("3", STATUS) is None
    assert match_choice("Đã tổ chức 2 hội thảo", STATUS) is None


async def test_menu_survives_sessions(database: Database) -> None:
    async with database.session() as session:
        await remember(session, "zalo", "chat-1", STATUS)
    async with database.session() as session:
        assert await current_menu(session, "zalo", "chat-1") == STATUS
        assert await recall_choice(session, "zalo", "chat-1", "1") == STATUS[0]
        await remember(session, "zalo", "chat-1", [])
    async with database.session() as session:
        assert await current_menu(session, "zalo", "chat-1") == []


def test_successor_chains() -> None:
    assert resolve_chains({1: 2, 2: 3, 3: None, 4: None}) == {1: 3, 2: 3, 3: 3, 4: 4}
    assert resolve_chains({1: 2, 2: 1}) == {1: 2, 2: 1}  # a cycle stops, it does not hang


async def test_successor_follows_up_predecessors(database: Database) -> None:
    async with database.session() as session:
        finance = Agency(name="Sở Tài chính")
        session.add(finance)
        await session.flush()
        planning = Agency(name="Sở Kế hoạch và Đầu tư", active=False, successor_id=finance.id)
        session.add(planning)
        await session.flush()
        assert await agencies_followed_by(session, finance.id) == {finance.id, planning.id}
        assert await agencies_followed_by(session, planning.id) == {planning.id}


def test_incoming_is_nfc_and_parses_commands() -> None:
    incoming = Incoming("telegram", "1", "1", text="/Update@dondoc_bot  1.2 70%\x00 xong")
    assert incoming.command == ("update", "1.2 70% xong")
    assert Incoming("zalo", "1", "1", text="xin chào").command is None


def test_merged_provinces_answer_under_their_successor_from_the_merger() -> None:
    after, before = date(2025, 7, 1), date(2025, 6, 30)
    assert issuing_body_on("UBND tỉnh Quảng Nam", after) == "UBND thành phố Đà Nẵng"
    assert issuing_body_on("UBND tỉnh Quảng Nam", before) == "UBND tỉnh Quảng Nam"
    kon_tum = issuing_body_on("Ủy ban nhân dân tỉnh Kon Tum", after)
    assert kon_tum == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert issuing_body_on("UBND tỉnh Bà Rịa – Vũng Tàu", after) == "UBND thành phố Hồ Chí Minh"
    assert issuing_body_on("UBND TỈNH KIÊN GIANG", after) == "UBND tỉnh An Giang"
    # Not merged, a successor itself, not a People's Committee, or nothing: as written.
    for issuer in ("UBND tỉnh Thanh Hóa", "UBND tỉnh Quảng Ngãi", "UBND thành phố Đà Nẵng"):
        assert issuing_body_on(issuer, after) == issuer
    assert issuing_body_on("Sở Công Thương", after) == "Sở Công Thương"
    assert issuing_body_on(None, after) is None
    assert province_on("Hoà Bình", after) == "Phú Thọ"  # old-style accent
    assert province_on("Thừa Thiên Huế", date(2025, 1, 1)) == "Huế"  # renamed earlier
    assert province_on("Quảng Ngãi", after) is None
