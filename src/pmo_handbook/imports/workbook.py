"""Open a workbook someone filled in and find the register in it: the sheet, the header row
(not always the first: titles and notes often sit above it) and the columns."""
from __future__ import annotations

import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from pmo_handbook.tabular.columns import Table, column_letter
from pmo_handbook.imports.headers import HeaderMap, accepted, map_headers

MAX_BYTES = 20 * 1024 * 1024
HEADER_SCAN_ROWS = 20  # the header row is searched for among the first rows


class WorkbookError(Exception):
    """The file cannot be used at all; the message says why and what to do."""


@dataclass
class Sheet:
    name: str
    rows: list[tuple]  # every row's values, rows[0] is sheet row 1
    header: HeaderMap


def open_workbook(path: Path):
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise WorkbookError(f"{path.name} is {size:,} bytes, over the limit of {MAX_BYTES:,} bytes")
    if path.suffix.lower() == ".xls":
        raise WorkbookError(f"{path.name} is an Excel 97-2003 (.xls) file: open it in Excel and "
                            "save it as an Excel workbook (.xlsx)")
    try:
        with warnings.catch_warnings():  # openpyxl warns about Excel features it does not keep
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WorkbookError(f"{path.name} is not an Excel workbook (.xlsx): {exc}") from None


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
    if sheet_name is not None:
        if sheet_name not in wb.sheetnames:
            raise WorkbookError(f"{path.name} has no sheet '{sheet_name}' (sheets: {', '.join(wb.sheetnames)})")
        candidates = [wb[sheet_name]]
    else:
        candidates = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    found = []
    for ws in candidates:
        rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
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
