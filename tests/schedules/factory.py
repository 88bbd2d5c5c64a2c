"""The schedules' world: a plan with test agencies and their focal points (built with
tests/world.py), and reports made directly with the models."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.channels.telegram import NAME as TELEGRAM
from bot.db.engine import Database
from bot.db.models import Cadence, Role, StatusUpdate, UpdateStatus
from tests.world import PlanSpec, TaskSpec, add_person, build_world


@dataclass
class World:
    plan_id: int
    rule_id: int
    coordinating_agency_id: int
    agency_ids: list[int]
    assignment_ids: dict[int, list[int]]  # agency id → its lead assignments
    focal_ids: dict[int, int]  # agency id → its focal point
    focal_chats: dict[int, str]  # agency id → chat id
    coordinator_id: int
    coordinator_chat: str = "900"
    extra: dict[str, int] = field(default_factory=dict)


async def make_world(
    db: Database,
    *,
    agencies: int = 2,
    tasks_per_agency: int = 2,
    due: tuple[int, int | None] = (15, 1),
    cadence: Cadence = Cadence.YEARLY,
    lead_days: list[int] | None = None,
    first_chat: int = 100,
) -> World:
    """Sở Công Thương coordinates `agencies` test agencies ("Sở Thử nghiệm 1", …), each leading
    `tasks_per_agency` tasks and with one enrolled focal point; one coordinator (chat 900)."""
    names = [f"Sở Thử nghiệm {i + 1}" for i in range(agencies)]
    spec = PlanSpec(
        agencies=dict.fromkeys(["Sở Công Thương", *names]),
        coordinator="Sở Công Thương",
        title=None,
        issue_date=date(2022, 3, 1),
        cadence=cadence,
        due=due,
        lead_days=lead_days if lead_days is not None else [14, 7, 3, 1, 0],
        tasks=[
            TaskSpec(
                f"{index + 1}.{number + 1}",
                f"Nhiệm vụ {index + 1}.{number + 1} về công nghệ sinh học",
                lead=name,
            )
            for index, name in enumerate(names)
            for number in range(tasks_per_agency)
        ],
    )
    built = await build_world(db, spec)
    agency_ids = [built.agencies[name] for name in names]
    assignments = {
        agency_id: [built.assignments[f"{index + 1}.{n + 1}/lead"] for n in range(tasks_per_agency)]
        for index, agency_id in enumerate(agency_ids)
    }
    focal: dict[int, int] = {}
    chats: dict[int, str] = {}
    for index, agency_id in enumerate(agency_ids):
        chat = str(first_chat + index)
        focal[agency_id] = await add_person(db, agency_id, chat=chat, name=f"Cán bộ {index + 1}")
        chats[agency_id] = chat
    coordinating = built.agencies["Sở Công Thương"]
    coordinator = await add_person(db, coordinating, Role.COORDINATOR, chat="900", name="Điều phối")
    return World(
        plan_id=built.plan_id,
        rule_id=built.rule_id,
        coordinating_agency_id=coordinating,
        agency_ids=agency_ids,
        assignment_ids=assignments,
        focal_ids=focal,
        focal_chats=chats,
        coordinator_id=coordinator,
    )


async def report(db: Database, world: World, agency_id: int, period_id: int) -> None:
    """The agency's focal point reports every one of its tasks for the period."""
    async with db.session() as session:
        for assignment_id in world.assignment_ids[agency_id]:
            session.add(
                StatusUpdate(
                    assignment_id=assignment_id,
                    period_id=period_id,
                    status=UpdateStatus.IN_PROGRESS,
                    percent=50,
                    result="Đã triển khai",
                    person_id=world.focal_ids[agency_id],
                    channel=TELEGRAM,
                    submitted_at=datetime.now().astimezone(),
                )
            )
