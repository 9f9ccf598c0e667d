"""What the standard asks of a project, given its size and type."""
from __future__ import annotations

from typing import Any

from pmo_handbook.model.plan import Tailoring
from pmo_handbook.model.project import Project, Size
from pmo_handbook.model.standard import ProcessItem

_ORDER = {"optional": 0, "recommended": 1, "required": 2}


def requirement(item: ProcessItem, size: Size, project_type: str) -> str:
    """The stricter of the size rule and the type override."""
    levels: list[str] = [item.by_size.get(size, "optional")]
    if project_type in item.by_type:
        levels.append(item.by_type[project_type])
    return max(levels, key=_ORDER.__getitem__)


def tailoring_rows(std: Any, project: Project, tailoring: Tailoring) -> list[dict[str, Any]]:
    """One row per catalogue item: the standard's level and what the project decided."""
    entries = {e.item: e for e in tailoring.entries}
    rows = []
    for item in std.process:
        level = requirement(item, project.size, project.type)
        entry = entries.get(item.id)
        default = "omitted" if level == "optional" else "adopted"
        rows.append({"item": item, "level": level, "entry": entry,
                     "decision": entry.decision if entry else default})
    return rows
