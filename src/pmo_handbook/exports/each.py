"""A portfolio producer's share of one project, made or kept (mkdocs serve)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pmo_handbook.loading.repository import ProjectData

Each = Callable[[str, ProjectData, Callable[[], Any]], Any]
"""(name, project, make) -> make(): mkdocs serve keeps the result with the project
(site/incremental.py), so an edit remakes only its project's share of a portfolio download."""


def made(name: str, p: ProjectData, make: Callable[[], Any]) -> Any:
    """Each, for a build: everything is made."""
    return make()
