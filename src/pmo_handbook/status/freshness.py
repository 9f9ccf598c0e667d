"""Is a project's status current? Its weekly report's age against the organisation's reporting
cycle, and whether its data still holds unfilled placeholders."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pmo_handbook import status as st
from pmo_handbook.loading.repository import ProjectData
from pmo_handbook.model.organisation import Organisation
from pmo_handbook.model.placeholders import found_in

# ProjectData attributes that hold the charter and the registers
_FILLED_IN = ("project", "members", "stakeholders", "milestones", "issues", "risks", "decisions",
              "changes", "meetings", "reports", "tailoring")


@dataclass(frozen=True)
class Freshness:
    last: dt.date | None  # period end of the latest weekly report
    age: int | None       # days from it to the as-of date
    stale: bool           # older than the reporting cycle (or none after a full cycle)
    unfilled: bool        # the charter or a register still holds a placeholder （要記入）

    @property
    def missing(self) -> bool:
        """No report at all although the project has run longer than a cycle."""
        return self.stale and self.last is None


def freshness(p: ProjectData, as_of: dt.date, cycle_days: int) -> Freshness:
    report = st.latest_report(p.reports)
    unfilled = any(found_in(getattr(p, name)) for name in _FILLED_IN)
    if "reports.yml" in p.withheld:  # this audience sees no report: it cannot tell their age
        return Freshness(None, None, False, unfilled)
    if report is None:
        running = (as_of - p.project.start).days
        return Freshness(None, None, running > cycle_days, unfilled)
    age = (as_of - report.period_end).days
    return Freshness(report.period_end, age, age > cycle_days, unfilled)


def cycle_of(organisation: Organisation | None) -> int:
    if organisation is None:
        default: int = Organisation.model_fields["reporting_cycle_days"].default
        return default
    return organisation.reporting_cycle_days
