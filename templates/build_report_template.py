"""Builds `templates/report_template.docx`, the Word template of the period report.

Run it only to start the template afresh (it overwrites the file):

    .venv/bin/python templates/build_report_template.py

The .docx it writes is the real template: coordinators may open it in Word and change fonts,
margins, wording, recipients or the signature block without touching code, as long as the Jinja
tags stay whole ({{ … }} for a value, {%p … %} alone in a paragraph for a loop over paragraphs,
{%tr … %} alone in a table row for a loop over rows). The values it can use are built in
`bot/reports/docx_report.py` (`report_context`); `L.<name>` are the phrases from
`bot/locales/<locale>/reports.ftl` (`reports-docx-<name>`), so the same template gives a
Vietnamese or an English report.

Layout follows Decree 30/2020/NĐ-CP: A4, Times New Roman 13–14 pt (12 in the appendix tables),
margins top 20, bottom 20, left 30, right 15 mm (the landscape appendix too),
the issuing body top left and the national motto top right, number and symbol, place and date,
the title, the body, "Nơi nhận" and the signature block, then the appendix (landscape): the
tasks' progress, and the explanation requests (a table, or a line saying there were none).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

OUTPUT = Path(__file__).resolve().parent / "report_template.docx"
FONT = "Times New Roman"
TABLE_TEXT = "Table Text"  # the paragraph style of the appendix tables' rows
TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15  # margins, mm
HEADING_COLUMNS = (62, 103)  # the issuing body | the national motto, on one line (mm)
# the landscape appendix: 297 - 30 - 15 = 252 mm of line
APPENDIX_COLUMNS = (
    ("col_no", "no", 13),
    ("col_task", "task", 58),
    ("col_agency", "agency", 34),
    ("col_status", "status", 24),
    ("col_percent", "percent", 19),
    ("col_result", "result", 59),
    ("col_date", "date", 25),  # "20/06/2025" on one line
    ("col_on_time", "on_time", 20),
)
EXPLANATION_COLUMNS = (
    ("col_no", "no", 13),
    ("col_explaining_agency", "agency", 50),
    ("col_period", "period", 25),
    ("col_requested", "requested", 25),
    ("col_answered", "answered", 25),
    ("col_reason", "reason", 88),
    ("col_expected", "expected", 26),
)


def _tag(name: str) -> str:
    """A Jinja value tag for the template: {{ name }}."""
    return "{{ " + name + " }}"


def _set_font(style_or_run: object, size: float) -> None:
    font = style_or_run.font  # type: ignore[attr-defined]
    font.name = FONT
    font.size = Pt(size)
    r_pr = style_or_run.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _paragraph(
    container: object,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
    after: float = 6,
) -> Paragraph:
    paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _run(paragraph: Paragraph, text: str, *, size: float = 14, bold=False, italic=False) -> None:
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    _set_font(run, size)


def _hide_borders(table: object) -> None:
    borders = table._tbl.tblPr.makeelement(qn("w:tblBorders"), {})  # type: ignore[attr-defined]
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{side}"), {qn("w:val"): "nil"}))
    table._tbl.tblPr.append(borders)  # type: ignore[attr-defined]


def _fix_columns(table: Table, widths: tuple[int, ...]) -> None:
    """Column widths (mm) in the grid and in every cell, on a fixed layout (see the top)."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(Mm(width).twips))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    table_width = table._tbl.tblPr.makeelement(
        qn("w:tblW"), {qn("w:w"): str(Mm(sum(widths)).twips), qn("w:type"): "dxa"}
    )
    for old in table._tbl.tblPr.findall(qn("w:tblW")):
        table._tbl.tblPr.remove(old)
    table._tbl.tblPr.append(table_width)


def _first(cell: _Cell) -> _Cell:
    """A cell without its default empty paragraph, so every paragraph is one we add."""
    cell._tc.remove(cell.paragraphs[0]._p)
    return cell


def _heading(document: object) -> None:
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    _hide_borders(table)
    _fix_columns(table, HEADING_COLUMNS)
    left, right = (_first(cell) for cell in table.rows[0].cells)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(left, "{{ issuer_upper }}", size=13, align=center, after=0)
    _paragraph(left, "{{ body_upper }}", size=13, bold=True, align=center, after=6)
    _paragraph(left, "{{ number_line }}", size=13, align=center, after=0)
    _paragraph(right, "{{ L.motto }}", size=13, bold=True, align=center, after=0)
    _paragraph(right, "{{ L.motto_line }}", size=14, bold=True, align=center, after=6)
    _paragraph(right, "{{ place_date }}", size=14, italic=True, align=center, after=0)


