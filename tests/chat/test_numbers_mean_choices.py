"""What a bare number means, at every step of every form, on every channel: at a choice or file
step a shown number picks the choice of that number; at a text step (what was done, obstacles, a
reason) it is a choice only where choices are numbered lines (Zalo, the console) and a line has
that number, else the answer, and a number in quotes is always the answer; a step whose answer is
a number (a percentage, a plan's number) shows its choices as words to type where there are no
buttons, and every number typed there is the answer.

Through the real Dispatcher on a real database, as the console, Zalo (numbered lines) and
Telegram (buttons, numbers typed) read the same answers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from bot.channels.base import FileRef
from bot.channels.capabilities import capabilities
from bot.db.engine import Database
from bot.db.models import (
    Assignment,
    AssignmentRole,
    ExplanationRequest,
    Person,
    Plan,
    Role,
    Task,
    UpdateStatus,
)
from handlers.dispatcher import Dispatcher
from tests.chat.conftest import (
    ADMIN_ID,
    Chat,
    FakeSender,
    Seed,
    enrol,
    fixture_path,
    make_app,
    seed_plan,
    stored_updates,
)

CHANNELS = ("console", "zalo", "telegram")
VN = ZoneInfo("Asia/Ho_Chi_Minh")
TWO_DAYS_LATE = datetime(2027, 1, 17, 9, 0, tzinfo=VN)
ASK_TASK = "muốn báo cáo nhiệm vụ nào"
ASK_STATUS = "Nhiệm vụ 1.5"
ASK_PERCENT = "bao nhiêu phần trăm"
ASK_RESULT = "Kết quả đã thực hiện"
ASK_OBSTACLES = "Khó khăn, vướng mắc?"
ASK_PROPOSALS = "Đề xuất, kiến nghị?"
ASK_FILE = "minh chứng"
ASK_CONFIRM = "Gửi báo cáo này?"
TEXT_STEPS = (ASK_RESULT, ASK_OBSTACLES, ASK_PROPOSALS)


@pytest.fixture(params=CHANNELS)
def channel(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def traveller() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=VN), tick=False) as clock:
        yield clock


@pytest.fixture
async def world2(database: Database, traveller: time_machine.Coordinates) -> AsyncIterator[Seed]:
    """The chat seed, with a second task led by Sở Công Thương (so the task is asked)."""
    seed = await seed_plan(database)
    async with database.session() as session:
        task = Task(plan_id=seed.plan_id, code="1.5", position=5, content="Xây dựng thương hiệu")
        session.add(task)
        await session.flush()
        session.add(Assignment(task_id=task.id, agency_id=seed.industry, role=AssignmentRole.LEAD))
    yield seed


def shown(chat: Chat) -> list[str]:
    """The labels of the last answer's choices, in the order they are numbered."""
    return [c.label for message in chat.last for c in message.choices]


def number(chat: Chat, label: str) -> str:
    """The number a person types for the choice labelled `label` (what Zalo and the console
    show beside it; on Telegram typed over the buttons)."""
    labels = shown(chat)
    matches = [index for index, text in enumerate(labels, 1) if text.startswith(label)]
    assert matches, f"no {label!r} in {labels}"
    return str(matches[0])


async def line(chat: Chat, channel: str, label: str) -> None:
    """Choose `label` under a text question: its number where choices are numbered lines, its
    button on Telegram (where a number typed is the answer)."""
    if capabilities(channel).buttons:
        await chat.pick(label)
    else:
        await chat.send(number(chat, label))


def words_only(chat: Chat, channel: str, *labels: str) -> None:
    """A step that takes a number: buttons where there are buttons, never numbered lines."""
    if capabilities(channel).buttons:
        assert shown(chat) == list(labels)
    else:
        assert shown(chat) == []
        assert all(f"“{label}”" in chat.text for label in labels), chat.text


