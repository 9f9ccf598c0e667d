"""Build settings, read from the environment so mkdocs.yml and CI can set them."""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pmo_handbook import model

AUDIENCES = ("public", "customer", "internal", "restricted")  # least to most trusted
PROJECT_ID = re.compile(model.common.PROJECT_ID)


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    templates_dir: Path | None = None
    as_of: dt.date = dt.date.today()
    lang: str = "ja"
    audience: str = "internal"
    project: str | None = None  # build one project's site only

    @classmethod
    def from_env(cls, env=os.environ, lang: str = "ja", base: Path | None = None) -> "Settings":
        return cls.from_mapping({
            "data_dir": env.get("PMO_DATA_DIR"), "templates_dir": env.get("PMO_TEMPLATES_DIR"),
            "as_of": env.get("PMO_AS_OF"), "audience": env.get("PMO_AUDIENCE"),
            "project": env.get("PMO_PROJECT")}, lang, base)

    @classmethod
    def from_mapping(cls, values: dict, lang: str = "ja", base: Path | None = None) -> "Settings":
        """From mkdocs.yml's `extra.pmo` (filled by !ENV) or the environment; paths are
        relative to base, the folder of mkdocs.yml."""
        base = Path(base) if base else Path.cwd()

        def path(value, default):
            p = Path(value or default)
            return p if p.is_absolute() else base / p
        return cls(
            data_dir=path(values.get("data_dir"), "data"),
            templates_dir=path(values.get("templates_dir"), "pmo_templates"),
            as_of=parse_as_of(values.get("as_of")),
            lang=lang if lang in ("ja", "en") else "ja",
            audience=parse_audience(values.get("audience")),
            project=parse_project(values.get("project")),
        )


def parse_as_of(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise SettingsError(f"PMO_AS_OF={value!r} is not a date; expected YYYY-MM-DD") from None


def parse_project(value: str | None) -> str | None:
    """The id of the one project to build; checked because it becomes a path."""
    value = (value or "").strip()
    if not value:
        return None
    if not PROJECT_ID.match(value):
        raise SettingsError(f"PMO_PROJECT={value!r} is not a project id (lowercase letters, digits "
                            "and '-', as the folder under data/projects/)")
    return value


def parse_audience(value: str | None) -> str:
    value = (value or "internal").strip()
    if value not in AUDIENCES:
        raise SettingsError(f"PMO_AUDIENCE={value!r} is not allowed; expected one of: {', '.join(AUDIENCES)}")
    return value
