"""Typing mistakes of Japanese keyboards that YAML reports badly or not at all: a full-width
colon after a key (YAML then complains on the next line), full-width spaces as indentation (YAML
reads them as part of a key). Each is found on the line and column where it was typed."""
from __future__ import annotations

import re

from pmo_handbook.errors import DataError
from pmo_handbook.i18n.messages import error

_KEY = r"[A-Za-z_][\w-]*"
# `status：完了`, `- id：ISS-001`, `status:　完了` (full-width space after the colon)
_COLON = re.compile(r"^[ \u3000]*(?:-[ \u3000]+)?(" + _KEY + r")[ \u3000]*(：|:\u3000)")
# an indentation holding a full-width space, before a key or a list item's key
_INDENT = re.compile(r"^[ \t]*\u3000[ \t\u3000]*(?:-\s+)?" + _KEY + r"\s*[:：](?:\s|$)")


def indentation(text: str, shown: str) -> DataError | None:
    """The first line indented with a full-width space, at that space."""
    for number, line in enumerate(text.splitlines(), 1):
        if _INDENT.match(line):
            return error(shown, number, line.index("\u3000") + 1, "fullwidth_space")
    return None


def colon(text: str, shown: str, upto: int) -> DataError | None:
    """The first key written with a full-width colon on lines 1..upto, at the colon."""
    for number, line in enumerate(text.splitlines()[:upto], 1):
        m = _COLON.match(line)
        if m:
            if m[2] == "：":
                return error(shown, number, m.start(2) + 1, "fullwidth_colon", key=m[1])
            return error(shown, number, m.start(2) + 2, "fullwidth_space_after_colon", key=m[1])
    return None
