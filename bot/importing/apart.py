"""Files read and parsed in a child process, for a process that must not keep what reading them
loads (python-docx with lxml for a DOCX: 12 MB held for ever once loaded).

`parse_apart` hands the files to a one-worker process pool and keeps what comes back where an
import of the same bytes looks first (bot.importing.prepared.remember). The worker is forked
where the system can (it starts with this process's modules loaded: half a second less than a
fresh interpreter importing SQLAlchemy and the settings again) and ends once it has answered, its
memory with it.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor

from bot.importing.prepared import Prepared, parse, remember
from bot.settings import Settings

log = logging.getLogger(__name__)

File = tuple[str, bytes]  # a file's name and its bytes


def _parse(files: list[File], settings: Settings) -> list[Prepared]:
    """In the worker: parse each file."""
    return [parse(data, name, settings) for name, data in files]


async def parse_apart(files: list[File], settings: Settings) -> bool:
    """Have a child process parse `files`, and keep what it sends back; False (and a log line)
    when it could not, and the import parses them itself. The child is forked on Linux only:
    elsewhere (macOS) forking a process with threads is unsafe, and the platform's default
    start method is used."""
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
    try:
        loop = asyncio.get_running_loop()
        parsed = await loop.run_in_executor(pool, _parse, files, settings)
    except Exception as exc:  # an ImportFailed is raised again by the import, in its own words
        log.warning("%s were not parsed apart: %r", [name for name, _ in files], exc)
        return False
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    for (name, data), prepared in zip(files, parsed, strict=True):
        remember(data, name, settings, prepared, duties_as_tasks=False)
    return True
