"""Rules of the WBS across its rows and files: the hierarchy of codes, predecessors that exist and
make no loop, dates in order and inside their work package, actual dates not in the future."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from pmo_handbook.errors import Message
from pmo_handbook.i18n.messages import Field, Noun, date_order
from pmo_handbook.loading.repository import ProjectData
from pmo_handbook.model.wbs import Task, parse_dependency
from pmo_handbook.source.yamlsrc import Loc, Source

Person = Callable[[Source | None, Loc, str | None], None]  # checks that a value names a member (rules.py)


class Checker(Protocol):
    """What these rules use of rules.Checker (rules.py imports this module, not the reverse)."""

    def add(self, src: Source | None, loc: Loc, message: str | Message) -> None: ...
    def unique(self, src: Source | None, key: str, records: Sequence[object], attr: str = "id") -> None: ...
    def ref(self, src: Source | None, loc: Loc, value: str | None, known: Iterable[str] | None, what: str) -> None: ...


ROLLED_UP = ("planned_effort", "actual_effort", "percent", "basis")  # a work package's come from its tasks


def check_wbs(c: Checker, p: ProjectData, person: Person, ids: dict[str, list[str] | None],
              as_of: dt.date | None) -> None:
    """c: the Checker; person: checks a member reference; ids: register -> known ids (or None).
    as_of: the build's date (PMO_AS_OF); None skips the check of actual dates."""
    src = p.source("wbs")
    tasks = p.wbs
    c.unique(src, "wbs", tasks, "code")
    codes = {t.code: t for t in tasks}
    parents = {t.parent_code for t in tasks if t.parent_code}
    for i, t in enumerate(tasks):
        loc = ("wbs", i)
        person(src, loc + ("owner",), t.owner)
        c.ref(src, loc + ("milestone",), t.milestone, ids.get("milestones"), "milestone")
        for j, dep in enumerate(t.predecessors):
            c.ref(src, loc + ("predecessors", j), parse_dependency(dep).task, ids.get("wbs"), "task")
        for kind in ("baseline", "forecast", "actual"):
            start, finish = getattr(t, f"{kind}_start"), getattr(t, f"{kind}_finish")
            if start and finish and finish < start:
                c.add(src, loc + (f"{kind}_finish",),
                      date_order("wbs", f"{kind}_finish", finish, f"{kind}_start", start))
        if t.actual_finish and t.actual_start is None:
            c.add(src, loc + ("actual_finish",), Message.of("finish_needs_start", field=Field("wbs", "actual_finish"),
                                                            needed=Field("wbs", "actual_start")))
        if as_of is not None:
            for name in ("actual_start", "actual_finish"):
                value = getattr(t, name)
                if value and value > as_of:
                    c.add(src, loc + (name,), Message.of("actual_after_as_of", field=Field("wbs", name), value=value,
                                                         as_of=as_of))
        parent = codes.get(t.parent_code) if t.parent_code else None
        if t.parent_code and parent is None:
            c.add(src, loc + ("code",), Message.of("wbs_no_parent", code=t.code, parent=t.parent_code))
        if parent is not None:
            _inside_parent(c, src, loc, t, parent)
        if t.code in parents:
            for name in ROLLED_UP:
                if getattr(t, name) is not None:
                    c.add(src, loc + (name,), Message.of("wbs_rolled_up", code=t.code, field=Field("wbs", name)))
    _loops(c, src, tasks)


def _inside_parent(c: Checker, src: Source | None, loc: Loc, task: Task, parent: Task) -> None:
    """The baseline (and the forecast, where the parent has one) stays inside the parent's."""
    checks = [("baseline", task.baseline_start, task.baseline_finish, parent.baseline_start, parent.baseline_finish)]
    if parent.forecast_start or parent.forecast_finish:
        checks.append(("forecast", task.forecast_start or task.baseline_start,
                       task.forecast_finish or task.baseline_finish,
                       parent.forecast_start or parent.baseline_start,
                       parent.forecast_finish or parent.baseline_finish))
    for kind, start, finish, p_start, p_finish in checks:
        if start < p_start or finish > p_finish:
            field = f"{kind}_start" if start < p_start else f"{kind}_finish"
            c.add(src, loc + (field,), Message.of("wbs_outside_parent", kind=Noun(kind), start=start, finish=finish,
                                                  parent=parent.code, p_start=p_start, p_finish=p_finish))


def _loops(c: Checker, src: Source | None, tasks: Sequence[Task]) -> None:
    """Each loop once, at the first task of it in file order: 'TSK-001 → TSK-002 → TSK-001'."""
    index = {t.id: i for i, t in enumerate(tasks)}
    after = {t.id: [parse_dependency(d).task for d in t.predecessors] for t in tasks}
    reported: set[frozenset[str]] = set()
    for t in tasks:
        path = _path_back(t.id, after, index)
        if path and frozenset(path) not in reported:
            reported.add(frozenset(path))
            first = path[1]
            j = next(j for j, d in enumerate(t.predecessors) if parse_dependency(d).task == first)
            c.add(src, ("wbs", index[t.id], "predecessors", j), Message.of("wbs_loop", path=" → ".join(path)))


def _path_back(start: str, after: dict[str, list[str]], index: dict[str, int]) -> list[str] | None:
    """A chain of predecessors from start back to start, or None (depth-first, iterative)."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for pred in after.get(node, ()):
            if pred == start:
                return path + [start]
            if pred in index and pred not in seen:
                seen.add(pred)
                stack.append((pred, path + [pred]))
    return None
