"""Onboarding checklists as of a date: each item's due date from the join date, and lateness."""
from __future__ import annotations

import datetime as dt
from typing import Any

from pmo_handbook.model.people import Member
from pmo_handbook.model.plan import OnboardingRecord
from pmo_handbook.model.standard import Checklist


def onboarding_items(record: OnboardingRecord, checklist: Checklist, member: Member,
                     as_of: dt.date) -> list[dict[str, Any]]:
    rows = []
    for item in checklist.items:
        state = record.items.get(item.id)
        status = state.status if state else "pending"
        due = member.joined + dt.timedelta(days=item.due_offset_days)
        rows.append({"item": item, "due": due, "status": status,
                     "done_on": state.done_on if state else None,
                     "note": state.note if state else None,
                     "late": status == "pending" and due < as_of})
    return rows
