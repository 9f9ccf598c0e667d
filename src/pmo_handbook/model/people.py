"""Members, 体制 and the stakeholder register."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import (Date, Level3, Line, Model, PersonId, RoleId, Record, Side, StakeholderId,
                     Text, Visibility, listed)

Engagement = Literal["unaware", "resistant", "neutral", "supportive", "leading"]
StakeholderCategory = Literal["sponsor", "management", "user", "it", "partner", "regulator", "other"]


class Contact(Model):
    """Personal contact details: internal by default, never shown to customers unless opened."""

    email: Line | None = None
    phone: Line | None = None
    visibility: Visibility = "internal"


class Member(Record):
    id: PersonId
    name: Line
    romaji: Line | None = None
    organisation: Line
    kind: Side = Field(description="own: our company; partner: subcontractor; customer: customer side.")
    department: Line | None = None
    title: Line | None = None
    location: Line | None = None
    contact: Contact | None = None
    joined: Date
    left: Date | None = None
    roles: list[RoleId] = listed("Standard role ids from pmo_templates/roles.yml.")
    reports_to: PersonId | None = Field(None, description="Member id of the line manager in this project (体制図).")
    responsibilities: Line | None = Field(None, description="Area this person covers.")


class Members(Model):
    members: list[Member]


class Stakeholder(Record):
    id: StakeholderId
    name: Line
    organisation: Line
    title: Line | None = None
    category: StakeholderCategory
    expectations: Text
    influence: Level3
    interest: Level3
    current: Engagement = Field(description="Current engagement.")
    target: Engagement = Field(description="Engagement the project needs.")
    communication: Line | None = Field(None, description="How and how often we communicate.")
    work_impact: Text = Field(description="業務への影響: how the project changes this stakeholder's work.")
    owner: PersonId | None = Field(None, description="Member who manages the relationship.")


class Stakeholders(Model):
    stakeholders: list[Stakeholder] = listed("利害関係者登録簿.")
