"""What the pages say: the period's agencies and their explanation requests, the year's ranking
and its spreadsheet, and English for someone who chose it."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from bot.db.models import Plan
from bot.services.actions import ask_explanation_action
from bot.web.board import RankRow
from bot.web.xlsx import ranking_xlsx
from tests.web.conftest import LOOKED_AT, VN, Web

BEFORE_THE_DEADLINE = datetime(2027, 1, 12, 9, 0, tzinfo=VN)


async def test_the_period_shows_who_reported_and_who_was_asked_to_explain(web: Web) -> None:
    web.clock.move_to(BEFORE_THE_DEADLINE)
    coordinator = web.chats["coordinator"]  # Sở Công Thương leads 1.1: on time
    await coordinator.send("/update 1.1 50% Đã tổ chức 2 hội nghị")
    await coordinator.pick("Gửi")
    web.clock.move_to(LOOKED_AT)
    focal = web.chats["focal_a"]  # Sở Y tế reports 2.1 late
    await focal.send("/update 2.1 30% Đã khảo sát")
    await focal.pick("Gửi")
    await coordinator.send(choice=ask_explanation_action(web.period_id, web.seed.finance))
    assert "giải trình" in coordinator.text

    client = await web.signed_in("coordinator")
    html = await (await client.get(f"/plans/{web.seed.plan_id}")).text()

    def row(name: str) -> str:
        return next(tr for tr in html.split("<tr ")[1:] if f">{name}</a>" in tr).split("</tr>")[0]

    assert row("Sở Công Thương").startswith('data-state="ok"')
    assert row("Sở Y tế").startswith('data-state="late"')
    finance = row("Sở Tài chính")
    assert finance.startswith('data-state="overdue"') and "Quá hạn 5 ngày" in finance
    assert "Đã yêu cầu giải trình ngày 20/01/2027" in finance
    assert "Yêu cầu giải trình của kỳ này" in html and "hạn trả lời" in html

    ranking = await (await client.get(f"/plans/{web.seed.plan_id}/ranking")).text()
    order = [ranking.index(name) for name in ("Sở Công Thương", "Sở Y tế", "Sở Tài chính")]
    assert order == sorted(order), "on-time rate first, then reporting rate"
    sheet = await client.get(f"/plans/{web.seed.plan_id}/ranking.xlsx?year=2026")
    book = load_workbook(BytesIO(await sheet.read()))
    names = [row[1] for row in book.active.iter_rows(min_row=4, values_only=True)]
    assert names == ["Sở Công Thương", "Sở Y tế", "Sở Tài chính"]


async def test_text_cells_of_the_ranking_stay_text(web: Web) -> None:
    async with web.app.db.session() as session:
        plan = await session.scalar(select(Plan))
    assert plan is not None
    plan.number = "457\x0b/KH-UBND"
    rows = [
        RankRow(1, '\x01=HYPERLINK("http://x")', 2, 1, 1),
        RankRow(2, "Sở Y\x0b tế\x01", 2, 1, 1),
    ]
    sheet = load_workbook(BytesIO(ranking_xlsx(plan, 2026, rows, "vi"))).active
    hostile, plain = sheet.cell(4, 2), sheet.cell(5, 2)
    assert hostile.data_type == "s" and hostile.value == '=HYPERLINK("http://x")'
    assert hostile.quotePrefix  # and Excel keeps it text when the cell is edited
    assert plain.value == "Sở Y tế" and not plain.quotePrefix
    assert "457/KH-UBND" in sheet.cell(1, 1).value


async def test_pages_speak_english_to_someone_who_chose_it(web: Web) -> None:
    await web.chats["coordinator"].send("/lang en")
    client = await web.signed_in("coordinator")
    html = await (await client.get(f"/plans/{web.seed.plan_id}")).text()
    assert "Reporting rate" in html and "Tỷ lệ báo cáo" not in html
    assert '<html lang="en">' in html
