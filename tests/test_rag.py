"""RAG rules against hand-worked cases: the fixture projects, thresholds and their overrides."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, REPO
from pmo_handbook.status import rag
from pmo_handbook.loading.load import load_repository
from pmo_handbook.model.organisation import RagOverrides, RagThresholds, thresholds
from pmo_handbook.model.plan import Report
from pmo_handbook.model.project import Budget, EvmPoint

D = dt.date
STATUS_DATA = Path(__file__).parent / "fixtures" / "status"
AS_OF = D(2026, 11, 26)


@pytest.fixture(scope="module")
def alpha():
    return load_repository(FIXTURE_DATA, REPO / "pmo_templates").projects["alpha"]


@pytest.fixture(scope="module")
def beta_repo():
    return load_repository(STATUS_DATA, REPO / "pmo_templates")


def areas(assessment) -> dict:
    return {name: a.rag for name, a in assessment.areas.items()}


def keys(area) -> list:
    return [(r.rag, r.key, r.params) for r in area.reasons]


def with_project(p, **changes):
    """A copy of ProjectData whose project.yml has other values."""
    return dataclasses.replace(p, project=p.project.model_copy(update=changes))


@pytest.mark.parametrize("value, expected", [(4, "green"), (5, "amber"), (14, "amber"), (15, "red"), (40, "red")])
def test_slip_days_against_the_default_thresholds(value, expected):
    t = RagThresholds()
    assert rag.at_least(value, t.schedule_amber_days, t.schedule_red_days) == expected


@pytest.mark.parametrize("value, expected", [(1.0, "green"), (0.95, "green"), (0.949, "amber"), (0.85, "amber"),
                                             (0.849, "red"), (0.0, "red")])
def test_performance_index_against_the_default_thresholds(value, expected):
    t = RagThresholds()
    assert rag.below(value, t.spi_amber, t.spi_red) == expected


def test_project_overrides_replace_only_what_they_name():
    org = RagThresholds(overdue_amber=2)
    t = thresholds(org, RagOverrides(spi_red=0.75, risk_red_score=25))
    assert (t.overdue_amber, t.spi_red, t.risk_red_score) == (2, 0.75, 25)
    assert (t.spi_amber, t.schedule_red_days) == (0.95, 15)  # organisation defaults
    assert thresholds(None, None) == RagThresholds()


def test_fixture_project_as_of_the_sample_date(alpha):
    a = rag.assess(alpha, RagThresholds(), AS_OF)
    # MS-02 forecast 2026-12-28 against baseline 2026-12-18: 10 days (amber from 5, red from 15).
    # Overdue: ISS-001 (due 11-20) and ISS-004 (due 11-01, resolved awaiting confirmation): 2.
    # RSK-001 scores 4 x 5 = 20: red. No EVM: cost not assessed.
    assert areas(a) == {"schedule": "amber", "cost": None, "quality": "amber", "scope": "green", "risk": "red"}
    assert a.overall == "red"
    assert keys(a.areas["schedule"]) == [("amber", "milestone_slip", {"id": "MS-02", "days": 10})]
    assert keys(a.areas["quality"]) == [("amber", "overdue_issues", {"count": 2, "ids": "ISS-004, ISS-001"})]
    assert keys(a.areas["risk"]) == [("red", "risk_score", {"id": "RSK-001", "score": 20})]
    assert [r.key for r in a.headline] == ["risk_score"]
    assert (a.counts.open, a.counts.overdue, a.counts.high) == (3, 2, 1)


def test_as_of_far_in_the_past_and_far_in_the_future(alpha):
    early = rag.assess(alpha, RagThresholds(), D(2000, 1, 1))
    # Nothing was raised yet; both milestones still lie ahead (MS-01 at its actual date, +7).
    assert areas(early) == {"schedule": "amber", "cost": None, "quality": "green", "scope": "green", "risk": "green"}
    assert keys(early.areas["risk"]) == [("green", "no_watched_risks", {})]
    late = rag.assess(alpha, RagThresholds(), D(2099, 12, 31))
    # MS-02 is still not reached, so it slips until the as-of date; 3 open issues are overdue.
    assert late.areas["schedule"].rag == "red"
    assert keys(late.areas["quality"]) == [("amber", "overdue_issues", {"count": 3, "ids": "ISS-004, ISS-001, ISS-002"})]
    assert late.overall == "red"


def test_a_higher_risk_threshold_for_one_project(alpha):
    t = thresholds(RagThresholds(), RagOverrides(risk_red_score=21))
    a = rag.assess(alpha, t, AS_OF)
    assert a.areas["risk"].rag == "amber" and a.overall == "amber"


def test_evm_drives_schedule_and_cost(alpha):
    p = with_project(alpha, budget=Budget(bac=40), evm=[EvmPoint(date=D(2026, 10, 31), pv=20, ev=16, ac=18)])
    a = rag.assess(p, RagThresholds(), AS_OF)
    # SPI 16 / 20 = 0.80 (red below 0.85); CPI 16 / 18 = 0.89 (amber below 0.95)
    assert keys(a.areas["schedule"])[-1] == ("red", "spi", {"value": "0.80", "date": "2026-10-31"})
    assert keys(a.areas["cost"]) == [("amber", "cpi", {"value": "0.89", "date": "2026-10-31"})]
    assert a.evm.eac == pytest.approx(45)  # 40 / (16 / 18)


def test_zero_denominators_leave_cost_unassessed(alpha):
    p = with_project(alpha, budget=Budget(bac=40), evm=[EvmPoint(date=D(2026, 10, 31), pv=0, ev=0, ac=0)])
    a = rag.assess(p, RagThresholds(), AS_OF)
    assert a.areas["cost"].rag is None and keys(a.areas["cost"]) == [(None, "no_evm", {})]
    assert [r.key for r in a.areas["schedule"].reasons] == ["milestone_slip"]  # no SPI without PV
    assert a.evm.spi is None and a.evm.eac is None


def test_several_late_milestones_and_high_risks_are_summed_up(alpha):
    p = dataclasses.replace(alpha, milestones=[
        m.model_copy(update={"forecast": D(2027, 1, 10), "status": "planned", "actual": None}) for m in alpha.milestones])
    a = rag.assess(p, RagThresholds(), AS_OF)
    # MS-01 2026-09-30 -> 2027-01-10: 102 days; MS-02 2026-12-18 -> 2027-01-10: 23 days
    assert keys(a.areas["schedule"]) == [("red", "milestones_slip", {"count": 2, "threshold": 15, "id": "MS-01",
                                                                     "days": 102})]


def test_organisation_and_project_thresholds_from_the_data(beta_repo):
    beta = beta_repo.projects["beta"]
    t = rag.project_thresholds(beta, beta_repo.organisation)
    assert (t.overdue_amber, t.spi_red) == (2, 0.75)  # organisation.yml and project.yml
    a = rag.assess(beta, t, AS_OF)
    # SPI 40/50 = 0.8: amber with the project's red line at 0.75; CPI 0.8: red; one overdue issue
    # (ISS-001, which also affects scope) stays green under the organisation's threshold of 2.
    assert areas(a) == {"schedule": "amber", "cost": "red", "quality": "green", "scope": "green", "risk": "green"}
    assert keys(a.areas["risk"]) == [("green", "risks_below", {"score": 12})]  # RSK-002 (25) is closed
    assert keys(a.areas["scope"]) == [("green", "overdue_scope_issues", {"count": 1, "ids": "ISS-001"})]


def test_past_dates_use_only_what_was_known_then(beta_repo):
    beta = beta_repo.projects["beta"]
    t = rag.project_thresholds(beta, beta_repo.organisation)
    first = rag.assess(beta, t, D(2026, 5, 8), history=True)
    # Only the all-zero EVM snapshot of 2026-04-30 existed: no SPI, no CPI.
    assert areas(first) == {"schedule": "green", "cost": None, "quality": "green", "scope": "green", "risk": None}
    assert first.evm.spi is None and first.counts.total == 0
    later = rag.assess(beta, t, D(2026, 11, 20), history=True)
    assert later.counts == type(later.counts)(total=2, open=2, overdue=1, high=1)
    assert keys(later.areas["schedule"])[0] == ("green", "milestones_on_time", {})  # MS-03's forecast is not used


def test_a_report_better_than_its_data_is_flagged(beta_repo):
    beta = beta_repo.projects["beta"]
    t = rag.project_thresholds(beta, beta_repo.organisation)
    report = beta.reports[-1]  # 2026-11-20: overall green, schedule green, cost amber
    c = rag.compare(report, rag.assess(beta, t, report.period_end, history=True))
    assert [(d.area, d.stated, d.computed, d.optimistic) for d in c.differences] == [
        ("overall", "green", "red", True), ("schedule", "green", "amber", True), ("cost", "amber", "red", True)]
    assert c.worse_areas == ("cost",) and c.flagged


def test_a_report_stricter_than_the_rules_is_shown_not_flagged(alpha):
    report = Report(period_start=D(2026, 11, 23), period_end=AS_OF, author="suzuki", overall="red",
                    areas={"schedule": {"rag": "red"}, "quality": {"rag": "amber"}}, summary="厳しめの評価")
    c = rag.compare(report, rag.assess(alpha, RagThresholds(), AS_OF))
    assert [(d.area, d.optimistic) for d in c.differences] == [("schedule", False)]
    assert c.worse_areas == () and not c.flagged


def test_overall_green_with_a_red_area_contradicts_itself():
    report = Report(period_start=D(2026, 10, 5), period_end=D(2026, 10, 9), author="x", overall="green",
                    areas={"schedule": {"rag": "red"}, "scope": {"rag": "green"}}, summary="s")
    assessment = rag.Assessment(date=D(2026, 10, 9), overall=None,
                                areas={a: rag.Area(a, None, ()) for a in rag.AREAS}, evm=None, counts=None)
    c = rag.compare(report, assessment)
    assert c.differences == () and c.worse_areas == ("schedule",) and c.flagged


def test_the_sample_report_of_2026_10_09_is_flagged():
    repo = load_repository(REPO / "data", REPO / "pmo_templates")
    kdx = repo.projects["kansai-dx"]
    report = next(r for r in kdx.reports if r.period_end == D(2026, 10, 9))
    c = rag.compare(report, rag.assess(kdx, rag.project_thresholds(kdx, repo.organisation), report.period_end,
                                       history=True))
    assert report.overall == "green" and report.areas.schedule.rag == "red"
    assert "schedule" in c.worse_areas and c.flagged
