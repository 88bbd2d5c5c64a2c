"""Resolving the agencies a plan names: the admin's mappings first, then the registry.

`read_rows` turns parsed tasks into rows whose named agencies are resolved (an `AgencyRef`) or
not yet (None); `unresolved_names` lists what is left, where it appears and the closest registry
entries, a spelling one variant or typo away from a known agency offered as that agency.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.agencies.names import name_key
from bot.agencies.registry import AgencyIndex, AgencyRef
from bot.db.models import AssignmentRole
from bot.importing.document import ParsedDocument
from bot.importing.errors import ImportFailed, Place
from bot.importing.parsed import Notice, ParsedTask
from bot.importing.splitter import split_agencies, split_prose_agencies
from bot.importing.subjects import SentenceReader
from bot.importing.timeframes import Timeframe, parse_timeframe
from bot.text import clean, fold


@dataclass
class UnresolvedName:
    """An agency name the registry does not know, where it appears, and the closest entries."""

    name: str
    places: list[Place] = field(default_factory=list)
    suggestions: list[tuple[str, float]] = field(default_factory=list)
    near: str | None = None  # the known agency this spelling is a variant or typo of
    create: bool = False  # the admin asked for it as a new agency (--new, or in chat)
    as_group: bool = False  # the admin said it names a group of bodies, not one agency

    @property
    def decided(self) -> bool:
        return self.create or self.as_group


@dataclass(frozen=True)
class Decisions:
    """The admin's answers for names the registry does not know, by folded name: create as a
    new agency, store as a group, or leave out of the tasks' assignments."""

    create: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    skip: frozenset[str] = frozenset()

    @classmethod
    def of(cls, create: list[str], groups: list[str], skip: list[str]) -> Decisions:
        def keys(names: list[str]) -> frozenset[str]:
            return frozenset(fold(clean(name)) for name in names)

        return cls(keys(create), keys(groups), keys(skip))


@dataclass(slots=True)
class Named:
    """An agency named on a task: resolved (ref) or not yet (None)."""

    written: str
    role: AssignmentRole
    ref: AgencyRef | None


@dataclass(slots=True)
class Row:
    parsed: ParsedTask
    timeframe: Timeframe
    named: list[Named]
    duty: bool = field(init=False)  # read on every pass over the rows: kept, not looked up

    def __post_init__(self) -> None:
        self.duty = self.parsed.duty


class Resolver:
    """Names → agencies, through the admin's mappings first, then the registry."""

    def __init__(self, index: AgencyIndex, mappings: dict[str, tuple[str, AgencyRef]]) -> None:
        self.index = index
        self.mappings = mappings  # key → (name as written, agency)
        self.mapped = {key: ref for key, (_, ref) in mappings.items()}
        self._cache: dict[str, AgencyRef | None] = {}

    def resolve(self, name: str) -> AgencyRef | None:
        if name not in self._cache:
            self._cache[name] = self.mapped.get(name_key(name)) or self.index.resolve(name)
        return self._cache[name]

    def resolve_known(self, name: str) -> AgencyRef | None:
        """Only what the registry or the admin knows by name (no generic categories)."""
        mapped = self.mapped.get(name_key(name)) if self.mapped else None
        return mapped or self.index.resolve_known(name)

    def spelled(self, name: str) -> bool:
        return name_key(name) in self.mapped or self.index.spelled(name)

    def known(self, name: str) -> bool:
        """Whether the registry or the admin knows the name. Generic categories do not count:
        "các trung tâm nghiên cứu, các trường đại học" is two groups, and only names known
        exactly may guide where a cell is cut."""
        return self.resolve_known(name) is not None


