"""A sender process for the crash test: drains the outbox of DATABASE_URL through the real
Telegram channel until nothing is pending or in flight (or until it is killed).

    python -m tests.schedules.sender_worker DATABASE_URL BOT_API_BASE_URL NAME LEASE_SECONDS RATE
"""

from __future__ import annotations

import asyncio
import sys

from sqlalchemy import func, select

from bot.channels.limits import ChannelLimits, Rates
from bot.db.engine import Database
from bot.db.models import OutboxMessage, OutboxStatus
from schedules.sender import OutboxSender
from tests.schedules.conftest import make_app


async def main(url: str, base_url: str, name: str, lease: float, rate: float) -> None:
    db = Database(url)
    app = make_app(db, base_url)
    app.senders["telegram"].limits = ChannelLimits(Rates(rate, 1000, 1000))  # type: ignore[attr-defined]
    sender = OutboxSender(app, name=name, lease_seconds=lease, record_every=5)
    while True:
        if await sender.drain() == 0:
            async with db.session() as session:
                left = await session.scalar(
                    select(func.count(OutboxMessage.id)).where(
                        OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
                    )
                )
            if not left:
                break
            await asyncio.sleep(0.1)
    await db.dispose()


if __name__ == "__main__":
    url, base, worker, lease_seconds, per_second = sys.argv[1:6]
    asyncio.run(main(url, base, worker, float(lease_seconds), float(per_second)))
