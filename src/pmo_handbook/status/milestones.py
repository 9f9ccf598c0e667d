"""Milestones as of a date: reached or pending, their expected date and their slip.

Slip on D is the expected date minus the baseline: the actual date once reached, else the
forecast (or the baseline); a milestone still pending past that estimate cannot be reached
before D itself, so it keeps slipping day by day. Negative = early.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from pmo_handbook.model.plan import Milestone


class Dated(Protocol):
    """The milestone fields the slip rule reads (status/wbs.py reads a task's finish through them)."""

    @property
    def baseline(self) -> dt.date: ...
    @property
    def forecast(self) -> dt.date | None: ...
    @property
    def actual(self) -> dt.date | None: ...
    @property
    def status(self) -> str: ...


def milestone_date(ms: Dated) -> dt.date:
    """The best current estimate: actual, else forecast, else baseline."""
    return ms.actual or ms.forecast or ms.baseline


def is_pending(ms: Dated, as_of: dt.date) -> bool:
    """Not yet reached as of the date: not cancelled, and not achieved on or before it."""
    return ms.status != "cancelled" and not (ms.actual and ms.actual <= as_of)


def expected_date(ms: Dated, as_of: dt.date) -> dt.date:
    """When the milestone is (or was) reached as seen on as_of."""
    date = milestone_date(ms)
    return max(date, as_of) if is_pending(ms, as_of) else date


def slip_on(ms: Dated, as_of: dt.date) -> int:
    return (expected_date(ms, as_of) - ms.baseline).days


def overdue_days_on(ms: Milestone, as_of: dt.date) -> int:
    """Days a pending milestone is past its baseline on as_of, using no forecast: what was
    already known on that day (for past weekly reports; forecasts are only kept as of today)."""
    return max((as_of - ms.baseline).days, 0) if is_pending(ms, as_of) else 0


def upcoming(milestones: Iterable[Milestone], as_of: dt.date) -> list[Milestone]:
    """Milestones pending on as_of, the soonest expected first."""
    return sorted((m for m in milestones if is_pending(m, as_of)), key=lambda m: (expected_date(m, as_of), m.id))
