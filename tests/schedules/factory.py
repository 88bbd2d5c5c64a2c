"""Test data made directly with the models: a plan, agencies, tasks, lead assignments, people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.db.engine import Database
from bot.db.models import (
    Agency,
    Assignment,
    AssignmentRole,
    Cadence,
    Channel,
    Person,
    Plan,
    ReportingRule,
    Role,
    StatusUpdate,
    Task,
    UpdateStatus,
)


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
    async with db.session() as session:
        coordinating = Agency(name="Sở Công Thương")
        session.add(coordinating)
        made = [Agency(name=f"Sở Thử nghiệm {i + 1}") for i in range(agencies)]
        session.add_all(made)
        await session.flush()
        plan = Plan(
            number="1600/KH-UBND",
            issue_date=date(2022, 3, 1),
            coordinating_agency_id=coordinating.id,
        )
        session.add(plan)
        await session.flush()
        rule = ReportingRule(
            plan_id=plan.id,
            cadence=cadence,
            due_day=due[0],
            due_month=due[1],
            lead_days=lead_days if lead_days is not None else [14, 7, 3, 1, 0],
        )
        session.add(rule)
        assignments: dict[int, list[int]] = {}
        position = 0
        for index, agency in enumerate(made):
            for number in range(tasks_per_agency):
                position += 1
                task = Task(
                    plan_id=plan.id,
                    code=f"{index + 1}.{number + 1}",
                    position=position,
                    content=f"Nhiệm vụ {index + 1}.{number + 1} về công nghệ sinh học",
                )
                session.add(task)
                await session.flush()
                assignment = Assignment(
                    task_id=task.id, agency_id=agency.id, role=AssignmentRole.LEAD
                )
                session.add(assignment)
                await session.flush()
                assignments.setdefault(agency.id, []).append(assignment.id)
        focal: dict[int, int] = {}
        chats: dict[int, str] = {}
        for index, agency in enumerate(made):
            chat = str(first_chat + index)
            person = Person(
                channel=Channel.TELEGRAM,
                platform_user_id=chat,
                chat_id=chat,
                display_name=f"Cán bộ {index + 1}",
                role=Role.FOCAL,
                agency_id=agency.id,
            )
            session.add(person)
            await session.flush()
            focal[agency.id], chats[agency.id] = person.id, chat
        coordinator = Person(
            channel=Channel.TELEGRAM,
            platform_user_id="900",
            chat_id="900",
            display_name="Điều phối",
            role=Role.COORDINATOR,
            agency_id=coordinating.id,
        )
        session.add(coordinator)
        await session.flush()
        return World(
            plan_id=plan.id,
            rule_id=rule.id,
            coordinating_agency_id=coordinating.id,
            agency_ids=[a.id for a in made],
            assignment_ids=assignments,
            focal_ids=focal,
            focal_chats=chats,
            coordinator_id=coordinator.id,
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
                    channel=Channel.TELEGRAM,
                    submitted_at=datetime.now().astimezone(),
                )
            )
