"""The one table of data files: every project register and every standard template, declared once.

Everything that needs to know "which registers exist" reads it: loading (which files, which
attribute), validation (unique ids, the ids that references point at), the audience filter, the
project pages and their order in the navigation, the project downloads, the Excel import and its
command choices, the JSON Schemas and `new-project`. Adding a register is one entry here, one
model and one page template; docs/guide/architecture.md follows one column through the layers.
"""
from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from pmo_handbook.model.common import Model, Visibility
from pmo_handbook.model.directory import Directory
from pmo_handbook.model.people import Members, Stakeholders
from pmo_handbook.model.plan import Meetings, Milestones, Onboarding, ProjectRaci, Reports, Tailoring
from pmo_handbook.model.project import Project
from pmo_handbook.model.registers import Changes, Decisions, Issues, Risks
from pmo_handbook.model.standard import Checklists, Format, Formats, Glossary, Process, Raci, Roles
from pmo_handbook.model.wbs import Wbs


@dataclass(frozen=True)
class Register:
    """One file of a project folder (data/projects/<id>/<file>)."""

    file: str                    # its name; the stem is the register's key (page, download, import name)
    root: type[Model]            # model of the whole file
    records: str | None = None   # attribute of root holding the records
    keeps: Literal["records", "file"] = "records"  # what ProjectData.<key> holds: the record list or the file
    record: str | None = None    # the `record:` kind of its formats in pmo_templates/formats.yml
    id_field: str | None = None  # unique within the project; references to the register name it
    pages: tuple[str, ...] = ()  # the project pages it feeds, edited in this file
    nav: int = 0                 # where those pages stand in a project's navigation
    download: bool = False       # an Excel download of the project's records, in its standard format
    importable: bool = False     # `pmo-handbook import <key> FILE.xlsx`
    floor: Visibility = "public"  # never shown to an audience below this, whatever a record says
    follows_member: str | None = None  # field naming the member a record is about: hidden with them
    flattened: str | None = None  # dict field a format spreads out into columns (item -> state)
    required: bool = False       # every project folder must have it

    @property
    def key(self) -> str:
        return self.file.removesuffix(".yml")

    @property
    def records_field(self) -> str:
        """records, of a register whose file is a list of records (keeps "records", or RACI's rows)."""
        if self.records is None:
            raise ValueError(f"{self.file}: its file holds no list of records")
        return self.records

    @property
    def model(self) -> type[BaseModel] | None:
        """The model of one record, read from the root's list field."""
        if self.records is None:
            return None
        model: type[BaseModel] = typing.get_args(self.root.model_fields[self.records].annotation)[0]
        return model

    @property
    def id_prefix(self) -> str | None:
        """'ISS-' for issues: from the pattern of the record's id type, never written twice."""
        found = _id_pattern(self)
        return found.group(1) if found else None

    def make_id(self, n: int) -> str:
        """The n-th id in the shortest form the pattern admits: ISS-001, MS-01."""
        found = _id_pattern(self)
        if found is None:
            raise ValueError(f"{self.file}: its records have no numbered id")
        return f"{found.group(1)}{n:0{int(found.group(2))}d}"

    def held(self, value: Model) -> typing.Any:
        """What ProjectData keeps of the parsed file."""
        return getattr(value, self.records) if self.keeps == "records" and self.records else value

    def empty(self) -> typing.Any:
        """What ProjectData keeps when the file is absent."""
        return [] if self.keeps == "records" else self.root()


@dataclass(frozen=True)
class Template:
    """One file of the organisation's standard (pmo_templates/<file>)."""

    file: str
    root: type[Model]
    records: str                 # attribute of root holding the records
    key: str                     # attribute of the loaded Standard
    page: str                    # its handbook page: handbook/<page>.md from handbook/<page>.md.j2
    nav: str                     # label key of that page in the handbook navigation
    id_field: str | None = "id"  # unique within the file
    record_pages: str | None = None  # one page per record from handbook/<this>.md.j2, at handbook/<records>/<id>.md


def _id_pattern(reg: Register) -> re.Match[str] | None:
    model = reg.model
    if model is None or reg.id_field is None:
        return None
    hint = typing.get_type_hints(model, include_extras=True)[reg.id_field]
    pattern = next((meta.pattern for meta in typing.get_args(hint)[1:] if getattr(meta, "pattern", None)), "")
    return re.match(r"^\^([A-Z]+-)\[0-9\]\{(\d+),\d+\}\$$", pattern)


