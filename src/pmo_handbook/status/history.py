"""A project's computed status week by week, for the steering meeting's trend views.

Each point is assessed from the data as it was known on its date, by one of two methods:
- where git keeps the data of that day (loading/past.py: the last commit on or before it), that
  data is assessed by the same rules as today's dashboard (rag.assess), risk area and top risk
  score included (issues, which date what the rules read, from today's data); the as-of date's
  point assesses the data as loaded;
- where git cannot tell (no git checkout, a shallow clone, a week before the project's first
  commit), today's data is read by what it dates (rag.assess with history=True: issues raised and
  closed by then, the EVM snapshot of the time, milestones past their baseline): the risk area
  and the top risk score of a past week stay unassessed, with the reason.
The as-of point uses the method of the week before it, so the "changed since last week" column
(the last two points) always compares like with like. A file of a past commit that does not
parse leaves the areas it feeds (rag.READS) unassessed that week, naming it.

Late WBS tasks join the counts with the WBS issue: add a field to Counts computed by the WBS
rules in status/, it then appears in every point.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from pmo_handbook import status as st
from pmo_handbook.loading.past import ORGANISATION, GitPast, Snapshot
from pmo_handbook.loading.repository import ProjectData
from pmo_handbook.model.organisation import RagThresholds
from pmo_handbook.model.plan import Report
from pmo_handbook.model.registry import REGISTERS
from pmo_handbook.status import rag

WEEK = dt.timedelta(days=7)
WEEKS = 12  # the trend shown on the portfolio and the dashboard


@dataclass(frozen=True)
class Counts:
    """The key figures of one point; None where not known."""

    open: int | None
    overdue: int | None
    high: int | None
    top_risk: int | None  # highest score of a watched risk
    spi: float | None
    cpi: float | None


@dataclass(frozen=True)
class Basis:
    """Where a point's data comes from."""

    kind: str  # "git": as a commit held it; "today": the data as loaded; "dated": today's data by its dates
    commit: str | None = None  # the commit ("git")
    committed: dt.date | None = None
    why: str | None = None  # why git could not tell ("dated"): no_git, shallow, no_commit


@dataclass(frozen=True)
class Point:
    date: dt.date
    assessment: rag.Assessment
    counts: Counts
    report: Report | None  # the latest weekly report ending on or before the date
    basis: Basis = Basis("dated")

    @property
    def overall(self) -> str | None:
        return self.assessment.overall

    def area(self, name: str) -> str | None:
        return self.assessment.areas[name].rag


def weekly_dates(as_of: dt.date, weeks: int = WEEKS, start: dt.date | None = None) -> list[dt.date]:
    """as_of and the same weekday of the weeks before, oldest first; none before start."""
    dates = [as_of - WEEK * n for n in range(weeks)]
    return sorted(d for d in dates if start is None or d >= start)


def counts_of(p: ProjectData, a: rag.Assessment, date: dt.date, top_risk: bool = True) -> Counts:
    watched = [r.score for r in st.watched_risks(p.risks, date)]
    return Counts(open=a.counts.open, overdue=a.counts.overdue, high=a.counts.high,
                  top_risk=max(watched, default=None) if top_risk else None,
                  spi=a.evm.spi if a.evm else None, cpi=a.evm.cpi if a.evm else None)


def dated_point(p: ProjectData, t: RagThresholds, date: dt.date, as_of: dt.date, why: str | None = None) -> Point:
    """Today's data read by what it dates; the risk area says why it is not assessed."""
    a = rag.assess(p, t, date, history=True)
    if why:
        a = rag.unassessed(a, {"risk": rag.Reason("risk", None, f"no_risk_history_{why}")})
    return Point(date, a, counts_of(p, a, date, top_risk=date >= as_of), st.latest_report(p.reports, date),
                 Basis("dated", why=why))


def today_point(p: ProjectData, t: RagThresholds, date: dt.date) -> Point:
    """The data as loaded, by the dashboard's rules."""
    a = rag.assess(p, t, date)
    return Point(date, a, counts_of(p, a, date), st.latest_report(p.reports, date), Basis("today"))


