"""Files read and parsed ahead of the transaction that imports them.

Reading and parsing a large file takes seconds of CPU. It runs in a worker thread, so the event
loop keeps serving other chats; and for a file an admin sends in a chat it runs before the
message's transaction opens (`Dispatcher` asks `handlers.forms.import_plan.prefetch`), because
on SQLite that transaction holds the database's one write lock from its first statement (the
delivery mark) and every other chat's message would wait for it. The preview and the Confirm
that follows then find the parsed file here instead of parsing it again. A file parsed in another
process (the console demo's sample plan, bot/demo.py) is kept here by `remember`.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict

from bot.importing.document import ParsedDocument, parse_document
from bot.importing.errors import ImportFailed
from bot.importing.readers import ReadLimits, read_document
from bot.settings import Settings
from bot.text import clean

KEEP = 2  # files kept parsed (a preview waiting for its Confirm); dropped once applied

Prepared = tuple[str, ParsedDocument]  # the file's format, and what it holds
Key = tuple[str, str, int, int, ReadLimits, bool]
_recent: OrderedDict[Key, Prepared | ImportFailed] = OrderedDict()


def label(file_name: str) -> str:
    """A file's name as the import shows it (normalised, on one line)."""
    return clean(file_name).replace("\n", " ") or "?"


def _key(data: bytes, file_name: str, settings: Settings, duties_as_tasks: bool) -> Key:
    """A file is known by its bytes and its name as labelled, whoever labelled it first."""
    return (
        hashlib.sha256(data).hexdigest(),
        label(file_name),
        settings.import_max_bytes,
        settings.import_max_rows,
        ReadLimits.of(settings),
        duties_as_tasks,
    )


def parse(
    data: bytes, file_name: str, settings: Settings, duties_as_tasks: bool = False
) -> Prepared:
    """Read and parse a file, here and now; ImportFailed when it cannot be imported."""
    document = read_document(
        data,
        file_name,
        max_bytes=settings.import_max_bytes,
        max_rows=settings.import_max_rows,
        limits=ReadLimits.of(settings),
    )
    parsed = parse_document(document, settings.import_max_rows, duties_as_tasks=duties_as_tasks)
    return document.format, parsed


async def prepare(
    data: bytes, file_name: str, settings: Settings, *, duties_as_tasks: bool = False
) -> Prepared:
    """The read and parsed file, from a worker thread or from the files parsed recently;
    ImportFailed when it cannot be imported."""
    key = _key(data, file_name, settings, duties_as_tasks)
    outcome = _recent.get(key)
    if outcome is None:
        try:
            outcome = await asyncio.to_thread(parse, data, file_name, settings, duties_as_tasks)
        except ImportFailed as failure:
            outcome = failure
    _keep(key, outcome)
    if isinstance(outcome, ImportFailed):
        raise outcome
    return outcome


def remember(
    data: bytes, file_name: str, settings: Settings, prepared: Prepared, *, duties_as_tasks: bool
) -> None:
    """Keep a file parsed elsewhere, with `settings`' limits, for the import that follows."""
    _keep(_key(data, file_name, settings, duties_as_tasks), prepared)


def _keep(key: Key, outcome: Prepared | ImportFailed) -> None:
    """Remember `outcome` as the newest, forgetting the oldest beyond KEEP."""
    _recent[key] = outcome
    _recent.move_to_end(key)
    while len(_recent) > KEEP:
        _recent.popitem(last=False)


def forget(data: bytes, file_name: str, settings: Settings, *, duties_as_tasks: bool) -> None:
    """Drop a file once it is imported: its parsed content is not needed any more."""
    _recent.pop(_key(data, file_name, settings, duties_as_tasks), None)
