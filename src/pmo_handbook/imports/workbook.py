"""Open a workbook someone filled in and find the register in it: the sheet, the header row
(not always the first: titles and notes often sit above it) and the columns.

A workbook is untrusted input. Its size is checked before anything is unpacked (file size, number
of zip members, uncompressed size, compression ratio), each sheet's declared range before it is
read, and its real extent and cell lengths while it is streamed, so a hostile file is refused in
well under a second instead of filling the memory; every failure is a WorkbookError message."""
from __future__ import annotations

import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import load_workbook
from openpyxl.worksheet._reader import WorkSheetParser

from pmo_handbook.errors import Message
from pmo_handbook.i18n.messages import Shown, render
from pmo_handbook.tabular.columns import AUDIENCE_PROPERTY, Spec, Table, column_letter
from pmo_handbook.imports.headers import HeaderMap, accepted, map_headers

if TYPE_CHECKING:  # openpyxl has no type information: these name what is passed around
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

Row = tuple[object, ...]  # one sheet row's cell values, as openpyxl reads them

MAX_BYTES = 20 * 1024 * 1024           # the file as uploaded
MAX_MEMBERS = 1_000                    # zip members (a workbook has a few dozen)
MAX_UNPACKED = 64 * 1024 * 1024        # all members uncompressed
MAX_RATIO = 100                        # uncompressed : compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_ROWS = 100_000                     # a register's sheet, header and notes included
MAX_COLUMNS = 500
MAX_CELL = 32_767                      # Excel's own limit on the characters of a cell
HEADER_SCAN_ROWS = 20                  # the header row is searched for among the first rows
_LIMITS = {"rows": f"{MAX_ROWS:,}", "columns": MAX_COLUMNS, "last": column_letter(MAX_COLUMNS)}


class WorkbookError(Exception):
    """The file cannot be used at all; the keyed messages say why and what to do."""

    def __init__(self, *msgs: Message):
        self.msgs = list(msgs)
        super().__init__("\n".join(render(m, "en") for m in msgs))


def _refused(key: str, path: Path, /, **params: object) -> WorkbookError:
    return WorkbookError(Message.of(key, file=path.name, **params))


@dataclass
class Sheet:
    name: str
    rows: list[Row]  # every row's values up to its last value, rows[0] is sheet row 1
    header: HeaderMap
    audience: str | None = None  # the audience of the build that made the workbook, if it says


