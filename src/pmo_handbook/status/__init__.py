"""Pure rules "as of a date": open, overdue, ageing, slip, RAG, EVM. No I/O, no rendering.

Each fact has one home: issues.py (open, overdue, ageing, counts, attention), milestones.py
(pending, expected date, slip), risks.py (level, watched, review due), lifecycle.py (the rule
shared by issues and risks, also written as the Excel formula), onboarding.py, reports.py.
"""
from pmo_handbook.status.issues import (
    ISSUE, IssueCounts, attention_issues, closed_between, days_open, days_overdue, is_open, is_overdue,
    issue_counts, overdue_issues)
from pmo_handbook.status.lifecycle import Lifecycle
from pmo_handbook.status.milestones import (
    expected_date, is_pending, milestone_date, overdue_days_on, slip_on, upcoming)
from pmo_handbook.status.onboarding import onboarding_items
from pmo_handbook.status.reports import latest_report
from pmo_handbook.status.risks import (
    RISK_LEVELS, RISK_REVIEW, is_watched, review_overdue, risk_level, watched_risks)

__all__ = [
    "ISSUE", "RISK_LEVELS", "RISK_REVIEW", "IssueCounts", "Lifecycle", "attention_issues", "closed_between",
    "days_open", "days_overdue", "expected_date", "is_open", "is_overdue", "is_pending", "is_watched",
    "issue_counts", "latest_report", "milestone_date", "onboarding_items", "overdue_days_on", "overdue_issues",
    "review_overdue", "risk_level", "slip_on", "upcoming", "watched_risks",
]
