"""The WBS (作業分解構成図): work packages and tasks with their plan, actuals and progress method.

The hierarchy is a flat list ordered by WBS code (`1`, `1.2`, `1.2.3`): one row per task, as in the
Excel WBS people already keep, and the parent of `1.2.3` is `1.2`. A task with children is a
summary: its effort and progress are rolled up from its tasks (status/wbs.py), never typed.

Two compact text forms keep the register one row per task in Excel too:
  predecessors  `TSK-012` (finish-to-start), `TSK-012+2` (lag in days), `TSK-012SS` (start-to-start)
  steps         `30% 設計書ドラフト 2026-10-01`: the weight, the step, the day it was done (if done)
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal, Self

from pydantic import Field, StringConstraints, model_validator

from pmo_handbook.errors import Message
from pmo_handbook.i18n.messages import Field as Named, RuleError, Shown, needed_with, only_with
from pmo_handbook.model.common import Date, Line, MilestoneId, Model, PersonId, Record, Ref, Text, listed
from pmo_handbook.model.project import Phase

TaskId = Annotated[str, StringConstraints(pattern=r"^TSK-[0-9]{3,5}$"), Ref("wbs")]
WbsCode = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,2}(\.[1-9][0-9]{0,2}){0,5}$")]
DEPENDENCY = r"^(TSK-[0-9]{3,5})(FS|SS)?([+-][0-9]{1,3})?$"
Dependency = Annotated[str, StringConstraints(pattern=DEPENDENCY)]
STEP = r"^([0-9]{1,3})%\s+(.+?)(?:\s+([0-9]{4}-[0-9]{2}-[0-9]{2}))?$"
StepText = Annotated[str, StringConstraints(pattern=STEP, max_length=300)]
ProgressMethod = Literal["zero_hundred", "fifty_fifty", "steps", "reported"]
"""0/100: done or nothing; 50/50: half on start; steps: milestone-weighted steps; reported: a
percentage with its basis."""


@dataclass(frozen=True)
class Link:
    """A parsed predecessor: the task and how this one follows it."""

    task: str
    type: Literal["FS", "SS"]
    lag: int


@dataclass(frozen=True)
class Step:
    weight: int
    name: str
    done: dt.date | None


def parse_dependency(text: str) -> Link:
    m = re.match(DEPENDENCY, text)
    if m is None:
        raise ValueError(f"'{text}' is not a predecessor (TSK-012, TSK-012+2 or TSK-012SS)")
    return Link(m.group(1), m.group(2) or "FS", int(m.group(3) or 0))  # type: ignore[arg-type]


def parse_step(text: str) -> Step:
    m = re.match(STEP, text)
    if m is None:
        raise ValueError(f"'{text}' is not a step (30% 設計書ドラフト 2026-10-01)")  # the pattern checked it
    try:
        done = dt.date.fromisoformat(m.group(3)) if m.group(3) else None
    except ValueError as exc:  # 2026-13-01 fits the pattern
        raise RuleError(Message.of("step_date", value=Shown(text), reason=str(exc)), at="steps") from None
    return Step(int(m.group(1)), m.group(2), done)


class Task(Record):
    id: TaskId
    code: WbsCode = Field(description="WBS code: 1, 1.2, 1.2.3; the parent of 1.2.3 is 1.2.")
    name: Line
    owner: PersonId | None = None
    deliverable: Line | None = Field(None, description="成果物.")
    phase: Phase | None = None
    milestone: MilestoneId | None = Field(None, description="The milestone this work leads to.")
    baseline_start: Date = Field(description="The approved plan (ベースライン).")
    baseline_finish: Date
    forecast_start: Date | None = Field(None, description="Current plan; empty = the baseline.")
    forecast_finish: Date | None = None
    actual_start: Date | None = None
    actual_finish: Date | None = None
    planned_effort: float | None = Field(None, ge=0, le=100_000, description="予定工数 (人日); tasks only.")
    actual_effort: float | None = Field(None, ge=0, le=100_000, description="実績工数 (人日).")
    method: ProgressMethod = Field("zero_hundred", description="How progress is measured.")
    steps: list[StepText] = listed("Milestone-weighted steps (method steps): weights add up to 100.")
    percent: int | None = Field(None, ge=0, le=100, description="Reported progress (method reported).")
    basis: Text | None = Field(None, description="What was done: required for a reported 1–99 %.")
    reported_on: Date | None = Field(None, description="Day the percentage was reported.")
    predecessors: list[Dependency] = listed("TSK-012, TSK-012+2 (lag), TSK-012SS (start-to-start).")
    note: Text | None = Field(None, description="備考.")

    @model_validator(mode="after")
    def _progress(self) -> Self:
        if self.method == "steps":
            if not self.steps:
                raise RuleError(needed_with("wbs", "steps", "method", "progress_method", "steps"), at="method")
            total = sum(parse_step(s).weight for s in self.steps)
            if total != 100:
                raise RuleError(Message.of("step_weights", field=Named("wbs", "steps"), total=total), at="steps")
        elif self.steps:
            raise RuleError(only_with("wbs", "steps", "method", "progress_method", "steps", self.method), at="steps")
        if self.method == "reported":
            self._reported(self.percent)
        elif self.percent is not None:
            raise RuleError(only_with("wbs", "percent", "method", "progress_method", "reported", self.method),
                            at="percent")
        return self

    def _reported(self, percent: int | None) -> None:
        """A reported percentage needs what was done (the 90 % syndrome), and 100 % its finish."""
        if percent is None:
            raise RuleError(needed_with("wbs", "percent", "method", "progress_method", "reported"), at="method")
        if 0 < percent < 100 and self.basis is None:
            raise RuleError(Message.of("reported_needs_basis", percent=percent, field=Named("wbs", "basis")),
                            at="percent")
        if percent == 100 and self.actual_finish is None:
            raise RuleError(Message.of("reported_needs_finish", field=Named("wbs", "actual_finish")),
                            at="percent")

    @property
    def level(self) -> int:
        return self.code.count(".") + 1

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @property
    def start(self) -> dt.date:
        """Best current estimate of the start: actual, else forecast, else baseline."""
        return self.actual_start or self.forecast_start or self.baseline_start

    @property
    def finish(self) -> dt.date:
        return self.actual_finish or self.forecast_finish or self.baseline_finish

    @property
    def links(self) -> list[Link]:
        return [parse_dependency(d) for d in self.predecessors]

    @property
    def parsed_steps(self) -> list[Step]:
        return [parse_step(s) for s in self.steps]


class Wbs(Model):
    wbs: list[Task] = listed("Work packages and tasks in WBS code order.")