def check_archive(path: Path) -> None:
    """Refuse a file whose size or packing would make reading it expensive, before unpacking it."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _refused("book_too_big", path, size=f"{size:,}", limit=f"{MAX_BYTES:,}")
    if path.suffix.lower() == ".xls":
        raise _refused("book_xls", path)
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refused("book_not_xlsx", path, reason=_reason(exc)) from None
    if len(members) > MAX_MEMBERS:
        raise _refused("book_parts", path, count=f"{len(members):,}", limit=f"{MAX_MEMBERS:,}")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED:
        raise _refused("book_unpacked", path, size=f"{unpacked:,}", limit=f"{MAX_UNPACKED:,}")
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise _refused("book_ratio", path, part=m.filename, limit=MAX_RATIO,
                           ratio=f"{m.file_size // max(m.compress_size, 1):,}")


def open_workbook(path: Path) -> Workbook:
    check_archive(path)
    try:
        with warnings.catch_warnings():  # openpyxl warns about Excel features it does not keep
            warnings.simplefilter("ignore")
            return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any damage in the package is a message, not a traceback
        raise _refused("book_not_xlsx", path, reason=_reason(exc)) from None


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def check_extent(path: Path, ws: ReadOnlyWorksheet) -> None:
    """The range the sheet declares (<dimension>) must fit the limits."""
    rows, cols = ws.max_row or 0, ws.max_column or 0
    if rows > MAX_ROWS or cols > MAX_COLUMNS:
        raise _refused("sheet_extent", path, sheet=ws.title, corner=f"{column_letter(cols)}{rows}", **_LIMITS)


def sheet_rows(path: Path, wb: Workbook, ws: ReadOnlyWorksheet) -> list[Row]:
    """The sheet's values, streamed with the limits checked cell by cell (openpyxl's read-only
    parser: memory stays proportional to the filled cells, not to the range they span)."""
    check_extent(path, ws)
    rows: list[Row] = []
    try:
        with ws._get_source() as src:
            parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                     date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
            for number, cells in parser.parse():
                values = {c["column"]: c["value"] for c in cells if c["value"] is not None}
                if not values:
                    continue
                _check_row(path, ws.title, number, values)
                rows.extend(() for _ in range(number - 1 - len(rows)))
                rows.append(tuple(values.get(c) for c in range(1, max(values) + 1)))
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet is a message, not a traceback
        raise _refused("sheet_damaged", path, sheet=ws.title, reason=_reason(exc)) from None
    return rows


def _check_row(path: Path, title: str, number: int, values: dict[int, object]) -> None:
    last = max(values)
    if number > MAX_ROWS or last > MAX_COLUMNS:
        raise _refused("sheet_beyond", path, sheet=title, cell=f"{column_letter(last)}{number}", **_LIMITS)
    for col, value in values.items():
        if isinstance(value, str) and len(value) > MAX_CELL:
            raise _refused("cell_too_long", path, sheet=title, cell=f"{column_letter(col)}{number}",
                           length=f"{len(value):,}", limit=f"{MAX_CELL:,}")


def find_header(table: Table, rows: list[Row]) -> HeaderMap | None:
    """The row among the first ones that names the most of the format's columns."""
    best = None
    for n, values in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        mapped = map_headers(table, n, list(values))
        if mapped.count() >= 2 and (best is None or mapped.count() > best.count()):
            best = mapped
    return best


def missing(table: Table, header: HeaderMap) -> list[Spec]:
    return [s for s in table.specs if s.required and s.key not in header.columns]


def read_sheet(table: Table, path: Path, sheet_name: str | None = None) -> Sheet:
    wb = open_workbook(path)
    try:
        sheet = _find_sheet(table, path, wb, sheet_name)
        prop = next((p for p in wb.custom_doc_props.props if p.name == AUDIENCE_PROPERTY), None)
        sheet.audience = None if prop is None else str(prop.value)
        return sheet
    finally:
        wb.close()


def _find_sheet(table: Table, path: Path, wb: Workbook, sheet_name: str | None) -> Sheet:
    if sheet_name is not None:
        if sheet_name not in wb.sheetnames:
            raise _refused("no_such_sheet", path, sheet=Shown(sheet_name), sheets=", ".join(wb.sheetnames))
        candidates = [wb[sheet_name]]
    else:
        candidates = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    found = []
    for ws in candidates:
        if not hasattr(ws, "_get_source"):
            continue  # a chart sheet: no cells
        rows = sheet_rows(path, wb, ws)
        header = find_header(table, rows)
        if header is not None:
            if not missing(table, header):
                return Sheet(ws.title, rows, header)
            found.append((ws.title, header))
    if not found:
        sheets = ", ".join(ws.title for ws in candidates)
        raise _refused("no_header", path, register=table.name, sheets=sheets,
                       examples=", ".join(s.column.label for s in table.specs[:4]))
    title, header = max(found, key=lambda f: f[1].count())
    raise WorkbookError(*unmapped(table, title, header))


def unmapped(table: Table, title: str, header: HeaderMap) -> list[Message]:
    """The required columns a header row lacks, and the headers it holds that name nothing."""
    out = [Message.of("missing_column", sheet=title, row=header.row, label=spec.column.label, key=spec.key,
                      names="、".join(accepted(table, spec)[:8])) for spec in missing(table, header)]
    unknown = [f"{header.headers[c]} ({column_letter(c)}{header.row})" for c in header.ignored
               if c not in header.columns.values()]
    if unknown:
        out.append(Message.of("unknown_headers", sheet=title, row=header.row, headers=", ".join(unknown)))
    return out
