"""Splitting agency cells, reading timeframes, plan facts and reporting clauses."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from openpyxl import Workbook

from bot.agencies.registry import AgencyIndex
from bot.db.models import Cadence, TimeframeKind
from bot.importing.facts import read_facts, read_reporting, title_key
from bot.importing.readers import read_document
from bot.importing.splitter import split_agencies, split_prose_agencies
from bot.importing.timeframes import parse_timeframe

SPLITS = [
    (
        "Sở Công Thương, Sở Kế hoạch và Đầu tư; và các sở, ngành, đơn vị có liên quan",
        ["Sở Công Thương", "Sở Kế hoạch và Đầu tư", "Các sở, ban, ngành liên quan"],
    ),
    (
        "- Sở Khoa học và Công nghệ;\n- Sở Kế hoạch và Đầu tư",
        ["Sở Khoa học và Công nghệ", "Sở Kế hoạch và Đầu tư"],
    ),
    (
        "Các sở : Nông nghiệp và Phát triển nông thôn; Tài nguyên và Môi trường; Công thương; Y tế",
        [
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Sở Tài nguyên và Môi trường",
            "Sở Công Thương",
            "Sở Y tế",
        ],
    ),
    (
        "Các Sở: Công Thương, Nông nghiệp và Phát triển nông thôn, Y tế",
        ["Sở Công Thương", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Y tế"],
    ),
    (
        "Các sở: Nông nghiệp và PTNT; Tài nguyên và Môi trường; Y tế",
        ["Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường", "Sở Y tế"],
    ),
    ("Sở Lao động, Thương binh và Xã hội", ["Sở Lao động, Thương binh và Xã hội"]),
    (
        "Sở Văn hóa, Thể thao và Du lịch, Sở Lao động, Thương binh và Xã hội",
        ["Sở Văn hóa, Thể thao và Du lịch", "Sở Lao động, Thương binh và Xã hội"],
    ),
    (
        "Sở KH&CN, Sở NN&PTNT và Sở TN&MT; UBND các huyện, thị xã, thành phố",
        [
            "Sở Khoa học và Công nghệ",
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Sở Tài nguyên và Môi trường",
            "UBND các huyện, thị xã, thành phố",
        ],
    ),
    (
        "Sở TT&TT, Sở GD&ĐT, Sở LĐ-TB&XH, Sở VH-TT&DL, Đài PT-TH tỉnh",
        [
            "Sở Thông tin và Truyền thông",
            "Sở Giáo dục và Đào tạo",
            "Sở Lao động, Thương binh và Xã hội",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Đài Phát thanh - Truyền hình tỉnh",
        ],
    ),
    (
        "Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh, Cục Thống kê, Kho bạc Nhà nước tỉnh",
        ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Cục Thống kê tỉnh", "Kho bạc Nhà nước tỉnh"],
    ),
    (
        "Ủy ban MTTQ tỉnh, Tỉnh Đoàn, Hội Nông dân tỉnh, Hội LHPN tỉnh; Tổ chức chính trị, xã hội",
        [
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            "Tỉnh Đoàn",
            "Hội Nông dân tỉnh",
            "Hội Liên hiệp Phụ nữ tỉnh",
            "Các tổ chức chính trị - xã hội",
        ],
    ),
    ("Sở Công thương, Sở Công Thương", ["Sở Công Thương"]),
    # one agency a line, the line broken the way Word, Excel and their readers break it
    ("Sở Tài chính\u2028Sở Xây dựng", ["Sở Tài chính", "Sở Xây dựng"]),
    ("Sở Tài chính \u2029 Sở Xây dựng", ["Sở Tài chính", "Sở Xây dựng"]),
    ("Sở Tài chính\vSở Xây dựng\x0cSở Y tế", ["Sở Tài chính", "Sở Xây dựng", "Sở Y tế"]),
    ("Sở Tài chính\x85Sở Xây dựng\r\nSở Y tế", ["Sở Tài chính", "Sở Xây dựng", "Sở Y tế"]),
    ("", []),
    ("-", []),
]


@pytest.mark.parametrize(("cell", "expected"), SPLITS)
def test_split_agency_cells(registry_index: AgencyIndex, cell: str, expected: list[str]) -> None:
    names = split_agencies(cell, lambda name: registry_index.resolve(name) is not None)
    resolved = [registry_index.resolve(name) for name in names]
    assert [
        ref.name if ref else name for ref, name in zip(resolved, names, strict=True)
    ] == expected


def _table_file(kind: str, cell: str) -> bytes:
    header = ["STT", "Nội dung", "Cơ quan chủ trì"]
    if kind == "csv":
        return (",".join(header) + f'\n1,Việc A,"{cell}"\n').encode()
    out = io.BytesIO()
    if kind == "xlsx":
        book = Workbook()
        assert book.active is not None
        book.active.append(header)
        book.active.append(["1", "Việc A", cell])
        book.save(out)
    else:
        word = docx.Document()
        table = word.add_table(rows=2, cols=3)
        for row, texts in zip(table.rows, (header, ["1", "Việc A", cell]), strict=True):
            for table_cell, text in zip(row.cells, texts, strict=True):
                table_cell.text = text
        word.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "separator"),
    [("csv", "\v"), ("csv", "\u2028"), ("xlsx", "\u2028"), ("xlsx", "\u2029"), ("docx", "\u2028")],
)
def test_a_cell_of_agencies_one_a_line_is_read_as_lines(
    registry_index: AgencyIndex, kind: str, separator: str
) -> None:
    data = _table_file(kind, f"Sở Tài chính{separator}Sở Xây dựng")
    document = read_document(data, f"plan.{kind}", max_bytes=10_000_000, max_rows=100)
    cell = document.tables[0].rows[1][2]
    assert cell == "Sở Tài chính\nSở Xây dựng"
    names = split_agencies(cell, lambda name: registry_index.resolve(name) is not None)
    assert names == ["Sở Tài chính", "Sở Xây dựng"]


def test_unknown_names_are_kept_whole(registry_index: AgencyIndex) -> None:
    def known(name: str) -> bool:
        return registry_index.resolve(name) is not None

    names = split_agencies("Sở Hư cấu, Thương mại và Dịch vụ, Sở Y tế; Ban Ảo", known)
    assert names == ["Sở Hư cấu, Thương mại và Dịch vụ", "Sở Y tế", "Ban Ảo"]


def test_prose_assignment_keeps_the_agencies_and_flags_the_narrative(
    registry_index: AgencyIndex,
) -> None:
    text = (
        "Sở Thông tin và Truyền thông chỉ đạo các cơ quan Báo, Đài thực hiện công tác tuyên "
        "truyền; Các sở, ban, ngành; UBND các huyện, thị xã, thành phố thực hiện tuyên truyền."
    )
    names, narrative = split_prose_agencies(text, lambda n: registry_index.resolve(n) is not None)
    assert names == [
        "Sở Thông tin và Truyền thông",
        "Các sở, ban, ngành",
        "UBND các huyện, thị xã, thành phố",
    ]
    assert len(narrative) == 2


TIMEFRAMES = [
    ("Hàng năm", TimeframeKind.YEARLY, None, None),
    ("Hằng năm", TimeframeKind.YEARLY, None, None),
    ("Thường xuyên", TimeframeKind.ONGOING, None, None),
    ("2022-2030", TimeframeKind.RANGE, date(2022, 1, 1), date(2030, 12, 31)),
    ("Năm 2022-2030", TimeframeKind.RANGE, date(2022, 1, 1), date(2030, 12, 31)),
    ("Giai đoạn 2021 – 2025", TimeframeKind.RANGE, date(2021, 1, 1), date(2025, 12, 31)),
    ("Hàng năm và giai đoạn", TimeframeKind.YEARLY_AND_PHASE, None, None),
    (
        "Hàng năm, giai đoạn 2022-2025",
        TimeframeKind.YEARLY_AND_PHASE,
        date(2022, 1, 1),
        date(2025, 12, 31),
    ),
    ("Quý II/2025", TimeframeKind.QUARTER, date(2025, 4, 1), date(2025, 6, 30)),
    ("Quý IV năm 2024", TimeframeKind.QUARTER, date(2024, 10, 1), date(2024, 12, 31)),
    ("trước ngày 30/6/2025", TimeframeKind.BEFORE_DATE, None, date(2025, 6, 30)),
    ("Trước ngày 15 tháng 01 năm 2026", TimeframeKind.BEFORE_DATE, None, date(2026, 1, 15)),
    ("Tháng 12/2024", TimeframeKind.MONTH, date(2024, 12, 1), date(2024, 12, 31)),
    ("Tháng 2 năm 2024", TimeframeKind.MONTH, date(2024, 2, 1), date(2024, 2, 29)),
    ("Năm 2025", TimeframeKind.YEAR, date(2025, 1, 1), date(2025, 12, 31)),
    (
        "Trình UBND tỉnh ban hành sau khi Thủ tướng Chính phủ ban hành; thực hiện hàng năm",
        TimeframeKind.CONDITIONAL,
        None,
        None,
    ),
    ("Theo tiến độ dự án", TimeframeKind.OTHER, None, None),
    ("", TimeframeKind.EMPTY, None, None),
    ("-", TimeframeKind.EMPTY, None, None),
]


@pytest.mark.parametrize(("raw", "kind", "start", "end"), TIMEFRAMES)
def test_timeframes(raw: str, kind: TimeframeKind, start: date | None, end: date | None) -> None:
    timeframe = parse_timeframe(raw)
    assert (timeframe.kind, timeframe.start, timeframe.end) == (kind, start, end)
    assert timeframe.raw == (raw or None if kind != TimeframeKind.EMPTY else None)


def test_plan_facts_from_the_appendix_line() -> None:
    facts = read_facts(
        [
            "PHỤ LỤC",
            "(Kèm theo Kế hoạch số 457/KH-UBND ngày 08 tháng 5 năm 2024 của UBND tỉnh An Giang)",
        ]
    )
    assert (facts.number, facts.issue_date, facts.issuer) == (
        "457/KH-UBND",
        date(2024, 5, 8),
        "UBND tỉnh An Giang",
    )
    header = read_facts(
        ["ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG", "Số: 12/KH-UBND", "KẾ HOẠCH", "Triển khai X"]
    )
    assert (header.number, header.issuer, header.title) == (
        "12/KH-UBND",
        "UBND tỉnh Kiên Giang",
        "Triển khai X",
    )


def test_titles_of_a_body_and_its_appendix_meet() -> None:
    body = "KẾ HOẠCH Thực hiện Đề án “Phát triển X đến năm 2030” trên địa bàn tỉnh Quảng Nam"
    appendix = 'Kế hoạch thực hiện Đề án "Phát triển X đến năm 2030" trên địa bàn tỉnh Quảng Nam'
    assert title_key(body) == title_key(appendix) != ""


REPORTING = [
    (
        "Định kỳ báo cáo kết quả thực hiện (qua Sở Công Thương) trước ngày 15/01 hằng năm để "
        "tổng hợp báo cáo UBND tỉnh.",
        (Cadence.YEARLY, 1, 15, 1, "Sở Công Thương"),
    ),
    (
        "Hàng năm, báo cáo kết quả thực hiện cho UBND tỉnh (thông qua Sở Khoa học và Công nghệ) "
        "trước ngày 30/11 hàng năm.",
        (Cadence.YEARLY, 1, 30, 11, "Sở Khoa học và Công nghệ"),
    ),
    (
        "Các sở định kỳ hàng năm (trước ngày 10 tháng 12) báo cáo kết quả thực hiện về Sở Khoa "
        "học và Công nghệ để tổng hợp.",
        (Cadence.YEARLY, 1, 10, 12, "Sở Khoa học và Công nghệ"),
    ),
    (
        "Sơ kết đánh giá kết quả theo định kỳ 05 năm/lần.",
        (Cadence.EVERY_N_YEARS, 5, None, None, None),
    ),
    (
        "Định kỳ 6 tháng, báo cáo kết quả thực hiện về Sở Y tế trước ngày 15/6.",
        (Cadence.SIX_MONTHLY, 1, 15, 6, "Sở Y tế"),
    ),
    (
        "Định kỳ hằng quý báo cáo kết quả thực hiện (qua Sở Nội vụ) trước ngày 20 hằng tháng "
        "cuối quý.",
        (Cadence.QUARTERLY, 1, 20, None, "Sở Nội vụ"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), REPORTING)
def test_reporting_clauses(text: str, expected: tuple[object, ...]) -> None:
    clauses, _, _ = read_reporting(text)
    assert [(c.cadence, c.every_n, c.due_day, c.due_month, c.agency_name) for c in clauses] == [
        expected
    ]


def test_periodic_clause_without_deadline_is_reported() -> None:
    text = "định kỳ báo cáo UBND tỉnh kết quả thực hiện (qua Sở Công Thương) để tổng hợp."
    clauses, via, missing = read_reporting(text)
    assert clauses == [] and via == "Sở Công Thương" and missing is not None
