"""Shared building blocks of every data model."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from pmo_handbook.errors import Message
from pmo_handbook.i18n.messages import RuleError, Shown, closest
from pmo_handbook.ids import PERSON_ID, PROJECT_ID

Visibility = Literal["public", "customer", "internal", "restricted"]
"""Who may see a record, least to most trusted; a build for one audience holds what it may see."""
RAG = Literal["green", "amber", "red"]
Level3 = Literal["high", "medium", "low"]
Side = Literal["own", "customer", "partner"]
Date = dt.date


@dataclass(frozen=True)
class Ref:
    """Marks an id type that points at a record of a project register (members, issues, …), so
    the audience filter can drop references to records an audience may not see."""

    register: str


# Ids end up in URLs, anchors and file names: each pattern admits no '/', '.', space or quote, so
# no id can traverse a path or break out of an attribute. ASCII only: [0-9], never \d, which
# (in pydantic's regex engine as in Python's) also matches ０, 𝟎 and ٠ — 'ISS-００１' would be a
# second ISS-001.
ProjectId = Annotated[str, StringConstraints(pattern=PROJECT_ID)]
PersonId = Annotated[str, StringConstraints(pattern=PERSON_ID), Ref("members")]
RoleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,59}$")]
IssueId = Annotated[str, StringConstraints(pattern=r"^ISS-[0-9]{3,5}$"), Ref("issues")]
RiskId = Annotated[str, StringConstraints(pattern=r"^RSK-[0-9]{3,5}$"), Ref("risks")]
DecisionId = Annotated[str, StringConstraints(pattern=r"^DEC-[0-9]{3,5}$"), Ref("decisions")]
ChangeId = Annotated[str, StringConstraints(pattern=r"^CR-[0-9]{3,5}$"), Ref("changes")]
MilestoneId = Annotated[str, StringConstraints(pattern=r"^MS-[0-9]{2,4}$"), Ref("milestones")]
MeetingId = Annotated[str, StringConstraints(pattern=r"^MTG-[0-9]{2,4}$"), Ref("meetings")]
StakeholderId = Annotated[str, StringConstraints(pattern=r"^SH-[0-9]{2,4}$"), Ref("stakeholders")]

Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
"""Free text; may hold Markdown, which is rendered and sanitised."""
Line = Annotated[str, StringConstraints(min_length=1, max_length=300)]
"""A single line of text such as a name or title."""


class Model(BaseModel):
    """Strict about keys: an unknown key is a typo until proven otherwise."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Record(Model):
    """A record of a register. Builds for audiences below its visibility leave it out entirely."""

    visibility: Visibility = Field("internal", description="Who may see this record.")
    field_visibility: dict[str, Visibility] = Field(
        default_factory=dict, description="Single fields that fewer people may see than the record, "
        "e.g. {history: internal} on a customer record; hidden fields are left out of lower builds.")

    @field_validator("field_visibility")
    @classmethod
    def _hideable(cls, value: dict[str, Visibility]) -> dict[str, Visibility]:
        fields = [n for n in cls.model_fields if n not in ("visibility", "field_visibility")]
        for name in value:
            if name not in fields:
                raise RuleError(Message.of("hidden_unknown", value=Shown(name), hint=closest(name, fields)))
            if cls.model_fields[name].is_required():
                raise RuleError(Message.of("hidden_required", value=Shown(name)))
        return value


_Item = TypeVar("_Item")


def listed(description: str) -> list[_Item]:
    return Field(default_factory=list, description=description)
