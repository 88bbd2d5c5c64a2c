"""A small XLSX writer for the period report's workbook: text, numbers and dates in rows, a few
cell styles (number format, bold, size), column widths, a frozen header row and auto-filters.

openpyxl turns every value into a cell object, then into XML elements, which took most of a
5,000-task report's time; here a row is formatted straight into the sheet's XML. Strings are
always written as inline text (never formulas), and the text a spreadsheet program could take
for a formula when the cell is edited (`bot.sheets.looks_like_formula`) also gets Excel's quote
prefix. The files are read back with openpyxl in the tests.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.sheets import ILLEGAL_CHARACTERS, looks_like_formula

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()  # day 0 of Excel's 1900 date system (as used)
_FIRST_CUSTOM_FORMAT = 164


def column_letter(index: int) -> str:
    """1 → "A", 27 → "AA"."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


@dataclass(frozen=True, slots=True)
class _Style:
    number_format: str | None
    bold: bool
    size: float | None
    quote: bool  # Excel's quote prefix: the text stays text when the cell is edited


class Sheet:
    """One worksheet, written row by row (`append`)."""

    def __init__(
        self, book: Workbook, name: str, widths: Sequence[float], freeze_header: bool
    ) -> None:
        self.name = name
        self.auto_filter = ""  # "A1:O7": the range filtered, header row included
        self._book = book
        self._widths = widths
        self._freeze_header = freeze_header
        self._rows: list[str] = []
        self._letters = [column_letter(index) for index in range(1, len(widths) + 1)]

    def append(self, values: Sequence[object], styles: Sequence[int] = ()) -> None:
        """One row: str, int, float, bool, date or None (an empty cell, written only when it
        has a style); `styles[i]` is the style (`Workbook.style`) of `values[i]`, 0 the plain."""
        number = len(self._rows) + 1
        letters = self._letters
        while len(letters) < len(values):
            letters.append(column_letter(len(letters) + 1))
        cells = []
        for index, value in enumerate(values):
            style = styles[index] if index < len(styles) else 0
            if isinstance(value, str):
                if ILLEGAL_CHARACTERS.search(value):
                    value = ILLEGAL_CHARACTERS.sub("", value)  # control characters: not allowed
                if value:
                    if looks_like_formula(value):
                        style = self._book.quoted(style)
                    cells.append(
                        f'<c r="{letters[index]}{number}"{_style_attribute(style)} t="inlineStr">'
                        f'<is><t xml:space="preserve">{_escape(value)}</t></is></c>'
                    )
                    continue
                value = None
            if value is None:
                if style:
                    cells.append(f'<c r="{letters[index]}{number}" s="{style}"/>')
                continue
            if isinstance(value, bool):
                data = f' t="b"><v>{int(value)}</v>'
            elif isinstance(value, int):
                data = f"><v>{value}</v>"
            elif isinstance(value, float):
                data = f"><v>{value:.16g}</v>"  # as openpyxl writes it
            elif isinstance(value, date) and not isinstance(value, datetime):
                data = f"><v>{value.toordinal() - _EXCEL_EPOCH}</v>"
            else:
                raise TypeError(f"no XLSX cell for {type(value).__name__}")
            cells.append(f'<c r="{letters[index]}{number}"{_style_attribute(style)}{data}</c>')
        self._rows.append(f'<row r="{number}">{"".join(cells)}</row>')

    def xml(self) -> str:
        view = '<sheetView workbookViewId="0">'
        if self._freeze_header:
            view += (
                '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            )
        view += "</sheetView>"
        columns = "".join(
            f'<col min="{index}" max="{index}" width="{width:g}" customWidth="1"/>'
            for index, width in enumerate(self._widths, start=1)
        )
        autofilter = f'<autoFilter ref="{self.auto_filter}"/>' if self.auto_filter else ""
        return (
            f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
            f'<sheetViews>{view}</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            f"<cols>{columns}</cols><sheetData>{''.join(self._rows)}</sheetData>{autofilter}"
            '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
            "</worksheet>"
        )

    def filter_name(self) -> str:
        """The auto-filter's range as Excel's hidden _FilterDatabase name refers to it."""
        first, last = self.auto_filter.split(":")
        quoted = self.name.replace("'", "''")
        return f"'{quoted}'!{_absolute(first)}:{_absolute(last)}"


def _absolute(reference: str) -> str:
    """ "A23" → "$A$23"."""
    digits = next(index for index, char in enumerate(reference) if char.isdigit())
    return f"${reference[:digits]}${reference[digits:]}"


def _style_attribute(style: int) -> str:
    return f' s="{style}"' if style else ""


class Workbook:
    """Sheets in order, their styles, and the title (the file's Title property)."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.sheets: list[Sheet] = []
        self._styles: list[_Style] = [_Style(None, False, None, False)]
        self._ids: dict[_Style, int] = {self._styles[0]: 0}

    def sheet(self, name: str, widths: Sequence[float], *, freeze_header: bool = False) -> Sheet:
        created = Sheet(self, name, widths, freeze_header)
        self.sheets.append(created)
        return created

    def style(
        self, *, number_format: str | None = None, bold: bool = False, size: float | None = None
    ) -> int:
        """The id of a cell style, for `Sheet.append`."""
        return self._id(_Style(number_format, bold, size, False))

    def quoted(self, style: int) -> int:
        """`style` with Excel's quote prefix."""
        found = self._styles[style]
        return self._id(_Style(found.number_format, found.bold, found.size, True))

    def _id(self, style: _Style) -> int:
        if style not in self._ids:
            self._ids[style] = len(self._styles)
            self._styles.append(style)
        return self._ids[style]

    def save(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", self._content_types())
            archive.writestr("_rels/.rels", _ROOT_RELATIONSHIPS)
            archive.writestr("docProps/core.xml", self._core())
            archive.writestr("xl/workbook.xml", self._workbook())
            archive.writestr("xl/_rels/workbook.xml.rels", self._workbook_relationships())
            archive.writestr("xl/styles.xml", self._stylesheet())
            for number, sheet in enumerate(self.sheets, start=1):
                archive.writestr(f"xl/worksheets/sheet{number}.xml", sheet.xml().encode())
        return buffer.getvalue()

    def _content_types(self) -> str:
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{number}.xml" '
            f'ContentType="{kind}.worksheet+xml"/>'
            for number in range(1, len(self.sheets) + 1)
        )
        return (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{kind}.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f"{sheets}</Types>"
        )

    def _core(self) -> str:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        stamp = f'xsi:type="dcterms:W3CDTF">{now}'
        return (
            f"{_HEAD}<cp:coreProperties "
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_escape(self.title)}</dc:title><dc:creator>dondoc</dc:creator>"
            f"<dcterms:created {stamp}</dcterms:created>"
            f"<dcterms:modified {stamp}</dcterms:modified></cp:coreProperties>"
        )

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name="{_attribute(sheet.name)}" sheetId="{number}" r:id="rId{number}"/>'
            for number, sheet in enumerate(self.sheets, start=1)
        )
        filters = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
            f"{_escape(sheet.filter_name())}</definedName>"
            for index, sheet in enumerate(self.sheets)
            if sheet.auto_filter
        )
        names = f"<definedNames>{filters}</definedNames>" if filters else ""
        return (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
            f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
            f'{names}<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        )

    def _workbook_relationships(self) -> str:
        kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        sheets = "".join(
            f'<Relationship Id="rId{number}" Type="{kind}/worksheet" '
            f'Target="worksheets/sheet{number}.xml"/>'
            for number in range(1, len(self.sheets) + 1)
        )
        styles = (
            f'<Relationship Id="rId{len(self.sheets) + 1}" Type="{kind}/styles" '
            'Target="styles.xml"/>'
        )
        body = f"{sheets}{styles}</Relationships>"
        return f'{_HEAD}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">{body}'

    def _stylesheet(self) -> str:
        formats: dict[str, int] = {}
        fonts: dict[tuple[bool, float | None], int] = {(False, None): 0}
        for style in self._styles:
            if style.number_format is not None and style.number_format not in formats:
                formats[style.number_format] = _FIRST_CUSTOM_FORMAT + len(formats)
            fonts.setdefault((style.bold, style.size), len(fonts))
        number_formats = "".join(
            f'<numFmt numFmtId="{number}" formatCode="{_attribute(code)}"/>'
            for code, number in formats.items()
        )
        font_elements = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>']
        for bold, size in list(fonts)[1:]:
            font_elements.append(
                "<font>"
                + ('<b val="1"/>' if bold else "")
                + (f'<sz val="{size:g}"/>' if size is not None else "")
                + "</font>"
            )
        cell_formats = "".join(
            f'<xf numFmtId="{formats.get(style.number_format or "", 0)}" '
            f'fontId="{fonts[(style.bold, style.size)]}" fillId="0" borderId="0" xfId="0"'
            + (' applyNumberFormat="1"' if style.number_format else "")
            + (' applyFont="1"' if fonts[(style.bold, style.size)] else "")
            + (' quotePrefix="1"' if style.quote else "")
            + "/>"
            for style in self._styles
        )
        return (
            f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(formats)}">{number_formats}</numFmts>' if formats else "")
            + f'<fonts count="{len(font_elements)}">{"".join(font_elements)}</fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            f'</cellStyleXfs><cellXfs count="{len(self._styles)}">{cell_formats}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )


_ROOT_RELATIONSHIPS = (
    f'{_HEAD}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/></Relationships>'
)
