"""Computations as of a date, on the fixture project, against hand-counted values."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import FIXTURE_DATA, REPO
from pmo_handbook import status as st
from pmo_handbook.loading.load import load_repository

D = dt.date


@pytest.fixture(scope="module")
def alpha():
    return load_repository(FIXTURE_DATA, REPO / "pmo_templates").projects["alpha"]


def by_id(records, record_id):
    return next(r for r in records if r.id == record_id)


def test_issue_counts_as_of_the_fixture_date(alpha):
    # open = ISS-001 open, ISS-002 in progress, ISS-004 resolved (awaiting confirmation)
    assert st.issue_counts(alpha.issues, D(2026, 11, 26)) == st.IssueCounts(total=5, open=3, overdue=2, high=1)


@pytest.mark.parametrize("as_of, overdue", [(D(2000, 1, 1), 0), (D(2026, 11, 20), 1), (D(2026, 11, 21), 2),
                                            (D(2099, 12, 31), 3)])
def test_overdue_depends_only_on_the_as_of_date(alpha, as_of, overdue):
    assert st.issue_counts(alpha.issues, as_of).overdue == overdue


def test_ageing(alpha):
    iss1, iss3 = by_id(alpha.issues, "ISS-001"), by_id(alpha.issues, "ISS-003")
    assert st.days_open(iss1, D(2026, 11, 26)) == 56
    assert st.days_overdue(iss1, D(2026, 11, 26)) == 6
    assert st.days_open(iss3, D(2026, 11, 26)) == 9  # closed issues stop ageing at closed_on
    assert st.days_open(iss3, D(2026, 9, 5)) == 4    # and age like any other before it
    assert st.days_overdue(iss3, D(2026, 11, 26)) == 0
    assert st.days_open(iss1, D(2026, 9, 30)) is None  # not raised yet


def test_a_withdrawn_issue_without_close_date_never_ages_and_never_counts(alpha):
    iss5 = by_id(alpha.issues, "ISS-005")  # withdrawn, raised 2026-10-02, no closed_on
    assert iss5.status == "withdrawn" and iss5.closed_on is None
    for day in (D(2026, 10, 2), D(2026, 11, 26), D(2099, 12, 31)):
        assert st.days_open(iss5, day) is None and not st.is_open(iss5, day)
    dated = iss5.model_copy(update={"closed_on": D(2026, 10, 9), "due": D(2026, 10, 5)})
    assert st.days_open(dated, D(2026, 11, 26)) == 7  # stops at the withdrawal date
    assert [st.is_overdue(dated, D(2026, 10, d)) for d in (5, 6, 8, 9)] == [False, True, True, False]


def test_open_on_a_date_at_its_edges(alpha):
    iss1, iss3 = by_id(alpha.issues, "ISS-001"), by_id(alpha.issues, "ISS-003")
    assert not st.is_open(iss1, D(2026, 9, 30)) and st.is_open(iss1, D(2026, 10, 1))  # raised_on
    assert st.is_open(iss3, D(2026, 9, 9)) and not st.is_open(iss3, D(2026, 9, 10))  # closed_on
    assert not st.is_overdue(iss1, D(2026, 11, 20)) and st.is_overdue(iss1, D(2026, 11, 21))  # due


def test_counts_before_anything_was_raised(alpha):
    assert st.issue_counts(alpha.issues, D(2000, 1, 1)) == st.IssueCounts(total=0, open=0, overdue=0, high=0)
    # ISS-003 (closed 09-10) was open on 09-05 with ISS-001 not yet raised
    assert st.issue_counts(alpha.issues, D(2026, 9, 5)) == st.IssueCounts(total=1, open=1, overdue=0, high=0)


@pytest.mark.parametrize("score, level", [(1, "low"), (5, "low"), (6, "medium"), (12, "medium"),
                                          (13, "high"), (19, "high"), (20, "critical"), (25, "critical")])
def test_risk_level_boundaries(score, level):
    assert st.risk_level(score) == level


def test_milestone_slip(alpha):
    ms1, ms2 = by_id(alpha.milestones, "MS-01"), by_id(alpha.milestones, "MS-02")
    assert st.slip_on(ms1, D(2026, 11, 26)) == 7 and st.slip_on(ms2, D(2026, 11, 26)) == 10
    # still pending after its forecast of 12-28: it keeps slipping day by day
    assert st.slip_on(ms2, D(2027, 1, 5)) == (D(2027, 1, 5) - D(2026, 12, 18)).days
    assert st.upcoming(alpha.milestones, D(2026, 11, 26))[0] is ms2
    assert st.upcoming(alpha.milestones, D(2026, 10, 1))[:2] == [ms1, ms2]  # MS-01 reached 10-07


def test_onboarding_due_dates_from_join_date(alpha):
    repo = load_repository(FIXTURE_DATA, REPO / "pmo_templates")
    checklist = repo.standard.checklist("standard")
    record = alpha.onboarding[0]
    rows = {r["item"].id: r for r in st.onboarding_items(record, checklist, alpha.member("sato"), D(2026, 11, 26))}
    assert rows["nda_pledge"]["due"] == D(2026, 11, 15) and rows["nda_pledge"]["status"] == "done"
    assert rows["contract_scope"]["due"] == D(2026, 11, 10) and rows["contract_scope"]["late"]
    assert rows["follow_up"]["due"] == D(2026, 11, 30) and not rows["follow_up"]["late"]
    assert not rows["customer_env_access"]["late"]  # not applicable is never late
    offsets = {i.id: i.due_offset_days for i in checklist.items}
    expected_late = {i for i, off in offsets.items() if off < 6} - {"nda_pledge", "pc_setup", "customer_env_access"}
    assert {k for k, r in rows.items() if r["late"]} == expected_late


def test_tailoring_rows_show_standard_level_and_decision():
    from pmo_handbook.model.standard import requirement
    from pmo_handbook.status.tailoring import tailoring_rows

    repo = load_repository(FIXTURE_DATA, REPO / "pmo_templates")
    alpha = repo.projects["alpha"]
    rows = {r["item"].id: r for r in tailoring_rows(repo.standard, alpha.project, alpha.tailoring)}
    assert rows["steering_committee"]["decision"] == "omitted"
    assert rows["steering_committee"]["entry"].approver == "ono"
    assert rows["issue_log"]["decision"] == "adopted" and rows["issue_log"]["entry"] is None
    evm = next(i for i in repo.standard.process if i.id == "evm")
    assert requirement(evm, "M", "enhancement") == "optional" and rows["evm"]["decision"] == "omitted"
