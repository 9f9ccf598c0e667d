"""Tie project members to the organisation's directory of people (data/people.yml).

With a directory, a member names a person (`person:`, default its own id) and the person's
fields (name, organisation, contact …) are filled in from the directory, so every page that
shows a member keeps working and the person is written once. Without a directory (a data
folder from before it existed) the member carries those fields itself.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Protocol

from pmo_handbook.errors import DataError
from pmo_handbook.loading.repository import ProjectData
from pmo_handbook.model.common import Model
from pmo_handbook.model.directory import Directory, Person
from pmo_handbook.model.people import Member
from pmo_handbook.source.yamlsrc import Loc, Source


class Loader(Protocol):
    """What read() uses of load.Loader (load.py imports this module, not the reverse)."""

    @property
    def errors(self) -> list[DataError]: ...
    def parse(self, path: Path, root_model: type[Model]) -> tuple[Model | None, Source | None]: ...


PERSONAL = ("name", "romaji", "organisation", "kind", "department", "title", "location", "contact", "github")
"""Member fields that belong to the person, not to the project."""
REQUIRED_INLINE = ("name", "organisation", "kind")


def person_id(member: Member) -> str:
    return member.person or member.id


def read(loader: Loader, data_dir: Path) -> tuple[dict[str, Person] | None, Source | None]:
    """(people by id, or None when data/people.yml is absent or broken; its Source)."""
    from pmo_handbook.model.registry import DATA_FILES

    spec = DATA_FILES["people"]
    path = data_dir / spec.file
    if not path.exists():
        return None, None
    value, src = loader.parse(path, spec.root)
    if not isinstance(value, Directory) or src is None:  # did not parse (the errors are recorded)
        return None, src
    people: dict[str, Person] = {}
    for i, person in enumerate(value.people):
        if person.id in people:
            loader.errors.append(src.error(("people", i, "id"), f"duplicate id '{person.id}'"))
        people.setdefault(person.id, person)
    return people, src


def attach(projects: dict[str, ProjectData], people: dict[str, Person] | None) -> list[DataError]:
    """Fill every member from the directory (people None: there is none); the errors found."""
    errors: list[DataError] = []
    for p in projects.values():
        src = p.source("members")
        merged = []
        for i, mem in enumerate(p.members):
            found, problems = _resolve(mem, people)
            errors.extend(src.error(("members", i) + loc, msg) for loc, msg in problems if src)
            merged.append(found)
        p.members = merged
        p.__dict__.pop("_people", None)  # the id -> member cache is rebuilt from the merged list
    return errors


def _resolve(mem: Member, people: dict[str, Person] | None) -> tuple[Member, list[tuple[Loc, str]]]:
    if people is None:
        missing = [f for f in REQUIRED_INLINE if getattr(mem, f) is None]
        return mem, [((), f"member '{mem.id}' needs '{f}' (or a data/people.yml entry)") for f in missing]
    pid = person_id(mem)
    person = people.get(pid)
    if person is None:
        where = ("person",) if mem.person else ("id",)
        return mem, [(where, f"unknown person '{pid}' (not in data/people.yml){suggest(pid, mem, people)}")]
    written = [f for f in PERSONAL if f in mem.model_fields_set]
    problems = [((f,), f"'{f}' of '{pid}' is kept in data/people.yml; remove it here") for f in written]
    return mem.model_copy(update={"person": pid, **{f: getattr(person, f) for f in PERSONAL}}), problems


def suggest(pid: str, mem: Member | None, people: dict[str, Person]) -> str:
    """'; did you mean …' from the id, the name written beside it, and the name's reading."""
    hits: list[str] = []
    if mem is not None and mem.name:
        key = _squash(mem.name)
        hits += [p.id for p in people.values() if key in (_squash(p.name), _squash(p.reading or ""))]
    hits += difflib.get_close_matches(pid, list(people), n=1, cutoff=0.6)
    hits += [p.id for p in people.values() if pid in _romaji_parts(p)]
    unique = list(dict.fromkeys(hits))[:3]
    if not unique:
        return ""
    return "; did you mean " + " or ".join(f"'{h}' ({people[h].name})" for h in unique) + "?"


def _squash(text: str) -> str:
    return "".join(text.split()).lower()


def _romaji_parts(p: Person) -> set[str]:
    """'takahashi', 'makoto', 'takahashi-m' …: what someone typing an id from the name might write."""
    parts = [w.lower() for w in (p.romaji or "").split()]
    out = set(parts)
    for a in parts:
        for b in parts:
            if a != b:
                out |= {f"{a}-{b[0]}", f"{a}{b[0]}", f"{a}-{b}", f"{a}_{b}"}
    return out


def members_of(projects: dict[str, ProjectData], pid: str) -> list[tuple[ProjectData, Member]]:
    """(project, member) for every project the person is a member of, in project order."""
    return memberships(projects).get(pid, [])


def memberships(projects: dict[str, ProjectData]) -> dict[str, list[tuple[ProjectData, Member]]]:
    """members_of for everyone at once: one pass, where a page per person made it quadratic."""
    out: dict[str, list[tuple[ProjectData, Member]]] = {}
    for p in sorted(projects.values(), key=lambda p: p.id):
        for m in p.members:
            out.setdefault(person_id(m), []).append((p, m))
    return out