def read_mappings(
    index: AgencyIndex, mappings: dict[str, str] | None, file_name: str
) -> dict[str, tuple[str, AgencyRef]]:
    """The admin's "name as written" → agency choices; a target the registry does not know is
    bad input (named), not a silent new agency."""
    mapped: dict[str, tuple[str, AgencyRef]] = {}
    for written, target in (mappings or {}).items():
        ref = index.resolve(clean(target))
        if ref is None:
            raise ImportFailed("import-error-map-target", file_name, name=clean(target))
        mapped[name_key(clean(written))] = (clean(written), ref)
    return mapped


def read_rows(parsed: ParsedDocument, resolver: Resolver, notices: list[Notice]) -> list[Row]:
    rows = []
    splits: dict[str, list[str]] = {}  # plans repeat the same cells many times
    sentences = SentenceReader(
        resolver.resolve_known, resolver.resolve, resolver.index.near_duplicate, resolver.spelled
    )
    for task in [*parsed.tasks, *parsed.duties]:
        named: list[Named] = []
        if task.in_sentences:
            read = sentences.read(task.content, task.leads)
            if not read.leads:  # an item about the plan, not an agency's ("Kinh phí …")
                notices.append(Notice("import-notice-prose-no-agency", task.place, task.code))
                continue
            for role, names in (
                (AssignmentRole.LEAD, read.leads),
                (AssignmentRole.COORDINATE, read.coordinators),
            ):
                named.extend(Named(name, role, resolver.resolve(name)) for name in names)
            rows.append(Row(task, parse_timeframe(task.timeframe), named))
            continue
        for role, text in (
            (AssignmentRole.LEAD, task.leads),
            (AssignmentRole.COORDINATE, task.coordinators),
        ):
            if task.prose:
                names, left_out = split_prose_agencies(text, resolver.known)
                notices.extend(
                    Notice("import-notice-narrative", task.place, part) for part in left_out
                )
            else:
                if text not in splits:
                    splits[text] = split_agencies(text, resolver.known)
                names = splits[text]
            named.extend(Named(name, role, resolver.resolve(name)) for name in names)
        if not any(item.role == AssignmentRole.LEAD for item in named):
            notices.append(Notice("import-notice-no-lead", task.place, task.code))
        rows.append(Row(task, parse_timeframe(task.timeframe), named))
    return rows


def _place_of(row: Row, role: AssignmentRole) -> Place:
    place = row.parsed.place
    column = (
        row.parsed.lead_column if role == AssignmentRole.LEAD else row.parsed.coordinator_column
    )
    return Place(place.container, place.label, place.row, column)


def leave_out(rows: list[Row], skip: frozenset[str]) -> None:
    """Drop the names the admin chose to skip from the tasks' assignments."""
    if not skip:
        return
    for row in rows:
        row.named = [item for item in row.named if fold(item.written) not in skip]


def unresolved_names(
    rows: list[Row], resolver: Resolver, decisions: Decisions
) -> list[UnresolvedName]:
    found: dict[str, UnresolvedName] = {}
    for row in rows:
        for item in row.named:
            if item.ref is None:
                entry = found.setdefault(fold(item.written), UnresolvedName(item.written))
                entry.places.append(_place_of(row, item.role))
    for entry in found.values():
        near = resolver.index.near_duplicate(entry.name)
        entry.create = fold(entry.name) in decisions.create
        entry.as_group = fold(entry.name) in decisions.groups and not entry.create
        entry.near = near.name if near and not entry.decided else None
        entry.suggestions = [(ref.name, score) for ref, score in resolver.index.suggest(entry.name)]
        if near is not None:
            entry.suggestions = [
                (near.name, 100.0),
                *((name, score) for name, score in entry.suggestions if name != near.name),
            ][:3]
    return list(found.values())


def focal_agency(rows: list[Row]) -> AgencyRef | None:
    """The lead of the item that calls itself the focal point ("là cơ quan đầu mối tổng hợp
    báo cáo"), if any."""
    for row in rows:
        if row.parsed.focal:
            for item in row.named:
                if item.role == AssignmentRole.LEAD and item.ref and not item.ref.is_group:
                    return item.ref
    return None
