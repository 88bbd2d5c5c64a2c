"""Files parsed in a child process (bot.importing.apart, the console demo's first run): the import
that follows finds them parsed and reads nothing itself; a child that fails leaves the parsing
to the import."""

from __future__ import annotations

import logging

import pytest

from bot.demo import DEMO_DIR, DEMO_FILES
from bot.importing import prepared
from bot.importing.apart import parse_apart
from bot.settings import Settings

SETTINGS = Settings(_env_file=None)  # type: ignore[call-arg]


async def test_files_parsed_apart_are_what_parsing_them_here_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = [(name, (DEMO_DIR / name).read_bytes()) for name in DEMO_FILES]
    assert await parse_apart(files, SETTINGS)
    here = [prepared.parse(data, name, SETTINGS) for name, data in files]

    def no_parsing(*_: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(prepared, "parse", no_parsing)
    for (name, data), expected in zip(files, here, strict=True):
        assert await prepared.prepare(data, name, SETTINGS) == expected


async def test_a_child_that_fails_leaves_the_parsing_to_the_import(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        assert not await parse_apart([("gone.xlsx", b"not a workbook")], SETTINGS)
    assert "gone.xlsx" in caplog.text
