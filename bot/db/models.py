"""The data model. One module so that a reader sees every table and relation in one place.

Conventions: instants are `UTCDateTime` (aware, stored as UTC); calendar dates (deadlines, period
bounds) are plain `Date` in local time; enumerations are stored as short strings (no native database
enum types, so that migrations stay simple on SQLite and PostgreSQL); free text is NFC.

The annotations are evaluated (no `from __future__ import annotations`), and only those naming
a model defined further down are strings: SQLAlchemy evaluates each string annotation of a
mapping with `eval`, a quarter of what mapping the models costs every process that imports them.
"""

import enum
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.db.enums import AgencyKind
from bot.db.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(AsyncAttrs, DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


def str_enum(enum_cls: type[enum.Enum], length: int = 20) -> Enum:
    """A string column holding the enum's values (not its names), without a database enum type."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


# A channel's name (each adapter's NAME in bot/channels) is stored as it is, in VARCHAR(20)
# columns (the first migration declared them a non-native enum: the same column, no CHECK).
CHANNEL_NAME_CHARS = 20

# --------------------------------------------------------------------------- enumerations
# AgencyKind lives in bot/db/enums.py (the command line offers it without loading the ORM).


class AssignmentRole(enum.StrEnum):
    LEAD = "lead"  # cơ quan chủ trì
    COORDINATE = "coordinate"  # cơ quan phối hợp


class TaskKind(enum.StrEnum):
    TASK = "task"  # a task of the plan: reminded, reported on
    DUTY = "duty"  # an agency's general duty ("Tổ chức thực hiện" beside a task table): shown apart


class TimeframeKind(enum.StrEnum):
    EMPTY = "empty"  # no timeframe given
    YEARLY = "yearly"  # Hàng năm
    ONGOING = "ongoing"  # Thường xuyên
    RANGE = "range"  # 2022-2030, Năm 2022-2030
    YEARLY_AND_PHASE = "yearly_and_phase"  # Hàng năm và giai đoạn
    QUARTER = "quarter"  # Quý II/2025
    MONTH = "month"  # Tháng 12/2024
    YEAR = "year"  # Năm 2025
    BEFORE_DATE = "before_date"  # trước ngày 30/6/2025
    CONDITIONAL = "conditional"  # Trình … sau khi …; thực hiện hàng năm
    OTHER = "other"  # kept raw, not understood


class Cadence(enum.StrEnum):
    YEARLY = "yearly"
    SIX_MONTHLY = "six_monthly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    WEEKLY = "weekly"
    ONCE = "once"
    EVERY_N_YEARS = "every_n_years"


class Role(enum.StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    FOCAL = "focal"


class UpdateStatus(enum.StrEnum):
    NOT_STARTED = "not_started"  # Chưa triển khai
    IN_PROGRESS = "in_progress"  # Đang thực hiện
    DONE = "done"  # Hoàn thành
    BLOCKED = "blocked"  # Gặp khó khăn, vướng mắc


class ConversationStatus(enum.StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"  # idle too long; the draft is kept for next time
    FINISHED = "finished"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a sender (see claimed_by / lease_until)
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"  # nothing left to say when its time came (e.g. the agency reported)


# --------------------------------------------------------------------------- agencies


class Agency(Base):
    """An agency (cơ quan, đơn vị) or, with kind GROUP, a generic group of agencies."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(120))
    kind: Mapped[AgencyKind] = mapped_column(str_enum(AgencyKind), default=AgencyKind.DEPARTMENT)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    verified: Mapped[bool] = mapped_column(Boolean, default=True)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    successor: Mapped["Agency | None"] = relationship(remote_side="Agency.id")
    aliases: Mapped[list["AgencyAlias"]] = relationship(
        back_populates="agency", cascade="all, delete-orphan"
    )

    @property
    def is_group(self) -> bool:
        return self.kind == AgencyKind.GROUP


class AgencyAlias(Base):
    """Another way of writing an agency's name; `key` is the folded form used to look it up."""

    __tablename__ = "agency_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True)

    agency: Mapped["Agency"] = relationship(back_populates="aliases")


# --------------------------------------------------------------------------- plans and tasks


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)  # "457/KH-UBND"
    title: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(String(300))  # "UBND tỉnh An Giang"
    issue_date: Mapped[date | None] = mapped_column(Date)
    coordinating_agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id", ondelete="SET NULL")
    )
    source_file_name: Mapped[str | None] = mapped_column(String(300))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    coordinating_agency: Mapped["Agency | None"] = relationship()
    tasks: Mapped[list["Task"]] = relationship(back_populates="plan", order_by="Task.position")
    rules: Mapped[list["ReportingRule"]] = relationship(back_populates="plan")


