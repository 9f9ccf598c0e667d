"""What the commands print, in the reader's language: the `commands` section of
i18n/messages_<lang>.yml. A command that cannot go on raises Stop after saying why; the entry
point (cli/__init__.py) turns it into the exit code (1 data errors, 2 usage errors)."""
from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pmo_handbook.errors import DataError, DataErrors, printable
from pmo_handbook.i18n.messages import catalogue, located
from pmo_handbook.loading.load import load_repository
from pmo_handbook.loading.repository import Repository
from pmo_handbook.settings import Settings
from pmo_handbook.source.atomic import WriteRefused


class Stop(Exception):
    """The command stops with this exit code; what went wrong has been printed."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def line(lang: str, key: str, /, **params: Any) -> str:
    """One message of the catalogue; parameters (paths, data) are printed with control
    characters made visible, so a crafted name cannot rewrite the terminal."""
    shown = {k: printable(v.as_posix() if isinstance(v, Path) else str(v)) for k, v in params.items()}
    return str(catalogue(lang)["commands"][key]).format(**shown)


def say(lang: str, key: str, /, **params: Any) -> None:
    print(line(lang, key, **params))


def note(lang: str, key: str, /, **params: Any) -> None:
    """A summary for the person, on standard error (standard output may be a report or JSON)."""
    print(line(lang, key, **params), file=sys.stderr)


def usage(lang: str, key: str, /, **params: Any) -> Stop:
    """A command used wrongly: `pmo-handbook: エラー: …`, exit 2."""
    print(line(lang, "error", text=line(lang, key, **params)), file=sys.stderr)
    return Stop(2)


def refused(lang: str, detail: Exception, code: int = 2) -> Stop:
    """A lower layer's refusal (a write outside the repository, a git failure), passed through."""
    text = detail.text(lang) if isinstance(detail, WriteRefused) else str(detail)
    print(line(lang, "error", text=text), file=sys.stderr)
    return Stop(code)


def each(errors: Iterable[DataError], lang: str) -> None:
    """Every error as `file:line:column: message`, in the reader's language."""
    for error in errors:
        print(printable(located(error, lang)))


def data_errors(errors: Iterable[DataError], lang: str, key: str) -> Stop:
    """Each located error, then the count: exit 1."""
    errors = list(errors)
    each(errors, lang)
    note(lang, key, count=len(errors))
    return Stop(1)


def data_dir(s: Settings) -> Path:
    if not s.data_dir.is_dir():
        raise usage(s.lang, "no_data_dir", path=s.data_dir)
    return s.data_dir


def load(s: Settings, key: str = "errors_fix_first", root: Path | None = None) -> Repository:
    """The repository the settings name, checked as `validate` checks it (actual dates may not
    lie after the as-of date); on errors each is printed and the command stops."""
    try:
        return load_repository(data_dir(s), s.templates_dir, root=root, max_bytes=s.max_file_bytes, as_of=s.as_of)
    except DataErrors as exc:
        raise data_errors(exc.errors, s.lang, key) from None
