"""The outbox sender's benchmarks, against the fake Bot API server (tests/fakes) in a process of its
own, as Telegram would be: the figures are the sender's (database, re-check, rendering,
python-telegram-bot, HTTP), not the fake server's CPU. Medians over --runs runs. Once the
channel has started, start-up's objects are frozen out of the garbage collector's generations,
as `dondoc run` does (bot/runtime.py): unfrozen, each full collection scanned them all, twice a
drain, ~0.08 ms a message.

(c) limits off: 3,000 real reminders (planned, re-checked, rendered) sent as fast as the sender
    goes, in messages a second as the server saw them. The ceiling, measured in the same run
    against the same server: a bare aiohttp client posting the same request body with as many
    requests at once. Targets: ≥ 1,000 msg/s and ≥ 0.25 of the ceiling.
(b) limits on: the server answers 429 past Telegram's limits (30 a second overall, 1 a second
    per chat); 3,000 reminders to 3,000 chats. Target: ≥ 98 % of 30 msg/s and no 429. The limiter
    alone (nothing sent) is printed beside it: the most (b) can reach on this machine now.

    .venv/bin/python bench/bench_sender.py [--runs 3] [--parts bc] [--messages 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, select, update

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_reminders import PLANNING_NOW, seed  # noqa: E402

from bot.app import App  # noqa: E402
from bot.channels.limits import MAX_IN_FLIGHT, ChannelLimits, Rates  # noqa: E402
from bot.channels.telegram import TelegramChannel  # noqa: E402
from bot.db.engine import Database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.db.models import OutboxMessage, OutboxStatus  # noqa: E402
from bot.periods.calendar import VN_TZ  # noqa: E402
from bot.runtime import freeze_startup  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from schedules.planner import plan_reminders  # noqa: E402
from schedules.sender import OutboxSender  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402

TOKEN = "123456:BENCH-TOKEN"
OFF = Rates(1e6, 1e6, 1e6)  # limits as good as none


class Server:
    """The fake Bot API in a child process; `stats()` says what it saw since the last call."""

    def __init__(self, process: asyncio.subprocess.Process, base_url: str) -> None:
        self.process = process
        self.base_url = base_url

    @classmethod
    async def start(cls, *, limits: bool) -> Server:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "--serve-fake",
            *(["--limits"] if limits else []),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None
        return cls(process, (await process.stdout.readline()).decode().strip())

    async def _ask(self, line: str) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{line}\n".encode())
        await self.process.stdin.drain()
        return json.loads(await self.process.stdout.readline())

    async def stats(self) -> dict[str, Any]:
        return dict(await self._ask("stats"))

    async def stop(self) -> None:
        await self._ask("stop")
        await self.process.wait()


def rate(stats: dict[str, Any]) -> float:
    """Messages a second between the first and the last the server took."""
    return float((stats["sent"] - 1) / (stats["last"] - stats["first"]))


def window_share(count: int, span: float, limit: int = 30, period: float = 1.0) -> float:
    """`count` messages over `span` seconds as a share of the most a sliding window of `limit`
    a `period` lets through then (limit × (span + period)): never above 1 while the limit holds,
    bursts or not, where (count - 1) / span can be."""
    return count / (limit * (span + period))


async def send_reminders(
    server: Server, url: str, *, messages: int, limited: bool
) -> dict[str, Any]:
    """Plan `messages` real reminders (one per agency and chat) and drain the outbox through a
    started TelegramChannel; what the server saw."""
    db = Database(url)
    await upgrade(db)
    await seed(db, plans=1, agencies=messages, tasks_per_plan=messages)
    settings = load_settings(
        database_url=url, telegram_bot_token=TOKEN, telegram_base_url=server.base_url
    )
    app = App.create(settings, db)
    channel = TelegramChannel(app, _NoReplies(), poll_timeout=timedelta(seconds=1))
    app.senders["telegram"] = channel
    await channel.start()  # as in `dondoc run`: getMe and the command menus come first
    freeze_startup()  # as `dondoc run` does once it has started
    await _queue(db, messages)
    if not limited:
        channel.limits = ChannelLimits(OFF)
    await server.stats()  # start counting here
    sender = OutboxSender(app)
    cpu = time.process_time()
    while await _unsent(db):
        if await sender.drain() == 0:
            await asyncio.sleep(0.05)
    stats = await server.stats() | {"cpu": time.process_time() - cpu}
    await channel.stop()
    await db.dispose()
    assert stats["sent"] == messages, stats
    return stats


async def bare_aiohttp(server: Server, body: dict[str, Any], messages: int) -> dict[str, Any]:
    """The ceiling: `messages` sendMessage requests with `body`, MAX_IN_FLIGHT at once, from a
    bare aiohttp session (what any sender on this transport needs at least)."""
    url = f"{server.base_url}{TOKEN}/sendMessage"
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()  # as it's sent
    headers = {"Content-Type": "application/json"}
    left = iter(range(messages))
    cpu = time.process_time()
    async with aiohttp.ClientSession() as session:

        async def worker() -> None:
            for _ in left:
                async with session.post(url, data=data, headers=headers) as response:
                    assert response.status == 200
                    await response.read()

        await asyncio.gather(*(worker() for _ in range(MAX_IN_FLIGHT)))
    stats = await server.stats() | {"cpu": time.process_time() - cpu}
    assert stats["sent"] == messages, stats
    return stats


async def limiter_alone(count: int = 600) -> float:
    """Telegram's limits in the sender's limiter with nothing sent: the most (b) can reach."""
    limits = ChannelLimits(Rates(30, 1, 20))
    times: list[float] = []

    async def one(index: int) -> None:
        async with limits.turn(str(index)):
            times.append(time.monotonic())

    await asyncio.gather(*(one(index) for index in range(count)))
    return window_share(len(times), times[-1] - times[0])


async def _unsent(db: Database) -> int:
    async with db.session() as session:
        waiting = OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
        return int(await session.scalar(select(func.count(OutboxMessage.id)).where(waiting)) or 0)


async def _queue(db: Database, messages: int) -> None:
    """Plan the real reminders for `messages` agencies, due now."""
    async with db.session() as session:
        await plan_reminders(session, now=PLANNING_NOW, tz=VN_TZ)
        await session.execute(
            update(OutboxMessage).values(due_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        count = await session.scalar(select(func.count(OutboxMessage.id)))
    assert count == messages, count


class _NoReplies:
    async def handle(self, incoming: object) -> list[object]:
        return []


async def serve_fake(limits: bool) -> None:
    """The fake Bot API server: prints its base URL, then answers each stdin line with what it
    saw since the line before (JSON), until "stop"."""
    async with FakeTelegram(TOKEN, enforce_limits=limits) as telegram:
        print(telegram.base_url, flush=True)
        loop = asyncio.get_running_loop()
        counted = 0
        while True:
            line = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
            sent, counted = telegram.sent()[counted:], len(telegram.sent())
            stats = {
                "sent": len(sent),
                "first": sent[0].at if sent else 0.0,
                "last": sent[-1].at if sent else 0.0,
                "too_many": telegram.too_many_requests,
                "sample": sent[-1].params if sent else None,
            }
            telegram.too_many_requests = 0
            print(json.dumps(stats), flush=True)
            if line in ("stop", ""):
                return


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _runs(values: list[Any], fmt: str = ".0f") -> str:
    return "runs " + ", ".join(format(value, fmt) for value in values)


async def bench_free(folder: Path, runs: int, messages: int) -> None:
    sender, ceiling, ratios, cpu, bare_cpu = [], [], [], [], []
    for run in range(runs):
        server = await Server.start(limits=False)
        url = f"sqlite+aiosqlite:///{folder / f'free{run}.db'}"
        stats = await send_reminders(server, url, messages=messages, limited=False)
        bare = await bare_aiohttp(server, stats["sample"], messages)
        await server.stop()
        sender.append(rate(stats))
        ceiling.append(rate(bare))
        ratios.append(sender[-1] / ceiling[-1])
        cpu.append(stats["cpu"] / messages * 1000)
        bare_cpu.append(bare["cpu"] / messages * 1000)
    print(f"(c) {messages} reminders, limits off, over loopback (runs: {runs}):")
    print(
        f"    sender        median {_median(sender):6.0f} msg/s (target ≥ 1,000); {_runs(sender)}"
    )
    print(f"    bare aiohttp  median {_median(ceiling):6.0f} msg/s (the ceiling); {_runs(ceiling)}")
    print(
        f"    ratio         median {_median(ratios):6.3f} (target ≥ 0.25); {_runs(ratios, '.3f')}"
    )
    print(
        f"    CPU a message (this process, all threads): sender {_median(cpu):.3f} ms,"
        f" bare aiohttp {_median(bare_cpu):.3f} ms"
    )


async def bench_limited(folder: Path, runs: int, messages: int) -> None:
    shares, paced, too_many, alone = [], [], [], []
    for run in range(runs):
        server = await Server.start(limits=True)
        url = f"sqlite+aiosqlite:///{folder / f'limited{run}.db'}"
        stats = await send_reminders(server, url, messages=messages, limited=True)
        await server.stop()
        shares.append(window_share(stats["sent"], stats["last"] - stats["first"]))
        paced.append(rate(stats) / 30)
        too_many.append(stats["too_many"])
        alone.append(await limiter_alone())
    print(
        f"(b) {messages} reminders to {messages} chats, Telegram's limits enforced (runs: {runs}):"
    )
    print(f"    median {_median(shares):.1%} of 30 msg/s (target ≥ 98 %); {_runs(shares, '.1%')}")
    print(f"    429 answers (target 0): {_runs(too_many, 'd')}")
    print(
        f"    the limiter alone, nothing sent: median {_median(alone):.1%}; {_runs(alone, '.1%')}"
    )
    print(
        "    (a share is messages / (30 × (seconds from the first to the last + 1)): what a"
        " 30-a-second window lets through;"
    )
    print(f"    (messages - 1) / seconds / 30, which bursts inflate: {_runs(paced, '.1%')})")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--parts", default="bc", help="Which figures: b, c or both.")
    parser.add_argument("--serve-fake", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--limits", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fake:
        await serve_fake(args.limits)
        return
    with tempfile.TemporaryDirectory() as folder:
        if "c" in args.parts:
            await bench_free(Path(folder), args.runs, args.messages)
        if "b" in args.parts:
            await bench_limited(Path(folder), args.runs, args.messages)


if __name__ == "__main__":
    asyncio.run(main())
