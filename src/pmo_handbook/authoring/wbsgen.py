"""Lay out a WBS from an outline: phases of work packages of tasks, scheduled one after another,
with actual dates, effort and progress as seen on a date. Deterministic for a given seed.

Used by the sample data script (scripts/sample_wbs.py), `demo-data` and `new-project` (the
skeleton, with nothing started). Each phase runs in its window; its packages run side by side;
the tasks of a package follow each other (finish-to-start); a phase ends with its gate task,
linked to the phase's milestone. `delay` shifts a package's actual or forecast dates: late
work gets positive days, work ahead of plan negative ones.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pmo_handbook.status.effort import working_days

DAY = dt.timedelta(days=1)


@dataclass
class Package:
    name: str
    owner: str | None
    tasks: list[tuple[str, str | None]]  # (task name, deliverable)
    delay: int = 0
    effort_per_day: float = 1.0  # 人日 per weekday on each task: the owner's share of a day


@dataclass
class Phase:
    name: str
    phase: str                   # model Phase code
    start: dt.date
    finish: dt.date              # the gate day
    packages: list[Package]
    gate: str | None = None      # name of the closing review task
    owner: str | None = None
    milestone: str | None = None
    delay: int = 0               # delay of the gate itself
    children: list[Phase] = field(default_factory=list)


def layout(phases: list[Phase], as_of: dt.date | None, seed: int = 1) -> list[dict[str, Any]]:
    """The WBS rows (dicts in model field order). as_of None: a plan with nothing started."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []  # raw wbs.yml rows, validated as Task when loaded
    counter = iter(range(1, 100_000))
    new_id: Callable[[], str] = lambda: f"TSK-{next(counter):03d}"  # noqa: E731
    previous_gate: str | None = None
    for n, ph in enumerate(phases, start=1):
        rows.append({"id": new_id(), "code": str(n), "name": ph.name, "owner": ph.owner, "phase": ph.phase,
                     "baseline_start": ph.start, "baseline_finish": ph.finish})
        ends: list[str] = []
        work_end = ph.finish - DAY if ph.gate else ph.finish
        for k, pkg in enumerate(ph.packages, start=1):
            code = f"{n}.{k}"
            rows.append({"id": new_id(), "code": code, "name": pkg.name, "owner": pkg.owner, "phase": ph.phase,
                         "baseline_start": ph.start, "baseline_finish": work_end})
            spans = _split(ph.start, work_end, len(pkg.tasks))
            before = previous_gate
            for j, ((name, deliverable), (start, finish)) in enumerate(zip(pkg.tasks, spans, strict=True), start=1):
                row: dict[str, Any] = {
                    "id": new_id(), "code": f"{code}.{j}", "name": name, "owner": pkg.owner,
                    "deliverable": deliverable, "phase": ph.phase, "baseline_start": start, "baseline_finish": finish,
                    "planned_effort": round(len(working_days(start, finish)) * pkg.effort_per_day, 1) or None,
                    "predecessors": [before] if before else []}
                _progress(row, pkg.delay + (rng.choice((0, 0, 0, -1, 1)) if pkg.delay else 0), as_of, rng)
                rows.append(row)
                before = row["id"]
            if before:
                ends.append(before)
        if ph.gate:
            gate: dict[str, Any] = {
                "id": new_id(), "code": f"{n}.{len(ph.packages) + 1}", "name": ph.gate, "owner": ph.owner,
                "phase": ph.phase, "milestone": ph.milestone, "baseline_start": ph.finish, "baseline_finish": ph.finish,
                "planned_effort": 1.0 if any(p.effort_per_day for p in ph.packages) else None,
                "predecessors": ends}
            _progress(gate, ph.delay, as_of, rng)
            rows.append(gate)
            previous_gate = gate["id"]
    return [{k: v for k, v in r.items() if v not in (None, [])} for r in rows]


def _split(start: dt.date, finish: dt.date, n: int) -> list[tuple[dt.date, dt.date]]:
    """n consecutive spans covering start..finish (a span is at least one day)."""
    days = max((finish - start).days + 1, n)
    out: list[tuple[dt.date, dt.date]] = []
    first = start
    for i in range(n):
        length = days * (i + 1) // n - days * i // n
        last = min(first + (max(length, 1) - 1) * DAY, finish)
        out.append((min(first, finish), last))
        first = last + DAY
    return out


def _progress(row: dict[str, Any], delay: int, as_of: dt.date | None, rng: random.Random) -> None:
    """Actual or forecast dates, effort and a progress method for a task, as seen on as_of."""
    start, finish = row["baseline_start"], row["baseline_finish"]
    shift = delay * DAY
    a_start, a_finish = start + shift, finish + shift
    planned = row.get("planned_effort") or 0.0
    if as_of is None or a_start > as_of:  # not started
        if delay:
            row.update(forecast_start=a_start, forecast_finish=a_finish)
        return
    row["actual_start"] = a_start
    if a_finish < as_of:  # finished
        row.update(actual_finish=a_finish, actual_effort=round(planned * rng.choice((0.9, 1.0, 1.0, 1.1, 1.2, 1.3)), 1))
        if rng.random() < 0.3:
            row["method"] = "fifty_fifty"
        return
    if delay:
        row.update(forecast_finish=a_finish)
    share = ((as_of - a_start).days + 1) / ((a_finish - a_start).days + 1)
    row["actual_effort"] = round(planned * share * rng.choice((1.0, 1.1, 1.2)), 1)
    style = rng.choice(("steps", "reported", "fifty_fifty"))
    if style == "steps":
        row["method"] = "steps"
        cut = (as_of - a_start).days
        marks = [(30, "着手・方針確認", 0.2), (40, "作成", 0.7), (30, "レビュー完了", 1.0)]
        row["steps"] = [f"{w}% {label}" + (f" {(a_start + int(cut_at * ((a_finish - a_start).days)) * DAY).isoformat()}"
                                           if int(cut_at * (a_finish - a_start).days) <= cut and cut_at < 1 else "")
                        for w, label, cut_at in marks]
    elif style == "reported":
        row["method"] = "reported"
        percent = max(5, min(95, int(share * 100 / 5) * 5))
        row.update(percent=percent, basis=f"{row.get('deliverable') or row['name']}：予定範囲の約{percent}%を作成し、"
                                          "内部レビューに提出済み", reported_on=as_of)
    else:
        row["method"] = "fifty_fifty"


SCHEMA_LINE = "# yaml-language-server: $schema=../../../schemas/wbs.schema.json\n"


def dump(rows: list[dict[str, Any]]) -> str:
    """wbs.yml text in the block style of the other generated files."""
    from pmo_handbook.source.yamlwrite import dump as yaml_dump  # the one dumper of generated data files

    return SCHEMA_LINE + yaml_dump({"wbs": rows})
