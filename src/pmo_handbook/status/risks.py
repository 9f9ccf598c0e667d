"""Risks as of a date: their level, which are watched, and whose review date has passed.

A risk is watched on D from its 起票日 while its status is not closed (open, or occurred and
being handled). The register keeps no close date, so a closed risk is watched on no day; its
review is past due on D when it is watched on D and 次回見直し日 is before D.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pmo_handbook.model.registers import Risk
from pmo_handbook.status.lifecycle import Lifecycle

RISK_LEVELS = ((20, "critical"), (13, "high"), (6, "medium"), (1, "low"))
RISK_REVIEW = Lifecycle(start="raised_on", due="review_on", status="status", finished=("closed",))


def risk_level(score: int) -> str:
    for floor, level in RISK_LEVELS:
        if score >= floor:
            return level
    return "low"


def is_watched(risk: Risk, date: dt.date) -> bool:
    return RISK_REVIEW.open_on(risk, date)


def watched_risks(risks: Iterable[Risk], date: dt.date) -> list[Risk]:
    """Risks watched on date, the highest score first."""
    return sorted((r for r in risks if is_watched(r, date)), key=lambda r: (-r.score, r.id))


def review_overdue(risk: Risk, date: dt.date) -> bool:
    return RISK_REVIEW.past_due_on(risk, date)
