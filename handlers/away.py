"""/away: a focal point's leave. "/away 05/01-12/01" (or "nghỉ phép từ 05/01 đến 12/01", typed
with or without the command) sets it, "/away" shows it, "/away off" ends it today. While away the
person gets no reminders (`schedules.planner`, `schedules.recheck`); the rules live in
`bot.services.away`."""

from __future__ import annotations

from bot.channels.base import Outgoing
from bot.i18n import format_date
from bot.services import away
from handlers.context import Context


async def command(ctx: Context, args: str) -> list[Outgoing]:
    person = ctx.person
    assert person is not None  # strangers are answered before commands
    today = ctx.today
    wanted = args.strip()
    if not wanted:
        leave = away.current_leave(person, today)
        if leave is None:
            return [ctx.say("away-none")]
        return [Outgoing(text=ctx.t("away-current", **_dates(ctx, leave)))]
    if away.is_off(wanted):
        ended = await away.end_leave(ctx.session, person, today)
        if ended is None:
            return [ctx.say("away-none")]
        return [ctx.say("away-ended", back=format_date(today, ctx.locale))]
    try:
        leave = away.parse_leave(wanted, today)
    except away.LeaveError as error:
        return [Outgoing(text=ctx.t(error.reason) + "\n" + ctx.t("away-usage"))]
    await away.set_leave(ctx.session, person, leave)
    return [Outgoing(text=ctx.t("away-set", **_dates(ctx, leave)))]


def _dates(ctx: Context, leave: away.Leave) -> dict[str, str]:
    return {
        "first": format_date(leave.first, ctx.locale),
        "last": format_date(leave.last, ctx.locale),
        "back": format_date(leave.back, ctx.locale),
    }
