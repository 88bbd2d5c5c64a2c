"""A deadline on a day off names the working day it runs to wherever days late are counted: the
reviewer saw "Hạn báo cáo: Thứ Bảy, 15/01/2028; đã quá hạn 1 ngày" on 18/01/2028, true only
counted from Monday 17/01, and "hết hạn ngày 08/02/2027 (quá hạn 4 ngày)" for a report due in Tết.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.periods.wording import due_text
from schedules.messages import render_escalation, render_person_message
from schedules.planner import LATE

SATURDAY = date(2028, 1, 15)  # "Năm 2027", due 15/01: runs to Monday 17/01/2028
TET = date(2027, 2, 8)  # Mùng ba Tết: runs to Thursday 11/02/2027


@pytest.mark.parametrize(
    ("due", "locale", "inline", "text"),
    [
        (date(2027, 1, 15), "vi", False, "15/01/2027"),  # a Friday: nothing moves
        (SATURDAY, "vi", False, "15/01/2028 (lùi đến Thứ Hai, 17/01/2028)"),
        (SATURDAY, "en", False, "15/01/2028 (moved to Monday, 17/01/2028)"),
        (TET, "vi", True, "08/02/2027, lùi đến Thứ Năm 11/02/2027"),
        (TET, "en", True, "08/02/2027, moved to Thursday 11/02/2027"),
        (date(2029, 1, 15), "vi", True, "15/01/2029"),  # a period later, a Monday
    ],
)
def test_a_deadline_names_the_working_day_it_runs_to(
    due: date, locale: str, inline: bool, text: str
) -> None:
    assert due_text(due, locale, inline=inline) == text


def late_notice(due: date, today: date, locale: str) -> str:
    payload = {"due_date": due.isoformat(), "period_label": "Năm 2027", "plan_number": "457"}
    return render_person_message(LATE, payload, [], locale, today=today).text


def test_the_late_notice_names_both_days() -> None:
    assert (
        "Hạn báo cáo: Thứ Bảy, 15/01/2028 (lùi đến Thứ Hai, 17/01/2028); đã quá hạn 1 ngày."
        in late_notice(SATURDAY, date(2028, 1, 18), "vi")
    )
    assert "Due: Saturday, 15/01/2028 (moved to Monday, 17/01/2028); 1 day overdue." in late_notice(
        SATURDAY, date(2028, 1, 18), "en"
    )
    # before and on the day the wording says how long it runs; a working-day deadline is as it was
    assert "lùi đến" not in late_notice(SATURDAY, date(2028, 1, 14), "vi")
    assert "vẫn đúng hạn" in late_notice(SATURDAY, date(2028, 1, 17), "vi")
    assert "Hạn báo cáo: Thứ Sáu, 15/01/2027; đã quá hạn 3 ngày." in late_notice(
        date(2027, 1, 15), date(2027, 1, 18), "vi"
    )


def test_the_digest_names_both_days_across_tet() -> None:
    payload = {"due_date": TET.isoformat(), "period_label": "Năm 2026", "plan_number": "457"}
    vi = render_escalation(payload, [("Sở Y tế", 2)], "vi", today=date(2027, 2, 15)).text
    en = render_escalation(payload, [("Sở Y tế", 2)], "en", today=date(2027, 2, 15)).text
    assert "đã hết hạn ngày 08/02/2027, lùi đến Thứ Năm 11/02/2027 (quá hạn 4 ngày)" in vi
    assert "was due on 08/02/2027, moved to Thursday 11/02/2027 (4 days overdue)" in en
