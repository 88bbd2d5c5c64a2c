"""/tasks in pages through the real Dispatcher: every task reachable, page buttons where there are
buttons ("‹ 1/3 ›"), numbered "Trang sau" lines elsewhere, forged and stale pages refused."""

from __future__ import annotations

import re

from bot.db.engine import Database
from bot.db.models import Assignment, AssignmentRole, Task
from bot.i18n import t
from bot.services.actions import tasks_page_action
from handlers.forms.update import PAGE_SIZE
from tests.chat.conftest import enrol
from tests.chat.test_console import run_console

CODE = re.compile(r"^• (\S+) · ", re.M)


async def add_tasks(
    db: Database, plan_id: int, agency_id: int, count: int, words: str = ""
) -> list[str]:
    """`count` more tasks led by the agency, coded 9.1, 9.2 …, their content "Việc 9.1" and
    `words`; their codes."""
    codes = [f"9.{number + 1}" for number in range(count)]
    async with db.session() as session:
        for position, code in enumerate(codes, 100):
            task = Task(
                plan_id=plan_id, code=code, position=position, content=f"Việc {code}{words}"
            )
            session.add(task)
            await session.flush()
            session.add(Assignment(task_id=task.id, agency_id=agency_id, role=AssignmentRole.LEAD))
    return codes


def codes_in(text: str) -> list[str]:
    return CODE.findall(text)


async def test_every_task_is_reachable_page_by_page_with_buttons(world) -> None:
    app, seed = world
    codes = ["1.1", *await add_tasks(app.db, seed.plan_id, seed.industry, 19)]  # 20 tasks
    lan = await enrol(app, seed.industry, "501")
    [first] = await lan.send("/tasks")
    assert "Trang 1/3 · 20 nhiệm vụ" in first.text
    assert codes_in(first.text) == codes[:PAGE_SIZE]
    pager = [c.label for c in first.choices[-first.last_row :]]
    assert pager == ["1/3", "›"] and first.last_row == 2
    reports = [c for c in first.choices if c.value.startswith("update:")]
    assert [c.label for c in reports] == [f"Báo cáo {code}" for code in codes[:PAGE_SIZE]]

    seen = codes_in(first.text)
    [second] = await lan.pick("›")
    assert second.edit_previous and "Trang 2/3" in second.text
    assert [c.label for c in second.choices[-3:]] == ["‹", "2/3", "›"]
    seen += codes_in(second.text)
    [third] = await lan.pick("›")
    assert [c.label for c in third.choices[-2:]] == ["‹", "3/3"]
    seen += codes_in(third.text)
    assert seen == codes  # each task once, in order
    assert len([c for c in third.choices if c.value.startswith("update:")]) == 4
    [back] = await lan.pick("‹")
    assert codes_in(back.text) == codes[PAGE_SIZE : 2 * PAGE_SIZE]

    # A report button of page 3 opens the form on that task.
    await lan.send("/tasks 3")
    await lan.pick(f"Báo cáo {codes[-1]}")
    assert f"Nhiệm vụ {codes[-1]}" in lan.text
    await lan.send("/cancel")

    # Forged or stale page values are refused, nothing else happens.
    for forged in ("tasks:0", "tasks:abc", "tasks:-1", "tasks:1:2", tasks_page_action(4)):
        [refused] = await lan.send(choice=forged)
        assert refused.text == t("vi", "form-stale-choice"), forged
    assert codes_in((await lan.send("/tasks 99"))[0].text) == codes[2 * PAGE_SIZE :]


async def test_a_short_list_has_no_pager(world) -> None:
    app, seed = world
    lan = await enrol(app, seed.industry, "502")
    [answer] = await lan.send("/tasks")
    assert "Trang" not in answer.text and answer.last_row == 0
    assert [c.label for c in answer.choices] == ["Báo cáo 1.1"]


async def test_the_console_numbers_the_page_lines(world) -> None:
    app, seed = world
    codes = ["1.1", *await add_tasks(app.db, seed.plan_id, seed.industry, 9)]  # 10: two pages
    output = await run_console(app, ['/as focal "Sở Công thương"', "/tasks", "9", "1"])
    assert "9. Trang sau (2/2)" in output  # after the 8 report lines
    first, second = output.split("Trang 2/2 · 10 nhiệm vụ")
    assert codes_in(first.replace("\n  ", "\n")) == codes[:PAGE_SIZE]
    assert codes_in(second.replace("\n  ", "\n")) == codes[PAGE_SIZE:]
    assert "3. Trang trước (1/2)" in second  # after page 2's two report lines
    assert f"Nhiệm vụ {codes[PAGE_SIZE]}" in second  # "1" on page 2: its first report button


async def test_a_long_title_is_cut_without_punctuation_before_its_ellipsis(world) -> None:
    """A title cut just after "thức…, ...": the line ends "thức…", not "thức…, ...…"."""
    app, seed = world
    words = " Tuyên truyền công nghệ sinh học cho doanh nghiệp, tăng kiến thức…, ... cho hội viên"
    await add_tasks(app.db, seed.plan_id, seed.health, 1, words)
    lan = await enrol(app, seed.health, "502")
    [listed] = await lan.send("/tasks")
    [line] = [line for line in listed.text.splitlines() if line.startswith("• 9.1 · ")]
    assert "· Việc 9.1 Tuyên truyền công nghệ sinh học cho doanh nghiệp, tăng kiến thức… — " in line
