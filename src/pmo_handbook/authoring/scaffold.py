"""A new project folder the standard way: every project file, pre-filled from the organisation's
standard (process catalogue, onboarding checklist, roles) and tailored by size and type.

Placeholders are valid values that say what to write (`TODO:`-like text from the label catalogue,
member ids `pm` and `pmo`), so the folder passes validation the moment it is created."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pmo_handbook import ids, model as m
from pmo_handbook.i18n import labels
from pmo_handbook.loading.repository import Standard
from pmo_handbook.model.jsonschema import project_modeline
from pmo_handbook.model.registry import REGISTERS, Register
from pmo_handbook.model.standard import requirement
from pmo_handbook.source.atomic import write_text_atomic
from pmo_handbook.source.yamlwrite import Doc, dump
from pmo_handbook.model.placeholders import MARKERS, mark

PROJECT_ID = re.compile(ids.PROJECT_ID)  # the same pattern the model checks
PM_ID, PMO_ID = "pm", "pmo"  # placeholder member ids (no --pm/--pmo): rename them in every file at once
DURATION_DAYS = {"S": 91, "M": 182, "L": 365}  # default end date when none is given
# Process items of category "meeting" -> kind and rhythm of the meeting they create.
MEETING_RHYTHM = {"steering_committee": ("steering", "monthly"), "regular_meeting": ("regular", "weekly")}


@dataclass(frozen=True)
class NewProject:
    id: str
    name: str
    size: str
    type: str = "new_development"
    customer: str | None = None
    contract: str = "contract"
    lifecycle: str = "waterfall"
    initiative: str = "it"
    start: dt.date = dt.date.today()
    end: dt.date | None = None
    pm: str = "pm"              # member ids of the PM and PMO: with data/people.yml, directory ids
    pmo: str | None = "pmo"     # None: no PMO member (with a directory and no --pmo)
    directory: bool = False     # the data folder keeps data/people.yml: members only name people


class ScaffoldError(ValueError):
    """A usage mistake: bad id, existing folder, impossible dates."""


def check(spec: NewProject, data_dir: Path) -> Path:
    """The folder to create; ScaffoldError when it cannot be created."""
    if not PROJECT_ID.match(spec.id):
        raise ScaffoldError(f"project id '{spec.id}' is not valid: use 2 to 40 lowercase letters, digits "
                            "and '-', starting with a letter or digit (it becomes the folder name and URL)")
    folder = Path(data_dir) / "projects" / spec.id
    if folder.exists():
        raise ScaffoldError(f"{folder.as_posix()} already exists: choose another project id")
    if spec.end is not None and spec.end < spec.start:
        raise ScaffoldError(f"end {spec.end} is before start {spec.start}")
    return folder


def create(spec: NewProject, data_dir: Path, std: Standard, org: m.Organisation, lang: str = "ja") -> Path:
    folder = check(spec, data_dir)
    files = render(spec, std, org, lang)
    for name, text in files.items():  # atomic, and never through a symlink out of data_dir
        write_text_atomic(folder / name, text, data_dir)
    return folder


def render(spec: NewProject, std: Standard, org: m.Organisation, lang: str = "ja") -> dict[str, str]:
    """File name -> text of every project file."""
    return _Scaffold(spec, std, org, lang).files()


class _Scaffold:
    def __init__(self, spec: NewProject, std: Standard, org: m.Organisation, lang: str):
        self.spec, self.std, self.org = spec, std, org
        self.ui = labels(lang).ui
        self.lang = lang
        self.end = spec.end or spec.start + dt.timedelta(days=DURATION_DAYS[spec.size])
        self.level = {item.id: requirement(item, spec.size, spec.type) for item in std.process}
        # Small projects get PMO support from the line; with a directory, only a named PMO is added.
        self.with_pmo = spec.size in ("M", "L") and spec.pmo is not None

    def todo(self, key: str, **kw: object) -> str:
        """Text to write, marked as a placeholder: validate warns until it is replaced."""
        return mark(self.label(key, **kw), self.lang)

    def label(self, key: str, **kw: object) -> str:
        return self.ui(f"scaffold_{key}", **kw)

    def adopted(self, item_id: str) -> bool:
        return self.level.get(item_id, "optional") != "optional"

    def files(self) -> dict[str, str]:
        """Every file of the register table: pre-filled where the standard says what goes in,
        else an empty list of records. A builder returns the records, or the whole file."""
        filled: dict[str, Callable[[], Doc | list[Doc]]]
        filled = {"project": self.project, "members": self.members, "milestones": self.milestones,
                  "meetings": self.meetings, "onboarding": self.onboarding, "tailoring": self.tailoring,
                  "wbs": self.wbs}
        out = {}
        for key, reg in REGISTERS.items():
            value = filled[key]() if key in filled else []
            out[reg.file] = self.text(reg, {reg.records_field: value} if isinstance(value, list) else value)
        return out

    def text(self, reg: Register, value: Doc) -> str:
        key = f"file_{reg.key}" + ("_directory" if reg.key == "members" and self.spec.directory else "")
        guide = self.label(key, marker=MARKERS.get(self.lang, MARKERS["ja"]))
        comment = "".join(f"# {line}\n" for line in guide.splitlines())
        return project_modeline(reg.file) + comment + dump(value)

    def project(self) -> Doc:
        s = self.spec
        out = {"id": s.id, "name": s.name, "customer": s.customer or self.todo("customer"),
               "type": s.type, "size": s.size, "contract": s.contract, "lifecycle": s.lifecycle,
               "phase": "planning", "start": s.start, "end": self.end, "pm": self.spec.pm}
        if self.with_pmo:
            out["pmo"] = self.spec.pmo
        out.update({
            "background": self.todo("background"), "purpose": self.todo("purpose"),
            "objectives": [{"objective": self.todo("objective"), "kpi": self.todo("kpi"),
                            "target": self.todo("target")}],
            "success_criteria": [self.todo("success_criterion")],
            "business_outcomes": [{"outcome": self.todo("outcome"), "measure": self.todo("kpi"),
                                   "target": self.todo("target")}],
            "initiative": {"kind": s.initiative, "checks": []},
            "scope": {"in_scope": [self.todo("in_scope")], "out_of_scope": [self.todo("out_of_scope")]},
        })
        return out

    def members(self) -> list[Doc]:
        people = [self.member(self.spec.pm, "pm", None)]
        if self.with_pmo and self.spec.pmo is not None:  # with_pmo says it is set
            people.append(self.member(self.spec.pmo, "pmo", self.spec.pm))
        return people

    def member(self, pid: str, role: str, reports_to: str | None) -> Doc:
        out: Doc = {"id": pid}
        if not self.spec.directory:  # with a directory, the person's name and organisation live there
            out.update({"name": self.todo("member_name", role=role.upper()), "organisation": self.org.name,
                        "kind": "own"})
        out.update({"joined": self.spec.start, "roles": [role]})
        if reports_to:
            out["reports_to"] = reports_to
        return out

    def staff(self) -> list[str]:
        return [self.spec.pm, self.spec.pmo] if self.with_pmo and self.spec.pmo is not None else [self.spec.pm]

    def milestones(self) -> list[Doc]:
        if not self.adopted("milestone_management"):
            return []
        plan = min(self.spec.start + dt.timedelta(days=14), self.end)
        ids = REGISTERS["milestones"].make_id
        return [
            {"id": ids(1), "name": self.label("milestone_plan"), "kind": "phase_gate", "baseline": plan,
             "owner": self.spec.pm},
            {"id": ids(2), "name": self.label("milestone_acceptance"), "kind": "acceptance",
             "baseline": self.end, "owner": self.spec.pm}]

    def wbs(self) -> list[Doc]:
        """The phases of the project's type and size with the catalogue's documents and gates."""
        from pmo_handbook.authoring.wbs_skeleton import skeleton

        ms = [m["id"] for m in self.milestones()]
        return skeleton(self.std, self.spec.size, self.spec.type, self.spec.start, self.end, self.adopted,
                        self.spec.pm, (ms[0], ms[-1]) if ms else (None, None))

    def meetings(self) -> list[Doc]:
        items = [i for i in self.std.process if i.category == "meeting" and self.adopted(i.id)]
        # The most senior meeting first, so the others can escalate to it.
        items.sort(key=lambda i: MEETING_RHYTHM.get(i.id, ("regular",))[0] != "steering")
        meetings: list[Doc] = []
        for n, item in enumerate(items, 1):
            kind, frequency = MEETING_RHYTHM.get(item.id, ("regular", "weekly"))
            schedule = {"frequency": frequency,
                        **({"weekday": "mon"} if frequency in ("weekly", "biweekly") else {"day": 1}),
                        "time": "10:00", "minutes": 60, "first": self.spec.start, "until": self.end}
            meeting = {"id": REGISTERS["meetings"].make_id(n), "name": item.name, "kind": kind,
                       "purpose": item.description,
                       "schedule": schedule, "chair": self.spec.pm, "minute_taker": self.staff()[-1],
                       "attendees": self.staff()}
            if kind != "steering" and meetings and meetings[0]["kind"] == "steering":
                meeting["escalates_to"] = meetings[0]["id"]
            meetings.append(meeting)
        return meetings

    def onboarding(self) -> list[Doc]:
        checklist = next((c for c in self.std.checklists if "own" in c.applies_to), None)
        if checklist is None:
            return []
        return [{"member": pid, "checklist": checklist.id, "items": {}} for pid in self.staff()]

    def tailoring(self) -> Doc:
        entries = [{"item": item.id, "decision": "omitted", "reason": self.todo("omitted_reason")}
                   for item in self.std.process if self.level[item.id] == "optional"]
        return {"profile": f"{self.spec.size}-{self.spec.type}", "entries": entries}
