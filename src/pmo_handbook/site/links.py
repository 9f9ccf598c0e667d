"""The URL layout of generated pages, and relative links between them so the site works under
any base URL. The site builder and the MkDocs adapter both ask here where a project's pages are."""
from __future__ import annotations

import posixpath

PROJECTS = "projects"  # a project's pages: projects/<id>/index.md (its dashboard), projects/<id>/<key>.md
DASHBOARD = "dashboard"  # the page key of a project's index page


def project_page_uri(project_id: str, key: str) -> str:
    """The source path (src_uri) of one page of a project."""
    name = "index" if key == DASHBOARD else key
    return f"{PROJECTS}/{project_id}/{name}.md"


def project_of(src_uri: str) -> str | None:
    """The id of the project a page belongs to, or None for a page outside every project."""
    parts = src_uri.split("/")
    return parts[1] if len(parts) == 3 and parts[0] == PROJECTS else None


def page_dir(src_uri: str) -> str:
    """The directory a page is served from with use_directory_urls."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def make_link(here: str):
    def link(target: str) -> str:
        rel = posixpath.relpath(target.rstrip("/") or ".", here.rstrip("/") or ".")
        if target.endswith("/") or not target:
            return "./" if rel == "." else rel + "/"
        return rel
    return link
