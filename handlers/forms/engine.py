"""Runs a declared form one answer at a time, keeping its step and draft in the chat's form row.

A step asks one question and takes one answer. A wrong answer is asked again with the reason;
Back, Cancel (and Skip on optional steps) work at every step, as buttons or typed words, and as
the commands /cancel and /skip (/boqua): a step that cannot be skipped says so. The choices a
step offered are kept in the draft, so "2" typed in a chat without buttons is read against the
question the person actually saw, even after a restart.

What a bare number means depends on the step and the chat:
- at a choice or file step (a task, a status, a file), a shown number means its choice, on
  every channel, and a number no choice has is asked again;
- at a text step (what was done, obstacles, a reason), it is the choice of that number only in a
  chat without buttons, where the choices are numbered lines (`bot.channels.menu`), and only if
  a line has that number; anywhere else it is the answer ("2": two seminars). A number in quotes
  ("2", “2”) is always the answer, and the question says so where lines are numbered;
- a step whose answer may itself be a bare number (`takes_numbers`: a percentage, a plan's
  number) never numbers its choices: chats without buttons see them as words to type ("Quay
  lại", "Hủy"), and every number typed there is the answer.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.channels.base import Choice, FileRef, Incoming, OutFile, Outgoing
from bot.channels.capabilities import capabilities
from bot.channels.menu import match_choice, typed_number
from bot.services import conversations
from bot.text import fold
from handlers.context import Context

SUBMIT = "form:submit"
EDIT = "form:edit"
BACK = "form:back"
CANCEL = "form:cancel"
SKIP = "form:skip"
NAV = (BACK, CANCEL, SKIP)
_TYPED_NAV = {
    BACK: {"quay lai", "tro lai", "back"},
    CANCEL: {"huy", "huy bo", "cancel"},
    SKIP: {"bo qua", "khong", "skip", "none", "-"},
}
# Words that ask to skip, and nothing else: at a step that cannot be skipped they are answered
# with "form-cannot-skip", not taken as the answer ("không" or "-" may be one).
_SKIP_REQUESTS = {"bo qua", "skip"}
# Commands a form reads itself while it is open (the dispatcher hands them over): commands are
# the same words in every language, "boqua" is "bỏ qua" typed as one.
SKIP_COMMANDS = frozenset({"skip", "boqua"})
FORM_COMMANDS = {**dict.fromkeys(SKIP_COMMANDS, SKIP), "cancel": CANCEL}
_QUOTED_NUMBER = re.compile(r"^\s*[\"“”'‘’«»](\s*\d[\d.,]*\s*)[\"“”'‘’«»]\s*$")


class Reask(Exception):
    """The answer is not acceptable; ask again, saying why (a message id, or ready text)."""

    def __init__(self, message_id: str | None = None, *, text: str | None = None, **args: Any):
        super().__init__(message_id or text)
        self.message_id = message_id
        self.text = text
        self.values = args

    def reason(self, ctx: Context) -> str:
        return self.text if self.text is not None else ctx.t(self.message_id or "", **self.values)


@dataclass(frozen=True, slots=True)
class Answer:
    value: str | None = None  # the choice value, or the text typed
    file: FileRef | None = None


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    choices: list[Choice] = field(default_factory=list)
    columns: int = 1
    document: OutFile | None = None  # sent with the question (the import's full preview)


@dataclass(frozen=True, slots=True)
class Goto:
    step: str
    note: str | None = None  # shown above the next question


@dataclass(frozen=True, slots=True)
class Done:
    messages: list[Outgoing]


Flow = Goto | Done | None  # None: on to the next step that applies


def _always(_draft: dict[str, Any]) -> bool:
    return True


def never(_draft: dict[str, Any]) -> bool:
    """For steps reached only by a Goto (an edit menu), never in the normal order."""
    return False


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    kind: Literal["choice", "text", "file"]
    ask: Callable[[Context, dict[str, Any]], Awaitable[Question]]
    take: Callable[[Context, dict[str, Any], Answer], Awaitable[Flow]]
    applies: Callable[[dict[str, Any]], bool] = _always
    optional: bool = False
    takes_numbers: bool = False  # a bare number is an answer here: choices shown unnumbered


@dataclass(frozen=True, slots=True)
class Form:
    name: str
    steps: tuple[Step, ...]
    summary_step: str | None = None  # where an edit returns to

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    def index(self, name: str) -> int:
        return [step.name for step in self.steps].index(name)

    def after(self, name: str, draft: dict[str, Any]) -> str | None:
        for step in self.steps[self.index(name) + 1 :]:
            if step.applies(draft):
                return step.name
        return None

    def before(self, name: str, draft: dict[str, Any]) -> str | None:
        for step in reversed(self.steps[: self.index(name)]):
            if step.applies(draft):
                return step.name
        return None

    def first_missing(self, draft: dict[str, Any]) -> str | None:
        """After an edit: the first step that applies and has no answer yet (a percent that
        became needed when the status changed), else None."""
        for step in self.steps:
            if step.applies(draft) and step.name not in draft and step.name != self.summary_step:
                return step.name
        return None


async def ask(
    ctx: Context, form: Form, step_name: str, draft: dict[str, Any], note: str | None = None
) -> Outgoing:
    """The question of `step_name`, with Back/Skip/Cancel, and remember the choices shown."""
    step = form.step(step_name)
    question = await step.ask(ctx, draft)
    choices = list(question.choices)
    if step.optional:
        choices.append(Choice(SKIP, ctx.t("form-skip")))
    if form.before(step_name, draft) is not None or draft.get("_edit"):
        choices.append(Choice(BACK, ctx.t("form-back")))
    choices.append(Choice(CANCEL, ctx.t("form-cancel")))
    draft["_choices"] = [[c.value, c.label] for c in choices]
    text = f"{note}\n\n{question.text}" if note else question.text
    buttons = capabilities(ctx.incoming.channel).buttons
    if step.kind == "text" and not step.takes_numbers and not buttons:
        text = f"{text}\n{ctx.t('form-number-as-text')}"  # the lines below take "1", "2" …
    if step.takes_numbers and not buttons:
        # Numbered lines would make "2" mean Cancel and 2 % at once: offer the words instead.
        words = ", ".join(f"“{choice.label}”" for choice in choices)
        return Outgoing(
            text=f"{text}\n{ctx.t('form-typed-choices', words=words)}", document=question.document
        )
    return Outgoing(
        text=text, choices=choices, columns=question.columns, document=question.document
    )


async def begin(
    ctx: Context, form: Form, draft: dict[str, Any], step_name: str, note: str | None = None
) -> list[Outgoing]:
    """Start (or resume) `form` at `step_name` for the person who wrote."""
    message = await ask(ctx, form, step_name, draft, note)
    incoming = ctx.incoming
    ctx.state = await conversations.start(
        ctx.session,
        ctx.state,
        channel=incoming.channel,
        chat_id=incoming.chat_id,
        user_id=incoming.user_id,
        person_id=ctx.person_id,
        form=form.name,
        step=step_name,
        draft=draft,
        now=ctx.now,
    )
    return [message]


def _offered(draft: dict[str, Any]) -> list[Choice]:
    return [Choice(value, label) for value, label in draft.get("_choices", [])]


def _typed_nav(text: str) -> str | None:
    key = fold(text).strip(" .!")
    for value, words in _TYPED_NAV.items():
        if key in words:
            return value
    return None


def _command_nav(incoming: Incoming) -> tuple[str, bool] | None:
    """(navigation value, whether it asks for it explicitly) for a form command or word."""
    command = incoming.command
    if command is not None:
        nav = FORM_COMMANDS.get(command[0])
        return (nav, True) if nav is not None else None
    nav = _typed_nav(incoming.text or "")
    if nav is None:
        return None
    return nav, nav != SKIP or fold(incoming.text or "").strip(" .!") in _SKIP_REQUESTS


def read_answer(ctx: Context, step: Step, draft: dict[str, Any]) -> str | Answer | Reask | None:
    """A navigation value (BACK/CANCEL/SKIP), an Answer, a Reask (a number no choice has, a
    skip where none is allowed), or None when nothing usable came."""
    incoming = ctx.incoming
    choice = incoming.choice
    if incoming.text:
        # Typed text is read here, against the question this step asked (never a menu a
        # reminder may have shown meanwhile).
        numbered = not capabilities(incoming.channel).buttons
        typed = _typed_choice(incoming, step, _offered(draft), numbered)
        if isinstance(typed, Reask):
            return typed
        choice = typed
    if choice in NAV:
        return choice if (choice != SKIP or step.optional) else None
    if step.kind == "choice":
        return Answer(value=choice) if choice else None
    if step.kind == "file":
        return Answer(file=incoming.file) if incoming.file else Answer(value=incoming.text)
    if choice is not None:
        return None  # a stale button pressed in a text step
    quoted = _QUOTED_NUMBER.match(incoming.text or "")
    text = quoted.group(1).strip() if quoted else incoming.text
    return Answer(value=text, file=incoming.file)


def _typed_choice(
    incoming: Incoming, step: Step, offered: list[Choice], numbered: bool
) -> str | Reask | None:
    """The choice typed text names: a navigation word or command, a shown number, a label; else
    None (the text is the answer). `numbered`: the chat shows choices as numbered lines."""
    text = incoming.text or ""
    nav = _command_nav(incoming)
    if nav is not None:
        value, explicit = nav
        if value != SKIP or step.optional:
            return value
        matched = match_choice(text, offered)  # "bỏ qua" may be a choice's label
        if matched is not None:
            return matched.value
        if explicit:
            return Reask("form-cannot-skip")
    number = typed_number(text)
    if number is not None and step.takes_numbers:
        return None  # the answer itself (a percentage)
    if number is not None and step.kind == "text":
        # a line's number where lines are numbered; else the answer ("2": two seminars)
        matched = match_choice(text, offered) if numbered else None
        return matched.value if matched else None
    if number is not None:
        matched = match_choice(text, offered)
        if matched is None:
            return Reask("form-number-not-offered", number=number, count=len(offered))
        return matched.value
    matched = match_choice(text, offered)
    return matched.value if matched else None


async def handle(ctx: Context, form: Form) -> list[Outgoing]:
    """Take the person's answer to the active step of `form` and ask the next question."""
    state = ctx.state
    assert state is not None
    draft = dict(state.draft)
    step = form.step(state.step)
    answer = read_answer(ctx, step, draft)
    if isinstance(answer, Reask):
        return await _move(ctx, form, draft, step.name, answer.reason(ctx))
    if answer == CANCEL:
        await conversations.finish(ctx.session, state, ctx.now)
        return [ctx.say("form-cancelled")]
    if answer == BACK:
        target = (
            form.summary_step
            if draft.get("_edit") and form.summary_step
            else form.before(step.name, draft)
        ) or step.name
        draft.pop("_edit", None)
        return await _move(ctx, form, draft, target)
    if answer == SKIP:
        draft[step.name] = None
        return await _move(ctx, form, draft, _next(form, step.name, draft))
    if answer is None:
        reason = ctx.t("form-pick-one") if step.kind == "choice" else ctx.t("form-need-text")
        return await _move(ctx, form, draft, step.name, reason)
    assert isinstance(answer, Answer)
    try:
        flow = await step.take(ctx, draft, answer)
    except Reask as problem:
        return await _move(ctx, form, draft, step.name, problem.reason(ctx))
    if isinstance(flow, Done):
        await conversations.finish(ctx.session, state, ctx.now)
        return flow.messages
    if isinstance(flow, Goto):
        return await _move(ctx, form, draft, flow.step, flow.note)
    return await _move(ctx, form, draft, _next(form, step.name, draft))