class Task(Base):
    __tablename__ = "task"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))  # "III.1.2", unique in the plan
    position: Mapped[int] = mapped_column(Integer, default=0)  # order in the source file
    section_path: Mapped[str] = mapped_column(String(40), default="")  # "III.1"
    section_titles: Mapped[list[Any]] = mapped_column(default=list)  # ["III. …", "1. …"]
    content: Mapped[str] = mapped_column(Text)
    product: Mapped[str | None] = mapped_column(Text)
    timeframe_raw: Mapped[str | None] = mapped_column(Text)
    timeframe_kind: Mapped[TimeframeKind] = mapped_column(
        str_enum(TimeframeKind), default=TimeframeKind.EMPTY
    )
    timeframe_start: Mapped[date | None] = mapped_column(Date)
    timeframe_end: Mapped[date | None] = mapped_column(Date)  # the task's own deadline, if any
    funding: Mapped[str | None] = mapped_column(Text)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[TaskKind] = mapped_column(
        str_enum(TaskKind), default=TaskKind.TASK, server_default=TaskKind.TASK.value
    )
    source_ref: Mapped[str | None] = mapped_column(String(120))  # "Sheet1!A12", "table 2 row 5"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    plan: Mapped["Plan"] = relationship(back_populates="tasks")
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Assignment.position"
    )


class Assignment(Base):
    """One agency (or group) named on one task, as lead or as coordinating agency."""

    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("task_id", "agency_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    role: Mapped[AssignmentRole] = mapped_column(str_enum(AssignmentRole))
    name_as_written: Mapped[str | None] = mapped_column(String(300))  # the plan's own wording
    position: Mapped[int] = mapped_column(Integer, default=0)

    task: Mapped["Task"] = relationship(back_populates="assignments")
    agency: Mapped["Agency"] = relationship()


# --------------------------------------------------------------------------- reporting


class ReportingRule(Base):
    """How often a plan's agencies report, by when, and to whom (Decree 09/2019 defaults)."""

    __tablename__ = "reporting_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    cadence: Mapped[Cadence] = mapped_column(str_enum(Cadence))
    every_n: Mapped[int] = mapped_column(Integer, default=1)  # for EVERY_N_YEARS: 5 → "05 năm/lần"
    due_day: Mapped[int | None] = mapped_column(Integer)  # 15 in "trước ngày 15/01"
    due_month: Mapped[int | None] = mapped_column(Integer)  # 1 in "15/01"; None: relative
    due_date: Mapped[date | None] = mapped_column(Date)  # for ONCE
    cutoff_day: Mapped[int | None] = mapped_column(Integer)  # None: the decree's default
    cutoff_month: Mapped[int | None] = mapped_column(Integer)
    lead_days: Mapped[list[Any]] = mapped_column(default=lambda: [14, 7, 3, 1, 0])
    escalation_every_days: Mapped[int] = mapped_column(Integer, default=3)
    remind_hour: Mapped[int] = mapped_column(Integer, default=8)
    coordinating_agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id", ondelete="SET NULL")
    )
    source_text: Mapped[str | None] = mapped_column(Text)  # the clause it was read from
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped["Plan"] = relationship(back_populates="rules")
    coordinating_agency: Mapped["Agency | None"] = relationship()


class ReportingPeriod(Base):
    __tablename__ = "reporting_period"
    __table_args__ = (UniqueConstraint("rule_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("reporting_rule.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(80))  # "Năm 2025", "Quý III/2026"
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    # A period stays open for late reports after its deadline until every agency has reported or
    # an admin closes it (`dondoc plans close-period`); closed periods are no longer chased.
    closed_at: Mapped[datetime | None] = mapped_column()

    rule: Mapped["ReportingRule"] = relationship()


# --------------------------------------------------------------------------- people


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("channel", "platform_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(CHANNEL_NAME_CHARS))
    platform_user_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))  # the private chat to write to
    display_name: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(5), default="vi")
    role: Mapped[Role] = mapped_column(str_enum(Role))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False once left or revoked
    reachable: Mapped[bool] = mapped_column(Boolean, default=True)  # False once the bot is blocked
    mute_early_reminders: Mapped[bool] = mapped_column(Boolean, default=False)
    snoozed_until: Mapped[datetime | None] = mapped_column()
    away_from: Mapped[date | None] = mapped_column(Date)  # on leave (/away), local days,
    away_until: Mapped[date | None] = mapped_column(Date)  # the last one included
    weekly_summary: Mapped[bool] = mapped_column(Boolean, default=True)  # coordinators may opt out
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column()

    agency: Mapped["Agency | None"] = relationship()


class Invite(Base):
    """A one-time enrolment code. Only its SHA-256 is stored; the code itself is shown once."""

    __tablename__ = "invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    expires_at: Mapped[datetime] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    used_at: Mapped[datetime | None] = mapped_column()
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    agency: Mapped["Agency | None"] = relationship()


# --------------------------------------------------------------------------- status updates


