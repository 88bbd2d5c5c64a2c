"""Who follows up a task after the 2025 mergers.

A task assigned in an old plan to "Sở Kế hoạch và Đầu tư" is followed up with the focal points of
its successor, Sở Tài chính; the report can still show the name the plan used. Successor links can
chain (A → B → C); the agency at the end of the chain is the *effective* agency.

Provinces merged too (bot.agencies.provinces): a report written after 1 July 2025 on a plan of
"UBND tỉnh Quảng Nam" is issued under "UBND thành phố Đà Nẵng" (`issuing_body_on`).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.agencies.provinces import CITIES, PROVINCE_MERGERS
from bot.db.models import Agency
from bot.text import fold

K = TypeVar("K", bound=Hashable)

# "UBND tỉnh Quảng Nam", "Ủy ban nhân dân thành phố Đà Nẵng", "UBND TP. Hồ Chí Minh"
_PEOPLES_COMMITTEE = re.compile(
    r"^(?P<head>UBND|(?:Ủy|Uỷ) ban nhân dân)\s+(?:tỉnh|thành phố|tp\.?)\s+(?P<name>\S.*)$",
    re.IGNORECASE,
)


def resolve_chains(successors: Mapping[K, K | None]) -> dict[K, K]:
    """Map each agency id (or other key) to the one at the end of its successor chain (cycles
    stop where they would repeat, so a mistaken A → B → A mapping cannot hang anything)."""
    effective: dict[K, K] = {}
    for start in successors:
        seen = [start]
        current = start
        while (following := successors.get(current)) is not None and following not in seen:
            seen.append(following)
            current = following
        effective[start] = current
    return effective


async def effective_agency_map(session: AsyncSession) -> dict[int, int]:
    """{agency id: effective agency id} for every agency (agencies number in the hundreds)."""
    rows = await session.execute(select(Agency.id, Agency.successor_id))
    return resolve_chains({agency_id: successor for agency_id, successor in rows.all()})


def followed_by(mapping: dict[int, int], agency_ids: Iterable[int]) -> set[int]:
    """`agency_ids` and every predecessor whose tasks they now follow up (`mapping`: the
    `effective_agency_map`)."""
    wanted = set(agency_ids)
    return {source for source, target in mapping.items() if target in wanted} | wanted


async def agencies_followed_by(session: AsyncSession, agency_id: int) -> set[int]:
    """The agency itself and every predecessor whose tasks it now follows up."""
    return followed_by(await effective_agency_map(session), [agency_id])


def _province_key(name: str) -> str:
    """ "Bà Rịa – Vũng Tàu", "Bà Rịa-Vũng Tàu" and "BÀ RỊA - VŨNG TÀU" compare equal."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(name)).split())


def province_on(name: str, day: date) -> str | None:
    """The province or city that `name` had become by `day` (its successor's name), or None
    when it had not merged by then."""
    links = {
        _province_key(merger.name): _province_key(merger.successor)
        for merger in PROVINCE_MERGERS
        if merger.on <= day
    }
    key = _province_key(name)
    if key not in links:
        return None
    names = {_province_key(merger.successor): merger.successor for merger in PROVINCE_MERGERS}
    return names[resolve_chains(links)[key]]


def issuing_body_on(issuer: str | None, day: date) -> str | None:
    """The People's Committee that answers on `day` for the one a plan names: "UBND tỉnh Quảng
    Nam" → "UBND thành phố Đà Nẵng" from 1 July 2025; any other body, or a province that did
    not merge, as written."""
    found = _PEOPLES_COMMITTEE.match(issuer or "")
    successor = province_on(found.group("name"), day) if found else None
    if found is None or successor is None:
        return issuer
    kind = "thành phố" if successor in CITIES else "tỉnh"
    return f"{found.group('head')} {kind} {successor}"
