"""Milestones, meetings (会議体), onboarding records, weekly reports and tailoring."""
from __future__ import annotations

import datetime as dt
from typing import Literal, Self

from pydantic import Field, model_validator

from pmo_handbook.i18n.messages import RuleError, date_order, needed_with
from pmo_handbook.model.common import (RAG, Date, ItemId, Line, MeetingId, MilestoneId, Model, PersonId,
                                       Record, Text, Visibility, listed)

MilestoneKind = Literal["phase_gate", "delivery", "acceptance", "review", "release"]
MilestoneStatus = Literal["planned", "in_progress", "done", "cancelled"]
MeetingKind = Literal["steering", "regular", "standup", "review", "ccb", "kickoff", "retro"]
Frequency = Literal["once", "daily", "weekly", "biweekly", "monthly"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ItemStatus = Literal["done", "pending", "not_applicable"]
Trend = Literal["improving", "stable", "worsening"]
TailoringDecision = Literal["adopted", "modified", "omitted"]


class Milestone(Record):
    id: MilestoneId
    name: Line
    kind: MilestoneKind
    baseline: Date
    forecast: Date | None = None
    actual: Date | None = None
    status: MilestoneStatus = "planned"
    owner: PersonId
    criteria: Text | None = Field(None, description="What must be true to pass.")

    @model_validator(mode="after")
    def _done(self) -> Self:
        if self.status == "done" and self.actual is None:
            raise RuleError(needed_with("milestone", "actual", "status", "milestone_status", "done"), at="status")
        return self


class Milestones(Model):
    milestones: list[Milestone] = listed("Milestones in date order.")


class Schedule(Model):
    frequency: Frequency
    weekday: Weekday | None = None
    day: int | None = Field(None, ge=1, le=28, description="Day of month for monthly meetings.")
    time: dt.time = Field(description="Start time, HH:MM.")
    minutes: int = Field(60, ge=5, le=600)
    first: Date = Field(description="Date of the first occurrence.")
    until: Date | None = None


class Meeting(Record):
    id: MeetingId
    name: Line
    kind: MeetingKind
    purpose: Text
    schedule: Schedule
    location: Line | None = None
    chair: PersonId
    minute_taker: PersonId | None = None
    attendees: list[PersonId] = listed("Member ids.")
    outputs: list[Line] = listed("What the meeting produces.")
    escalates_to: MeetingId | None = None


class Meetings(Model):
    meetings: list[Meeting] = listed("会議体.")


class ItemState(Model):
    status: ItemStatus = "pending"
    done_on: Date | None = None
    note: Line | None = None


class OnboardingRecord(Record):
    member: PersonId
    checklist: ItemId = "standard"
    items: dict[ItemId, ItemState] = Field(default_factory=dict,
                                           description="State per checklist item id; missing = pending.")


class Onboarding(Model):
    records: list[OnboardingRecord] = listed("参画時チェックリストの記録.")


class AreaStatus(Model):
    rag: RAG
    comment: Text | None = None


class Areas(Model):
    schedule: AreaStatus | None = None
    cost: AreaStatus | None = None
    quality: AreaStatus | None = None
    scope: AreaStatus | None = None
    risk: AreaStatus | None = None


class Report(Record):
    period_start: Date
    period_end: Date
    author: PersonId
    overall: RAG
    areas: Areas = Field(default_factory=Areas)
    trend: Trend = "stable"
    summary: Text
    done: list[Line] = listed("今週の実績.")
    next: list[Line] = listed("次週の予定.")
    decisions_needed: list[Line] = listed("判断が必要な事項.")

    @model_validator(mode="after")
    def _period(self) -> Self:
        if self.period_end < self.period_start:
            raise RuleError(date_order("report", "period_end", self.period_end, "period_start", self.period_start),
                            at="period_end")
        return self


class Reports(Model):
    reports: list[Report] = listed("週次報告, oldest first.")


class TailoringEntry(Model):
    item: ItemId = Field(description="Process item id from pmo_templates/process.yml.")
    decision: TailoringDecision
    reason: Text
    approver: PersonId | None = None
    decided_on: Date | None = None
    how: Text | None = Field(None, description="For modified items: what is done instead.")


class Tailoring(Model):
    visibility: Visibility = Field("internal", description="Who may see the tailoring page: the "
                                   "PMO's process deviations and their reasons.")
    profile: Line | None = Field(None, description="Name of the tailoring profile, e.g. M-enhancement.")
    entries: list[TailoringEntry] = listed("Deviations from the standard for this project's size and type.")


class RaciRow(Model):
    activity: ItemId
    assignments: dict[str, Literal["R", "A", "C", "I"]]


class ProjectRaci(Model):
    """A project's RACI; omitted rows follow the standard RACI."""

    activities: list[RaciRow] = listed("Rows that differ from the standard RACI.")
