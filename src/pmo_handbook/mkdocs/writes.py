"""Which files a `mkdocs serve --dirty` rebuild writes again, so that it writes only what changed
and the site stays the one a clean build writes.

MkDocs' dirty mode renders a page only when `File.is_modified()` says so, and judges by file
times; a generated file always says yes. Here every page and download is judged by what decides
its bytes:
- while MkDocs reads the pages (before on_env), every page is read, so every title of the
  navigation is known, as in a clean build;
- a page's HTML depends on its own content and on the layout: the navigation (every title and
  URL), the list of files and mkdocs.yml. When the layout changed since the last good build (or
  that build showed the error page), the site folder is emptied and everything is written;
- otherwise a generated page or download is written when its content differs from the last
  good build's or its file is missing, and a hand-written page by MkDocs' own rule (its time).

A generated page is HTML already (the plugin hands Python-Markdown an empty document), so what
MkDocs reads of it (meta, body, anchors) follows from its content alone: a page whose content is
the last good build's comes back as MkDocs had read it then (restore), and is not read again.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page


READ = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")
"""What MkDocs' reading of a page (_populate_page) sets on it."""


class Writes:
    def __init__(self) -> None:
        self.layout: bytes | None = None  # of the last good build; None: write everything
        self.rendering = False  # MkDocs is writing (after on_env), not reading
        self.everything = True
        self.pending: bytes | None = None  # this build's layout, once MkDocs writes
        self.written: set[str] = set()  # dest_uris written by this build (the benchmark reports it)
        self.read: dict[str, tuple[str, dict[str, Any]]] = {}  # src_uri -> (content, READ) of the last good build
        self.reading: dict[str, tuple[str, dict[str, Any]]] = {}  # the same, of this build
        self.restored: set[str] = set()  # src_uris of this build's pages restored, not read
        self.hashed: dict[str, tuple[object, str | None, bytes]] = {}  # dest_uri -> (content, edit_uri, digest)
        self.hashing: dict[str, tuple[object, str | None, bytes]] = {}  # the same, of this build

    def track(self, files: Files) -> None:
        """Called from on_files of a dirty build: every page and download asks judge()."""
        self.rendering, self.written, self.reading, self.restored = False, set(), {}, set()
        for f in files:
            if (f.is_documentation_page() or f.generated_by is not None) and not hasattr(f, "_judged"):
                f.is_modified = self._judge(f)  # type: ignore[method-assign]  # per file, by design

    def _judge(self, f: File):  # type: ignore[no-untyped-def]  # a closure MkDocs calls
        """A file of this build or one given again (mkdocs/files.py Reused), judged already."""
        by_time = f.is_modified
        f._judged = True  # type: ignore[attr-defined]

        def is_modified() -> bool:
            if not self.rendering:
                return f.src_uri not in self.restored
            changed = self.everything or not os.path.exists(f.abs_dest_path) or (
                self.hashed.get(f.dest_uri, (None, None, b""))[2] != self.hashing[f.dest_uri][2]
                if f.generated_by is not None else by_time())
            if changed:
                self.written.add(f.dest_uri)
            return changed
        return is_modified

    def restore(self, files: Files) -> None:
        """on_nav: every generated page whose content is the last good build's gets what MkDocs
        read of it then, and is not read again."""
        for f in files.documentation_pages():
            kept = self.read.get(f.src_uri) if f.generated_by is not None and f.page is not None else None
            if kept is not None and kept[0] == f.content_string:
                for name, value in kept[1].items():
                    setattr(f.page, name, value)
                self.restored.add(f.src_uri)
                self.reading[f.src_uri] = kept

    def was_read(self, page: Page, content: str) -> None:
        """on_page_content of a generated page: what MkDocs read of it (content: its body)."""
        state = {name: getattr(page, name) for name in READ}
        self.reading[page.file.src_uri] = (page.file.content_string, {**state, "content": content})

    def start_writing(self, config: MkDocsConfig, nav: Navigation, files: Files) -> None:
        """on_env: compare the layout with the last good build's; empty the site when it differs."""
        layout = _layout(config, nav, files)
        self.everything = layout != self.layout
        if self.everything:
            utils.clean_directory(config.site_dir)
        for f in files:
            if f.generated_by is not None:
                self._digest(f)
        self.pending, self.rendering = layout, True

    def _digest(self, f: File) -> None:
        """This build's digest of a generated file's content and edit link; a content replayed
        by the session (the same object as last time) is not hashed again."""
        content = f.content_string if f.is_documentation_page() else f.content_bytes  # no copy of either
        kept = self.hashed.get(f.dest_uri)
        if kept is None or kept[0] is not content or kept[1] != f.edit_uri:
            kept = (content, f.edit_uri, _digest(f))
        self.hashing[f.dest_uri] = kept

    def finished(self, good: bool) -> None:
        """on_post_build: a good build becomes the reference; the error page forces everything."""
        kept = good and self.pending is not None
        self.layout = self.pending if kept else None
        self.read, self.hashed = (self.reading, self.hashing) if kept else ({}, {})
        self.pending, self.rendering, self.reading, self.hashing = None, False, {}, {}


def _digest(f: File) -> bytes:
    return hashlib.sha1(f.content_bytes + b"\0" + (f.edit_uri or "").encode("utf-8", "surrogateescape")).digest()


def _layout(config: MkDocsConfig, nav: Navigation, files: Files) -> bytes:
    h = hashlib.sha1(Path(config.config_file_path).read_bytes() if config.config_file_path else b"")
    for line in _items(nav.items):
        h.update(line.encode("utf-8", "surrogateescape") + b"\n")
    for f in files:
        h.update(f.src_uri.encode("utf-8", "surrogateescape") + b"\0" + f.dest_uri.encode("utf-8", "surrogateescape"))
    return h.digest()


def _items(items: list, depth: int = 0):  # type: ignore[no-untyped-def,type-arg]  # nav items of any kind
    for item in items:
        yield f"{depth} {type(item).__name__} {item.title} {getattr(item, 'url', '')}"
        yield from _items(getattr(item, "children", None) or [], depth + 1)
