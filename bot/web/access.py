"""Who may see what on the web: exactly what the same person may see in chat, and no more.

Every rule here calls the function the chat uses: the role is decided as the dispatcher decides
it (admins are whoever the settings name; a stored admin row counts only for the console demo's
persona), plans as `/overdue` and `/report` pick them (`handlers.coordination.plans_for`), an
agency's tasks as `/tasks` and `/update` scope them (`handlers.owed.agency_scope`), and the
status form is open to whoever may `/update`. Pages ask this module, never the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.channels.base import Incoming
from bot.channels.capabilities import capabilities
from bot.db.models import Person
from bot.i18n import normalise_locale
from bot.services import people, tasks
from handlers.commands import COMMANDS
from handlers.context import Context
from handlers.coordination import plans_for
from handlers.memo import Memo
from handlers.owed import agency_scope


def role_of(app: App, person: Person) -> str | None:
    """The person's role as the chat decides it (`bot.services.people.role_of`), or None."""
    return people.role_of(
        person,
        configured_admin=person.platform_user_id in app.settings.admin_ids(person.channel),
        local=capabilities(person.channel).local,
    )


@dataclass
class Viewer:
    """The signed-in person of one request, seen as a chat handler sees them."""

    ctx: Context

    @property
    def person(self) -> Person:
        assert self.ctx.person is not None
        return self.ctx.person

    @property
    def role(self) -> str:
        assert self.ctx.role is not None
        return self.ctx.role

    @property
    def locale(self) -> str:
        return self.ctx.locale

    @property
    def coordinates(self) -> bool:
        """Admins and coordinators: the plan pages (as /overdue, /report in chat)."""
        return self.role in COMMANDS["report"].roles

    @property
    def reports(self) -> bool:
        """Whoever may /update and belongs to an agency: their agency's tasks and the form."""
        return self.role in COMMANDS["update"].roles and self.person.agency_id is not None


def viewer_for(app: App, session: AsyncSession, person: Person, memo: Memo) -> Viewer | None:
    """A handler's context for a web request by `person`, or None when they have no role now."""
    role = role_of(app, person)
    if role is None:
        return None
    incoming = Incoming(
        channel=person.channel,
        chat_id=person.chat_id,
        user_id=person.platform_user_id,
        display_name=person.display_name,
    )
    locale = normalise_locale(person.language)
    ctx = Context(app, session, incoming, None, role, locale, None, memo)
    ctx.person = person  # loaded by the request's sign-in check
    return Viewer(ctx)


async def visible_plans(viewer: Viewer) -> list[tasks.PlanView]:
    if not viewer.coordinates:
        return []
    return await plans_for(viewer.ctx)


async def visible_plan(viewer: Viewer, plan_id: int) -> tasks.PlanView | None:
    return next((plan for plan in await visible_plans(viewer) if plan.id == plan_id), None)


async def own_scope(viewer: Viewer) -> set[int]:
    """The agencies whose tasks the viewer's agency follows up (its merged predecessors too)."""
    agency_id = viewer.person.agency_id
    if agency_id is None:
        return set()
    return await agency_scope(viewer.ctx, agency_id)


async def may_see_agency(viewer: Viewer, plan_id: int, agency_id: int) -> bool:
    """An agency's tasks in a plan: the plan's coordinators and admins, and the agency itself."""
    if await visible_plan(viewer, plan_id) is not None:
        return True
    return viewer.reports and agency_id in await own_scope(viewer)


async def may_see_assignment(viewer: Viewer, plan_id: int, agency_id: int) -> bool:
    """An update's text and files: who may see the plan, and the agency that sent it."""
    return await may_see_agency(viewer, plan_id, agency_id)


async def reportable(viewer: Viewer, assignment_id: int) -> tasks.AssignmentView | None:
    """The assignment if the viewer may report on it (as `/update` checks), else None."""
    if not viewer.reports:
        return None
    return await tasks.reportable_assignment(
        viewer.ctx.session, assignment_id, await own_scope(viewer)
    )


async def own_assignments(viewer: Viewer) -> list[tasks.AssignmentView]:
    """The viewer's agency's tasks, lead first then coordinating (as `/tasks` lists them)."""
    if not viewer.reports:
        return []
    return await tasks.agency_assignments(viewer.ctx.session, await own_scope(viewer))
