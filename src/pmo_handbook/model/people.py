"""Members, 体制 and the stakeholder register."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from pmo_handbook.errors import Message
from pmo_handbook.i18n.messages import RuleError, Shown
from pmo_handbook.ids import PERSON_ID
from pmo_handbook.model.allocation import Allocation, Effort, Month
from pmo_handbook.model.common import (Date, Level3, Line, Model, PersonId, RoleId, Record, Side,
                                       StakeholderId, Text, Visibility, listed)

# A GitHub (Enterprise) login as CODEOWNERS names it, without the @.
GithubLogin = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")]
# The team page's section anchors (templates/project/team.md.j2): a member's row is anchored by
# the member id (team/#fujita), so a member may not take one of these.
TEAM_PAGE_ANCHORS = ("roles", "org-chart", "raci", "members")
# A directory id (data/people.yml): plain, not a Ref to a project register.
DirectoryRef = Annotated[str, StringConstraints(pattern=PERSON_ID)]
Engagement = Literal["unaware", "resistant", "neutral", "supportive", "leading"]
StakeholderCategory = Literal["sponsor", "management", "user", "it", "partner", "regulator", "other"]


class Contact(Model):
    """Personal contact details: internal by default, whatever the member's own visibility;
    a customer build shows them only when this says customer (or public)."""

    email: Line | None = None
    phone: Line | None = None
    visibility: Visibility = Field("internal", description="Who may see these contact details.")


class Member(Record):
    """One person's part in one project. With a directory (data/people.yml) the personal fields
    (name … github) live there and are filled in on loading; without one they are written here."""

    id: PersonId
    person: DirectoryRef | None = Field(None, description="Id in data/people.yml (default: the member id).")
    name: Line | None = None
    romaji: Line | None = None
    organisation: Line | None = None
    kind: Side | None = Field(None, description="own: our company; partner: subcontractor; "
                              "customer: customer side.")
    department: Line | None = None
    title: Line | None = None
    location: Line | None = None
    contact: Contact | None = None
    joined: Date
    left: Date | None = None
    roles: list[RoleId] = listed("Standard role ids from pmo_templates/roles.yml.")
    reports_to: PersonId | None = Field(
        None, description="Member id of the line manager in this project (体制図).")
    responsibilities: Line | None = Field(None, description="Area this person covers.")
    github: GithubLogin | None = Field(None, description="GitHub login, for CODEOWNERS (`pmo-handbook "
                                       "codeowners`): the project's pm and pmo review its changes.")
    allocation: list[Allocation] = listed("Planned 人月 per month (要員計画): ranges or single months.")
    actual: dict[Month, Effort] = Field(default_factory=dict, description="Actual 人月 per month, "
                                        "where no WBS records the project's actuals.")

    @field_validator("id")
    @classmethod
    def _not_an_anchor(cls, value: str) -> str:
        if value in TEAM_PAGE_ANCHORS:
            raise RuleError(Message.of("reserved_id", value=Shown(value),
                                       anchors=", ".join("#" + a for a in TEAM_PAGE_ANCHORS)))
        return value


class Members(Model):
    members: list[Member]


class Stakeholder(Record):
    # The register judges people (influence, resistance): it is never shown to them or to
    # anyone outside the company, so customer and public are not even accepted.
    visibility: Literal["internal", "restricted"] = Field(
        "internal", description="Who may see this record: the register never leaves the company.")
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
