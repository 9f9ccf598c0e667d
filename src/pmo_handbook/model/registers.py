"""The four logs every project keeps: issues (課題管理表), risks, decisions, changes."""
from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from pmo_handbook.i18n.messages import RuleError, date_order, needed_with
from pmo_handbook.model.common import (ChangeId, Date, DecisionId, IssueId, Level3, Line, MeetingId, Model,
                                       PersonId, Record, RiskId, Side, Text, listed)

IssueStatus = Literal["open", "in_progress", "resolved", "closed", "on_hold", "withdrawn"]
IssueCategory = Literal["question", "request", "defect", "specification", "progress", "organisation",
                        "environment", "contract", "other"]
ImpactArea = Literal["schedule", "cost", "quality", "scope", "risk"]
RiskCategory = Literal["technical", "schedule", "cost", "resource", "organisation", "customer",
                       "external", "quality", "security"]
RiskStrategy = Literal["avoid", "mitigate", "transfer", "accept", "escalate"]
RiskStatus = Literal["open", "occurred", "closed"]
ActionStatus = Literal["not_started", "in_progress", "done"]
ChangeStatus = Literal["requested", "analysing", "approved", "rejected", "implemented", "withdrawn"]
Charge = Literal["paid", "free", "undecided"]

OPEN_ISSUE = ("open", "in_progress", "resolved", "on_hold")
"""Statuses that still need someone's attention."""


class HistoryEntry(Model):
    date: Date
    by: PersonId
    note: Text


class Links(Model):
    risks: list[RiskId] = listed("Related risks.")
    changes: list[ChangeId] = listed("Related change requests.")
    decisions: list[DecisionId] = listed("Related decisions.")
    issues: list[IssueId] = listed("Related issues.")


class Escalation(Model):
    to: Line = Field(description="Person or meeting the issue was escalated to.")
    on: Date
    reason: Text | None = None


class Issue(Record):
    id: IssueId
    title: Line
    description: Text
    category: IssueCategory
    phase: Line | None = None
    raised_on: Date
    raised_by: PersonId
    priority: Level3
    impact: list[ImpactArea] = listed("Areas the issue affects.")
    owner: PersonId
    owner_side: Side = "own"
    due: Date | None = None
    status: IssueStatus
    action_plan: Text | None = None
    close_criteria: Text | None = None
    history: list[HistoryEntry] = listed("対応経緯, oldest first.")
    resolution: Text | None = None
    closed_on: Date | None = None
    approved_by: PersonId | None = Field(None, description="完了承認者.")
    links: Links = Field(default_factory=Links)
    escalation: Escalation | None = None

    @model_validator(mode="after")
    def _closing(self) -> Self:
        if self.status == "closed" and self.closed_on is None:
            raise RuleError(needed_with("issue", "closed_on", "status", "issue_status", "closed"), at="status")
        if self.closed_on and self.closed_on < self.raised_on:
            raise RuleError(date_order("issue", "closed_on", self.closed_on, "raised_on", self.raised_on),
                            at="closed_on")
        return self


class Issues(Model):
    issues: list[Issue] = listed("課題管理表.")


class Risk(Record):
    id: RiskId
    title: Line
    event: Text = Field(description="What might happen.")
    cause: Text | None = None
    category: RiskCategory
    probability: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    trigger: Text | None = None
    strategy: RiskStrategy
    preventive_action: Text | None = None
    preventive_status: ActionStatus = "not_started"
    contingency: Text | None = None
    owner: PersonId
    raised_on: Date
    review_on: Date | None = None
    status: RiskStatus = "open"
    issue: IssueId | None = Field(None, description="The issue this risk became when it occurred.")

    @property
    def score(self) -> int:
        return self.probability * self.impact


class Risks(Model):
    risks: list[Risk] = listed("リスク管理表.")


class Decision(Record):
    id: DecisionId
    title: Line
    context: Text
    options: list[Line] = listed("Options considered.")
    decision: Text
    rationale: Text | None = None
    decided_on: Date
    decided_by: list[PersonId] = Field(min_length=1)
    meeting: MeetingId | None = None
    superseded_by: DecisionId | None = None
    links: Links = Field(default_factory=Links)


class Decisions(Model):
    decisions: list[Decision] = listed("決定事項.")


class ChangeImpact(Model):
    effort_days: float | None = Field(None, ge=0, description="Additional effort in person-days.")
    cost: float | None = Field(None, description="Cost impact in the budget unit.")
    schedule_days: int | None = Field(None, description="Schedule impact in days (negative = earlier).")
    quality: Text | None = None
    risk: Text | None = None
    deliverables: list[Line] = listed("Deliverables affected.")


class Change(Record):
    id: ChangeId
    title: Line
    description: Text
    reason: Text
    requested_by: PersonId
    requested_on: Date
    impact: ChangeImpact = Field(default_factory=ChangeImpact)
    alternatives: Text | None = None
    charge: Charge = "undecided"
    approver: PersonId | None = None
    status: ChangeStatus
    decided_on: Date | None = None
    decision: Text | None = None
    links: Links = Field(default_factory=Links)

    @model_validator(mode="after")
    def _decided(self) -> Self:
        if self.status in ("approved", "rejected", "implemented") and self.decided_on is None:
            raise RuleError(needed_with("change", "decided_on", "status", "change_status", self.status), at="status")
        if self.decided_on and self.decided_on < self.requested_on:
            raise RuleError(date_order("change", "decided_on", self.decided_on, "requested_on", self.requested_on),
                            at="decided_on")
        return self


class Changes(Model):
    changes: list[Change] = listed("変更要求.")
