"""Weekly status reports: which one is current."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pmo_handbook.model.plan import Report


def latest_report(reports: Sequence[Report], date: dt.date | None = None) -> Report | None:
    """The report with the latest period end (on or before date, when given)."""
    known = [r for r in reports if date is None or r.period_end <= date]
    return max(known, key=lambda r: r.period_end) if known else None
