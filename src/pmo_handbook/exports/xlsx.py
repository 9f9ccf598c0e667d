"""Excel workbooks of a format: the register sheet (headers, drop-downs, date formats, overdue
highlighting), a sheet explaining every column, and a hidden sheet holding the drop-down lists."""
from __future__ import annotations

import datetime as dt
import os
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from copy import copy
from io import BytesIO
from typing import TYPE_CHECKING, cast

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from pmo_handbook.exports import wbs_xlsx
from pmo_handbook.status.issues import ISSUE
from pmo_handbook.status.lifecycle import Lifecycle
from pmo_handbook.status.risks import RISK_LEVELS, RISK_REVIEW
from pmo_handbook.tabular.vocabulary import People
from pmo_handbook.tabular.columns import (AUDIENCE_PROPERTY, CODE_DOMAINS, LIST_SEPARATOR, WRAPPED, Cell, Spec,
                                        Table, column_letter, row)

if TYPE_CHECKING:  # openpyxl has no type information: these name what is passed around
    from openpyxl.cell.cell import Cell as SheetCell
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.worksheet.worksheet import Worksheet

    from pmo_handbook.model.wbs import Task

    Styles = dict[str, StyleArray]  # style name -> the first styled cell's style, copied to the others
Ui = Callable[..., str]  # Labels.ui: a label by key, with its placeholders filled

TEMPLATE_ROWS = 500  # rows an empty template prepares with drop-downs, formats and formulas
SPARE_ROWS = 100     # the same below the records of a project register
DATE_FORMAT = "yyyy-mm-dd"
CHOICE_SEPARATOR = "／"
# Japanese offices print registers on A4 landscape and read them in the font Office in Japan
# ships as its default; Calibri (openpyxl's default) has no Japanese glyphs and falls back unevenly.
FONT_NAME = "游ゴシック"
FONT = Font(name=FONT_NAME, size=11, family=3, charset=128, scheme=None)
PAPER_A4 = 9  # ECMA-376 paperSize code

_thin = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
OVERDUE_FILL = PatternFill("solid", fgColor="FFC7CE")
OVERDUE_FONT = Font(name=FONT_NAME, size=11, color="9C0006")
LEVEL_COLOURS = {"critical": "FF8A80", "high": "FFCDD2", "medium": "FFE0B2", "low": "E8F5E9"}
TOP = Alignment(vertical="top")
WRAP = Alignment(vertical="top", wrap_text=True)

# Rows that need attention: past due on TODAY(), by the rule the pages use (status/lifecycle.py),
# written as a formula over the same columns: issues overdue, risks whose review date has passed.
ATTENTION: dict[str, Lifecycle] = {"issue": ISSUE, "risk": RISK_REVIEW}
# Computed columns: written as a formula of other columns, ignored by the import.
FORMULAS = {"score": ("probability", "impact")}


def display_width(text: str) -> int:
    """Width in Excel's character units: full-width (Japanese) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sheet_title(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, "_")
    return name[:31]


def workbook(table: Table, records: Sequence[object] = (), people: People | None = None, audience: str | None = None,
             template: bool = False, reference: tuple[str, list[str], list[list[Cell]]] | None = None) -> bytes:
    """The format as a workbook; with records, a project's register in the same layout, marked
    with the audience the records were filtered for. template: an empty template's rows below
    its pre-filled ones; reference: (title, headers, rows) of a sheet the rows draw on."""
    people = people or People()
    wb = Workbook()
    _default_font(wb)
    ws = wb.active
    ws.title = sheet_title(table.name)
    last = 1 + max(len(records) + SPARE_ROWS, TEMPLATE_ROWS if template or not records else 0)
    styles: Styles = {}
    _header(ws, table, styles)
    for r, record in enumerate(records, start=2):
        for spec, value in zip(table.specs, row(table, record, people), strict=True):
            if value is not None:  # empty cells take their style from the column
                _write(ws, r, spec, value, styles)
    _formulas(ws, table, last, styles)
    _column_formats(ws, table)
    refs = _lists(wb, table, people)
    _validations(ws, table, refs, last)
    _highlights(ws, table, last)
    if table.format.record == "wbs":
        wbs_xlsx.outline(ws, cast("Sequence[Task]", records))  # the wbs register holds Tasks
        wbs_xlsx.late_rule(ws, table, last, OVERDUE_FILL, OVERDUE_FONT)
    end = column_letter(len(table.specs))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{end}{max(2, len(records) + 1)}"
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True  # printed rules for the table, without styling every cell
    _print_setup(ws)
    _guide(wb.create_sheet(sheet_title(table.L.ui("sheet_guide")), 1), table)
    if reference is not None:
        _reference(wb.create_sheet(sheet_title(reference[0]), 2), *reference[1:])
    wb.active = 0
    wb.properties.title = table.name
    wb.properties.creator = "pmo-handbook"
    if audience is not None:
        wb.custom_doc_props.append(StringProperty(name=AUDIENCE_PROPERTY, value=audience))
    return _save(wb)


# A download is the same bytes for the same data: no clock in it (the serve rebuild compares
# outputs, browsers and mirrors see no false change). The workbook's dates and every zip entry's
# time are this fixed instant, the earliest a zip can record.
FIXED_TIME = dt.datetime(1980, 1, 1)


class _FixedTimeZip(zipfile.ZipFile):
    """openpyxl's archive with FIXED_TIME on every entry instead of the clock's or a file's."""

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: str | bytes,  # type: ignore[override]
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, FIXED_TIME.timetuple()[:6])
            info.compress_type, info.external_attr = self.compression, 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: str | os.PathLike[str], arcname: str | os.PathLike[str] | None = None,
              compress_type: int | None = None, compresslevel: int | None = None) -> None:
        with open(filename, "rb") as fh:  # a worksheet openpyxl streamed to a temporary file
            self.writestr(str(arcname or filename), fh.read(), compress_type, compresslevel)


