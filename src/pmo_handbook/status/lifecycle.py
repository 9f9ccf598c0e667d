"""When a dated record is open, and past its date, as of a day.

The rule is stated once, in terms of the record's fields, so that the pages (these functions) and
the Excel highlighting (a formula over the same columns, exports/xlsx.py) come from one
definition: which field starts the record, which holds its date, which statuses finish it, and
which field says when it finished.

Open on day D: started on or before D, and either its status is not a finished one, or it
finished after D (its end date is later than D). A record whose status is finished but that has
no end date finished on a day nobody wrote down: the register keeps no status history, so it
counts as open on no day at all, today or in the past. That keeps today's figures and every past
day's figures one consistent series (a later edit that adds the end date adds the days it was
open, and changes nothing after that date).

Past due on D: open on D, with its date before D (the date itself is still in time).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Lifecycle:
    start: str                  # field: the day the record starts (起票日)
    due: str                    # field: the day it must be dealt with by (期限, 次回見直し日)
    status: str                 # field: its status as the register holds it today
    finished: tuple[str, ...]   # statuses that end it (完了, 取下げ)
    end: str | None = None      # field: the day it ended (完了日); None: the register keeps none

    def finished_today(self, record: Any) -> bool:
        return getattr(record, self.status) in self.finished

    def ended_on(self, record: Any) -> dt.date | None:
        """The day a finished record ended, when the register says; None otherwise."""
        if self.end is None or not self.finished_today(record):
            return None
        ended: dt.date | None = getattr(record, self.end)
        return ended

    def open_on(self, record: Any, date: dt.date) -> bool:
        if getattr(record, self.start) > date:
            return False
        if getattr(record, self.status) not in self.finished:
            return True
        ended = getattr(record, self.end) if self.end else None
        return ended is not None and ended > date

    def date_passed(self, record: Any, date: dt.date) -> bool:
        """Its date is set and before date (whether or not it is still open)."""
        due: dt.date | None = getattr(record, self.due)
        return due is not None and due < date

    def past_due_on(self, record: Any, date: dt.date) -> bool:
        return self.date_passed(record, date) and self.open_on(record, date)
