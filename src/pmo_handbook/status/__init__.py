"""Pure rules "as of a date": open, overdue, ageing, slip, RAG, EVM. No I/O, no rendering."""
from pmo_handbook.status.rules import (IssueCounts, RISK_LEVELS, days_open, days_overdue, expected_date, is_overdue, is_pending, issue_counts, issue_counts_on, issue_open_on, issue_sort_key, latest_report, milestone_date, onboarding_items, open_risks, overdue_days_on, risk_level, slip_days, slip_on)

__all__ = ["IssueCounts", "RISK_LEVELS", "days_open", "days_overdue", "expected_date", "is_overdue", "is_pending", "issue_counts", "issue_counts_on", "issue_open_on", "issue_sort_key", "latest_report", "milestone_date", "onboarding_items", "open_risks", "overdue_days_on", "risk_level", "slip_days", "slip_on"]
