"""Property tests on generated appendix tables: whatever the column order, the merged cells, the
Unicode form, the file format and the way an agency list is written, every task comes out with
its code, its agencies and its timeframe."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from bot.agencies.registry import AgencyIndex
from bot.importing.document import parse_document
from bot.importing.readers import read_document
from bot.importing.splitter import split_agencies
from bot.importing.timeframes import parse_timeframe

AGENCIES = {
    "Sở Khoa học và Công nghệ": [
        "Sở Khoa học và Công nghệ",
        "Sở KH&CN",
        "sở khoa học và công nghệ",
    ],
    "Sở Công Thương": ["Sở Công Thương", "Sở Công thương", "SỞ CÔNG THƯƠNG"],
    "Sở Lao động, Thương binh và Xã hội": ["Sở Lao động, Thương binh và Xã hội", "Sở LĐ-TB&XH"],
    "Sở Văn hóa, Thể thao và Du lịch": ["Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL"],
    "Sở Nông nghiệp và Phát triển nông thôn": ["Sở NN&PTNT", "Sở Nông nghiệp và PTNT"],
    "Sở Tài nguyên và Môi trường": ["Sở TN&MT", "Sở Tài nguyên và môi trường"],
    "Sở Y tế": ["Sở Y tế"],
    "Công an tỉnh": ["Công an tỉnh"],
    "Các sở, ban, ngành liên quan": [
        "các sở, ban, ngành liên quan",
        "các Sở, ngành, đơn vị có liên quan",
    ],
    "UBND các huyện, thị xã, thành phố": ["UBND các huyện, thị xã, thành phố"],
}
DEPARTMENTS = [name for name in AGENCIES if name.startswith("Sở ")]
TIMEFRAMES = [
    "Hàng năm",
    "Thường xuyên",
    "2022-2030",
    "Năm 2022-2030",
    "Quý II/2025",
    "Tháng 12/2024",
    "",
]
COLUMNS = ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm",
           "Thời gian thực hiện", "Nguồn kinh phí"]  # fmt: skip
WORDS = ["Triển khai", "kế hoạch", "hỗ trợ", "doanh nghiệp", "công nghệ", "đào tạo", "năm", "Đề án"]


@dataclass
class GenTask:
    lead: str
    lead_written: str
    coordinators: list[str]
    coordinators_written: str
    timeframe: str
    content: str


@st.composite
def agency_list(draw: st.DrawFn) -> tuple[list[str], str]:
    names = draw(st.lists(st.sampled_from(list(AGENCIES)), unique=True, max_size=4))
    if names and all(name in DEPARTMENTS for name in names) and draw(st.booleans()):
        items = [name.removeprefix("Sở ") for name in names]
        return names, "Các sở: " + draw(st.sampled_from(["; ", ", "])).join(items)
    written = [draw(st.sampled_from(AGENCIES[name])) for name in names]
    style = draw(st.sampled_from(["; ", ", ", "\n", "bullets", "; và "]))
    if style == "bullets":
        return names, "\n".join(f"- {item};" for item in written)
    return names, style.join(written)


@st.composite
def tasks(draw: st.DrawFn) -> GenTask:
    lead = draw(st.sampled_from([name for name in AGENCIES if not name.startswith("Các")]))
    coordinators, written = draw(agency_list())
    written_lead = draw(st.sampled_from(AGENCIES[lead]))
    content = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=6)))
    return GenTask(
        lead, written_lead, coordinators, written, draw(st.sampled_from(TIMEFRAMES)), content
    )


@st.composite
def plans(draw: st.DrawFn) -> tuple[list[list[GenTask]], list[int], bool, str, bool]:
    sections = draw(st.lists(st.lists(tasks(), min_size=1, max_size=4), min_size=1, max_size=3))
    order = draw(st.permutations(range(len(COLUMNS))))
    nfd = draw(st.booleans())
    file_format = draw(st.sampled_from(["xlsx", "csv", "docx"]))
    merge = draw(st.booleans())
    return sections, list(order), nfd, file_format, merge


def _cells(task: GenTask, code: str) -> list[str]:
    return [code, task.content, task.lead_written, task.coordinators_written, "Báo cáo",
            task.timeframe, "NSNN"]  # fmt: skip


def _build(
    sections: list[list[GenTask]], order: list[int], nfd: bool, file_format: str, merge: bool
) -> bytes:
    rows: list[list[str]] = [[COLUMNS[i] for i in order]]
    merges: list[tuple[int, int, int]] = []  # (column, first row, last row), 1-based rows
    for number, section in enumerate(sections, start=1):
        rows.append([f"{number}" if i == 0 else f"Phần {number}" for i in order])
        start = len(rows) + 1
        for index, task in enumerate(section, start=1):
            cells = _cells(task, f"{number}.{index}")
            rows.append([cells[i] for i in order])
        if merge and len(section) > 1 and len({task.timeframe for task in section}) == 1:
            merges.append((order.index(5), start, start + len(section) - 1))
    if nfd:
        rows = [[unicodedata.normalize("NFD", cell) for cell in row] for row in rows]
    if file_format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows(rows)
        return buffer.getvalue().encode("utf-8")
    if file_format == "docx":
        document = docx.Document()
        table = document.add_table(rows=len(rows), cols=len(COLUMNS))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        for column, first, last in merges:
            table.cell(first - 1, column).merge(table.cell(last - 1, column))
            table.cell(first - 1, column).text = rows[first - 1][column]
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for column, first, last in merges:
        letter = get_column_letter(column + 1)
        sheet.merge_cells(f"{letter}{first}:{letter}{last}")  # keeps only the top-left value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plans())
def test_generated_tables_read_back(registry_index: AgencyIndex, plan: tuple) -> None:
    sections, order, nfd, file_format, merge = plan
    data = _build(sections, order, nfd, file_format, merge)
    document = read_document(data, f"plan.{file_format}", max_bytes=10**7, max_rows=1000)
    parsed = parse_document(document, 1000)

    def known(name: str) -> bool:
        return registry_index.resolve(name) is not None

    def resolved(text: str) -> list[str]:
        names = [registry_index.resolve(name) for name in split_agencies(text, known)]
        assert all(names), text
        return list(dict.fromkeys(ref.name for ref in names if ref))

    expected = [
        (f"{number}.{index}", task)
        for number, section in enumerate(sections, start=1)
        for index, task in enumerate(section, start=1)
    ]
    assert [task.code for task in parsed.tasks] == [code for code, _ in expected]
    for got, (code, task) in zip(parsed.tasks, expected, strict=True):
        assert got.section_path == code.split(".")[0]
        assert got.content == task.content
        assert resolved(got.leads) == [task.lead]
        assert resolved(got.coordinators) == task.coordinators
        assert parse_timeframe(got.timeframe).kind == parse_timeframe(task.timeframe).kind
