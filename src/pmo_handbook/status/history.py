"""A project's computed status week by week, for the steering meeting's trend views.

Each point is assessed from the data as it was known on its date (rag.assess with history=True:
issues raised and closed by then, the EVM snapshot of the time, milestones past their baseline;
forecasts and risk scores are kept only as of today, so a past point has no risk colour and no
top risk score). Every point, the latest included, uses that one method, so two points compare
like with like: the "changed since last week" column reads the last two.

Late WBS tasks join the counts with the WBS issue: add a field to Counts computed by the WBS
rules in status/, it then appears in every point.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from pmo_handbook import status as st
from pmo_handbook.loading.repository import ProjectData
from pmo_handbook.model.organisation import RagThresholds
from pmo_handbook.model.plan import Report
from pmo_handbook.status import rag

WEEK = dt.timedelta(days=7)
WEEKS = 12  # the trend shown on the portfolio and the dashboard


@dataclass(frozen=True)
class Counts:
    """The key figures of one point."""

    open: int
    overdue: int
    high: int
    top_risk: int | None  # highest score of a watched risk; None where not known (past dates)
    spi: float | None
    cpi: float | None


@dataclass(frozen=True)
class Point:
    date: dt.date
    assessment: rag.Assessment
    counts: Counts
    report: Report | None  # the latest weekly report ending on or before the date

    @property
    def overall(self) -> str | None:
        return self.assessment.overall

    def area(self, name: str) -> str | None:
        return self.assessment.areas[name].rag


def weekly_dates(as_of: dt.date, weeks: int = WEEKS, start: dt.date | None = None) -> list[dt.date]:
    """as_of and the same weekday of the weeks before, oldest first; none before start."""
    dates = [as_of - WEEK * n for n in range(weeks)]
    return sorted(d for d in dates if start is None or d >= start)


def point(p: ProjectData, t: RagThresholds, date: dt.date, as_of: dt.date) -> Point:
    a = rag.assess(p, t, date, history=True)
    watched = [r.score for r in st.watched_risks(p.risks, date)]
    top_risk = max(watched, default=None) if date >= as_of else None
    counts = Counts(open=a.counts.open, overdue=a.counts.overdue, high=a.counts.high, top_risk=top_risk,
                    spi=a.evm.spi if a.evm else None, cpi=a.evm.cpi if a.evm else None)
    known = [r for r in p.reports if r.period_end <= date]
    return Point(date, a, counts, max(known, key=lambda r: r.period_end) if known else None)


def points(p: ProjectData, t: RagThresholds, dates: Iterable[dt.date], as_of: dt.date) -> list[Point]:
    return [point(p, t, d, as_of) for d in sorted(dates)]


def weekly(p: ProjectData, t: RagThresholds, as_of: dt.date, weeks: int = WEEKS) -> list[Point]:
    """The last weeks of the project (from its start), oldest first, ending on as_of."""
    return points(p, t, weekly_dates(as_of, weeks, p.project.start), as_of)


def change(history: list[Point]) -> str | None:
    """How the overall colour moved since the week before: "new_red" (red now, not red then),
    "worse", "better" or "same"; None without two assessed points."""
    if len(history) < 2 or history[-1].overall is None or history[-2].overall is None:
        return None
    now, before = rag.RANK[history[-1].overall], rag.RANK[history[-2].overall]
    if now > before:
        return "new_red" if history[-1].overall == "red" else "worse"
    return "better" if now < before else "same"
