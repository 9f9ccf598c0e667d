"""Context the steering meeting's views add to a project's pages (dashboard, reports, the PDF):
the weekly history, the change since last week, freshness and completeness, and the counts a
report's text states against the computed ones."""
from __future__ import annotations

import datetime as dt

from pmo_handbook.status import history as hist, prose
from pmo_handbook.status.freshness import cycle_of, freshness


def steering_context(p, thresholds, as_of: dt.date, organisation, history: list[dict]) -> dict:
    """history: the rows of site.project.report_history (each report beside its assessment)."""
    weeks = hist.weekly(p, thresholds, as_of)
    return {
        "weeks": weeks, "change": hist.change(weeks), "fresh": freshness(p, as_of, cycle_of(organisation)),
        # period end -> the report's stated counts its own computed figures contradict
        "prose": {row["report"].period_end: prose.contradictions(row["report"], row["assessment"].counts)
                  for row in history},
    }
