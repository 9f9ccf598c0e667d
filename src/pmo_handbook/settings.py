"""The build's settings: the one reader of mkdocs.yml's `extra.pmo`, the environment and the
command line's options. Every setting is declared once, in DECLARED (name, environment variable,
mkdocs.yml key, option, parser, default, meaning); the README's table is checked against it.

Where a setting comes from, first found wins: what is given explicitly (a command-line option,
or the key in mkdocs.yml), then the environment variable, then the default. An empty value counts
as unset, except for the audience: an empty PMO_AUDIENCE is refused rather than read as internal."""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmo_handbook.errors import did_you_mean
from pmo_handbook.ids import PROJECT_ID

AUDIENCES = ("public", "customer", "internal", "restricted")  # least to most trusted
EDITING_AUDIENCES = ("internal", "restricted")  # builds that may link to the internal git server
LANGS = ("ja", "en")
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024
ENV_PREFIX = "PMO_"
EXTRA = "extra.pmo."  # mkdocs.yml keys of the engine's own settings start with this
_PROJECT = re.compile(PROJECT_ID)


class SettingsError(ValueError):
    """A setting that cannot be used; the message names where it was set and what is allowed.
    str() is the English text; key and params are the message for the reader's language
    (i18n/messages_*.yml `settings`), rendered by the command line and the MkDocs adapter.
    A parameter that is itself a (key, params) pair is a message of its own (a reason)."""

    def __init__(self, text: str, key: str | None = None, /, **params: Any) -> None:
        super().__init__(text)
        self.key, self.params = key, params


class _Invalid(ValueError):
    """A parser's reason, keyed: the English text and its message key and parameters."""

    def __init__(self, text: str, key: str, /, **params: Any) -> None:
        super().__init__(text)
        self.key, self.params = key, params


def _close(word: object, choices: Iterable[object]) -> str:
    """The closest valid choice, or "" (the reader's language words the "did you mean")."""
    found = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return found[0] if found else ""


@dataclass(frozen=True)
class Settings:
    """One build's settings, typed. Read them with from_mkdocs or from_options; constructing one
    directly (tests) takes the values as given."""

    data_dir: Path = Path("data")
    templates_dir: Path = Path("pmo_templates")
    as_of: dt.date = field(default_factory=dt.date.today)
    lang: str = "ja"
    audience: str = "internal"
    project: str | None = None  # build one project's site only
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES

    @property
    def edit_links(self) -> bool:
        """"Edit this page" and the repository link lead to the internal git server: only builds
        for people inside the company carry them."""
        return self.audience in EDITING_AUDIENCES


@dataclass
class _Context:
    base: Path  # relative paths are relative to it (mkdocs.yml's folder, or the working folder)
    values: dict[str, Any]  # the settings read so far, in declaration order


# --- parsers: raw value -> typed value; a ValueError's text says what is wrong -------------------

def _path(raw: Any, ctx: _Context) -> Path:
    path = Path(str(raw).strip())
    return path if path.is_absolute() else ctx.base / path


def _templates(raw: Any, ctx: _Context) -> Path:
    if raw is not None:
        return _path(raw, ctx)
    return default_templates_dir(ctx.values["data_dir"], ctx.base)


def _date(raw: Any, ctx: _Context) -> dt.date:
    if isinstance(raw, dt.date):  # mkdocs.yml's YAML reads 2026-11-26 as a date
        return raw
    if raw is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise _Invalid("is not a date; expected YYYY-MM-DD", "not_date") from None


def _lang(raw: Any, ctx: _Context) -> str:
    return _one_of(str(raw).strip(), LANGS)


def _audience(raw: Any, ctx: _Context) -> str:
    value = "" if raw is None else str(raw).strip()
    if not value:
        raise _Invalid(f"is empty; expected one of: {', '.join(AUDIENCES)} (an empty audience "
                       "is refused, not read as internal)", "empty_audience", allowed=", ".join(AUDIENCES))
    return _one_of(value, AUDIENCES)