def _save(wb: Workbook) -> bytes:
    """openpyxl's save_workbook, without its clock."""
    wb.properties.created = wb.properties.modified = FIXED_TIME
    out = BytesIO()
    ExcelWriter(wb, _FixedTimeZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return out.getvalue()


def _default_font(wb: Workbook) -> None:
    """The workbook's Normal style: every cell without its own font, and the columns people add."""
    wb._fonts.clear()  # index 0 is the default font of the stylesheet
    wb._fonts.add(FONT)
    wb._named_styles["Normal"].font = FONT


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, every column on one page width, as many pages down as needed."""
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _header(ws: Worksheet, table: Table, styles: Styles) -> None:
    for spec in table.specs:
        label = table.header(spec)
        c = put(ws, 1, spec.index + 1, label)
        _style(c, "required" if spec.column.required else "header", styles)
        ws.column_dimensions[spec.letter].width = max(spec.column.width, display_width(label) + 3)
    ws.row_dimensions[1].height = 30


CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(name=FONT_NAME, size=11, bold=True)
STYLES = {  # cell styles by name: alignment, border, number format, font, fill
    "date": (TOP, None, DATE_FORMAT), "wrap": (WRAP,), "top": (TOP,), "guide": (WRAP, BORDER),
    "header": (CENTRED, BORDER, None, BOLD, HEADER_FILL), "required": (CENTRED, BORDER, None, BOLD, REQUIRED_FILL),
}


def _style(c: SheetCell, name: str, styles: Styles) -> None:
    """Style a cell; later cells copy the first one's style, because setting each attribute
    anew made styling most of the export's time."""
    if name in styles:
        c._style = copy(styles[name])
        return
    alignment, border, number_format, font, fill = STYLES[name] + (None,) * (5 - len(STYLES[name]))
    c.alignment = alignment
    for attr, value in (("border", border), ("number_format", number_format), ("font", font), ("fill", fill)):
        if value is not None:
            setattr(c, attr, value)
    styles[name] = c._style


def put(ws: Worksheet, row: int, column: int, value: Cell) -> SheetCell:
    """Every value cell of every sheet is written here: text from any source (data, the
    standard, labels) is stored as text, so '=HYPERLINK(…)' never becomes a live formula."""
    c = ws.cell(row, column)
    c.value = value
    if isinstance(value, str):
        c.data_type = "s"
    return c


def put_formula(ws: Worksheet, row: int, column: int, formula: str) -> SheetCell:
    """The one place a formula is written: our own computed columns, built from cell references."""
    c = ws.cell(row, column)
    c.value = formula
    return c


def _write(ws: Worksheet, r: int, spec: Spec, value: Cell, styles: Styles) -> None:
    c = put(ws, r, spec.index + 1, value)
    _style(c, "date" if spec.kind == "date" else "wrap" if spec.kind in WRAPPED else "top", styles)


def _column_formats(ws: Worksheet, table: Table) -> None:
    """Styles for cells people add below: dates shown as dates, long text wrapped."""
    for spec in table.specs:
        dim = ws.column_dimensions[spec.letter]
        if spec.kind == "date":
            dim.number_format = DATE_FORMAT
        dim.alignment = WRAP if spec.kind in WRAPPED else TOP


def _formulas(ws: Worksheet, table: Table, last: int, styles: Styles) -> None:
    for spec in table.specs:
        found = [table.spec(k) for k in FORMULAS.get(spec.key, ())]
        sources = [s for s in found if s is not None]
        if spec.kind != "computed" or not sources or len(sources) < len(found):
            continue
        for r in range(2, last + 1):
            refs = [f"{s.letter}{r}" for s in sources]
            checks = ",".join(f"ISNUMBER({ref})" for ref in refs)
            c = put_formula(ws, r, spec.index + 1, f'=IF(AND({checks}),{"*".join(refs)},"")')
            _style(c, "top", styles)


def _inline(values: list[str]) -> str | None:
    """A drop-down list written into the validation itself, when Excel allows it."""
    text = '"' + ",".join(values) + '"'
    return text if len(text) <= 255 and not any("," in v or '"' in v for v in values) else None


def _lists(wb: Workbook, table: Table, people: People) -> dict[str, str]:
    """The source of each drop-down: the values themselves, or a range of a hidden sheet for a
    list longer than Excel's 255 characters. Returns column key (or '@people' for the project's
    members) -> list formula."""
    lists = {spec.key: (table.header(spec), table.choices(spec)) for spec in table.specs if spec.codes}
    if people.names():
        lists["@people"] = (table.L.ui("member"), people.names())
    inline = {key: _inline(values) for key, (_, values) in lists.items()}
    refs = {key: ref for key, ref in inline.items() if ref is not None}
    long = [key for key, ref in inline.items() if ref is None]
    if long:
        sheet = wb.create_sheet(sheet_title(table.L.ui("sheet_lists")))
        sheet.sheet_state = "hidden"
        for n, key in enumerate(long, start=1):
            title, values = lists[key]
            put(sheet, 1, n, title).font = BOLD
            for r, value in enumerate(values, start=2):
                put(sheet, r, n, value)
            letter = column_letter(n)
            refs[key] = f"'{sheet.title}'!${letter}$2:${letter}${len(values) + 1}"
    return refs


def _validations(ws: Worksheet, table: Table, refs: dict[str, str], last: int) -> None:
    ui = table.L.ui
    for spec in table.specs:
        cells = f"{spec.letter}2:{spec.letter}{last}"
        dv, show = None, True
        if spec.codes:
            dv = DataValidation(type="list", formula1=refs[spec.key], allow_blank=True)
            choices = CHOICE_SEPARATOR.join(table.choices(spec))
            dv.error = ui("xlsx_choose", values=choices)[:255]
            # several values may be typed into one cell, separated by 、: no error for those
            show = spec.kind == "enum"
        elif spec.kind in ("person", "people") and "@people" in refs:
            dv = DataValidation(type="list", formula1=refs["@people"], allow_blank=True,
                                errorStyle="warning")
            dv.error = ui("xlsx_person")
            show = spec.kind == "person"
        elif spec.kind == "date":
            dv = DataValidation(type="date", operator="greaterThanOrEqual", formula1="1",
                                allow_blank=True, errorStyle="warning")
            dv.error = ui("xlsx_date")
        elif spec.kind in ("int", "number") and (spec.low is not None or spec.high is not None):
            dv = _number_validation(spec, ui)
        if dv is None:
            continue
        dv.errorTitle = table.header(spec)[:32]
        dv.showErrorMessage = show
        dv.add(cells)
        ws.add_data_validation(dv)


def _number_validation(spec: Spec, ui: Ui) -> DataValidation:
    kind = "whole" if spec.kind == "int" else "decimal"
    if spec.low is not None and spec.high is not None:
        dv = DataValidation(type=kind, operator="between", formula1=_num(spec.low), formula2=_num(spec.high))
        dv.error = ui("xlsx_between", low=_num(spec.low), high=_num(spec.high))
    elif spec.low is not None:
        dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=_num(spec.low))
        dv.error = ui("xlsx_at_least", low=_num(spec.low))
    else:
        assert spec.high is not None, "the caller asks only for a column with a bound"
        dv = DataValidation(type=kind, operator="lessThanOrEqual", formula1=_num(spec.high))
        dv.error = ui("xlsx_at_most", high=_num(spec.high))
    dv.allow_blank = True
    return dv


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def past_due_formula(table: Table, rule: Lifecycle) -> str | None:
    """Lifecycle.past_due_on(row, TODAY()) as a formula of row 2 (relative rows): the date is set
    and before today, the record started by today, and its status is not finished or it ended
    after today. A format without the start or end column leaves that term out; one without the
    date or status column gets no highlighting."""
    due, status = table.spec(rule.due), table.spec(rule.status)
    if due is None or status is None:
        return None
    d, s = f"${due.letter}2", f"${status.letter}2"
    running = ",".join(f"{s}<>{_quoted(table.label(status, code))}" for code in rule.finished)
    still_open = f"AND({running})"
    end = table.spec(rule.end) if rule.end else None
    if end is not None:
        e = f"${end.letter}2"
        still_open = f"OR({still_open},AND(ISNUMBER({e}),{e}>TODAY()))"
    terms = [f"ISNUMBER({d})", f"{d}<TODAY()"]
    start = table.spec(rule.start)
    if start is not None:
        terms.append(f"${start.letter}2<=TODAY()")
    return f"AND({','.join(terms + [still_open])})"


