"""Shared building blocks of every data model."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Visibility = Literal["public", "customer", "internal", "restricted"]
RAG = Literal["green", "amber", "red"]
Level3 = Literal["high", "medium", "low"]
Side = Literal["own", "customer", "partner"]
Date = dt.date

# Ids end up in URLs and file names: a conservative pattern keeps them safe there.
ProjectId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,39}$")]
PersonId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
RoleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,59}$")]
IssueId = Annotated[str, StringConstraints(pattern=r"^ISS-\d{3,5}$")]
RiskId = Annotated[str, StringConstraints(pattern=r"^RSK-\d{3,5}$")]
DecisionId = Annotated[str, StringConstraints(pattern=r"^DEC-\d{3,5}$")]
ChangeId = Annotated[str, StringConstraints(pattern=r"^CR-\d{3,5}$")]
MilestoneId = Annotated[str, StringConstraints(pattern=r"^MS-\d{2,4}$")]
MeetingId = Annotated[str, StringConstraints(pattern=r"^MTG-\d{2,4}$")]
StakeholderId = Annotated[str, StringConstraints(pattern=r"^SH-\d{2,4}$")]

Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
"""Free text; may hold Markdown, which is rendered and sanitised."""
Line = Annotated[str, StringConstraints(min_length=1, max_length=300)]
"""A single line of text such as a name or title."""


class Model(BaseModel):
    """Strict about keys: an unknown key is a typo until proven otherwise."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Record(Model):
    visibility: Visibility = Field("internal", description="Who may see this record.")


def listed(description: str):
    return Field(default_factory=list, description=description)