def _next(form: Form, current: str, draft: dict[str, Any]) -> str:
    if draft.get("_edit") and form.summary_step:
        missing = form.first_missing(draft)
        if missing is None:
            draft.pop("_edit", None)
        return missing or form.summary_step
    return form.after(current, draft) or current


async def _move(
    ctx: Context, form: Form, draft: dict[str, Any], step_name: str, note: str | None = None
) -> list[Outgoing]:
    assert ctx.state is not None
    message = await ask(ctx, form, step_name, draft, note)
    await conversations.advance(ctx.session, ctx.state, step_name, draft, ctx.now)
    return [message]


async def take_attachment(ctx: Context, draft: dict[str, Any], answer: Answer) -> Flow:
    """An optional file step's answer: the file or photo sent (text is asked again)."""
    if answer.file is None:
        raise Reask("update-attachment-needed")
    draft["attachment"] = {"channel": ctx.incoming.channel, **answer.file.as_json()}
    return None


def attachment_line(ctx: Context, attachment: dict[str, Any] | None) -> str | None:
    """ "Tệp đính kèm: bao-cao.pdf" for a summary, None without a file."""
    if not attachment:
        return None
    name = attachment.get("name") or ctx.t(f"update-file-{attachment.get('kind', 'document')}")
    return ctx.t("update-summary-attachment", name=name)


def confirm_choices(ctx: Context) -> list[Choice]:
    """A summary step's Submit and Edit."""
    return [Choice(SUBMIT, ctx.t("update-submit")), Choice(EDIT, ctx.t("update-edit"))]


async def take_confirm(
    ctx: Context,
    draft: dict[str, Any],
    answer: Answer,
    submit: Callable[[Context, dict[str, Any]], Awaitable[list[Outgoing]]],
) -> Flow:
    """A summary step's answer: Edit opens the "edit" step, Submit stores the draft."""
    if answer.value == EDIT:
        return Goto("edit")
    if answer.value != SUBMIT:
        raise Reask("form-pick-one")
    return Done(await submit(ctx, draft))


def take_field(draft: dict[str, Any], answer: Answer, editable: tuple[str, ...]) -> Flow:
    """An "edit" step's answer ("field:<name>"): ask that field again, then back to the
    summary."""
    field = (answer.value or "").removeprefix("field:")
    if field not in editable:
        raise Reask("form-pick-one")
    draft["_edit"] = True
    return Goto(field)