# In file order: the order `validate` lists them in. `nav` orders the pages.
_PROJECT = (
    Register("project.yml", Project, keeps="file", pages=("dashboard", "charter"), nav=0, required=True),
    Register("members.yml", Members, "members", id_field="id", pages=("team",), nav=1, required=True),
    Register("stakeholders.yml", Stakeholders, "stakeholders", record="stakeholder", id_field="id",
             pages=("stakeholders",), nav=2, floor="internal"),
    Register("milestones.yml", Milestones, "milestones", id_field="id", pages=("milestones",), nav=4),
    Register("wbs.yml", Wbs, "wbs", record="wbs", id_field="id", pages=("wbs",), nav=4,
             download=True, importable=True),
    Register("issues.yml", Issues, "issues", record="issue", id_field="id", pages=("issues",), nav=5,
             download=True, importable=True),
    Register("risks.yml", Risks, "risks", record="risk", id_field="id", pages=("risks",), nav=6,
             download=True, importable=True),
    Register("decisions.yml", Decisions, "decisions", record="decision", id_field="id",
             pages=("decisions",), nav=7, download=True, importable=True),
    Register("changes.yml", Changes, "changes", record="change", id_field="id", pages=("changes",), nav=8,
             download=True, importable=True),
    Register("meetings.yml", Meetings, "meetings", id_field="id", pages=("meetings",), nav=9),
    Register("onboarding.yml", Onboarding, "records", record="onboarding", pages=("onboarding",), nav=3,
             follows_member="member", flattened="items"),
    Register("reports.yml", Reports, "reports", record="report", pages=("reports",), nav=10),
    Register("tailoring.yml", Tailoring, keeps="file", pages=("tailoring",), nav=11),
    Register("raci.yml", ProjectRaci, "activities", keeps="file", record="raci", flattened="assignments"),
)
REGISTERS: dict[str, Register] = {reg.key: reg for reg in _PROJECT}
"""Every project file by key, in file order."""

# In the order of the handbook navigation.
_STANDARD = (
    Template("roles.yml", Roles, "roles", "roles", page="index", nav="handbook_top", record_pages="role"),
    Template("raci.yml", Raci, "activities", "raci", page="raci", nav="standard_raci"),
    Template("process.yml", Process, "items", "process", page="process", nav="process_catalogue"),
    Template("formats.yml", Formats, "formats", "formats", page="templates", nav="template_catalogue"),
    Template("onboarding.yml", Checklists, "checklists", "checklists", page="onboarding",
             nav="onboarding_checklists"),
    Template("glossary.yml", Glossary, "terms", "glossary", page="glossary", nav="glossary", id_field=None),
)
TEMPLATES: dict[str, Template] = {t.key: t for t in _STANDARD}
"""Every standard template file by the Standard attribute it fills."""

IMPORTABLE: dict[str, Register] = {k: r for k, r in REGISTERS.items() if r.importable}


@dataclass(frozen=True)
class DataFile:
    """One organisation-level file of the data folder (data/<file>), beside projects/; optional."""

    file: str
    root: type[Model]
    records: str                 # attribute of root holding the records
    key: str                     # attribute of the loaded Repository
    id_field: str = "id"         # unique within the file; project files refer to it
    pages: tuple[str, ...] = ()  # the site-wide pages it feeds


_DATA = (
    DataFile("people.yml", Directory, "people", "people", pages=("people", "capacity")),
)
DATA_FILES: dict[str, DataFile] = {d.key: d for d in _DATA}
"""Every organisation-level data file by the Repository attribute it fills."""


def by_file(name: str) -> Register | None:
    return next((r for r in _PROJECT if r.file == name), None)


def by_record(kind: str) -> Register:
    """The register whose records a format of this `record:` kind describes."""
    return next(r for r in _PROJECT if r.record == kind)


def listed() -> list[Register]:
    """Registers that ProjectData keeps as record lists (the ones filtered record by record)."""
    return [r for r in _PROJECT if r.keeps == "records"]


def with_ids() -> list[Register]:
    """Registers whose records carry an id that must be unique and that references name."""
    return [r for r in listed() if r.id_field]


def page_order() -> list[tuple[str, Register]]:
    """(page key, register whose file it is edited in) for every project page, in navigation order."""
    return [(page, reg) for reg in sorted(_PROJECT, key=lambda r: r.nav) for page in reg.pages]


def register_format(formats: list[Format], register: Register) -> Format | None:
    """The standard format of a register: the first format written for its record kind."""
    return next((f for f in formats if f.record == register.record), None) if register.record else None
