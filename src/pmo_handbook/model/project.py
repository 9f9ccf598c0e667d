"""The project charter (data/projects/<id>/project.yml)."""
from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from pmo_handbook.i18n.messages import RuleError, date_order
from pmo_handbook.model.common import Date, Level3, Line, Model, PersonId, ProjectId, Record, Text, listed
from pmo_handbook.model.organisation import RagOverrides

ProjectType = Literal["new_development", "enhancement", "maintenance", "migration", "package", "consulting"]
Size = Literal["S", "M", "L"]
Contract = Literal["contract", "quasi_mandate", "ses", "internal"]
Lifecycle = Literal["waterfall", "agile", "hybrid"]
Phase = Literal["planning", "requirements", "design", "build", "test", "migration", "operation", "closed"]
InitiativeKind = Literal["dx", "it", "cloud"]
DxVerdict = Literal["still_dx", "drifting", "became_it"]


class Objective(Model):
    objective: Line
    kpi: Line | None = Field(None, description="How it is measured.")
    target: Line | None = Field(None, description="The value that counts as success.")


class BusinessOutcome(Model):
    """What the business should gain after go-live: the part nobody looks at otherwise."""

    outcome: Line
    measure: Line | None = None
    target: Line | None = None
    by: Date | None = Field(None, description="When the outcome should be visible.")
    owner: Line | None = Field(None, description="Who in the business owns the outcome.")


class DxCheck(Record):
    """The PMO's periodic check that a DX project has not shrunk into plain IT化. A record of its
    own (internal by default): the PMO's verdict is not the customer's reading of the charter."""

    checked_on: Date
    checked_by: PersonId
    verdict: DxVerdict
    note: Text | None = None


class Initiative(Model):
    kind: InitiativeKind = Field(description="dx: changes how the business works or sells; "
                                 "it: replaces manual work with a system; cloud: moves on-premises to cloud.")
    checks: list[DxCheck] = listed("PMO checks of the initiative kind, oldest first.")


class Scope(Model):
    in_scope: list[Line] = listed("What the project delivers.")
    out_of_scope: list[Line] = listed("What it explicitly does not.")


class Budget(Model):
    bac: float = Field(gt=0, description="Budget at completion.")
    unit: Line = Field("人月", description="Unit of bac and EVM values, e.g. 人月 or 千円.")


class EvmPoint(Model):
    date: Date
    pv: float = Field(ge=0)
    ev: float = Field(ge=0)
    ac: float = Field(ge=0)


class Project(Record):
    id: ProjectId
    name: Line
    name_en: Line | None = None
    customer: Line
    type: ProjectType
    size: Size
    contract: Contract
    lifecycle: Lifecycle
    phase: Phase
    start: Date
    end: Date
    sponsor: PersonId | None = None
    pm: PersonId
    pmo: PersonId | None = None
    summary: Line | None = Field(None, description="One line for the portfolio.")
    background: Text
    purpose: Text
    objectives: list[Objective] = listed("Objectives with KPI and target (成功基準).")
    success_criteria: list[Line] = listed("成功基準.")
    business_outcomes: list[BusinessOutcome] = listed("Outcomes expected after go-live.")
    initiative: Initiative
    scope: Scope = Field(default_factory=Scope)
    assumptions: list[Line] = listed("前提条件.")
    constraints: list[Line] = listed("制約条件.")
    deliverables: list[Line] = listed("成果物.")
    budget: Budget | None = None
    evm: list[EvmPoint] = listed("Earned value snapshots, oldest first.")
    priority: Level3 = "medium"
    rag: RagOverrides | None = Field(None, description="Project-specific RAG thresholds.")

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.end < self.start:
            raise RuleError(date_order("project", "end", self.end, "start", self.start), at="end")
        return self
