"""Finding agencies by the many ways plans write their names, and editing the registry.

`AgencyIndex` is an in-memory view of the registry (a province has a few hundred agencies and
aliases) built with two queries, so an import resolves thousands of cells without a query each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.agencies.categories import category_family, is_fragment, typo_budget, variant_key
from bot.agencies.data import AGENCIES, GROUPS, PROVINCE, AgencySeed
from bot.agencies.names import compact_key, name_key
from bot.db.models import Agency, AgencyAlias, AgencyKind
from bot.text import clean

SEEDS: tuple[AgencySeed, ...] = AGENCIES + GROUPS
_TRAILING_PROVINCE = re.compile(r" tinh(?:" + PROVINCE + ")?$")
_LEADING_AND = re.compile(r"^(?:va|cung|voi) ")
_NOW = re.compile(r" nay (?:la|thuoc|sap nhap vao) .*$")  # "(nay là Sở Tài chính)", as exported


class RegistryError(Exception):
    """An edit of the registry that cannot be made (unknown agency, name taken)."""

    def __init__(self, message_id: str, **args: str) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.args_for_message = args


def seed_spellings(seed: AgencySeed) -> list[str]:
    """Every spelling of a shipped agency that becomes an alias row."""
    spellings = [seed.name, *seed.aliases]
    if seed.short_name:
        spellings.append(seed.short_name if seed.kind != AgencyKind.DEPARTMENT else "")
    for abbreviation in seed.abbreviations:
        if seed.name.startswith("Sở "):
            spellings.append(f"Sở {abbreviation}")
        if len(compact_key(abbreviation)) > 3:
            spellings.append(abbreviation)
    return [spelling for spelling in spellings if spelling]


async def ensure_registry(session: AsyncSession) -> int:
    """Load the shipped registry into the database; idempotent. Returns how many agencies were
    added. Agencies already stored (perhaps edited by an admin) are left as they are; only their
    missing aliases and a missing successor link are added. Bulk statements: a fresh database
    gets its few hundred rows in three round trips. It reads table rows, not ORM entities, as
    `AgencyIndex.load` does: a dry run of a new plan then never configures the ORM's mappers
    (every model's relationships, a few tens of milliseconds)."""
    await session.flush()  # the reads below are Core statements, which do not autoflush
    agency, alias = Agency.__table__.c, AgencyAlias.__table__.c
    rows = await session.execute(select(agency.name, agency.id, agency.successor_id))
    stored = {name: (agency_id, successor_id) for name, agency_id, successor_id in rows.all()}
    taken_keys = set((await session.scalars(select(alias.key))).all())
    missing = [seed for seed in SEEDS if seed.name not in stored]
    if missing:
        values = [
            {
                "name": seed.name,
                "short_name": seed.short_name,
                "kind": seed.kind,
                "active": seed.successor is None,
                "verified": True,
                "note": seed.note,
            }
            for seed in missing
        ]
        result = await session.execute(
            insert(Agency).returning(Agency.id, Agency.name),
            values,
            execution_options={"render_nulls": True},
        )
        stored.update({name: (agency_id, None) for agency_id, name in result.all()})
    links = [
        {"id": stored[seed.name][0], "successor_id": stored[seed.successor][0]}
        for seed in SEEDS
        if seed.successor and stored[seed.name][1] is None and seed.successor in stored
    ]
    if links:
        await session.execute(update(Agency), links)
    aliases = []
    for seed in SEEDS:
        for spelling in seed_spellings(seed):
            key = name_key(spelling)
            if key and key not in taken_keys:
                aliases.append({"agency_id": stored[seed.name][0], "alias": spelling, "key": key})
                taken_keys.add(key)
    if aliases:
        await session.execute(insert(AgencyAlias), aliases)
    return len(missing)


@dataclass(frozen=True)
class AgencyRef:
    """What an import needs to know of an agency, without holding ORM objects."""

    id: int
    name: str
    kind: AgencyKind
    active: bool
    verified: bool
    successor: str | None = None  # the body it was merged into (2025), by name

    @property
    def is_group(self) -> bool:
        return self.kind == AgencyKind.GROUP


@dataclass
class AgencyIndex:
    by_id: dict[int, AgencyRef] = field(default_factory=dict)
    by_key: dict[str, int] = field(default_factory=dict)
    by_compact: dict[str, int] = field(default_factory=dict)
    patterns: list[tuple[re.Pattern[str], int]] = field(default_factory=list)
    by_variant: dict[str, int] = field(default_factory=dict)
    _cache: dict[str, AgencyRef | None] = field(default_factory=dict)
    _known_cache: dict[str, AgencyRef | None] = field(default_factory=dict)

    @classmethod
    async def load(cls, session: AsyncSession) -> AgencyIndex:
        index = cls()
        await session.flush()  # Core reads (see ensure_registry) do not autoflush
        table, alias = Agency.__table__.c, AgencyAlias.__table__.c
        columns = (table.id, table.name, table.kind, table.active, table.verified)
        agencies = (await session.execute(select(*columns, table.successor_id))).all()
        names_by_id = {agency.id: agency.name for agency in agencies}
        for agency in agencies:
            successor = names_by_id.get(agency.successor_id) if agency.successor_id else None
            ref = AgencyRef(
                agency.id, agency.name, agency.kind, agency.active, agency.verified, successor
            )
            index.by_id[agency.id] = ref
            index.by_key.setdefault(name_key(agency.name), agency.id)
        for alias_key, agency_id in (
            await session.execute(select(alias.key, alias.agency_id))
        ).all():
            index.by_key.setdefault(alias_key, agency_id)
        ambiguous: set[str] = set()
        for alias_key, agency_id in index.by_key.items():
            compact = alias_key.replace(" va ", " ").replace(" ", "")
            if index.by_compact.get(compact, agency_id) != agency_id:
                ambiguous.add(compact)
            index.by_compact[compact] = agency_id
        for compact in ambiguous:
            del index.by_compact[compact]
        for alias_key, agency_id in index.by_key.items():
            if not index.by_id[agency_id].is_group:
                index.by_variant.setdefault(variant_key(alias_key), agency_id)
        names = {ref.name: ref.id for ref in index.by_id.values()}
        for seed in SEEDS:
            if seed.name in names:
                index.patterns.extend((re.compile(p), names[seed.name]) for p in seed.patterns)
        return index

    def is_group(self, agency_id: int) -> bool:
        return self.by_id[agency_id].is_group

    def add(self, agency: Agency, spellings: list[str]) -> None:
        """Make an agency created during an import findable by the rest of that import."""
        ref = AgencyRef(agency.id, agency.name, agency.kind, agency.active, agency.verified)
        self.by_id[agency.id] = ref
        for spelling in spellings:
            self.by_key.setdefault(name_key(spelling), agency.id)
        self._cache.clear()
        self._known_cache.clear()

    def resolve(self, name: str) -> AgencyRef | None:
        """The agency or group a name means, or None. Exact keys, abbreviations run together,
        the shipped patterns, then the family of a generic category ("các tổ chức tín dụng");
        never a fuzzy guess."""
        if name in self._cache:
            return self._cache[name]
        found = self.resolve_known(name)
        if found is None:
            family = category_family(name)
            found = self.resolve_known(family) if family else None
        self._cache[name] = found
        return found

    def resolve_known(self, name: str) -> AgencyRef | None:
        """The agency or group the registry knows by this name (no categories)."""
        if name not in self._known_cache:
            self._known_cache[name] = self._resolve_key(name_key(name))
        return self._known_cache[name]

    def spelled(self, name: str) -> bool:
        """Whether this exact spelling (not a pattern) is a stored name or alias."""
        return name_key(name) in self.by_key

    def near_duplicate(self, name: str) -> AgencyRef | None:
        """The known agency a spelling is one regional variant or a typo away from ("Sở Tài
        chánh" → Sở Tài chính), or None. Never a group, never for a category or a fragment."""
        # rapidfuzz (47 modules) is imported when a name is not known: most files need none.
        from rapidfuzz.distance import Levenshtein

        if is_fragment(name) or category_family(name):
            return None
        key = _NOW.sub("", name_key(name))
        variant = self.by_variant.get(variant_key(key))
        if variant is not None:
            return self.by_id[variant]
        budget = typo_budget(key)
        first = key.split(" ", 1)[0]
        best: tuple[int, int] | None = None
        for alias_key, agency_id in self.by_key.items():
            if self.by_id[agency_id].is_group or alias_key.split(" ", 1)[0] != first:
                continue
            distance = Levenshtein.distance(key, alias_key, score_cutoff=budget)
            if distance <= budget and (best is None or distance < best[0]):
                best = (distance, agency_id)
        return self.by_id[best[1]] if best else None

    def _resolve_key(self, key: str) -> AgencyRef | None:
        if not key:
            return None
        for candidate in _variants(key):
            agency_id = self.by_key.get(candidate)
            if agency_id is None:
                agency_id = self.by_compact.get(candidate.replace(" va ", " ").replace(" ", ""))
            if agency_id is None:
                agency_id = next((i for p, i in self.patterns if p.fullmatch(candidate)), None)
            if agency_id is not None:
                return self.by_id[agency_id]
        return None

    def suggest(self, name: str, limit: int = 3) -> list[tuple[AgencyRef, float]]:
        """The closest registry entries by spelling (rapidfuzz), best first, one per agency.
        A group ("Các viện, trung tâm nghiên cứu") only for a name that is itself a category: a
        specific body ("Viện Nghiên cứu Miền Trung") spelled like a group is not that group,
        and offering it would file the body's tasks under nobody."""
        from rapidfuzz import fuzz, process

        groups = category_family(name) is not None
        keys = [
            key for key, agency_id in self.by_key.items() if groups or not self.is_group(agency_id)
        ]
        # Plain ratio, not WRatio: a partial match would offer "Sở Văn hóa, Thể thao và Du
        # lịch" for "các tổ chức văn hóa, thể thao", a name it merely contains.
        matches = process.extract(name_key(name), keys, scorer=fuzz.ratio, limit=limit * 4)
        seen: dict[int, float] = {}
        for key, score, _ in matches:
            agency_id = self.by_key[key]
            if agency_id not in seen:
                seen[agency_id] = round(float(score), 1)
        ranked = sorted(seen.items(), key=lambda item: -item[1])[:limit]
        return [(self.by_id[agency_id], score) for agency_id, score in ranked]


def _variants(key: str) -> list[str]:
    key = _NOW.sub("", key)
    variants = [key]
    without_and = _LEADING_AND.sub("", key)
    if without_and != key:
        variants.append(without_and)
    for variant in list(variants):
        if variant.startswith(("so ", "ban ", "cuc ", "ubnd ")):
            stripped = _TRAILING_PROVINCE.sub("", variant)
            if stripped != variant and stripped:
                variants.append(stripped)
    return variants


async def find_agency(session: AsyncSession, name: str) -> Agency | None:
    """The agency a name means: its name, short name, an alias, an abbreviation, any case,
    accents composed or not. None when the registry does not know it."""
    ref = (await AgencyIndex.load(session)).resolve(clean(name))
    return await session.get(Agency, ref.id) if ref else None


async def suggest_agencies(
    session: AsyncSession, name: str, limit: int = 3
) -> list[tuple[Agency, float]]:
    """The registry entries closest to `name`, with a 0–100 similarity, best first."""
    index = await AgencyIndex.load(session)
    suggestions = []
    for ref, score in index.suggest(clean(name), limit):
        agency = await session.get(Agency, ref.id)
        if agency is not None:
            suggestions.append((agency, score))
    return suggestions


async def add_agency(
    session: AsyncSession,
    name: str,
    *,
    kind: AgencyKind = AgencyKind.DEPARTMENT,
    short_name: str | None = None,
    verified: bool = True,
) -> Agency:
    """A new agency with its own name as an alias; refuses a name the registry already knows."""
    name = clean(name)
    if not name:
        raise RegistryError("agencies-error-empty")
    existing = await find_agency(session, name)
    if existing is not None:
        raise RegistryError("agencies-error-exists", name=name, existing=existing.name)
    agency = Agency(name=name, short_name=short_name, kind=kind, verified=verified)
    session.add(agency)
    await session.flush()
    session.add(AgencyAlias(agency_id=agency.id, alias=name, key=name_key(name)))
    await session.flush()
    return agency


async def add_alias(session: AsyncSession, agency_name: str, alias: str) -> Agency:
    """Teach the registry another spelling of a known agency."""
    agency = await _known(session, agency_name)
    alias = clean(alias)
    key = name_key(alias)
    if not key:
        raise RegistryError("agencies-error-empty")
    taken = await session.scalar(select(AgencyAlias).where(AgencyAlias.key == key))
    if taken is not None:
        if taken.agency_id == agency.id:
            return agency
        owner = await session.get(Agency, taken.agency_id)
        raise RegistryError(
            "agencies-error-alias-taken", alias=alias, existing=owner.name if owner else ""
        )
    session.add(AgencyAlias(agency_id=agency.id, alias=alias, key=key))
    await session.flush()
    return agency


async def merge_agency(session: AsyncSession, old_name: str, successor_name: str) -> Agency:
    """Record that `old_name` was merged into `successor_name`: the old agency stays (its tasks
    keep the name the plan used) but becomes inactive and is followed up by its successor."""
    old = await _known(session, old_name)
    successor = await _known(session, successor_name)
    if old.id == successor.id:
        raise RegistryError("agencies-error-self-merge", name=old.name)
    old.successor_id = successor.id
    old.active = False
    await session.flush()
    return old


async def _known(session: AsyncSession, name: str) -> Agency:
    agency = await find_agency(session, name)
    if agency is None:
        raise RegistryError("agencies-error-unknown", name=clean(name))
    return agency
