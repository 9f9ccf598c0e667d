"""Relative links between generated pages, so the site works under any base URL."""
from __future__ import annotations

import posixpath


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
