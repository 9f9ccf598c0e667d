"""What a WBS workbook adds to the common layout: rows grouped by WBS level (Excel's outline, so
levels fold with the +/- buttons) and late tasks highlighted by a rule that Excel re-evaluates
each day: not finished and past the forecast (else baseline) finish."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from openpyxl.formatting.rule import FormulaRule

from pmo_handbook.model.wbs import Task
from pmo_handbook.tabular.columns import Table

if TYPE_CHECKING:  # openpyxl has no type information: these name what is passed around
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet


def outline(ws: Worksheet, records: Sequence[Task]) -> None:
    """Level 1 rows stay at the top; deeper rows are grouped under their work package."""
    ws.sheet_properties.outlinePr.summaryBelow = False  # the work package row is above its tasks
    for r, task in enumerate(records, start=2):
        if task.level > 1:
            ws.row_dimensions[r].outlineLevel = min(task.level - 1, 7)


def late_rule(ws: Worksheet, table: Table, last: int, fill: PatternFill, font: Font) -> None:
    finish, forecast, actual = (table.spec(k) for k in ("baseline_finish", "forecast_finish", "actual_finish"))
    if not (finish and forecast and actual):
        return
    b, f, a = (f"${s.letter}2" for s in (finish, forecast, actual))
    end = table.specs[-1].letter
    ws.conditional_formatting.add(f"A2:{end}{last}", FormulaRule(
        formula=[f"AND(ISBLANK({a}),IF(ISNUMBER({f}),{f},{b})<TODAY())"], fill=fill, font=font))
