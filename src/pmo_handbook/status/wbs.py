"""The WBS as of a date: schedule, lateness, progress roll-up, critical path and EVM from the work.
Pure functions, no I/O.

Conventions (the hand-computed tests follow them):
- Dates are calendar days and a task's finish day is worked: 12-01..12-05 is 5 days.
- A finish-to-start successor starts the day after its predecessor's finish, plus the lag;
  a start-to-start one on its predecessor's start plus the lag.
- Expected dates as seen on a date: actual dates known by then; otherwise the forecast (else the
  baseline), pushed later by predecessors and by the date itself, since work not started (or
  not finished) by a date cannot start (or finish) before it. Slip is the milestones' slip rule
  (status/rules.py `slip_on`) applied to a task's finish: one definition for the whole site.
- PV uses the baseline, spread evenly over its days; EV is planned effort × progress; AC is the
  actual effort spread evenly from the actual start to the actual finish (or the as-of date).
- Only leaf tasks carry effort and progress; work packages roll up from their tasks.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from pmo_handbook import status as st
from pmo_handbook.model.wbs import Link, Task
from pmo_handbook.status.evm import Evm, metrics

if TYPE_CHECKING:
    from pmo_handbook.model.project import Project


class Worked(Protocol):
    """What the EVM from the work reads of a project (loading.repository.ProjectData has it)."""

    @property
    def project(self) -> Project: ...
    @property
    def wbs(self) -> Sequence[Task]: ...

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Timing:
    start: dt.date        # expected start as seen on the date
    finish: dt.date       # expected finish
    started: bool         # actually started on or before the date
    finished: bool        # actually finished on or before the date


@dataclass(frozen=True)
class _Finish:
    """A task's finish seen through the milestone fields, so slip is computed by st.slip_on."""

    baseline: dt.date
    forecast: dt.date
    actual: dt.date | None
    status: str = "planned"


@dataclass(frozen=True)
class Point:
    date: dt.date
    pv: float
    ev: float
    ac: float


