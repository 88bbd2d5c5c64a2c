"""Real `dondoc` processes for the tests of several runs on one database: started with a clean
environment in a folder of their own, their stderr (logs, refusals) read line by line."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from bot.db.engine import Database
from tests.conftest import POSTGRES_URL

ROOT = Path(__file__).resolve().parents[2]


class Dondoc:
    """One `dondoc` process (`python -m bot …`, or through tests.schedules.run_at)."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        self._new_line = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    @property
    def pid(self) -> int:
        return self.process.pid

    @classmethod
    async def start(cls, *args: str, cwd: Path, env: dict[str, str]) -> Dondoc:
        clean = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(cwd),
            "PYTHONPATH": str(ROOT),
            "LOG_LEVEL": "INFO",
            **env,
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *args,
            cwd=cwd,
            env=clean,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        return cls(process)

    async def _read(self) -> None:
        assert self.process.stderr is not None
        async for raw in self.process.stderr:
            self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
            self._new_line.set()
        self._new_line.set()

    async def wait_for_line(self, fragment: str, timeout: float = 30) -> str:
        """The first stderr line containing `fragment`, waiting for it up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            found = [line for line in self.lines if fragment in line]
            if found:
                return found[0]
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (self._reader.done() and not found):
                raise AssertionError(f"no line with {fragment!r}; stderr: {self.lines[-15:]}")
            self._new_line.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_line.wait(), min(remaining, 0.5))

    async def finished(self, timeout: float = 30) -> int:
        """Wait for the process to end (its output read to the end); its exit code."""
        code = await asyncio.wait_for(self.process.wait(), timeout)
        await asyncio.wait_for(self._reader, timeout)
        return code

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        if self.process.returncode is None:
            self.process.send_signal(sig)
        return await self.finished(timeout)


@contextlib.asynccontextmanager
async def running(*processes: Dondoc) -> AsyncIterator[None]:
    """Kill whatever is still running when the test ends, pass or fail."""
    try:
        yield
    finally:
        for process in processes:
            if process.process.returncode is None:
                process.process.kill()
                await process.process.wait()


@contextlib.asynccontextmanager
async def postgres_role_schema() -> AsyncIterator[str]:
    """A login role whose search_path is a schema of its own (dropped afterwards), so a process
    given only DATABASE_URL works in that schema: the URL (postgresql+asyncpg://ROLE@…) says it."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = Database(POSTGRES_URL)
    async with admin.engine.begin() as connection:
        await connection.exec_driver_sql(f'CREATE ROLE "{name}" LOGIN')
        await connection.exec_driver_sql(f'CREATE SCHEMA "{name}" AUTHORIZATION "{name}"')
        await connection.exec_driver_sql(f'ALTER ROLE "{name}" SET search_path = "{name}"')
    try:
        prefix, _, rest = POSTGRES_URL.partition("://")
        host = rest.split("@", 1)[-1]
        yield f"{prefix}://{name}@{host}"
    finally:
        async with admin.engine.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
            await connection.exec_driver_sql(f'DROP ROLE "{name}"')
        await admin.dispose()