async def test_every_step_of_the_update_form_by_numbers(
    database: Database, world2: Seed, channel: str
) -> None:
    app = make_app(database)
    focal = await enrol(app, world2.industry, "111", channel=channel)
    await focal.send("/update")
    assert ASK_TASK in focal.text and shown(focal)[-1] == "Hủy"
    await focal.send("9")  # no such line
    assert "Không có lựa chọn số 9" in focal.text and ASK_TASK in focal.text
    await focal.send(number(focal, "1.5"))
    assert ASK_STATUS in focal.text
    await focal.send(number(focal, "Quay lại"))
    assert ASK_TASK in focal.text
    await focal.send(number(focal, "1.5"))
    await focal.send(number(focal, "Đang thực hiện"))
    assert ASK_PERCENT in focal.text
    words_only(focal, channel, "Quay lại", "Hủy")

    await focal.send("2")  # two per cent, not the second choice
    assert ASK_RESULT in focal.text and shown(focal) == ["Quay lại", "Hủy"]
    await line(focal, channel, "Quay lại")
    assert ASK_PERCENT in focal.text
    await focal.send("1")  # one per cent
    assert ASK_RESULT in focal.text
    await focal.send("quay lại")  # the word works where numbers are answers
    assert ASK_PERCENT in focal.text
    await focal.send("45")
    await focal.send("Đã khảo sát 3 doanh nghiệp")
    assert ASK_OBSTACLES in focal.text and shown(focal) == ["Bỏ qua", "Quay lại", "Hủy"]
    await line(focal, channel, "Bỏ qua")  # no obstacles
    assert ASK_PROPOSALS in focal.text
    await line(focal, channel, "Quay lại")  # to the obstacles
    assert ASK_OBSTACLES in focal.text
    await focal.send("Thiếu vốn")
    await line(focal, channel, "Bỏ qua")
    assert ASK_FILE in focal.text and shown(focal) == ["Bỏ qua", "Quay lại", "Hủy"]
    await focal.send("1")  # Skip the file (a number is not "not a file")
    assert ASK_CONFIRM in focal.text and "Khó khăn, vướng mắc: Thiếu vốn" in focal.text

    await focal.send(number(focal, "Sửa một mục"))
    assert "sửa mục nào" in focal.text
    await focal.send(number(focal, "Tiến độ"))
    assert ASK_PERCENT in focal.text
    words_only(focal, channel, "Quay lại", "Hủy")
    await focal.send("3")  # three per cent
    assert ASK_CONFIRM in focal.text and "3%" in focal.text
    await focal.send(number(focal, "Gửi"))
    assert "Đã lưu" in focal.text, focal.text

    [stored] = await stored_updates(app.db)
    assert (stored.status, stored.percent) == (UpdateStatus.IN_PROGRESS, 3)
    assert (stored.result, stored.obstacles, stored.proposals) == (
        "Đã khảo sát 3 doanh nghiệp",
        "Thiếu vốn",
        None,
    )
    assert stored.attachments == []


async def test_cancel_by_its_number_and_where_numbers_are_answers_by_its_word(
    database: Database, world2: Seed, channel: str
) -> None:
    app = make_app(database)
    focal = await enrol(app, world2.industry, "111", channel=channel)
    steps = [
        ("/update", ASK_TASK),
        ("1.5", ASK_STATUS),
        ("Đang thực hiện", ASK_PERCENT),
        ("50", ASK_RESULT),
        ("Đã làm", ASK_OBSTACLES),
        ("bỏ qua", ASK_PROPOSALS),
        ("bỏ qua", ASK_FILE),
        ("bỏ qua", ASK_CONFIRM),
    ]
    for reached in range(len(steps)):
        for answer, asked in steps[: reached + 1]:
            label = next((label for label in shown(focal) if label.startswith(answer)), None)
            await focal.send(number(focal, label) if label else answer)
            assert asked in focal.text, (answer, focal.text)
        if steps[reached][1] == ASK_PERCENT:
            await focal.send("hủy")
        elif steps[reached][1] in TEXT_STEPS:
            await line(focal, channel, "Hủy")  # its number where lines are numbered
        else:
            await focal.send(str(len(shown(focal))))  # Cancel is always the last line
        assert "Đã hủy" in focal.text, (steps[reached], focal.text)
    assert await stored_updates(app.db) == []


