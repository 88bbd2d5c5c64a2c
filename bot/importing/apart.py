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
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bot.importing.prepared import Prepared, parse, remember
from bot.settings import Settings

log = logging.getLogger(__name__)


def _limits(settings: Settings) -> dict[str, int]:
    """The settings a file is read with (IMPORT_MAX_…): all the worker needs of them."""
    names = [name for name in Settings.model_fields if name.startswith("import_")]
    return {name: getattr(settings, name) for name in names}


def _parse(paths: list[Path], limits: dict[str, int]) -> list[Prepared]:
    """In the worker: read and parse each file."""
    settings = Settings.model_construct(None, **limits)
    return [parse(path.read_bytes(), path.name, settings) for path in paths]


async def parse_apart(paths: list[Path], settings: Settings) -> bool:
    """Have a child process read and parse `paths`, and keep what it sends back; False (and a
    log line) when it could not, and the import parses them itself."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
    try:
        loop = asyncio.get_running_loop()
        parsed = await loop.run_in_executor(pool, _parse, paths, _limits(settings))
    except Exception as exc:  # an ImportFailed is raised again by the import, in its own words
        log.warning("%s were not parsed apart: %r", [path.name for path in paths], exc)
        return False
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    for path, prepared in zip(paths, parsed, strict=True):
        remember(path.read_bytes(), path.name, settings, prepared, duties_as_tasks=False)
    return True
