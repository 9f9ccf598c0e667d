"""Markdown of a format: an empty table to fill in, then the column guide."""
from __future__ import annotations

import html
from collections.abc import Sequence

from pmo_handbook.tabular.columns import Cell, Table
from pmo_handbook.exports.xlsx import guide_headers, guide_rows


def _text(text: object) -> str:
    """Text from the standard as inert Markdown: no raw HTML, one line."""
    return html.escape(" ".join(str(text).split("\n")), quote=False)


def _cell(text: object) -> str:
    lines = [html.escape(line, quote=False) for line in str(text).split("\n")]
    return "<br>".join(lines).replace("\\", "\\\\").replace("|", "\\|")


def _table(headers: list[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |",
             "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in values) + " |" for values in rows]
    return lines


def markdown(table: Table, rows: Sequence[Sequence[Cell]] = ()) -> str:
    """rows: pre-filled rows from the standard (exports/prefill.py); else one empty row."""
    fmt = table.format
    lines = [f"# {_text(fmt.name)}（{_text(fmt.name_en)}）", "", _text(fmt.purpose), ""]
    filled = [["" if v is None else v for v in values] for values in rows]
    lines += _table(table.headers(), filled or [[""] * len(table.specs)])
    lines += ["", f"## {table.L.ui('sheet_guide')}", ""]
    lines += _table(guide_headers(table), guide_rows(table))
    return "\n".join(lines) + "\n"