def _project(raw: Any, ctx: _Context) -> str | None:
    """The id of the one project to build; checked because it becomes a path."""
    if raw is None:
        return None
    value = str(raw).strip()
    if not _PROJECT.fullmatch(value):
        raise _Invalid("is not a project id (lowercase letters, digits and '-', as the folder "
                       "under data/projects/)", "not_project_id")
    return value


def _bytes(raw: Any, ctx: _Context) -> int:
    value = str(raw).strip()
    if not value.isascii() or not value.isdigit() or int(value) == 0:
        raise _Invalid("is not allowed; expected a whole number of bytes greater than 0 "
                       f"(default {DEFAULT_MAX_FILE_BYTES})", "not_bytes", default=DEFAULT_MAX_FILE_BYTES)
    return int(value)


def _one_of(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise _Invalid(f"is not allowed; expected one of: {', '.join(allowed)}{did_you_mean(value, allowed)}",
                       "not_one_of", allowed=", ".join(allowed), close=_close(value, allowed))
    return value


# --- the declaration ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Declared:
    name: str  # the attribute of Settings
    env: str  # the environment variable
    mkdocs: str | None  # where mkdocs.yml sets it; None: the environment only
    option: str | None  # the command-line option that sets it, where commands take one
    metavar: str  # the option's value in --help
    parse: Callable[[Any, _Context], Any]
    default: Any  # given to parse when the setting is unset (None: parse knows the default)
    shown_default: str  # the default as the README states it
    help: str
    empty_is_unset: bool = True  # False: an empty value is refused (fail closed)


DECLARED: tuple[Declared, ...] = (
    Declared("data_dir", env="PMO_DATA_DIR", mkdocs=EXTRA + "data_dir", option="--data",
             metavar="DIR", parse=_path, default="data", shown_default="`data`",
             help="the data folder"),
    Declared("templates_dir", env="PMO_TEMPLATES_DIR", mkdocs=EXTRA + "templates_dir",
             option="--templates", metavar="DIR", parse=_templates, default=None,
             shown_default="`pmo_templates` beside the data folder",
             help="the standard templates folder"),
    Declared("as_of", env="PMO_AS_OF", mkdocs=EXTRA + "as_of", option="--as-of",
             metavar="YYYY-MM-DD", parse=_date, default=None, shown_default="today",
             help="the date every computation uses (overdue, ageing, onboarding)"),
    Declared("lang", env="PMO_LANG", mkdocs="theme.language", option="--lang", metavar="ja|en",
             parse=_lang, default="ja", shown_default="`ja`",
             help="`ja` or `en`: the site, its search and every message (data errors, commands, settings errors)"),
    Declared("audience", env="PMO_AUDIENCE", mkdocs=EXTRA + "audience", option=None,
             metavar="AUDIENCE", parse=_audience, default="internal", shown_default="`internal`",
             help="`public`, `customer`, `internal` or `restricted`; customer and public builds "
                  "have no edit links; empty is an error", empty_is_unset=False),
    Declared("project", env="PMO_PROJECT", mkdocs=EXTRA + "project", option="--project", metavar="ID",
             parse=_project, default=None, shown_default="all",
             help="build one project's site only"),
    Declared("max_file_bytes", env="PMO_MAX_FILE_BYTES", mkdocs=None, option=None,
             metavar="BYTES", parse=_bytes, default=DEFAULT_MAX_FILE_BYTES,
             shown_default=f"{DEFAULT_MAX_FILE_BYTES} (5 MB)",
             help="size limit of one data file, in bytes"),
)
BY_NAME = {d.name: d for d in DECLARED}
EXTRA_KEYS = tuple(d.mkdocs.removeprefix(EXTRA) for d in DECLARED if d.mkdocs and d.mkdocs.startswith(EXTRA))


def default_templates_dir(data_dir: Path, base: Path = Path(".")) -> Path:
    """The standard templates beside the data folder, else in the base folder."""
    beside = Path(data_dir).resolve().parent / "pmo_templates"
    return beside if beside.exists() else Path(base) / "pmo_templates"


# --- reading ------------------------------------------------------------------------------------

def from_mkdocs(pmo: Any, theme_language: Any, base: Path,
                env: Mapping[str, str] = os.environ) -> Settings:
    """The settings of a MkDocs build: mkdocs.yml's `extra.pmo` and `theme.language` (values
    written there win over the environment), paths relative to base, mkdocs.yml's folder.
    An unknown `extra.pmo` key is an error: a misspelt audience must not build for internal."""
    if pmo is None:
        pmo = {}
    if not isinstance(pmo, Mapping):
        raise SettingsError(f"mkdocs.yml: extra.pmo must be a mapping of settings ({', '.join(EXTRA_KEYS)})",
                            "extra_not_mapping", keys=", ".join(EXTRA_KEYS))
    for key in pmo:
        if key not in EXTRA_KEYS:
            raise SettingsError(f"mkdocs.yml: unknown setting extra.pmo.{key}{did_you_mean(key, EXTRA_KEYS)} "
                                f"(settings: {', '.join(EXTRA_KEYS)})", "unknown_extra", key=key,
                                close=_close(key, EXTRA_KEYS), keys=", ".join(EXTRA_KEYS))
    given = {name: (value, f"mkdocs.yml {BY_NAME[name].mkdocs}") for name, value in pmo.items()}
    if theme_language is not None:
        given["lang"] = (theme_language, "mkdocs.yml theme.language")
    return _read(given, env, Path(base))


def from_options(options: Mapping[str, Any], env: Mapping[str, str] = os.environ,
                 base: Path = Path(".")) -> Settings:
    """The settings of a command: its options (name -> value, None when not given) win over the
    environment; relative paths stay relative to the working folder."""
    given = {name: (value, BY_NAME[name].option or name) for name, value in options.items()
             if value is not None}
    return _read(given, env, Path(base))


def _read(given: Mapping[str, tuple[Any, str]], env: Mapping[str, str], base: Path) -> Settings:
    _check_environment(env)
    ctx = _Context(base, {})
    for d in DECLARED:
        found = [given[d.name]] if d.name in given else []
        found += [(env[d.env], d.env)] if d.env in env else []
        if d.empty_is_unset:  # an empty value passes on to the next source
            found = [(raw, where) for raw, where in found if raw is not None and str(raw).strip()]
        raw, where = found[0] if found else (d.default, "default")
        try:
            ctx.values[d.name] = d.parse(raw, ctx)
        except ValueError as exc:
            shown = where if raw is None else f"{where}={raw!r}"  # None: an empty YAML value
            reason = (exc.key, exc.params) if isinstance(exc, _Invalid) else None
            raise SettingsError(f"{shown} {exc}", "invalid" if reason else None, shown=shown,
                                reason=reason) from None
    return Settings(**ctx.values)


def _check_environment(env: Mapping[str, str]) -> None:
    """A near miss of a declared variable (PMO_AUDIANCE) is refused as an unknown mkdocs.yml key
    is; other PMO_* variables may belong to something else and are left alone."""
    declared = {d.env.removeprefix(ENV_PREFIX): d.env for d in DECLARED}
    for var in env:
        if var.startswith(ENV_PREFIX) and var not in declared.values():
            close = difflib.get_close_matches(var.removeprefix(ENV_PREFIX), declared, n=1, cutoff=0.8)
            if close:
                raise SettingsError(f"environment: unknown variable {var}; did you mean "
                                    f"'{declared[close[0]]}'?", "unknown_variable", var=var,
                                    close=declared[close[0]])


def readme_table() -> str:
    """The README's table of settings, as it must read."""
    rows = ["| Environment variable | mkdocs.yml | Option | Meaning | Default |",
            "| --- | --- | --- | --- | --- |"]
    for d in DECLARED:
        rows.append(f"| `{d.env}` | {_code(d.mkdocs)} | {_code(d.option)} | {d.help} | {d.shown_default} |")
    return "\n".join(rows)


def _code(text: str | None) -> str:
    return f"`{text}`" if text else "—"
