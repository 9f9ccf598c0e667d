"""The hand-written pages in the site's language: guide/reading.md is written in Japanese and
guide/reading.en.md holds its English text. A build in English serves the English text at the
same URL (links between guide pages keep working); every build leaves the other languages' files
out of the site. Section titles of mkdocs.yml's nav written as a Japanese label are translated."""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.structure.files import Files

from pmo_handbook.i18n import LANGUAGES
from pmo_handbook.site.language import translated_nav

__all__ = ["pick_language", "translated_nav"]

_VARIANT = re.compile(r"\.(" + "|".join(map(re.escape, LANGUAGES)) + r")\.md$")


def pick_language(files: Files, lang: str) -> None:
    for f in list(files):
        if _VARIANT.search(f.src_uri):
            files.remove(f)  # served instead of its Japanese page, never as a page of its own
            continue
        if lang != "ja" and f.src_uri.endswith(".md") and f.abs_src_path:
            variant = Path(f.abs_src_path).with_suffix(f".{lang}.md")
            if variant.is_file():
                f.abs_src_path = str(variant)