@dataclass
class Plan:
    """A WBS read as of a date. Summaries (work packages) are the tasks with children."""

    tasks: Sequence[Task]
    date: dt.date
    as_of: dt.date | None = None  # the day actual effort was last recorded (default: date)
    by_id: dict[str, Task] = field(init=False)
    children: dict[str, list[Task]] = field(init=False)

    def __post_init__(self) -> None:
        self.tasks = sorted(self.tasks, key=lambda t: code_key(t.code))
        self.by_id = {t.id: t for t in self.tasks}
        codes = {t.code: t for t in self.tasks}
        self.children = {t.id: [] for t in self.tasks}
        for t in self.tasks:
            parent = codes.get(t.parent_code) if t.parent_code else None
            if parent is not None:
                self.children[parent.id].append(t)

    # --- structure -----------------------------------------------------------------------------

    def is_summary(self, task: Task) -> bool:
        return bool(self.children[task.id])

    @cached_property
    def leaves(self) -> list[Task]:
        return [t for t in self.tasks if not self.is_summary(t)]

    def leaves_under(self, task: Task) -> list[Task]:
        if not self.is_summary(task):
            return [task]
        return [leaf for child in self.children[task.id] for leaf in self.leaves_under(child)]

    # --- schedule ------------------------------------------------------------------------------

    @cached_property
    def timing(self) -> dict[str, Timing]:
        """Expected start and finish of every task (forward pass through the predecessors)."""
        found: dict[str, Timing] = {}
        visiting: set[str] = set()

        def visit(task: Task) -> Timing:
            if task.id in found:
                return found[task.id]
            visiting.add(task.id)
            found[task.id] = self._leaf_timing(task, visit, visiting) if not self.is_summary(task) \
                else self._summary_timing(task, visit)
            visiting.discard(task.id)
            return found[task.id]

        for t in self.tasks:
            visit(t)
        return found

    def _leaf_timing(self, t: Task, visit: Callable[[Task], Timing], visiting: set[str]) -> Timing:
        d = self.date
        started = t.actual_start is not None and t.actual_start <= d
        finished = started and t.actual_finish is not None and t.actual_finish <= d
        plan_start = t.forecast_start or t.baseline_start
        plan_finish = t.forecast_finish or t.baseline_finish
        if finished:
            assert t.actual_start is not None and t.actual_finish is not None  # by `finished`
            return Timing(t.actual_start, t.actual_finish, True, True)
        if started:
            assert t.actual_start is not None  # by `started`
            return Timing(t.actual_start, max(plan_finish, d), True, False)
        start = max(plan_start, d)
        for link in t.links:
            pred = self.by_id.get(link.task)
            if pred is None or pred.id in visiting:  # unknown or a cycle: validation reports both
                continue
            pt = visit(pred)
            lag = dt.timedelta(days=link.lag)
            start = max(start, pt.finish + DAY + lag if link.type == "FS" else pt.start + lag)
        return Timing(start, start + (plan_finish - plan_start), False, False)

    def _summary_timing(self, t: Task, visit: Callable[[Task], Timing]) -> Timing:
        kids = [visit(c) for c in self.children[t.id]]
        return Timing(min(k.start for k in kids), max(k.finish for k in kids),
                      any(k.started for k in kids), all(k.finished for k in kids))

    def slip(self, task: Task) -> int:
        """Days the task's finish is (or was) late against its baseline; negative = early."""
        tm = self.timing[task.id]
        return st.slip_on(_Finish(task.baseline_finish, tm.finish,
                                  task.actual_finish if tm.finished else None), self.date)

    def late_start(self, task: Task) -> bool:
        """Not started on the date and expected to start after its baseline start."""
        tm = self.timing[task.id]
        return not tm.started and tm.start > task.baseline_start

    def late_finish(self, task: Task) -> bool:
        """Not finished on the date and expected to finish after its baseline finish."""
        tm = self.timing[task.id]
        return not tm.finished and tm.finish > task.baseline_finish

    def is_late(self, task: Task) -> bool:
        return self.late_start(task) or self.late_finish(task)

    def state(self, task: Task) -> str:
        """done / late / in_progress / not_started: the filter of the WBS page."""
        tm = self.timing[task.id]
        if tm.finished:
            return "done"
        if self.is_late(task):
            return "late"
        return "in_progress" if tm.started else "not_started"

    def late_tasks(self) -> list[Task]:
        """Leaf tasks late on the date, most slipped first."""
        return sorted((t for t in self.leaves if self.is_late(t)),
                      key=lambda t: (-self.slip(t), t.baseline_finish, t.id))

    # --- critical path -------------------------------------------------------------------------

    @cached_property
    def critical(self) -> set[str]:
        """Ids of unfinished leaf tasks with no float: delaying any of them delays the end.
        Backward pass over the expected schedule, in calendar days."""
        timing, leaves = self.timing, [t for t in self.leaves if not self.timing[t.id].finished]
        if not leaves:
            return set()
        end = max(timing[t.id].finish for t in leaves)
        successors: dict[str, list[tuple[Task, Link]]] = {t.id: [] for t in leaves}
        for t in leaves:
            for link in t.links:
                if link.task in successors:
                    successors[link.task].append((t, link))
        late_finish: dict[str, dt.date] = {}

        def lf(task: Task, depth: int = 0) -> dt.date:
            if task.id in late_finish:
                return late_finish[task.id]
            late = end
            for succ, link in successors[task.id] if depth < 500 else ():
                ls = lf(succ, depth + 1) - (timing[succ.id].finish - timing[succ.id].start)
                lag = dt.timedelta(days=link.lag)
                if link.type == "FS":
                    late = min(late, ls - DAY - lag)
                else:
                    late = min(late, ls - lag + (timing[task.id].finish - timing[task.id].start))
            late_finish[task.id] = late
            return late

        return {t.id for t in leaves if lf(t) <= timing[t.id].finish}

    # --- progress and earned value -----------------------------------------------------------

    def progress(self, task: Task, date: dt.date | None = None) -> float | None:
        """Share of the task done on the date (0..1): a leaf by its method, a work package as
        its tasks weighted by planned effort (None when none of them carries effort)."""
        date = date or self.date
        if self.is_summary(task):
            leaves = self.leaves_under(task)
            planned = sum(t.planned_effort or 0 for t in leaves)
            if not planned:
                return None
            return sum((t.planned_effort or 0) * leaf_progress(t, date) for t in leaves) / planned
        return leaf_progress(task, date)

    def planned_effort(self, task: Task) -> float:
        return sum(t.planned_effort or 0 for t in self.leaves_under(task))

    def actual_effort(self, task: Task) -> float:
        return sum(t.actual_effort or 0 for t in self.leaves_under(task))

    def point(self, date: dt.date) -> Point:
        """PV, EV and AC of the whole WBS on a date, in 人日."""
        as_of = self.as_of or self.date
        return Point(date,
                     pv=sum((t.planned_effort or 0) * baseline_share(t, date) for t in self.leaves),
                     ev=sum((t.planned_effort or 0) * leaf_progress(t, date) for t in self.leaves),
                     ac=sum((t.actual_effort or 0) * actual_share(t, date, as_of) for t in self.leaves))

    @property
    def bac(self) -> float:
        return sum(t.planned_effort or 0 for t in self.leaves)

    def evm(self, date: dt.date | None = None) -> Evm | None:
        """EVM from the work on a date; None when no task carries planned effort."""
        if not self.bac:
            return None
        return metrics(self.point(date or self.date), self.bac)


