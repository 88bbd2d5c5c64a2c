"""Which of some agencies a name typed in a command means: /report narrows a report to one lead
agency, /explain asks one late agency. Both read the name the same way, so an abbreviation
("Sở KHCN"), a spelling variant or an old name merged in 2025 ("Sở Thông tin và Truyền thông",
now part of Sở Khoa học và Công nghệ) works in either."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.invites import find_agency
from bot.text import fold


async def agency_among(
    session: AsyncSession, candidates: Mapping[int, str], name: str
) -> tuple[int, str] | None:
    """(id, name) of the candidate (effective agencies, after mergers, by id) a name means: the
    registry's reading of it (aliases, abbreviations, a merged agency's successor), else the one
    candidate whose name contains it, accents optional; None when neither finds exactly one."""
    known = await find_agency(session, name)
    if known is not None and known.id in candidates:
        return known.id, candidates[known.id]
    wanted = fold(name)
    close = [(agency_id, named) for agency_id, named in candidates.items() if wanted in fold(named)]
    return close[0] if len(close) == 1 else None
