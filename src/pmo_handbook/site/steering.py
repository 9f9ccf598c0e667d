"""Context the steering meeting's views add to the portfolio and a project's pages (dashboard,
reports, the PDF): the weekly history, the change since last week, freshness and completeness,
and the counts a report's text states against the computed ones."""
from __future__ import annotations

import datetime as dt
from typing import Any

from pmo_handbook.loading.past import GitPast
from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.model.organisation import Organisation, RagThresholds
from pmo_handbook.settings import Settings
from pmo_handbook.status import history as hist, prose
from pmo_handbook.status.freshness import cycle_of, freshness


def past_for(repo: Repository, settings: Settings) -> GitPast:
    """The data's git history for one build (its audience), every project's past weeks read in
    one pass."""
    past = GitPast(repo.data_dir, settings.audience, settings.max_file_bytes)
    past.prefetch(repo.projects, hist.weekly_dates(settings.as_of)[:-1])
    return past


def steering(p: ProjectData, thresholds: RagThresholds, as_of: dt.date,
             organisation: Organisation | None, past: GitPast | None = None) -> dict[str, Any]:
    """weeks, change and fresh of one project. Kept on the project's data for the build, so the
    portfolio and the project's own pages compute them once (12 assessments a project). past:
    the data's git history (past_for); without it the past weeks are read from today's data."""
    cycle = cycle_of(organisation)
    key = (as_of, cycle, thresholds.model_dump_json(), past is not None)
    memo: dict[tuple[dt.date, int, str, bool], dict[str, Any]] = p.__dict__.setdefault("_steering", {})
    if key not in memo:
        weeks = hist.weekly(p, thresholds, as_of, past=past)
        memo[key] = {"weeks": weeks, "change": hist.change(weeks), "gaps": hist.gaps(weeks),
                     "fresh": freshness(p, as_of, cycle)}
    return memo[key]


def steering_context(p: ProjectData, thresholds: RagThresholds, as_of: dt.date, organisation: Organisation | None,
                     history: list[dict[str, Any]], past: GitPast | None = None) -> dict[str, Any]:
    """history: the rows of site.project.report_history (each report beside its assessment)."""
    return {
        **steering(p, thresholds, as_of, organisation, past),
        # period end -> the report's stated counts its own computed figures contradict
        "prose": {row["report"].period_end: prose.contradictions(row["report"], row["assessment"].counts)
                  for row in history},
    }
