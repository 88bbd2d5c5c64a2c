"""Issue 12, item 2: every pattern run on a file's text takes linear time.

Each input below made a pattern backtrack quadratically or worse: the 1,000-line TXT of the issue
took about 170 s to `dondoc import --dry-run`. The bound here is deliberately generous (a shared
machine); the inputs are large enough that the old patterns take minutes. Figures:
bench/bench_parsing.py.
"""

from __future__ import annotations

import pytest

from bot.importing.document import parse_document
from bot.importing.errors import ImportFailed
from bot.importing.facts import read_facts, read_reporting
from bot.importing.readers import read_document
from bot.importing.splitter import split_agencies
from bot.importing.timeframes import parse_timeframe
from tests.importing.helpers import wall_limit

BOUND = 20.0


def _nobody(name: str) -> bool:
    return False


def test_many_lead_sentences_in_a_txt_plan() -> None:
    lines = [f"Sở Y tế chủ trì thực hiện việc số {i}" for i in range(2_000)]
    data = "\n".join(lines).encode()
    with wall_limit(BOUND):
        document = read_document(data, "p.txt", max_bytes=1 << 30, max_rows=20_000)
        with pytest.raises(ImportFailed):  # no task in it, but an answer
            parse_document(document, 20_000)


def test_the_follow_up_clause_is_still_found() -> None:
    facts = read_facts(
        ["Sở Công Thương có trách nhiệm chủ trì, theo dõi, đôn đốc các đơn vị thực hiện."]
    )
    assert facts.coordinating_agency_name == "Sở Công Thương"
    facts = read_facts(["Sở Y tế chủ trì thực hiện; Sở Công Thương chủ trì theo dõi đôn đốc."])
    assert facts.coordinating_agency_name == "Sở Công Thương"


@pytest.mark.parametrize(
    "paragraphs",
    [
        pytest.param(["(Kèm theo Kế hoạch " * 20_000], id="attached-without-closing"),
        pytest.param(["x" + "\n" * 80_000 + "x"], id="line-breaks-before-headers"),
        pytest.param(["Ban " + "về Sở " * 30_000], id="via-department"),
    ],
)
def test_plan_facts(paragraphs: list[str]) -> None:
    with wall_limit(BOUND):
        facts = read_facts(paragraphs)
    assert facts.reporting == [] and facts.coordinating_agency_name is None  # nothing to find


def test_reporting_clause_with_many_open_parentheses() -> None:
    sentence = "Định kỳ báo cáo kết quả thực hiện hằng năm " + "(qua " * 40_000
    with wall_limit(BOUND):
        clauses, _, _ = read_reporting(sentence)
    assert [clause.cadence.value for clause in clauses] == ["yearly"]


@pytest.mark.parametrize("unit", ["\n", "\u2028", " \u2028"])
def test_agency_cell_with_a_long_run_of_whitespace(unit: str) -> None:
    with wall_limit(BOUND):
        names = split_agencies("Sở A" + unit * 40_000 + "x", _nobody)
    assert names and names[0].startswith("Sở A")


@pytest.mark.parametrize("head", ["quy 1", "thang 1"])
def test_timeframe_with_a_long_run_of_line_breaks(head: str) -> None:
    with wall_limit(BOUND):
        parse_timeframe(head + "\n" * 3_000 + "x")
    assert parse_timeframe("Quý II/2025").start is not None
    assert parse_timeframe("Quý 2 năm 2025").start is not None
    assert parse_timeframe("Tháng 12/2024").start is not None
    assert parse_timeframe("tháng 12 2024").start is not None