async def test_keep_or_switch_by_number(database: Database, world2: Seed, channel: str) -> None:
    app = make_app(database)
    focal = await enrol(app, world2.industry, "111", channel=channel)
    await focal.send("/update 1.1")
    await focal.send(number(focal, "Hoàn thành"))
    assert ASK_RESULT in focal.text
    await focal.send(choice=f"update:{world2.assignments['1.1/lead']}")  # same task: resumes
    assert ASK_RESULT in focal.text
    async with app.db.session() as session:
        other = await session.scalar(select(Assignment.id).join(Task).where(Task.code == "1.5"))
    await focal.send(choice=f"update:{other}")  # another task: which one?
    assert shown(focal)[-1] == "Hủy" and "Quay lại" not in shown(focal)
    await focal.send("1")  # keep the draft
    assert ASK_RESULT in focal.text
    await focal.send(choice=f"update:{other}")
    await focal.send("2")  # the task the reminder named
    assert ASK_STATUS in focal.text


async def test_every_step_of_the_explanation_by_numbers(
    database: Database, world2: Seed, channel: str, traveller: time_machine.Coordinates
) -> None:
    app = make_app(database)
    coordinator = await enrol(app, world2.industry, "444", Role.COORDINATOR)
    focal = await enrol(app, world2.health, "222", channel=channel)
    traveller.move_to(TWO_DAYS_LATE)
    await coordinator.send('/explain "Sở Y tế"')
    async with app.db.session() as session:
        [request] = await session.scalars(select(ExplanationRequest))
    await focal.send(choice=f"explain:{request.id}")
    assert "cho biết lý do" in focal.text and shown(focal) == ["Hủy"]
    await line(focal, channel, "Hủy")  # the only line
    assert "Đã hủy" in focal.text
    await focal.send(choice=f"explain:{request.id}")
    await focal.send("Chờ số liệu từ các bệnh viện")
    assert "dự kiến" in focal.text and shown(focal) == ["Quay lại", "Hủy"]
    await line(focal, channel, "Quay lại")
    assert "cho biết lý do" in focal.text
    await focal.send("Chờ số liệu")
    await focal.send("3")  # not a line: the answer, and not a date
    assert "“3” không phải một ngày hợp lệ" in focal.text
    await focal.send("30/01")
    assert shown(focal) == ["Bỏ qua", "Quay lại", "Hủy"]
    await focal.send("1")  # Skip the file
    assert "Dự kiến hoàn thành: 30/01/2027" in focal.text
    await focal.send(number(focal, "Sửa một mục"))
    await focal.send(number(focal, "Lý do"))
    await focal.send("Chờ số liệu từ 5 bệnh viện")
    assert "Chờ số liệu từ 5 bệnh viện" in focal.text
    await focal.send(number(focal, "Gửi"))
    assert "Đã gửi giải trình" in focal.text
    async with app.db.session() as session:
        answered = await session.get(ExplanationRequest, request.id)
    assert answered is not None and answered.reason == "Chờ số liệu từ 5 bệnh viện"
    assert answered.attachments == []


async def test_every_step_of_the_import_by_numbers(
    database: Database, world2: Seed, channel: str
) -> None:
    app = make_app(database, admin_zalo_ids=[ADMIN_ID])
    sender = FakeSender()
    sender.files["f-1"] = fixture_path("quangnam-kh1600-phuluc.xlsx").read_bytes()
    app.senders[channel] = sender  # type: ignore[assignment]
    admin = Chat(Dispatcher(app), ADMIN_ID, channel=channel)
    if capabilities(channel).local:  # the console's admin is its stored persona
        async with app.db.session() as session:
            session.add(
                Person(
                    channel=channel,
                    platform_user_id=ADMIN_ID,
                    chat_id=ADMIN_ID,
                    display_name="Quản trị",
                    role=Role.ADMIN,
                    language="vi",
                )
            )
    await admin.send("/import")
    assert "Gửi tệp kế hoạch" in admin.text and shown(admin) == ["Hủy"]
    await admin.send("1")  # Cancel, not "not a file"
    assert "Đã hủy" in admin.text
    await admin.send("/import")
    await admin.send(file=FileRef("f-1", name="quangnam-kh1600-phuluc.xlsx"))
    assert "số kế hoạch" in admin.text
    words_only(admin, channel, "Quay lại", "Hủy")
    await admin.send("457")  # a plan's number may be a bare number
    assert "457" in admin.text and "Áp dụng kế hoạch này?" in admin.text
    await admin.send(number(admin, "Quay lại"))  # to the file (the number is now known)
    assert "Gửi tệp kế hoạch" in admin.text
    await admin.send(file=FileRef("f-1", name="quangnam-kh1600-phuluc.xlsx"))
    await admin.send(number(admin, "Xác nhận"))
    assert "Đã nhập kế hoạch" in admin.text, admin.text
    async with app.db.session() as session:
        assert await session.scalar(select(Plan.id).where(Plan.number == "457"))


