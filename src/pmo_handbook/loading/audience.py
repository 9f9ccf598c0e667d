"""What one audience may see: a loaded repository cut down to the records and fields a build for
PMO_AUDIENCE may show.

The site builder filters first and builds from the result, so pages, navigation, counts, charts,
downloads and the search index are all computed from visible records only: nothing downstream
has to know about visibility, and nothing it adds later can leak what was never handed to it.

Rules (README, "Security and audiences"):
- audiences are ordered public < customer < internal < restricted; a record is kept when its
  visibility is at or below the build's audience (default visibility: internal);
- a project whose project.yml is above the audience disappears with everything in it;
- a register is never shown below its `floor` (model/registry.py: the stakeholder register is
  never shown below internal); personal contact details follow their own visibility (default
  internal), not the member's;
- a record about one member (an onboarding record) goes when that member is not shown;
- a file kept whole (tailoring.yml) with a `visibility` is shown or left out as one;
- `field_visibility` hides single fields of a kept record; nested records (PMO DX checks) and
  nested models with a `visibility` (contact details) are filtered the same way;
- a reference to a record the audience may not see is dropped from lists, emptied when
  optional, and shown as "—" when required, so no id or name of a hidden record remains;
- a register this audience sees nothing of is "withheld" (its page and nav entry go too), except
  that internal builds still show a register that is empty in the data.
"""
from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Iterable
from functools import cache

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pmo_handbook.model.common import Ref
from pmo_handbook.model.registry import REGISTERS, Register, listed
from pmo_handbook.loading.directory import person_id
from pmo_handbook.model.directory import Person
from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.settings import AUDIENCES

RANK = {name: rank for rank, name in enumerate(AUDIENCES)}
PLACEHOLDER = "—"  # a required reference to someone or something this audience does not see
_HIDDEN = object()


def sees(audience: str, visibility: str) -> bool:
    """True when a build for audience may show something marked visibility."""
    return RANK[visibility] <= RANK[audience]


def for_audience(repo: Repository, audience: str,
                 filtered: Callable[[ProjectData, str], ProjectData] | None = None) -> Repository:
    """The part of repo that audience may see. The parsed sources are dropped: they hold every
    record as written, and nothing after validation needs them. filtered: project_for, or an
    earlier result of it for the same project (mkdocs serve, site/incremental.py)."""
    cut = filtered or project_for
    projects = {pid: cut(p, audience) for pid, p in repo.projects.items()
                if sees(audience, p.project.visibility)}
    projects = without_plans(projects, audience)  # planned and actual 人月 are internal
    people = visible_people(repo.people, projects, audience)  # data/people.yml
    return dataclasses.replace(repo, projects=projects, sources={}, people=people)


def project_for(p: ProjectData, audience: str) -> ProjectData:
    kept = {reg.key: [r for r in getattr(p, reg.key) if sees(audience, r.visibility)]
            if sees(audience, reg.floor) else [] for reg in listed()}
    for reg in listed():
        if reg.follows_member:
            people = {mem.id for mem in kept["members"]}
            kept[reg.key] = [r for r in kept[reg.key] if getattr(r, reg.follows_member) in people]
    known = {reg.key: {getattr(r, reg.id_field) for r in kept[reg.key]} for reg in listed() if reg.id_field}
    clean = _Filter(audience, known).clean
    # Below internal an empty register page says nothing the audience needs; above, it tells the
    # team that nothing is recorded yet, unless it was emptied for this audience.
    withheld = {reg.file for reg in listed()
                if not kept[reg.key] and (getattr(p, reg.key) or not sees(audience, "internal"))}
    # Attributes named by the register table; ProjectData's typed attributes are checked against it by a test.
    whole: dict[str, typing.Any] = {}
    for reg in REGISTERS.values():
        if reg.keeps == "file":
            whole[reg.key], shown = _whole(getattr(p, reg.key), reg, audience, clean)
            if not shown:
                withheld.add(reg.file)
    lists: dict[str, typing.Any] = {key: [clean(r) for r in records] for key, records in kept.items()}
    return dataclasses.replace(p, **whole, **lists, sources={}, withheld=withheld)


def _whole(value: BaseModel, reg: Register, audience: str,
           clean: Callable[[BaseModel], BaseModel]) -> tuple[BaseModel, bool]:
    """A file kept whole, cleaned, or empty when its own visibility is above the audience.
    (project.yml's visibility decides before: for_audience drops the whole project.)"""
    if not sees(audience, getattr(value, "visibility", "public")):
        return reg.empty(), False
    return clean(value), True


