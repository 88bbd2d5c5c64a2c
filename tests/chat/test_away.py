"""/away through the real Dispatcher: setting a leave in each way it is typed, seeing it, ending
it, the refusals, and /help; the dates' years inferred as the next occurrence."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from bot.db.models import Person, Role
from bot.i18n import t
from bot.services.away import Leave, LeaveError, parse_leave
from tests.chat.conftest import enrol


@pytest.mark.parametrize(
    ("typed", "today", "leave"),
    [
        ("05/01-12/01", date(2026, 12, 1), Leave(date(2027, 1, 5), date(2027, 1, 12))),
        ("5/1 - 12/1", date(2026, 12, 1), Leave(date(2027, 1, 5), date(2027, 1, 12))),
        ("05/01-12/01", date(2027, 1, 7), Leave(date(2027, 1, 5), date(2027, 1, 12))),  # begun
        ("05/01-12/01", date(2027, 1, 13), Leave(date(2028, 1, 5), date(2028, 1, 12))),
        ("28/12-03/01", date(2026, 12, 1), Leave(date(2026, 12, 28), date(2027, 1, 3))),
        ("05/01/2027-12/01/2027", date(2026, 12, 1), Leave(date(2027, 1, 5), date(2027, 1, 12))),
        (
            "nghỉ phép từ 05/01 đến 12/01",
            date(2026, 12, 1),
            Leave(date(2027, 1, 5), date(2027, 1, 12)),
        ),
        ("24/12", date(2026, 12, 1), Leave(date(2026, 12, 24), date(2026, 12, 24))),
        ("29/02", date(2027, 3, 1), Leave(date(2028, 2, 29), date(2028, 2, 29))),
        ("02/12-05/12", date(2026, 12, 2), Leave(date(2026, 12, 2), date(2026, 12, 5))),  # today
        ("02/12", date(2026, 12, 2), Leave(date(2026, 12, 2), date(2026, 12, 2))),
        ("01/12", date(2026, 12, 2), Leave(date(2027, 12, 1), date(2027, 12, 1))),  # next one
        ("28/12-03/01", date(2027, 1, 2), Leave(date(2026, 12, 28), date(2027, 1, 3))),  # begun
        ("28/12-03/01", date(2027, 1, 4), Leave(date(2027, 12, 28), date(2028, 1, 3))),
        ("15/10-20/03", date(2026, 12, 2), Leave(date(2026, 10, 15), date(2027, 3, 20))),
        ("28/12-03/01/2027", date(2026, 12, 2), Leave(date(2026, 12, 28), date(2027, 1, 3))),
        ("28/12/2026-03/01", date(2026, 12, 2), Leave(date(2026, 12, 28), date(2027, 1, 3))),
        ("05/01-12/01/2027", date(2026, 12, 2), Leave(date(2027, 1, 5), date(2027, 1, 12))),
    ],
)
def test_dates_and_their_years(typed: str, today: date, leave: Leave) -> None:
    assert parse_leave(typed, today) == leave


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("mai", "away-usage"),
        ("01/01-02/01-03/01", "away-usage"),
        ("31/02-03/03", "away-bad-date"),
        ("05/13-06/13", "away-bad-date"),
        ("12/01/2027-05/01/2027", "away-backwards"),
        ("01/11/2026-05/11/2026", "away-past"),
        ("01/01/2027-31/03/2028", "away-too-long"),
    ],
)
def test_what_is_not_a_leave(typed: str, reason: str) -> None:
    with pytest.raises(LeaveError) as refused:
        parse_leave(typed, date(2026, 12, 1))
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    "typed",
    ["10/01-05/01", "15/02-10/01", "20/06-10/01", "30/12-28/12", "10/01-05/01/2027"],
)
def test_an_end_before_the_start_without_years_is_refused(typed: str) -> None:
    """Not read as a leave of most of a year that began in the past (10/01/2026-05/01/2027)."""
    with pytest.raises(LeaveError) as refused:
        parse_leave(typed, date(2026, 12, 2))
    assert refused.value.reason == "away-backwards"


async def stored(app, user_id: str) -> Person:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    async with app.db.session() as session:
        person = await session.scalar(select(Person).where(Person.platform_user_id == user_id))
    assert person is not None
    return person


async def test_set_show_and_end_a_leave(world) -> None:
    app, seed = world
    with time_machine.travel(datetime(2026, 12, 1, 3, tzinfo=UTC), tick=False):
        lan = await enrol(app, seed.industry, "601")
        assert (await lan.send("/away"))[0].text == t("vi", "away-none")
        [saved] = await lan.send("/away 05/01-12/01")
        assert saved.text == t(
            "vi", "away-set", first="05/01/2027", last="12/01/2027", back="13/01/2027"
        )
        person = await stored(app, "601")
        assert (person.away_from, person.away_until) == (date(2027, 1, 5), date(2027, 1, 12))
        assert "05/01/2027 đến 12/01/2027" in (await lan.send("/away"))[0].text
        [bad] = await lan.send("/away 31/02-01/03")
        assert bad.text == t("vi", "away-bad-date") + "\n" + t("vi", "away-usage")
        assert (await stored(app, "601")).away_until == date(2027, 1, 12)  # unchanged
        [dropped] = await lan.send("/away off")  # not begun yet: dropped
        assert dropped.text.startswith("Đã kết thúc nghỉ phép")
        assert (await stored(app, "601")).away_from is None
        await lan.send("Nghỉ phép từ 28/11/2026 đến 10/12/2026")  # typed as a sentence
        assert (await stored(app, "601")).away_from == date(2026, 11, 28)
        await lan.send("/away off")
    person = await stored(app, "601")
    assert (person.away_from, person.away_until) == (date(2026, 11, 28), date(2026, 11, 30))


async def test_help_names_away_for_focal_points_only(world) -> None:
    app, seed = world
    lan = await enrol(app, seed.industry, "602")
    [help_text] = await lan.send("/help")
    assert f"/away — {t('vi', 'cmd-away')}" in help_text.text
    boss = await enrol(app, seed.industry, "603", Role.COORDINATOR)
    [coordinator_help] = await boss.send("/help")
    assert "/away" not in coordinator_help.text
    [refused] = await boss.send("/away 05/01-12/01")
    assert refused.text == t("vi", "not-allowed-command", command="away")
    [chatter] = await boss.send("nghỉ phép từ 05/01 đến 12/01")  # not for a coordinator
    assert chatter.text == t("vi", "not-understood")


async def test_in_english(world) -> None:
    app, seed = world
    with time_machine.travel(datetime(2026, 12, 1, 3, tzinfo=UTC), tick=False):
        lan = await enrol(app, seed.industry, "604", language="en")
        await lan.send("/lang en")
        [saved] = await lan.send("/away 05/01/2027-12/01/2027")
        [ended] = await lan.send("/away off")
    assert saved.text.startswith("Noted: you are on leave from 05/01/2027 to 12/01/2027")
    assert ended.text.startswith("Your leave is over")
