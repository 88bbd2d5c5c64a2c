"""Who follows up a task after the 2025 mergers.

A task assigned in an old plan to "Sở Kế hoạch và Đầu tư" is followed up with the focal points of
its successor, Sở Tài chính; the report can still show the name the plan used. Successor links can
chain (A → B → C); the agency at the end of the chain is the *effective* agency.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Agency


def resolve_chains(successors: dict[int, int | None]) -> dict[int, int]:
    """Map each agency id to the id at the end of its successor chain (cycles stop where they
    would repeat, so a mistaken A → B → A mapping cannot hang anything)."""
    effective: dict[int, int] = {}
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
