"""The organisation's standard, read from pmo_templates/."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from pmo_handbook.model.common import ItemId, Line, Model, RoleId, Side, Text, listed

Requirement = Literal["required", "recommended", "optional"]
RaciCode = Literal["R", "A", "C", "I"]


class Role(Model):
    id: RoleId
    name: Line
    name_en: Line
    side: Side = "own"
    summary: Text
    responsibilities: list[Line] = Field(min_length=1)
    authority: list[Line] = listed("What this role may decide.")
    deliverables: list[Line] = listed("What this role produces.")
    not_responsible: list[Line] = listed("What this role does not do (avoids overlap).")


class Roles(Model):
    roles: list[Role]


class RaciActivity(Model):
    id: ItemId
    name: Line
    name_en: Line | None = None
    phase: Line | None = None
    assignments: dict[RoleId, RaciCode]


class Raci(Model):
    activities: list[RaciActivity]


class ChecklistItem(Model):
    id: ItemId
    title: Line
    category: Line
    owner_role: RoleId
    due_offset_days: int = Field(ge=-90, le=180, description="Days from the join date; negative = before.")
    required: bool = True
    note: Text | None = None


class Checklist(Model):
    id: ItemId
    name: Line
    applies_to: list[Side] = Field(default_factory=lambda: list[Side](["own", "partner"]))
    items: list[ChecklistItem] = Field(min_length=1)


class Checklists(Model):
    checklists: list[Checklist]


class Column(Model):
    key: str = Field(description="Field of the record, dotted for nested fields.")
    label: Line = Field(description="Japanese header.")
    label_en: Line
    width: int = Field(14, ge=4, le=80)
    description: Line
    required: bool = False


class Format(Model):
    id: ItemId
    name: Line
    name_en: Line
    record: Literal["issue", "risk", "decision", "change", "stakeholder", "report", "onboarding", "raci"]
    purpose: Text
    columns: list[Column] = Field(min_length=1)


class Formats(Model):
    formats: list[Format]


class ProcessItem(Model):
    id: ItemId
    name: Line
    name_en: Line
    category: Literal["management", "register", "meeting", "document", "review"]
    description: Text
    format: ItemId | None = Field(None, description="Template format used by this item.")
    by_size: dict[Literal["S", "M", "L"], Requirement]
    by_type: dict[str, Requirement] = Field(default_factory=dict,
                                            description="Overrides by project type; the stricter level wins.")


class Process(Model):
    items: list[ProcessItem]


_STRICTNESS = {"optional": 0, "recommended": 1, "required": 2}


def requirement(item: ProcessItem, size: str, project_type: str) -> Requirement:
    """What the standard asks of a project for this item: the stricter of its size rule and type override."""
    levels: list[Requirement] = [item.by_size.get(size, "optional")]  # type: ignore[call-overload]
    if project_type in item.by_type:
        levels.append(item.by_type[project_type])
    return max(levels, key=_STRICTNESS.__getitem__)


class Term(Model):
    term: Line
    reading: Line | None = None
    en: Line | None = None
    definition: Text
    see: list[Line] = listed("Related terms.")


class Glossary(Model):
    terms: list[Term]