async def test_a_number_under_a_text_question_is_the_answer_unless_it_is_a_line(
    database: Database, world2: Seed, channel: str
) -> None:
    app = make_app(database)
    focal = await enrol(app, world2.industry, "111", channel=channel)
    numbered = not capabilities(channel).buttons
    await focal.send("/update 1.5")
    await focal.send(number(focal, "Đang thực hiện"))
    await focal.send("45")
    assert ASK_RESULT in focal.text and shown(focal) == ["Quay lại", "Hủy"]
    assert ("ngoặc kép" in focal.text) is numbered  # how to type a number that is a line's
    await focal.send("7")  # no line has it: the answer on every channel, never asked again
    assert ASK_OBSTACLES in focal.text and shown(focal) == ["Bỏ qua", "Quay lại", "Hủy"]
    await focal.send("2")  # Back where lines are numbered, the answer on Telegram
    if numbered:
        assert ASK_RESULT in focal.text
        await focal.send("“2”")  # in quotes: the answer "2" (two seminars), not Cancel
        assert ASK_OBSTACLES in focal.text
        await focal.send('"2"')
    assert ASK_PROPOSALS in focal.text
    await focal.send("2 hội thảo")  # a number with words is always the answer
    await focal.send("bỏ qua")  # the file
    assert ASK_CONFIRM in focal.text
    await focal.send(number(focal, "Gửi"))
    [stored] = await stored_updates(app.db)
    assert (stored.result, stored.obstacles, stored.proposals) == (
        "2" if numbered else "7",
        "2",
        "2 hội thảo",
    )


async def test_skip_and_cancel_as_commands_inside_a_form(
    database: Database, world2: Seed, channel: str
) -> None:
    app = make_app(database)
    focal = await enrol(app, world2.industry, "111", channel=channel)
    await focal.send("/skip")
    assert "Không có câu hỏi nào đang chờ để bỏ qua" in focal.text
    await focal.send("/update 1.5")
    await focal.send(number(focal, "Hoàn thành"))
    assert ASK_RESULT in focal.text
    for skip in ("/skip", "/boqua", "bỏ qua", "skip"):
        await focal.send(skip)  # what was done cannot be skipped: said so, asked again
        assert "Câu hỏi này không bỏ qua được" in focal.text and ASK_RESULT in focal.text
        assert "Không có lệnh" not in focal.text
    await focal.send("Đã xây dựng xong bộ nhận diện")
    assert ASK_OBSTACLES in focal.text
    await focal.send("/skip")
    assert ASK_PROPOSALS in focal.text
    await focal.send("/boqua")
    assert ASK_FILE in focal.text
    await focal.send("/skip")  # the file
    assert ASK_CONFIRM in focal.text and "Khó khăn, vướng mắc: (không có)" in focal.text
    await focal.send("/cancel")
    assert "Đã hủy" in focal.text
    assert await stored_updates(app.db) == []
    await focal.send("Đã xây dựng xong bộ nhận diện")  # the form is closed: not an answer
    assert ASK_OBSTACLES not in focal.text


async def test_skip_in_english(database: Database, world2: Seed, channel: str) -> None:
    app = make_app(database)
    focal = await enrol(app, world2.industry, "111", channel=channel)
    await focal.send("/lang en")
    await focal.send("/update 1.5")
    await focal.send("Done")
    await focal.send("/skip")
    assert "This question cannot be skipped" in focal.text
    await focal.send("/skip@dondoc_bot")  # as Telegram writes a command in a group
    assert "This question cannot be skipped" in focal.text
    await focal.send("Built the brand identity")
    await focal.send("/skip@dondoc_bot")
    assert "Proposals?" in focal.text
    await focal.send("/cancel")
    await focal.send("/skip")
    assert "There is no question to skip" in focal.text