class _Filter:
    def __init__(self, audience: str, known: dict[str, set[str]]) -> None:
        self.audience, self.known = audience, known

    def clean(self, obj: BaseModel) -> BaseModel:
        """obj without the fields, nested records and references this audience may not see."""
        hidden = getattr(obj, "field_visibility", None) or {}
        updates: dict[str, object] = {}
        if any(not sees(self.audience, v) for v in hidden.values()):  # not even the names remain
            updates["field_visibility"] = {k: v for k, v in hidden.items() if sees(self.audience, v)}
        for name, info, ref in _fields(type(obj)):
            if name == "field_visibility":
                continue
            value = getattr(obj, name)
            if name in hidden and not sees(self.audience, hidden[name]):
                new = info.get_default(call_default_factory=True)
            else:
                new = self.value(value, ref)
                if new is _HIDDEN:
                    new = PLACEHOLDER if info.is_required() and isinstance(value, str) else None
            if new is not value:
                updates[name] = new
        return obj.model_copy(update=updates) if updates else obj

    def value(self, value: object, ref: str | None) -> object:
        """value as this audience may see it (the same object when nothing changes), or _HIDDEN."""
        if isinstance(value, BaseModel):
            visibility = getattr(value, "visibility", None)
            if visibility is not None and not sees(self.audience, visibility):
                return _HIDDEN
            return self.clean(value)
        if isinstance(value, list):
            out = [v for v in (self.value(item, ref) for item in value) if v is not _HIDDEN]
            return value if len(out) == len(value) and all(a is b for a, b in zip(out, value, strict=True)) else out
        if isinstance(value, dict):
            shown = {k: v for k, v in ((k, self.value(item, None)) for k, item in value.items())
                     if v is not _HIDDEN}
            return value if all(shown.get(k, _HIDDEN) is v for k, v in value.items()) else shown
        if ref is not None and isinstance(value, str) and value not in self.known.get(ref, ()):
            return _HIDDEN
        return value


@cache
def _fields(cls: type[BaseModel]) -> list[tuple[str, FieldInfo, str | None]]:
    """(name, field info, register its ids point at) for every field of a model class."""
    return [(name, info, _ref(info.metadata) or _ref_in(info.annotation))
            for name, info in cls.model_fields.items()]


def _ref(metadata: Iterable[object]) -> str | None:
    return next((meta.register for meta in metadata if isinstance(meta, Ref)), None)


def _ref_in(annotation: object) -> str | None:
    """The Ref inside an annotation such as list[PersonId] or IssueId | None."""
    if typing.get_origin(annotation) is typing.Annotated:
        found = _ref(typing.get_args(annotation)[1:])
        if found:
            return found
    for arg in typing.get_args(annotation):
        found = _ref_in(arg)
        if found:
            return found
    return None


INTERNAL_FIELDS = ("unit_cost", "grade")
"""Cost figures: internal, whatever the person's visibility."""


def visible_people(people: dict[str, Person], projects: dict[str, ProjectData], audience: str) -> dict[str, Person]:
    """The directory as an audience may see it. Below internal a person appears only where a
    record the audience sees names them (a member of a visible project), never with cost
    figures, and with contact details only where the contact's own visibility allows."""
    internal = sees(audience, "internal")
    named = {person_id(m) for p in projects.values() for m in p.members}
    out = {}
    for pid, person in people.items():
        if not sees(audience, person.visibility) or (not internal and pid not in named):
            continue
        update: dict[str, object] = {}
        if not internal:
            update = {f: None for f in INTERNAL_FIELDS}
        if person.contact is not None and not sees(audience, person.contact.visibility):
            update["contact"] = None
        out[pid] = person.model_copy(update=update) if update else person
    return out


def without_plans(projects: dict[str, ProjectData], audience: str) -> dict[str, ProjectData]:
    """Members without their 要員計画 (allocation, actual effort) below internal: the filtered
    projects are copies (project_for), so the loaded repository keeps them."""
    if sees(audience, "internal"):
        return projects
    for p in projects.values():
        p.members = [m.model_copy(update={"allocation": [], "actual": {}}) for m in p.members]
        p.__dict__.pop("_people", None)
    return projects
