"""Admins' commands: /invite, /people (list, revoke). /import is a form (forms/import_plan.py)."""

from __future__ import annotations

from bot.channels.base import Outgoing
from bot.channels.invites import invite_link
from bot.db.models import Role
from bot.i18n import format_date
from bot.services import invites, people
from bot.text import fold, unquoted
from handlers.context import Context

ROLE_WORDS = {
    "focal": Role.FOCAL,
    "dau moi": Role.FOCAL,
    "daumoi": Role.FOCAL,
    "coordinator": Role.COORDINATOR,
    "dieu phoi": Role.COORDINATOR,
    "dieuphoi": Role.COORDINATOR,
}


def _split_role(args: str) -> tuple[Role | None, str]:
    folded = fold(args)
    for word, role in sorted(ROLE_WORDS.items(), key=lambda item: -len(item[0])):
        if folded.startswith(word + " "):
            return role, args[len(word) :].strip()
    return None, args


async def invite(ctx: Context, args: str) -> list[Outgoing]:
    role, typed = _split_role(args.strip())
    agency_name = unquoted(typed)
    if role is None or not agency_name:
        return [ctx.say("invite-usage")]
    agency = await invites.find_agency(ctx.session, agency_name)
    if agency is None or agency.is_group:
        return [ctx.say("invite-unknown-agency", name=agency_name)]
    created = await invites.create_invite(
        ctx.session,
        agency_id=agency.id,
        role=role,
        now=ctx.now,
        created_by_id=ctx.person_id,
        actor_label=ctx.actor_label,
    )
    link = invite_link(ctx.app.settings, ctx.app.senders.values(), created.code)
    lines = [
        ctx.t(
            "invite-created",
            code=created.code,
            role=ctx.t(f"role-{role.value}"),
            agency=agency.name,
            expires=format_date(created.expires_at.astimezone(ctx.app.clock.tz), ctx.locale),
        )
    ]
    if link:
        lines.append(ctx.t("invite-link", link=link))
    return [Outgoing(text="\n".join(lines))]


async def list_or_revoke(ctx: Context, args: str) -> list[Outgoing]:
    action, _, rest = args.strip().partition(" ")
    if fold(action) in ("revoke", "thu hoi", "xoa"):
        if not rest.strip().isdigit():
            return [ctx.say("people-revoke-usage")]
        revoked = await people.revoke(
            ctx.session,
            int(rest.strip()),
            actor_id=ctx.person_id,
            actor_label=ctx.actor_label,
        )
        if revoked is None:
            return [ctx.say("people-unknown", id=rest.strip())]
        return [ctx.say("people-revoked", name=revoked.display_name or revoked.id)]
    rows = await people.list_people(ctx.session)
    if not rows:
        return [ctx.say("people-none")]
    lines = [ctx.t("people-title", count=len(rows))]
    for row in rows:
        lines.append(
            ctx.t(
                "people-line",
                id=str(row.id),
                name=row.display_name or "-",
                role=ctx.t(f"role-{row.role}"),
                agency=row.agency or "-",
                channel=row.channel,
            )
        )
    lines.append(ctx.t("people-revoke-usage"))
    return [Outgoing(text="\n".join(lines))]
