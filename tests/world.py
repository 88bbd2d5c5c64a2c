"""The one way tests build a world: agencies, a plan with its reporting rule, tasks with their
lead and coordinating agencies, people, and invite codes, written with the models on a real
database. Each test area describes its world as data (a `PlanSpec`) and keeps only the names it
reads back (`World.agencies["Sở Y tế"]`, `World.assignments["1.1/lead"]`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.channels.telegram import NAME as TELEGRAM
from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import (
    Agency,
    AgencyKind,
    Assignment,
    AssignmentRole,
    Cadence,
    Person,
    Plan,
    ReportingRule,
    Role,
    Task,
)
from bot.services.invites import create_invite


@dataclass(frozen=True)
class TaskSpec:
    code: str
    content: str
    lead: str  # an agency's name, as in `PlanSpec.agencies`
    coordinate: Sequence[str] = ()


@dataclass(frozen=True)
class PlanSpec:
    """A plan as data. `agencies` are created in order (name → short name or None);
    `successors` says which of them were merged into which (the 2025 mergers)."""

    agencies: dict[str, str | None]
    coordinator: str
    tasks: Sequence[TaskSpec]
    number: str = "1600/KH-UBND"
    title: str | None = "Đề án 1600"
    issue_date: date | None = None
    cadence: Cadence = Cadence.YEARLY
    due: tuple[int | None, int | None] = (15, 1)  # (day, month); None: the cadence's default
    lead_days: list[int] | None = None
    successors: dict[str, str] = field(default_factory=dict)


@dataclass
class World:
    plan_id: int
    rule_id: int
    agencies: dict[str, int]  # name → id
    assignments: dict[str, int]  # "1.1/lead", "1.1/coordinate/Sở Y tế" → id
    tasks: dict[str, int]  # code → id


async def build_world(db: Database, spec: PlanSpec) -> World:
    async with db.session() as session:
        made = {
            name: Agency(name=name, short_name=short, kind=AgencyKind.DEPARTMENT)
            for name, short in spec.agencies.items()
        }
        session.add_all(made.values())
        await session.flush()
        for merged, successor in spec.successors.items():
            made[merged].successor_id = made[successor].id
        plan = Plan(
            number=spec.number,
            title=spec.title,
            issue_date=spec.issue_date,
            coordinating_agency_id=made[spec.coordinator].id,
        )
        session.add(plan)
        await session.flush()
        day, month = spec.due
        rule = ReportingRule(plan_id=plan.id, cadence=spec.cadence, due_day=day, due_month=month)
        if spec.lead_days is not None:
            rule.lead_days = spec.lead_days
        session.add(rule)
        world = World(plan.id, 0, {name: agency.id for name, agency in made.items()}, {}, {})
        for position, task_spec in enumerate(spec.tasks):
            task = Task(
                plan_id=plan.id, code=task_spec.code, position=position, content=task_spec.content
            )
            session.add(task)
            await session.flush()
            world.tasks[task_spec.code] = task.id
            roles = [("lead", task_spec.lead)] + [("coordinate", n) for n in task_spec.coordinate]
            for role, name in roles:
                assignment = Assignment(
                    task_id=task.id, agency_id=made[name].id, role=AssignmentRole(role)
                )
                session.add(assignment)
                await session.flush()
                key = f"{task_spec.code}/{role}"
                world.assignments[key if role == "lead" else f"{key}/{name}"] = assignment.id
                world.assignments.setdefault(key, assignment.id)
        await session.flush()
        world.rule_id = rule.id
    return world


async def add_person(
    db: Database,
    agency_id: int | None,
    role: Role = Role.FOCAL,
    *,
    chat: str,
    name: str = "",
    channel: str = TELEGRAM,
) -> int:
    """A person already enrolled (as /start with an invite would leave them); their id."""
    async with db.session() as session:
        person = Person(
            channel=channel,
            platform_user_id=chat,
            chat_id=chat,
            display_name=name,
            role=role,
            agency_id=agency_id,
        )
        session.add(person)
        await session.flush()
        return person.id


async def invite_code(
    db: Database,
    agency_id: int | None,
    role: Role = Role.FOCAL,
    *,
    now: datetime | None = None,
    valid_for: timedelta = timedelta(days=7),
) -> str:
    """A one-time code made by the invite service at `now` (default: the real now)."""
    async with db.session() as session:
        invite = await create_invite(
            session,
            agency_id=agency_id,
            role=role,
            now=now or Clock().now(),
            valid_for=valid_for,
        )
    return invite.code
