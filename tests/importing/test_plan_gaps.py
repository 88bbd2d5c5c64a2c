"""A plan imported from its task table alone has no coordinating department and no reporting
rule: nobody can follow it up and nobody is reminded. The preview and the result say so, in the
person's language, with the `dondoc plans rule` command that sets both."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.db.engine import Database
from bot.db.models import Agency, Cadence, Plan
from bot.i18n import t
from bot.importing.preview import format_preview, format_summary
from bot.services.tasks import coordinated_plans
from schedules.rules import RuleChange, parse_day_month, set_rule
from tests.importing.helpers import import_file, sample

APPENDIX = "quangnam-kh1600-phuluc.xlsx"
BOTH = 'dondoc plans rule 1600/KH-UBND --due NGÀY/THÁNG --coordinator "TÊN CƠ QUAN ĐẦU MỐI"'
BOTH_EN = 'dondoc plans rule 1600/KH-UBND --due DD/MM --coordinator "AGENCY NAME"'


async def test_a_task_table_alone_is_said_to_lack_both(database: Database) -> None:
    preview = await import_file(database, sample(APPENDIX), APPENDIX)
    assert preview.gaps is not None
    assert preview.gaps.no_coordinator and preview.gaps.no_rule
    for text in (format_preview(preview, "vi"), format_summary(preview, "vi")):
        assert t("vi", "import-gap-coordinator") in text
        assert t("vi", "import-gap-rule") in text
        assert t("vi", "import-gap-command", command=BOTH) in text
    english = format_preview(preview, "en")
    assert t("en", "import-gap-coordinator") in english and "/weekly" in english
    assert t("en", "import-gap-command", command=BOTH_EN) in english
    assert "Kế hoạch chưa có" not in english
    applied = await import_file(database, sample(APPENDIX), APPENDIX, apply=True)
    assert applied.applied and t("vi", "import-gap-rule") in format_preview(applied, "vi")


async def test_the_stored_plan_body_fills_both_for_its_appendix(database: Database) -> None:
    body = await import_file(database, sample("quangnam-kh1600.docx"), "kh.docx", apply=True)
    assert body.applied and body.gaps is not None and not body.gaps.any
    appendix = await import_file(database, sample(APPENDIX), APPENDIX)
    assert appendix.gaps is not None and not appendix.gaps.any
    text = format_preview(appendix, "vi")
    assert t("vi", "import-gap-coordinator") not in text and "plans rule" not in text


async def _set_rule(database: Database, due: str, coordinator: str | None) -> int:
    """What `dondoc plans rule 1600/KH-UBND --due DUE [--coordinator AGENCY]` does; the
    coordinator's agency id (Sở Công Thương)."""
    async with database.session() as session:
        plan = await session.scalar(select(Plan).where(Plan.number == "1600/KH-UBND"))
        industry = await session.scalar(select(Agency.id).where(Agency.name == "Sở Công Thương"))
        assert plan is not None and industry is not None
        change = RuleChange(Cadence.YEARLY, due=parse_day_month(due))
        change.coordinating_agency_id = industry if coordinator else None
        await set_rule(session, plan.id, change, today=date(2026, 12, 2))
        await session.commit()
        return industry


async def _followed_by(database: Database, agency_id: int) -> list[str]:
    async with database.session() as session:
        return [view.number for view in await coordinated_plans(session, agency_id)]


async def test_a_rule_set_after_the_table_is_seen_on_the_next_import(database: Database) -> None:
    await import_file(database, sample(APPENDIX), APPENDIX, apply=True)
    industry = await _set_rule(database, "15/01", coordinator=None)  # the reviewer's command
    again = await import_file(database, sample(APPENDIX), APPENDIX)
    assert again.gaps is not None and again.gaps.no_coordinator and not again.gaps.no_rule
    # The command repeats the stored due date: it replaces the rule.
    command = 'dondoc plans rule 1600/KH-UBND --due 15/01 --coordinator "TÊN CƠ QUAN ĐẦU MỐI"'
    text = format_preview(again, "vi")
    assert t("vi", "import-gap-command", command=command) in text
    assert t("vi", "import-gap-rule") not in text
    assert await _followed_by(database, industry) == []  # what the warning says
    await _set_rule(database, "15/01", coordinator="Sở Công Thương")
    assert await _followed_by(database, industry) == ["1600/KH-UBND"]
    followed = await import_file(database, sample(APPENDIX), APPENDIX)
    assert followed.gaps is not None and not followed.gaps.any


async def test_an_undated_clause_lacks_only_its_date(database: Database) -> None:
    preview = await import_file(
        database, sample("quangngai-kh1600.docx"), "quangngai.docx", plan="5/KH-UBND"
    )
    assert preview.gaps is not None
    assert preview.gaps.no_rule and not preview.gaps.no_coordinator
    text = format_preview(preview, "vi")
    assert t("vi", "import-gap-coordinator") not in text
    assert t(
        "vi", "import-gap-command", command="dondoc plans rule 5/KH-UBND --due NGÀY/THÁNG"
    ) in (text)
