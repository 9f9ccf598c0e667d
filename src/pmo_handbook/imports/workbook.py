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

from openpyxl import load_workbook
from openpyxl.worksheet._reader import WorkSheetParser

from pmo_handbook.tabular.columns import AUDIENCE_PROPERTY, Table, column_letter
from pmo_handbook.imports.headers import HeaderMap, accepted, map_headers

MAX_BYTES = 20 * 1024 * 1024           # the file as uploaded
MAX_MEMBERS = 1_000                    # zip members (a workbook has a few dozen)
MAX_UNPACKED = 64 * 1024 * 1024        # all members uncompressed
MAX_RATIO = 100                        # uncompressed : compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_ROWS = 100_000                     # a register's sheet, header and notes included
MAX_COLUMNS = 500
MAX_CELL = 32_767                      # Excel's own limit on the characters of a cell
HEADER_SCAN_ROWS = 20                  # the header row is searched for among the first rows


class WorkbookError(Exception):
    """The file cannot be used at all; the message says why and what to do."""


@dataclass
class Sheet:
    name: str
    rows: list[tuple]  # every row's values up to its last value, rows[0] is sheet row 1
    header: HeaderMap
    audience: str | None = None  # the audience of the build that made the workbook, if it says


def check_archive(path: Path) -> None:
    """Refuse a file whose size or packing would make reading it expensive, before unpacking it."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise WorkbookError(f"{path.name} is {size:,} bytes, over the limit of {MAX_BYTES:,} bytes")
    if path.suffix.lower() == ".xls":
        raise WorkbookError(f"{path.name} is an Excel 97-2003 (.xls) file: open it in Excel and "
                            "save it as an Excel workbook (.xlsx)")
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookError(f"{path.name} is not an Excel workbook (.xlsx): {exc}") from None
    if len(members) > MAX_MEMBERS:
        raise WorkbookError(f"{path.name} holds {len(members):,} parts, over the limit of {MAX_MEMBERS:,}: "
                            "it is not a workbook saved by Excel")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED:
        raise WorkbookError(f"{path.name} unpacks to {unpacked:,} bytes, over the limit of {MAX_UNPACKED:,} "
                            "bytes; split the register or delete unused rows and columns")
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise WorkbookError(f"{path.name}: the part {m.filename} is compressed "
                                f"{m.file_size // max(m.compress_size, 1):,} to 1, over the limit of "
                                f"{MAX_RATIO} to 1; it is not a workbook saved by Excel")


def open_workbook(path: Path):
    check_archive(path)
    try:
        with warnings.catch_warnings():  # openpyxl warns about Excel features it does not keep
            warnings.simplefilter("ignore")
            return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any damage in the package is a message, not a traceback
        raise WorkbookError(f"{path.name} is not an Excel workbook (.xlsx): {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def check_extent(path: Path, ws) -> None:
    """The range the sheet declares (<dimension>) must fit the limits."""
    rows, cols = ws.max_row or 0, ws.max_column or 0
    if rows > MAX_ROWS or cols > MAX_COLUMNS:
        raise WorkbookError(
            f"{path.name}: sheet {ws.title} declares the range A1:{column_letter(cols)}{rows}, over the limit "
            f"of {MAX_ROWS:,} rows and {MAX_COLUMNS} columns ({column_letter(MAX_COLUMNS)}); delete the "
            "unused rows and columns, save and import again")


def sheet_rows(path: Path, wb, ws) -> list[tuple]:
    """The sheet's values, streamed with the limits checked cell by cell (openpyxl's read-only
    parser: memory stays proportional to the filled cells, not to the range they span)."""
    check_extent(path, ws)
    rows: list[tuple] = []
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
        raise WorkbookError(f"{path.name}: sheet {ws.title} cannot be read, the file is damaged: "
                            f"{_reason(exc)}; open it in Excel, save it and import again") from None
    return rows


def _check_row(path: Path, title: str, number: int, values: dict) -> None:
    last = max(values)
    if number > MAX_ROWS or last > MAX_COLUMNS:
        raise WorkbookError(f"{path.name}: sheet {title} has a value in {column_letter(last)}{number}, beyond "
                            f"the limit of {MAX_ROWS:,} rows and {MAX_COLUMNS} columns "
                            f"({column_letter(MAX_COLUMNS)}); delete it, save and import again")
    for col, value in values.items():
        if isinstance(value, str) and len(value) > MAX_CELL:
            raise WorkbookError(f"{path.name}: sheet {title}, cell {column_letter(col)}{number} holds "
                                f"{len(value):,} characters, over Excel's limit of {MAX_CELL:,}")


def find_header(table: Table, rows: list[tuple]) -> HeaderMap | None:
    """The row among the first ones that names the most of the format's columns."""
    best = None
    for n, values in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        mapped = map_headers(table, n, list(values))
        if mapped.count() >= 2 and (best is None or mapped.count() > best.count()):
            best = mapped
    return best


def missing(table: Table, header: HeaderMap) -> list:
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


def _find_sheet(table: Table, path: Path, wb, sheet_name: str | None) -> Sheet:
    if sheet_name is not None:
        if sheet_name not in wb.sheetnames:
            raise WorkbookError(f"{path.name} has no sheet '{sheet_name}' (sheets: {', '.join(wb.sheetnames)})")
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
        raise WorkbookError(f"{path.name}: no sheet has a header row naming the columns of the "
                            f"{table.format.name} (looked at: {sheets}; expected headers such as "
                            f"{', '.join(s.column.label for s in table.specs[:4])})")
    title, header = max(found, key=lambda f: f[1].count())
    raise WorkbookError(unmapped_message(table, title, header))


def unmapped_message(table: Table, title: str, header: HeaderMap) -> str:
    lines = []
    for spec in missing(table, header):
        names = "、".join(accepted(table, spec)[:8])
        lines.append(f"sheet {title}, header row {header.row}: no column for the required "
                     f"'{spec.column.label}' ({spec.key}); accepted headers: {names}")
    unknown = [f"{header.headers[c]} ({column_letter(c)}{header.row})" for c in header.ignored
               if c not in header.columns.values()]
    if unknown:
        lines.append(f"sheet {title}, header row {header.row}: headers not recognised: {', '.join(unknown)}")
    return "\n".join(lines)