def _highlights(ws: Worksheet, table: Table, last: int) -> None:
    end = column_letter(len(table.specs))
    rule = ATTENTION.get(table.format.record)
    formula = past_due_formula(table, rule) if rule else None
    if formula:
        ws.conditional_formatting.add(f"A2:{end}{last}", FormulaRule(
            formula=[formula], fill=OVERDUE_FILL, font=OVERDUE_FONT))
    score = table.spec("score")
    if score is not None and score.kind == "computed":
        ref = f"${score.letter}2"
        for floor, level in RISK_LEVELS:  # highest first: the first rule that matches wins
            ws.conditional_formatting.add(f"{score.letter}2:{score.letter}{last}", FormulaRule(
                formula=[f"AND(ISNUMBER({ref}),{ref}>={floor})"], stopIfTrue=True,
                fill=PatternFill("solid", fgColor=LEVEL_COLOURS[level])))


def guide_values(table: Table, spec: Spec) -> str:
    """What a column accepts, in words: the allowed values or the expected form."""
    ui = table.L.ui
    if spec.codes:
        if spec.domain in CODE_DOMAINS:
            choices = [f"{c}（{table.L.enum(spec.domain, c)}）" for c in spec.codes]
        else:
            choices = table.choices(spec)
        text = CHOICE_SEPARATOR.join(choices)
        return ui("kind_enums", values=text, sep=LIST_SEPARATOR) if spec.kind == "enums" else text
    if spec.kind == "id":
        return ui("kind_id", example=f"{spec.id_prefix}001")
    text = ui(f"kind_{spec.kind}")
    if spec.low is not None and spec.high is not None:
        text += ui("range_between", low=_num(spec.low), high=_num(spec.high))
    elif spec.low is not None:
        text += ui("range_at_least", low=_num(spec.low))
    return text


