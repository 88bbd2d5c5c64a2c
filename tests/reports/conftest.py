"""A small plan with known updates, built directly with the models.

Plan 457/KH-UBND (UBND tỉnh Quảng Nam, coordinated by Sở Công Thương), yearly reports due 15/01;
period "Năm 2025" runs 15/12/2024–14/12/2025, due 15/01/2026. Tasks and what was reported:

- I.1 Sở Công Thương, deadline 30/06/2025: done 20/06/2025 → done on time; report on time.
- I.2 Sở KH&CN, no deadline (so 15/01/2026): v1 in progress 10/01, edited to v2 blocked 50% 12/01
  → not done, within deadline; report on time.
- I.3 Sở KH&ĐT (merged into Sở Tài chính) and a generic group, deadline 31/12/2025: done
  18/01/2026 → done late; report late.
- II.1 Sở Y tế, deadline 30/09/2025: never reported → not done, overdue.
- II.2 Sở Công Thương, no deadline: not started 17/01/2026 (late); done in "Năm 2026" on 19/01
  → not done, within deadline (as of 15/01/2026); report late.
- II.3 Sở KH&CN: withdrawn, never counts.
- II.4 Sở KH&CN, deadline 30/11/2025: in progress 80% 01/11/2025 → not done, overdue; on time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from bot.channels.telegram import NAME as TELEGRAM
from bot.db.engine import Database
from bot.db.models import (
    Agency,
    AgencyKind,
    Assignment,
    AssignmentRole,
    Cadence,
    Person,
    Plan,
    ReportingPeriod,
    ReportingRule,
    Role,
    StatusUpdate,
    Task,
    UpdateStatus,
)
from bot.reports.snapshot import LOCAL_TZ

REPORT_DAY = date(2026, 1, 20)
OBSTACLE_I2 = "Thiếu kinh phí thực hiện năm 2026"
OBSTACLE_I3 = "-Chậm giải ngân vốn đối ứng"
OBSTACLE_II4 = "Thủ tục thẩm định kéo dài"
PROPOSAL_I2 = '=HYPERLINK("http://evil.example","bấm vào")'
PROPOSAL_II2 = "@SUM(A1:A9) đề nghị bổ sung"


def at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    """A local (Asia/Ho_Chi_Minh) time as an aware UTC instant."""
    return datetime(year, month, day, hour, tzinfo=LOCAL_TZ).astimezone(UTC)


@dataclass
class FixturePlan:
    plan_id: int
    other_plan_id: int
    agencies: dict[str, int]
    tasks: dict[str, int]
    period_2025: int
    period_2026: int


async def build_plan(db: Database) -> FixturePlan:
    async with db.session() as session:
        names = {
            "sct": "Sở Công Thương",
            "khcn": "Sở Khoa học và Công nghệ",
            "tc": "Sở Tài chính",
            "khdt": "Sở Kế hoạch và Đầu tư",
            "yt": "Sở Y tế",
            "nv": "Sở Nội vụ",
        }
        agencies = {key: Agency(name=name) for key, name in names.items()}
        agencies["group"] = Agency(name="Các sở, ban, ngành liên quan", kind=AgencyKind.GROUP)
        session.add_all(agencies.values())
        await session.flush()
        agencies["khdt"].successor_id = agencies["tc"].id

        plan = Plan(
            number="457/KH-UBND",
            title="Kế hoạch thực hiện Đề án 1600",
            issuer="UBND tỉnh Quảng Nam",
            issue_date=date(2025, 3, 1),
            coordinating_agency_id=agencies["sct"].id,
        )
        other = Plan(number="12/KH-UBND", coordinating_agency_id=agencies["nv"].id)
        session.add_all([plan, other])
        await session.flush()
        rule = ReportingRule(plan_id=plan.id, cadence=Cadence.YEARLY, due_day=15, due_month=1)
        session.add(rule)
        await session.flush()
        p2025 = ReportingPeriod(
            rule_id=rule.id,
            plan_id=plan.id,
            label="Năm 2025",
            start=date(2024, 12, 15),
            end=date(2025, 12, 14),
            due_date=date(2026, 1, 15),
        )
        p2026 = ReportingPeriod(
            rule_id=rule.id,
            plan_id=plan.id,
            label="Năm 2026",
            start=date(2025, 12, 15),
            end=date(2026, 12, 14),
            due_date=date(2027, 1, 15),
        )
        session.add_all([p2025, p2026])

        sections = {"I": ["I. Nhiệm vụ chung"], "II": ["II. Nhiệm vụ cụ thể"]}
        specs = [
            ("I.1", "I", "Xây dựng cơ sở dữ liệu công nghiệp sinh học", date(2025, 6, 30), False),
            ("I.2", "I", "Tuyên truyền, phổ biến Đề án", None, False),
            ("I.3", "I", "Bố trí kinh phí thực hiện", date(2025, 12, 31), False),
            ("II.1", "II", "Hỗ trợ doanh nghiệp dược liệu", date(2025, 9, 30), False),
            ("II.2", "II", "=Kết nối cung cầu sản phẩm", None, False),
            ("II.3", "II", "Nhiệm vụ đã rút", date(2025, 1, 1), True),
            ("II.4", "II", "Đào tạo nguồn nhân lực", date(2025, 11, 30), False),
        ]
        tasks = {}
        for position, (code, section, content, end, withdrawn) in enumerate(specs):
            tasks[code] = Task(
                plan_id=plan.id,
                code=code,
                position=position,
                section_path=section,
                section_titles=sections[section],
                content=content,
                timeframe_end=end,
                withdrawn=withdrawn,
            )
        tasks["I.1"].timeframe_raw = "Quý II/2025"
        session.add_all(tasks.values())
        await session.flush()

        def lead(code: str, key: str, position: int = 0, written: str | None = None) -> Assignment:
            return Assignment(
                task_id=tasks[code].id,
                agency_id=agencies[key].id,
                role=AssignmentRole.LEAD,
                name_as_written=written,
                position=position,
            )

        leads = {
            "I.1": lead("I.1", "sct"),
            "I.2": lead("I.2", "khcn"),
            "I.3": lead("I.3", "khdt", written="Sở KH&ĐT"),
            "I.3g": lead("I.3", "group", position=1),
            "II.1": lead("II.1", "yt"),
            "II.2": lead("II.2", "sct"),
            "II.3": lead("II.3", "khcn"),
            "II.4": lead("II.4", "khcn"),
        }
        helper = Assignment(
            task_id=tasks["II.1"].id, agency_id=agencies["khcn"].id, role=AssignmentRole.COORDINATE
        )
        session.add_all([*leads.values(), helper])
        await session.flush()

        def update(
            key: str,
            period: ReportingPeriod,
            status: UpdateStatus,
            when: datetime,
            **fields: object,
        ) -> StatusUpdate:
            return StatusUpdate(
                assignment_id=leads[key].id,
                period_id=period.id,
                status=status,
                result=str(fields.pop("result", f"Kết quả {key}")),
                submitted_at=when,
                channel=TELEGRAM,
                **fields,
            )

        first_i2 = update(
            "I.2",
            p2025,
            UpdateStatus.IN_PROGRESS,
            at(2026, 1, 10),
            percent=40,
            result="Bản nháp đầu tiên",
            obstacles="Ý kiến cũ đã sửa",
        )
        session.add(first_i2)
        await session.flush()
        session.add_all(
            [
                update(
                    "I.1",
                    p2025,
                    UpdateStatus.DONE,
                    at(2025, 6, 20),
                    percent=100,
                    result="Đã xây dựng xong cơ sở dữ liệu",
                ),
                update(
                    "I.2",
                    p2025,
                    UpdateStatus.BLOCKED,
                    at(2026, 1, 12),
                    percent=50,
                    result="Đã tổ chức 3 hội nghị",
                    obstacles=OBSTACLE_I2,
                    proposals=PROPOSAL_I2,
                    version=2,
                    supersedes_id=first_i2.id,
                ),
                update(
                    "I.3",
                    p2025,
                    UpdateStatus.DONE,
                    at(2026, 1, 18),
                    percent=100,
                    result="Đã bố trí 2.500 triệu đồng",
                    obstacles=OBSTACLE_I3,
                    is_late=True,
                ),
                update(
                    "II.2",
                    p2025,
                    UpdateStatus.NOT_STARTED,
                    at(2026, 1, 17),
                    percent=0,
                    result="Chưa triển khai",
                    proposals=PROPOSAL_II2,
                    is_late=True,
                ),
                update(
                    "II.2",
                    p2026,
                    UpdateStatus.DONE,
                    at(2026, 1, 19),
                    percent=100,
                    result="Đã kết nối 12 doanh nghiệp",
                ),
                update(
                    "II.4",
                    p2025,
                    UpdateStatus.IN_PROGRESS,
                    at(2025, 11, 1),
                    percent=80,
                    result="Đã mở 2 lớp",
                    obstacles=OBSTACLE_II4,
                ),
                update("II.3", p2025, UpdateStatus.DONE, at(2025, 2, 1), result="rút"),
            ]
        )
        return FixturePlan(
            plan_id=plan.id,
            other_plan_id=other.id,
            agencies={key: agency.id for key, agency in agencies.items()},
            tasks={code: task.id for code, task in tasks.items()},
            period_2025=p2025.id,
            period_2026=p2026.id,
        )


def person(role: Role, agency_id: int | None, user: str) -> Person:
    return Person(
        channel=TELEGRAM,
        platform_user_id=user,
        chat_id=user,
        role=role,
        agency_id=agency_id,
    )


@pytest.fixture
async def plan(database: Database) -> FixturePlan:
    return await build_plan(database)
