"""What the standard asks of a project, given its size and type."""
from __future__ import annotations

from typing import Any

from pmo_handbook.model.plan import Tailoring
from pmo_handbook.model.project import Project
from pmo_handbook.model.standard import requirement


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
