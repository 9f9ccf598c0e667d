"""Per-project navigation. Material renders the whole navigation into every page, which made
the build quadratic in the project count: each project's pages get a navigation holding only
their own project."""
from __future__ import annotations

from mkdocs.structure.nav import Navigation, Section

from pmo_handbook.site.links import project_of


class _Only(Section):
    """A top-level section showing one of its children; active when that child is."""

    @property
    def active(self) -> bool:
        return any(getattr(child, "active", False) for child in self.children)

    @active.setter
    def active(self, value: bool) -> None:
        pass


def project_navs(nav: Navigation) -> dict[str, Navigation]:
    """Project id -> the navigation its pages show: the site's, with the projects' section
    cut down to that project."""
    navs: dict[str, Navigation] = {}
    for item in nav.items:
        if not item.is_section:
            continue
        for section in item.children or []:
            first = next((c for c in section.children or [] if c.is_page), None) if section.is_section else None
            project = project_of(first.file.src_uri) if first is not None else None
            if project is not None:
                items = [_Only(item.title, [section]) if i is item else i for i in nav.items]
                navs[project] = Navigation(items, nav.pages)
    return navs
