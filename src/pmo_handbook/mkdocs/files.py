"""The generated pages and downloads as MkDocs files, in memory."""
from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from pmo_handbook.site import Download, Page


class DownloadFile(File):
    """A file copied as it is: a Markdown template download must not become a page."""

    def is_documentation_page(self) -> bool:
        return False


def page_file(config: MkDocsConfig, page: Page, root: Path) -> File:
    f = File.generated(config, page.src_uri, content=page.content)
    # "Edit this page" opens the YAML file behind the page (relative to the docs folder, as MkDocs
    # resolves edit_uri), not a generated Markdown file; None for builds without edit links.
    f.edit_uri = posixpath.normpath(posixpath.join(_root_from_docs(config.docs_dir, root), page.edit_path)) \
        if page.edit_path else None
    return f


@lru_cache(maxsize=8)
def _root_from_docs(docs_dir: str, root: Path) -> str:
    """The repository root relative to the docs folder, once a build rather than once a page
    (edit paths are repository-relative, without '..')."""
    return Path(os.path.relpath(root, Path(docs_dir).resolve())).as_posix()


def download_file(config: MkDocsConfig, download: Download) -> File:
    return DownloadFile.generated(config, download.src_uri, content=download.content)


class Reused:
    """mkdocs serve: the File made for a generated page or download in the last build, given
    again while the session replays the same object (site/incremental.py) and the folders and
    URL style are the same; 5,000 pages and 4,000 downloads at 200 projects are otherwise made
    anew after each edit. MkDocs sets a File's page during each build: that is cleared."""

    def __init__(self) -> None:
        self.key: tuple[object, ...] | None = None
        self.last: dict[int, tuple[Page | Download, File]] = {}
        self.now: dict[int, tuple[Page | Download, File]] = {}

    def start(self, config: MkDocsConfig) -> None:
        key = (config.docs_dir, config.site_dir, config.use_directory_urls)
        self.last = self.last if key == self.key else {}
        self.key, self.now = key, {}

    def file(self, item: Page | Download, make: Callable[[], File]) -> File:
        hit = self.last.get(id(item))
        if hit is not None and hit[0] is item:
            f = hit[1]
            f.page = None
        else:
            f = make()
        self.now[id(item)] = (item, f)
        return f

    def finished(self) -> None:
        self.last, self.now = self.now, {}