def _body(document: object) -> None:
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph(document, "", after=6)
    _paragraph(document, "{{ L.title }}", bold=True, align=center, after=0)
    _paragraph(document, "{{ subtitle }}", bold=True, align=center, after=0)
    _paragraph(document, "{{ period_line }}", italic=True, align=center, after=0)
    _paragraph(document, "{%p if as_of_line %}")
    _paragraph(document, "{{ as_of_line }}", italic=True, align=center, after=0)
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "", after=6)

    _paragraph(document, "{{ L.part_general }}", bold=True, align=justify, indent=True)
    _paragraph(document, "{%p for line in general %}")
    _paragraph(document, "{{ line }}", align=justify, indent=True)
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{%p if not received %}")
    _paragraph(document, "{{ L.nothing_received }}", italic=True, align=justify, indent=True)
    _paragraph(document, "{%p endif %}")

    _paragraph(document, "{{ L.part_results }}", bold=True, align=justify, indent=True)
    _paragraph(document, "{%p for group in groups %}")
    _paragraph(document, "{{ group.title }}", bold=True, align=justify, indent=True)
    _paragraph(document, "{{ group.summary }}", italic=True, align=justify, indent=True)
    _paragraph(document, "{%p for lead in group.leads %}")
    line = _paragraph(document, "- ", align=justify, indent=True)
    _run(line, "{{ lead.agency }}", bold=True)
    _run(line, ": {{ lead.text }}")
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{%p endfor %}")

    for part, items, none in (
        ("part_obstacles", "obstacles", "no_obstacles"),
        ("part_proposals", "proposals", "no_proposals"),
    ):
        _paragraph(document, _tag("L." + part), bold=True, align=justify, indent=True)
        _paragraph(document, "{%p for entry in " + items + " %}")
        line = _paragraph(document, "- ", align=justify, indent=True)
        _run(line, "{{ entry.agency }}", bold=True)
        _run(line, " ({{ entry.tasks }}): {{ entry.text }}")
        _paragraph(document, "{%p endfor %}")
        _paragraph(document, "{%p if not " + items + " %}")
        _paragraph(document, _tag("L." + none), italic=True, align=justify, indent=True)
        _paragraph(document, "{%p endif %}")

    _paragraph(document, "{{ L.closing }}", align=justify, indent=True, after=12)


def _signature(document: object) -> None:
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    _hide_borders(table)
    _fix_columns(table, (75, 90))
    left, right = (_first(cell) for cell in table.rows[0].cells)
    _paragraph(left, "{{ L.recipients }}", size=12, bold=True, italic=True, after=0)
    _paragraph(left, "{%p for recipient in recipients %}", size=11)
    _paragraph(left, "- {{ recipient }}", size=11, after=0)
    _paragraph(left, "{%p endfor %}", size=11)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(right, "{{ signer_title }}", bold=True, align=center, after=0)
    _paragraph(right, "{{ L.signature_hint }}", size=13, italic=True, align=center, after=60)
    _paragraph(right, "{{ signer_name }}", bold=True, align=center)


def _appendix(document: object) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    _margins(section)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "{{ L.appendix_title }}", bold=True, align=center, after=0)
    _paragraph(document, "{{ appendix_subtitle }}", italic=True, align=center, after=12)

    _loop_table(document, APPENDIX_COLUMNS, "rows")

    _paragraph(document, "", after=12)
    _paragraph(document, "{{ L.explanations_title }}", bold=True, align=center, after=12)
    _paragraph(document, "{%p if explanations %}")
    _loop_table(document, EXPLANATION_COLUMNS, "explanations")
    _paragraph(document, "{%p else %}")
    _paragraph(document, "{{ L.explanations_none }}", italic=True, align=center)
    _paragraph(document, "{%p endif %}")


def _loop_table(document: object, columns: tuple[tuple[str, str, int], ...], items: str) -> None:
    """A bordered table: a header row repeated on every page, then one row per item of
    `items` (a {%tr for %} loop; the loop's own rows vanish when rendered)."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=4, cols=len(columns))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fix_columns(table, tuple(width for _, _, width in columns))
    header, loop_start, data, loop_end = table.rows
    for index, (label, field, _) in enumerate(columns):
        _paragraph(
            _first(header.cells[index]),
            _tag("L." + label),
            size=12,
            bold=True,
            align=center,
            after=0,
        )
        # the repeated row's text takes its font from a style: thousands of rows of runs each
        # carrying their own font made the rendered document several times larger
        _first(data.cells[index]).add_paragraph(_tag("row." + field), style=TABLE_TEXT)
    loop = "{%tr for row in " + items + " %}"
    _paragraph(_first(loop_start.cells[0]), loop, size=12, after=0)
    _paragraph(_first(loop_end.cells[0]), "{%tr endfor %}", size=12, after=0)
    for row in (loop_start, loop_end):
        for cell in row.cells[1:]:
            _paragraph(_first(cell), "", size=12, after=0)
    repeat = header._tr.get_or_add_trPr().makeelement(qn("w:tblHeader"), {})
    header._tr.get_or_add_trPr().append(repeat)


def _margins(section: Section) -> None:
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)


def _table_text_style(document: Any) -> None:
    style = document.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    _set_font(style, 12)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)


def build(path: Path = OUTPUT) -> Path:
    document = Document()
    _set_font(document.styles["Normal"], 14)
    _table_text_style(document)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    _margins(section)
    body = document._body._body  # drop the empty first paragraph python-docx starts with
    for paragraph in list(document.paragraphs):
        body.remove(paragraph._p)
    _heading(document)
    _body(document)
    _signature(document)
    _appendix(document)
    document.core_properties.title = "dondoc – BÁO CÁO"
    document.save(path)
    return path


if __name__ == "__main__":
    print(build())
