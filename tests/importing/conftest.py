"""A registry index built once per session, for tests of pure parsing (no database per case)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.agencies.registry import AgencyIndex, ensure_registry
from bot.db.engine import Database


@pytest.fixture(scope="session")
def registry_index(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> AgencyIndex:
    path = tmp_path_factory.mktemp("registry") / "registry.db"
    path.write_bytes(sqlite_template.read_bytes())

    async def build() -> AgencyIndex:
        db = Database(f"sqlite+aiosqlite:///{path}")
        try:
            async with db.session() as session:
                await ensure_registry(session)
                return await AgencyIndex.load(session)
        finally:
            await db.dispose()

    return asyncio.run(build())
