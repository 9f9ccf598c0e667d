"""Generated pages' front matter cannot be broken by any character of a title (issue 11,
item 3): MkDocs drops front matter it cannot parse, and the theme then prints the navigation
title through `striptags`, which un-escapes it."""
from __future__ import annotations

import html

from mkdocs.utils.meta import get_data

from pmo_handbook.site.render import title_meta

# Every character below U+0800, the general punctuation and CJK symbol blocks, the edges of the
# surrogates and of the planes, and the surrogates themselves.
CHARS = [chr(c) for c in [*range(0x800), *range(0x2000, 0x2070), *range(0x3000, 0x3040), *range(0xD7F0, 0xE010),
                          *range(0xFEF0, 0x10000), 0x10000, 0x1F600, 0x10FFFF]]


def _front_matter_title(title: str) -> str:
    doc, meta = get_data(f"---\ntitle: {title_meta(title)}\n---\n\n# 本文\n")
    assert doc == "# 本文\n", repr(title)
    return meta["title"]


def test_every_character_keeps_the_front_matter_whole():
    for ch in CHARS:
        title = f"PL{ch}</title><script>alert(1)</script>{ch}\"'\\"
        expected = html.escape(title, quote=False)
        if 0xD800 <= ord(ch) <= 0xDFFF:
            expected = expected.replace(ch, "\ufffd")
        assert _front_matter_title(title) == expected, hex(ord(ch))


def test_line_breaks_and_front_matter_fences_stay_inside_the_title():
    title = "a\n---\nb\r\nc\x85d\u2028e\u2029f\tg: h # i"
    assert _front_matter_title(title) == title


def test_title_is_escaped_once_for_the_theme():
    assert str(title_meta("R&D <b>")) == '"R&amp;D &lt;b&gt;"'
