"""要員計画 heat map: people × months, each cell the planned 人月 across projects; a cell above
the person's capacity is marked (red, bold, with a border), so over-allocation stands out even
printed in black and white."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from pmo_handbook.i18n import Labels
from pmo_handbook.site.charts.svg import clip, esc, figure, rect, text

NAME_W, CELL_W, CELL_H, TOP = 150, 46, 24, 30


def tint(load: float, capacity: float) -> tuple[str, str]:
    """(fill, class) of a cell by its share of capacity."""
    if load <= 0:
        return "none", "pmo-svg-load-none"
    share = load / capacity if capacity else 2.0
    if share > 1 + 1e-9:
        return "#ffcdd2", "pmo-svg-load-over"
    if share >= 0.8:
        return "#c8e6c9", "pmo-svg-load-full"
    return "#e8f5e9", "pmo-svg-load-part"


Row = dict[str, Any]  # {"person", "name", "department", "projects", "cells": {month: PersonMonth}}
Keep = Callable[[str, tuple[object, ...], Callable[[], Any]], Any]
"""(name, inputs, make) -> make(), or in mkdocs serve the value kept for the same inputs."""


def capacity_heatmap(rows: list[Row], months: list[str], L: Labels, href: Callable[[str], str],
                     keep: Keep | None = None) -> str:
    """keep: mkdocs serve keeps each person's row while what it draws holds (SiteBuilder.kept)."""
    ui = L.ui
    width = NAME_W + CELL_W * len(months) + 8
    height = TOP + CELL_H * len(rows) + 8
    body = [
        text(NAME_W + (i + 0.5) * CELL_W, TOP - 10, month[2:].replace("-", "/"), anchor="middle", size=10)
        for i, month in enumerate(months)
    ]
    keep = keep or (lambda name, inputs, make: make())
    drawn = [keep(f"heatmap:{row['person']}", (r, *drawn_of(row), *months), partial(heatmap_row, r, row, months, href))
             for r, row in enumerate(rows)]
    body += [svg for svg, _ in drawn]
    desc = ui("capacity_heatmap_desc", people=len(rows), over=sum(over for _, over in drawn))
    return figure("capacity", width, height, ui("capacity_heatmap_title"), desc, body, "pmo-svg-capacity")


def drawn_of(row: Row) -> tuple[object, ...]:
    """What heatmap_row draws of a row, comparable by value."""
    return row["person"], row["name"], row["department"], tuple(row["projects"]), tuple(row["cells"].items())


def heatmap_row(r: int, row: Row, months: list[str], href: Callable[[str], str]) -> tuple[str, int]:
    """The r-th person's row of the heat map and how many of its cells are over capacity."""
    y = TOP + r * CELL_H
    parts = [
        f'<g data-department="{esc(row["department"])}" '
        f'data-projects="{esc(" ".join(row["projects"]))}">',
        f'<a href="{esc(href(row["person"]))}">'
        + text(4, y + CELL_H / 2 + 4, clip(row["name"], 12, NAME_W - 8), size=12, full=row["name"])
        + "</a>",
    ]
    over = 0
    for i, month in enumerate(months):
        cell = row["cells"].get(month)
        load = cell.load if cell else 0.0
        if not load:
            continue
        fill, cls = tint(load, cell.capacity)
        x = NAME_W + i * CELL_W
        tip = f"{row['name']} {month}: {load:g} / {cell.capacity:g} " + " ".join(
            f"{pid} {effort:g}" for pid, effort in cell.by_project.items()
        )
        stroke = "currentColor" if cell.over else None
        parts.append(
            f"<g><title>{esc(tip)}</title>"
            + rect(x + 1, y + 1, CELL_W - 2, CELL_H - 2, fill=fill, cls=cls, stroke=stroke)
            + text(
                x + CELL_W / 2,
                y + CELL_H / 2 + 4,
                f"{load:g}",
                anchor="middle",
                size=11,
                weight="bold" if cell.over else None,
            )
            + "</g>"
        )
        over += cell.over
    parts.append("</g>")
    return "".join(parts), over
