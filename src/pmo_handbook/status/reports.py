"""Weekly status reports: which one is current."""
from __future__ import annotations

from collections.abc import Sequence

from pmo_handbook.model.plan import Report


def latest_report(reports: Sequence[Report]) -> Report | None:
    return max(reports, key=lambda r: r.period_end) if reports else None