def guide_rows(table: Table) -> list[list[str]]:
    ui = table.L.ui
    return [[spec.letter, spec.column.label, spec.column.label_en,
             ui("yes") if spec.column.required else "", spec.column.description,
             guide_values(table, spec)] for spec in table.specs]


def guide_headers(table: Table) -> list[str]:
    ui = table.L.ui
    return [ui("guide_column"), ui("column"), ui("column_en"), ui("required"),
            ui("column_description"), ui("guide_values")]


def _reference(ws: Worksheet, headers: list[str], rows: list[list[Cell]]) -> None:
    """A read-only table of the standard behind a template's pre-filled rows."""
    styles: Styles = {}
    for n, text in enumerate(headers, start=1):
        _style(put(ws, 1, n, text), "header", styles)
        ws.column_dimensions[column_letter(n)].width = max(10, display_width(text) + 3)
    for r, values in enumerate(rows, start=2):
        for n, value in enumerate(values, start=1):
            _style(put(ws, r, n, value), "top", styles)
            if isinstance(value, str):
                dim = ws.column_dimensions[column_letter(n)]
                dim.width = min(60, max(dim.width, display_width(value) + 2))
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _print_setup(ws)


def _guide(ws: Worksheet, table: Table) -> None:
    fmt = table.format
    put(ws, 1, 1, f"{fmt.name}（{fmt.name_en}）").font = Font(name=FONT_NAME, bold=True, size=14)
    put(ws, 2, 1, fmt.purpose).alignment = WRAP
    ws.merge_cells("A2:F2")
    ws.row_dimensions[2].height = 60
    for n, text in enumerate(guide_headers(table), start=1):
        c = put(ws, 4, n, text)
        c.font, c.fill, c.border = BOLD, HEADER_FILL, BORDER
    styles: Styles = {}
    for r, values in enumerate(guide_rows(table), start=5):
        for n, text in enumerate(values, start=1):
            _style(put(ws, r, n, text), "guide", styles)
    for letter, width in zip("ABCDEF", (6, 22, 22, 6, 60, 50), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"
    _print_setup(ws)
