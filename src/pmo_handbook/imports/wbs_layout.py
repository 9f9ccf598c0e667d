"""WBS workbooks in the layouts people already keep, read as the standard WBS format.

Two common layouts have no WBS code column:
  - 大項目 / 中項目 / 小項目 columns: a row's level is the deepest of them that holds a name
    (upper columns that repeat the parent's name are allowed);
  - one 作業名 column whose names are indented (Excel's indent, or leading spaces).
Such a sheet is rewritten into a temporary workbook in the standard layout with every row at
its row number and every other column at its letter, so that the generic import (the same
reading, validation and refusal rules as every register) names the user's own cells. The
hierarchy becomes 作業名 in the first hierarchy column; WBS番号 (and タスクID when the sheet has
no number column) are added after the last column. Predecessors written as row numbers of the
sheet's No column (3, 5) become task ids.
"""
from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook

from pmo_handbook.imports.headers import normal
from pmo_handbook.imports.wbs_headers import WBS
from pmo_handbook.imports.workbook import HEADER_SCAN_ROWS, WorkbookError, open_workbook

if TYPE_CHECKING:  # openpyxl has no type information: these name what is passed around
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

    Rows = Sequence[tuple[Cell, ...]]  # a sheet's rows of cells

LEVELS = (("大項目", "大分類", "大工程", "大項目名"), ("中項目", "中分類", "中工程", "中項目名"),
          ("小項目", "小分類", "小工程", "小項目名", "詳細項目"))
NAMES = ("作業名", "タスク名", "作業項目", "作業内容", "作業", "タスク", "項目")
MAX_LEVELS = 6


def _find(values: Iterable[object], names: Iterable[str]) -> int | None:
    wanted = {normal(n) for n in names}
    return next((i for i, v in enumerate(values, 1) if v is not None and normal(v) in wanted), None)


def _indent(cell: Cell) -> int:
    """Indent of a name: Excel's indent steps, else leading spaces (a full-width space is two)."""
    steps = int(getattr(cell.alignment, "indent", 0) or 0)
    raw = str(cell.value or "")
    spaces = sum(2 if c == "\u3000" else 1 for c in raw[: len(raw) - len(raw.lstrip(" \u3000\t"))])
    return steps * 100 + spaces  # steps and spaces are never mixed in one sheet in practice


def foreign_layout(path: Path, sheet: str | None = None) -> Path | None:
    """A temporary standard-layout copy of a foreign WBS workbook, or None when the workbook
    already has a WBS code column (it is read as it is). Raises WorkbookError."""
    wb = open_workbook(Path(path))
    sheets = [wb[sheet]] if sheet and sheet in wb.sheetnames else \
        [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    for ws in sheets:
        rows = list(ws.iter_rows())
        for r, row in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
            values = [c.value for c in row]
            if _find(values, WBS["code"] + ("WBS番号",)):
                return None
            levels = [_find(values, names) for names in LEVELS]
            name_col = _find(values, NAMES)
            if any(levels):
                return _write(path, ws.title, rows, r, [c for c in levels if c], None)
            if name_col:
                return _write(path, ws.title, rows, r, [name_col], name_col)
    return None


def _write(path: Path, title: str, rows: Rows, header_row: int, level_cols: list[int], indented: int | None) -> Path:
    header = [c.value for c in rows[header_row - 1]]
    width = max(len(r) for r in rows)
    id_col = _find(header, WBS["id"])
    pred_col = _find(header, WBS["predecessors"])
    out = Workbook()
    ws = out.active
    ws.title = title
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row, start=1):
            if cell.value is not None and not (r > header_row and c in level_cols):
                ws.cell(r, c, cell.value)
    _plan_is_baseline(ws, header, header_row)
    first = level_cols[0]
    ws.cell(header_row, first, "作業名")
    for c in level_cols[1:]:
        ws.cell(header_row, c, None)
    code_col, new_id_col = width + 1, (None if id_col else width + 2)
    ws.cell(header_row, code_col, "WBS番号")
    if new_id_col:
        ws.cell(header_row, new_id_col, "タスクID")
    entries = _levels(rows[header_row:], level_cols, indented)
    counters: list[int] = []
    previous = 0
    for n, (r_offset, level, name) in enumerate(entries, start=1):
        level = min(level, previous + 1, MAX_LEVELS)  # a level cannot be skipped
        counters = counters[:level]
        while len(counters) < level:
            counters.append(0)
        counters[level - 1] += 1
        previous = level
        r = header_row + 1 + r_offset
        ws.cell(r, first, name)
        ws.cell(r, code_col, ".".join(map(str, counters)))
        if new_id_col:
            ws.cell(r, new_id_col, f"TSK-{n:03d}")
    if pred_col:
        for r in range(header_row + 1, len(rows) + 1):
            value = ws.cell(r, pred_col).value
            if value is not None:
                ws.cell(r, pred_col, _predecessors(value))
    folder = Path(tempfile.mkdtemp(prefix="pmo-wbs-"))
    target = folder / Path(path).name  # messages name the user's file
    out.save(target)
    return target


def _plan_is_baseline(ws: Worksheet, header: list[object], header_row: int) -> None:
    """Sheets kept this way have one plan (予定開始日・予定終了日) and never re-plan it in another
    column: without a baseline column that plan is the baseline."""
    for kind in ("start", "finish"):
        if _find(header, WBS[f"baseline_{kind}"] + (f"基準{'開始' if kind == 'start' else '終了'}",)) is None:
            col = _find(header, WBS[f"forecast_{kind}"])
            if col:
                ws.cell(header_row, col, "基準開始" if kind == "start" else "基準終了")


def _levels(rows: Rows, level_cols: list[int], indented: int | None) -> list[tuple[int, int, str]]:
    """(row offset after the header, level, name) of every row holding a name."""
    found: list[tuple[int, int, str]] = []
    if indented is None:
        for i, row in enumerate(rows):
            cells = [row[c - 1].value if c - 1 < len(row) else None for c in level_cols]
            filled = [k for k, v in enumerate(cells) if v is not None and str(v).strip()]
            if filled:
                found.append((i, filled[-1] + 1, str(cells[filled[-1]]).strip()))
        return found
    named = [(i, row[indented - 1]) for i, row in enumerate(rows)
             if indented - 1 < len(row) and row[indented - 1].value is not None
             and str(row[indented - 1].value).strip()]
    indents = sorted({_indent(cell) for _, cell in named})
    for i, cell in named:
        found.append((i, indents.index(_indent(cell)) + 1, str(cell.value).strip()))
    return found


def _predecessors(value: object) -> str:
    """'3, 5' or 3 -> 'TSK-003\\nTSK-005'; task ids and anything else are kept for the reader to judge."""
    parts = [p for p in re.split(r"[\s、,，;；]+", unicodedata.normalize("NFKC", str(value)).strip()) if p]
    out = []
    for part in parts:
        m = re.fullmatch(r"(\d+)(?:\.0)?((?:FS|SS)?(?:[+-]\d+)?)", part.upper())
        out.append(f"TSK-{int(m.group(1)):03d}{m.group(2)}" if m else part)
    return "\n".join(out)


__all__ = ["foreign_layout", "WorkbookError"]
