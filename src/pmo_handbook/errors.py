"""Located data errors: every problem a user can cause carries file, line and column."""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Message:
    """A message by catalogue key (i18n/messages_*.yml) with its parameters, rendered in the
    reader's language only when shown (i18n.messages.render)."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, /, **params: Any) -> Message:
        return cls(key, tuple(sorted(params.items())))

# What a terminal, a log or a CI runner would act on instead of showing: C0/C1 controls (escape
# sequences, a newline that forges another error line), Unicode line and paragraph separators,
# and the bidirectional overrides that reorder what is shown.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def printable(text: str) -> str:
    """text to echo in a message: every character above written as an escape (\\x1b, \\n,
    \\u2028). The one escaping of what the CLI prints from data, in every output format."""
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


@dataclass(frozen=True, order=True)
class DataError:
    path: str
    line: int
    column: int
    message: str  # the English text: logs, JSON and tests that read one language
    msg: Message | None = field(default=None, compare=False)  # the keyed form, for other languages

    @property
    def where(self) -> str:
        """Where the error is, as messages start: `path:line:column`."""
        return f"{self.path}:{self.line}:{self.column}"

    def __str__(self) -> str:
        return f"{printable(self.where)}: {printable(self.message)}"


class DataErrors(Exception):
    """Raised with every error found in one run, sorted by file and position."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


def did_you_mean(word: object, choices: Iterable[object]) -> str:
    """"; did you mean 'x'?" naming the closest valid choice, or nothing when none is close."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def display_path(path: Path, root: Path | None = None) -> str:
    """Path as the user should read it: relative to root (or cwd) when possible."""
    path = Path(path)
    # One realpath per folder, not per file (a file's own symlink is shown as the link).
    resolved = _resolved(path.parent) / path.name if path.name not in ("", ".", "..") else path.resolve()
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return resolved.relative_to(_resolved(Path(base))).as_posix()
        except ValueError:
            continue
    return path.as_posix()


@lru_cache(maxsize=1024)
def _resolved(folder: Path) -> Path:
    return folder.resolve()

