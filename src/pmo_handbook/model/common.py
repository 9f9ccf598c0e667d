"""Shared building blocks of every data model."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from pmo_handbook.errors import did_you_mean
from pmo_handbook.ids import PROJECT_ID

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
# no id can traverse a path or break out of an attribute.
ProjectId = Annotated[str, StringConstraints(pattern=PROJECT_ID)]
PersonId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$"), Ref("members")]
RoleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,59}$")]
IssueId = Annotated[str, StringConstraints(pattern=r"^ISS-\d{3,5}$"), Ref("issues")]
RiskId = Annotated[str, StringConstraints(pattern=r"^RSK-\d{3,5}$"), Ref("risks")]
DecisionId = Annotated[str, StringConstraints(pattern=r"^DEC-\d{3,5}$"), Ref("decisions")]
ChangeId = Annotated[str, StringConstraints(pattern=r"^CR-\d{3,5}$"), Ref("changes")]
MilestoneId = Annotated[str, StringConstraints(pattern=r"^MS-\d{2,4}$"), Ref("milestones")]
MeetingId = Annotated[str, StringConstraints(pattern=r"^MTG-\d{2,4}$"), Ref("meetings")]
StakeholderId = Annotated[str, StringConstraints(pattern=r"^SH-\d{2,4}$"), Ref("stakeholders")]

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
    def _hideable(cls, value: dict) -> dict:
        fields = [n for n in cls.model_fields if n not in ("visibility", "field_visibility")]
        for name in value:
            if name not in fields:
                raise ValueError(f"field_visibility: '{name}' is not a field of this record"
                                 f"{did_you_mean(name, fields)}")
            if cls.model_fields[name].is_required():
                raise ValueError(f"field_visibility: '{name}' is required, so it cannot be hidden; "
                                 "set the record's visibility instead")
        return value


def listed(description: str):
    return Field(default_factory=list, description=description)
