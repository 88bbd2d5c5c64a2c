"""The SQLite database as `dondoc run` opens it (one trip to aiosqlite's thread per statement):
forms, bulk inserts, RETURNING, many rows and rollbacks behave as on the stock driver."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text

from bot.db.models import Agency
from bot.db.sqlite_driver import OneTripConnection, open_database
from bot.settings import Settings
from tests.chat.conftest import enrol, make_app, seed_plan, stored_updates


@pytest.fixture
async def run_database(tmp_path: Path, sqlite_template: Path):
    path = tmp_path / "run.db"
    shutil.copy(sqlite_template, path)
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{path}")  # type: ignore[call-arg]
    db = open_database(settings)
    yield db
    await db.dispose()


async def test_a_full_form_on_the_run_database(run_database) -> None:
    async with run_database.engine.connect() as connection:
        raw = await connection.get_raw_connection()
        assert isinstance(raw.driver_connection, OneTripConnection)
        assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
    app = make_app(run_database)
    seed = await seed_plan(run_database)
    focal = await enrol(app, seed.industry, "111")
    for answer in ("/update", None, "70%", "Đã tổ chức 2 hội thảo", "bỏ qua", "bỏ qua", "bỏ qua"):
        if answer is None:
            await focal.pick("Đang thực hiện")
        else:
            await focal.send(answer)
    await focal.pick("Gửi")
    [update] = await stored_updates(run_database)
    assert update.percent == 70 and update.result == "Đã tổ chức 2 hội thảo"


async def test_bulk_rows_returning_and_rollback(run_database) -> None:
    async with run_database.session() as session:
        await session.execute(insert(Agency), [{"name": f"Sở {i}"} for i in range(150)])
        ids = (
            await session.scalars(insert(Agency).returning(Agency.id), [{"name": "Sở mới"}])
        ).all()
        assert len(ids) == 1
    async with run_database.session() as session:
        names = (await session.scalars(select(Agency.name).order_by(Agency.id))).all()
        assert len(names) == 151 and names[0] == "Sở 0"
        streamed = [row async for row in await session.stream_scalars(select(Agency.id))]
        assert len(streamed) == 151
    with pytest.raises(RuntimeError):
        async with run_database.session() as session:
            session.add(Agency(name="Sở không lưu"))
            await session.flush()
            raise RuntimeError("a failure mid-transaction")
    async with run_database.session() as session:
        assert await session.scalar(select(func.count(Agency.id))) == 151
