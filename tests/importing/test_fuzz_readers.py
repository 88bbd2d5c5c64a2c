"""Fuzzing the readers (issue 12): random bytes, truncated and mutated real samples, and random
tables each end in parsed tasks or the import's own refusal (ImportFailed, with a message in both
languages), within a time bound; never another exception.

A bounded number of examples runs in the normal suite (about 15 s). More, deselected by default:

    DONDOC_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest -p no:cacheprovider -m fuzz \
        tests/importing/test_fuzz_readers.py
"""

from __future__ import annotations

import csv
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.importing.document import parse_document
from bot.importing.errors import ImportFailed
from bot.importing.readers import FORMATS, ReadLimits, read_document
from tests.importing.helpers import SAMPLES, wall_limit

SAMPLE_FILES = {
    path.name: path.read_bytes() for path in sorted(SAMPLES.iterdir()) if path.is_file()
}
LIMITS = ReadLimits(max_unpacked_bytes=20 * 1024 * 1024, max_cells=200_000)
SECONDS = 20.0  # per input: generous for a shared machine, minutes for a runaway pattern


def _examples(default: int) -> settings:
    count = int(os.environ.get("DONDOC_FUZZ_EXAMPLES", default))
    return settings(
        max_examples=count,
        deadline=None,
        derandomize="DONDOC_FUZZ_EXAMPLES" not in os.environ,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _import(data: bytes, name: str) -> bool:
    """Read and parse as an import does: whether it ended in something to import (tasks, duties
    or the plan's facts) or in a refusal naming the file in both languages."""
    with wall_limit(SECONDS):
        try:
            document = read_document(
                data, name, max_bytes=5 * 1024 * 1024, max_rows=2_000, limits=LIMITS
            )
            parsed = parse_document(document, 2_000)
        except ImportFailed as failure:
            return all(name in failure.message(locale) for locale in ("vi", "en"))
    facts = parsed.facts
    return bool(parsed.tasks or parsed.duties or facts.reporting or facts.coordinating_agency_name)


@st.composite
def _mutated_sample(draw: st.DrawFn) -> tuple[bytes, str]:
    name = draw(st.sampled_from(sorted(SAMPLE_FILES)))
    data = bytearray(SAMPLE_FILES[name])
    action = draw(st.sampled_from(["truncate", "flip", "splice"]))
    if action == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif action == "flip":
        for _ in range(draw(st.integers(1, 20))):
            position = draw(st.integers(0, len(data) - 1))
            data[position] = draw(st.integers(0, 255))
    else:
        start = draw(st.integers(0, len(data)))
        data[start:start] = draw(st.binary(max_size=200))
    return bytes(data), name


@_examples(100)
@given(_mutated_sample())
def test_mutated_samples(sample: tuple[bytes, str]) -> None:
    assert _import(*sample)


@_examples(100)
@given(st.binary(max_size=4000), st.sampled_from(FORMATS))
def test_random_bytes(data: bytes, file_format: str) -> None:
    assert _import(data, f"random.{file_format}")


_CELL = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40
) | st.sampled_from(
    ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện",
     "Sở Y tế", "Các sở: Y tế, Công Thương", "Quý II/2025", "1.1", "I", "-", "=1+1", "'=x"]
)  # fmt: skip


@_examples(100)
@given(st.lists(st.lists(_CELL, max_size=8), max_size=30), st.sampled_from(["csv", "txt"]))
def test_random_tables(rows: list[list[str]], file_format: str) -> None:
    buffer = io.StringIO()
    if file_format == "csv":
        csv.writer(buffer).writerows(rows)
    else:
        buffer.write("\n".join(" ".join(row) for row in rows))
    assert _import(buffer.getvalue().encode("utf-8", "surrogatepass"), f"table.{file_format}")


@pytest.mark.fuzz
@_examples(500)
@given(_mutated_sample())
def test_mutated_samples_at_length(sample: tuple[bytes, str]) -> None:
    assert _import(*sample)