def code_key(code: str) -> tuple[int, ...]:
    """1.10 sorts after 1.9."""
    return tuple(int(part) for part in code.split("."))


def _share(start: dt.date, finish: dt.date, date: dt.date) -> float:
    """Share of the days start..finish (inclusive) elapsed by the end of date."""
    if date < start:
        return 0.0
    days = (finish - start).days + 1
    return min((date - start).days + 1, days) / days if days > 0 else 1.0


def baseline_share(task: Task, date: dt.date) -> float:
    return _share(task.baseline_start, task.baseline_finish, date)


def actual_share(task: Task, date: dt.date, as_of: dt.date) -> float:
    if task.actual_start is None:
        return 0.0
    return _share(task.actual_start, task.actual_finish or max(as_of, task.actual_start), date)


def leaf_progress(task: Task, date: dt.date) -> float:
    """Progress of a leaf task on a date, by its method."""
    if task.actual_finish is not None and task.actual_finish <= date:
        return 1.0
    started = task.actual_start is not None and task.actual_start <= date
    if task.method == "fifty_fifty":
        return 0.5 if started else 0.0
    if task.method == "steps":
        return sum(s.weight for s in task.parsed_steps if s.done and s.done <= date) / 100
    if task.method == "reported":
        since = task.reported_on or task.actual_start
        return (task.percent or 0) / 100 if started and since is not None and since <= date else 0.0
    return 0.0


def evm_source(p: Worked, date: dt.date, history: bool = False) -> str:
    """Where the project's EVM on a date comes from: "wbs" when it has a WBS with planned effort,
    unless a typed snapshot of that very day overrides it (an audited figure); past dates
    (history) and projects without a WBS keep the typed snapshots ("typed")."""
    if history or not any(t.planned_effort for t in p.wbs) or any(pt.date == date for pt in p.project.evm):
        return "typed"
    return "wbs"


def project_evm(p: Worked, date: dt.date, history: bool = False) -> Evm | None:
    """The project's EVM on a date, from the source evm_source names."""
    from pmo_handbook.status.evm import evm_on

    if evm_source(p, date, history) == "wbs":
        return Plan(p.wbs, date).evm()
    return evm_on(p.project, date)


def finished_between(tasks: Sequence[Task], first: dt.date, last: dt.date) -> list[Task]:
    """Leaf tasks actually finished in first..last (a weekly report's period)."""
    plan = Plan(tasks, last)
    return sorted((t for t in plan.leaves if t.actual_finish and first <= t.actual_finish <= last),
                  key=lambda t: (t.actual_finish, code_key(t.code)))


def due_between(tasks: Sequence[Task], first: dt.date, last: dt.date, date: dt.date) -> list[Task]:
    """Leaf tasks not finished on date whose expected finish falls in first..last."""
    plan = Plan(tasks, date)
    return sorted((t for t in plan.leaves if not plan.timing[t.id].finished
                   and first <= plan.timing[t.id].finish <= last),
                  key=lambda t: (plan.timing[t.id].finish, code_key(t.code)))