def git_point(p: ProjectData, snap: Snapshot, date: dt.date) -> Point:
    """The data as snap's commit held it, by the dashboard's rules; areas fed by a file that did
    not parse are not assessed."""
    # issues from today's data: they date what the rules read (loading/past.py); unreadable: all blank below
    then = replace(snap.data or ProjectData(dir=p.dir, project=p.project), issues=p.issues)
    a = rag.assess(then, rag.project_thresholds(then, snap.organisation), date)
    blank = {area: reason for area in rag.AREAS if (reason := unread(snap, area))}
    a = rag.unassessed(a, blank)
    c = counts_of(then, a, date)
    q, r = "quality" in blank, "risk" in blank  # each figure goes with the area it belongs to
    c = Counts(open=None if q else c.open, overdue=None if q else c.overdue, high=None if q else c.high,
               top_risk=None if r else c.top_risk, spi=None if "schedule" in blank else c.spi,
               cpi=None if "cost" in blank else c.cpi)
    return Point(date, a, c, st.latest_report(p.reports, date), Basis("git", snap.commit, snap.committed))


def unread(snap: Snapshot, area: str) -> rag.Reason | None:
    """Why area cannot be assessed from snap: a file it reads did not parse, or the audience
    did not see the project then; None when it can."""
    where = {"commit": snap.short, "date": snap.committed.isoformat()}
    for key in (ORGANISATION, "project", *rag.READS[area]):  # the charter and thresholds feed every area
        if error := snap.failed.get(key):
            file = "organisation.yml" if key == ORGANISATION else REGISTERS[key].file
            return rag.Reason(area, None, "past_unreadable", {"file": file, "line": error.line,
                                                               "column": error.column, **where})
    return rag.Reason(area, None, "past_hidden", where) if snap.data is None else None


def past_point(p: ProjectData, t: RagThresholds, date: dt.date, as_of: dt.date, past: GitPast | None) -> Point:
    found = past.at(p.id, date) if past else None
    if isinstance(found, Snapshot):
        return git_point(p, found, date)
    return dated_point(p, t, date, as_of, found)


def points(p: ProjectData, t: RagThresholds, dates: Iterable[dt.date], as_of: dt.date,
           past: GitPast | None = None) -> list[Point]:
    """One point per date, oldest first; the as-of date's by the method of the point before it."""
    pts: list[Point] = []
    for d in sorted(dates):
        if d < as_of:
            pts.append(past_point(p, t, d, as_of, past))
        elif (pts[-1].basis.kind == "git") if pts else (past is not None and past.usable):
            pts.append(today_point(p, t, d))
        else:
            pts.append(dated_point(p, t, d, as_of, pts[-1].basis.why if pts else past.reason if past else None))
    return pts


def weekly(p: ProjectData, t: RagThresholds, as_of: dt.date, weeks: int = WEEKS,
           past: GitPast | None = None) -> list[Point]:
    """The last weeks of the project (from its start), oldest first, ending on as_of."""
    return points(p, t, weekly_dates(as_of, weeks, p.project.start), as_of, past)


HISTORY_GAPS = ("no_risk_history", "past_")  # reason keys of areas the history could not assess


def gaps(history: list[Point]) -> list[tuple[rag.Reason, list[dt.date]]]:
    """Each reason an area of the trend is left unassessed for want of history, with the weeks
    it applies to, in the order first met."""
    found: dict[tuple[str, str, str], tuple[rag.Reason, list[dt.date]]] = {}
    for pt in history:
        for area in pt.assessment.areas.values():
            r = area.reasons[0]
            if area.rag is None and r.key.startswith(HISTORY_GAPS):
                found.setdefault((r.area, r.key, repr(sorted(r.params.items()))), (r, []))[1].append(pt.date)
    return list(found.values())


def change(history: list[Point]) -> str | None:
    """How the overall colour moved since the week before: "new_red" (red now, not red then),
    "worse", "better" or "same"; None without two assessed points."""
    if len(history) < 2 or history[-1].overall is None or history[-2].overall is None:
        return None
    now, before = rag.RANK[history[-1].overall], rag.RANK[history[-2].overall]
    if now > before:
        return "new_red" if history[-1].overall == "red" else "worse"
    return "better" if now < before else "same"