class StatusUpdate(Base):
    """One version of an agency's status for one assignment in one period.

    Edits add a version whose `supersedes_id` points at the one it replaces; nothing is overwritten.
    The latest version for an (assignment, period) is the one no other version supersedes.
    """

    __tablename__ = "status_update"
    __table_args__ = (
        Index("ix_status_update_assignment_period", "assignment_id", "period_id"),
        # an assignment's newest update by one index seek (reports, weekly summary)
        Index("ix_status_update_assignment_submitted", "assignment_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"))
    period_id: Mapped[int | None] = mapped_column(
        ForeignKey("reporting_period.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[UpdateStatus] = mapped_column(str_enum(UpdateStatus))
    percent: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(Text)
    obstacles: Mapped[str | None] = mapped_column(Text)
    proposals: Mapped[str | None] = mapped_column(Text)
    attachments: Mapped[list[Any]] = mapped_column(default=list)  # [{channel, file_id, name, kind}]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    channel: Mapped[str | None] = mapped_column(String(CHANNEL_NAME_CHARS))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    is_late: Mapped[bool] = mapped_column(Boolean, default=False)
    days_late: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("status_update.id", ondelete="SET NULL"), unique=True
    )

    assignment: Mapped["Assignment"] = relationship()
    period: Mapped["ReportingPeriod | None"] = relationship()
    person: Mapped["Person | None"] = relationship()


class ExplanationRequest(Base):
    """A coordinator's request that a late agency explain itself (yêu cầu giải trình) for one
    overdue period: the agency's focal points answer with a reason, an expected completion date
    and optionally a file. Unanswered by `answer_due`, it is listed in the escalation digest."""

    __tablename__ = "explanation_request"
    __table_args__ = (Index("ix_explanation_request_period_agency", "period_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_period.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))  # the effective agency
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer_due: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    expected_on: Mapped[date | None] = mapped_column(Date)
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    answered_at: Mapped[datetime | None] = mapped_column()
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    agency: Mapped["Agency"] = relationship()
    period: Mapped["ReportingPeriod"] = relationship()


# --------------------------------------------------------------------------- conversations


class ConversationState(Base):
    """Where a person is in a form, and the draft so far. Survives restarts."""

    __tablename__ = "conversation_state"
    __table_args__ = (UniqueConstraint("channel", "chat_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(CHANNEL_NAME_CHARS))
    chat_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    form: Mapped[str] = mapped_column(String(40))
    step: Mapped[str] = mapped_column(String(40))
    draft: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[ConversationStatus] = mapped_column(
        str_enum(ConversationStatus), default=ConversationStatus.ACTIVE
    )
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    nudged_at: Mapped[datetime | None] = mapped_column()


class ChatMenu(Base):
    """The choices last shown as numbered lines in a chat without buttons, so a
    reply "2" or "hoàn thành" can be read back as the choice it names, even after a restart."""

    __tablename__ = "chat_menu"
    __table_args__ = (UniqueConstraint("channel", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(CHANNEL_NAME_CHARS))
    chat_id: Mapped[str] = mapped_column(String(64))
    choices: Mapped[list[Any]] = mapped_column(default=list)  # [[value, label], …]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class InboundMessage(Base):
    """Platform message ids already handled, so a repeated delivery is processed once."""

    __tablename__ = "inbound_message"
    __table_args__ = (UniqueConstraint("channel", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(CHANNEL_NAME_CHARS))
    message_id: Mapped[str] = mapped_column(String(80))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


# --------------------------------------------------------------------------- outbox and audit


class OutboxMessage(Base):
    """A message to send at `due_at`; the sender claims, sends and records it.

    `dedupe_key` (plan, period, recipient, kind, lead time) makes planning idempotent.
    A claim is a lease (`claimed_by`, `lease_until`), so a sender that died mid-batch gives its rows
    back when the lease runs out, and several senders never send the same row.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # reminder, deadline, escalation, weekly, …
    channel: Mapped[str] = mapped_column(String(CHANNEL_NAME_CHARS))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(String(64))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    period_id: Mapped[int | None] = mapped_column(
        ForeignKey("reporting_period.id", ondelete="CASCADE")
    )
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    due_at: Mapped[datetime] = mapped_column()
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    platform_message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(200), default="")  # "cli", "<channel>:<id>"
    action: Mapped[str] = mapped_column(String(60))  # import.apply, invite.create, update.submit
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(80))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


# --------------------------------------------------------------------------- web access


class WebLoginLink(Base):
    """A one-time dashboard link (`/dashboard`, `dondoc web link`): valid a few minutes, used
    once. Only the token's SHA-256 is stored; the token itself is in the link shown once."""

    __tablename__ = "web_login_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()


class WebSession(Base):
    """A signed-in browser (or the chat's web app): the cookie's SHA-256, until it expires or
    the person is revoked (revoking deletes the rows)."""

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    via: Mapped[str] = mapped_column(String(20))  # "link", or the channel whose web app signed in
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
