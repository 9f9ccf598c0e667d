"""The WBS: its located errors, and the computations on the fixture WBS worked out by hand.

tests/fixtures/wbs/wbs.yml as of 2026-12-10 (dates inclusive, effort in 人日):
  1.1 画面設計   12-01..12-05  10  done 12-04 (a day early), actual 8
  1.2 テーブル設計 12-06..12-10  10  reported 40 % on 12-09, forecast finish 12-12, actual 5 since 12-06
  2.1 画面製造   12-11..12-15  20  50/50, after 1.2
  2.2 結合確認   12-17..12-20   8  0/100, after 2.1 + 1 day
  2.3 バッチ製造  12-11..12-14   4  steps 50 % done 12-09, after 1.2 start + 1, started 12-09, actual 2
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from helpers import line_of, replace
from pmo_handbook.errors import DataErrors
from pmo_handbook.loading.load import load_repository
from pmo_handbook.status.wbs import Plan, due_between, finished_between

FIXTURES = Path(__file__).parent / "fixtures" / "wbs"
ALPHA = Path("data/projects/alpha")
AS_OF = dt.date(2026, 12, 10)
D = dt.date.fromisoformat


@pytest.fixture
def with_wbs(repo_copy) -> Path:
    shutil.copy(FIXTURES / "wbs.yml", repo_copy / ALPHA / "wbs.yml")
    return repo_copy


def load(root: Path, as_of=AS_OF):
    return load_repository(root / "data", root / "pmo_templates", as_of=as_of)


def errors_of(root: Path, as_of=AS_OF) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load(root, as_of)
    return [str(e).replace(str(root) + "/", "") for e in caught.value.errors]


def plan_of(root: Path, date=AS_OF) -> Plan:
    return Plan(load(root).projects["alpha"].wbs, date)


# --- located errors --------------------------------------------------------------------------

def test_fixture_wbs_is_valid(with_wbs):
    assert [t.code for t in load(with_wbs).projects["alpha"].wbs] == ["1", "1.1", "1.2", "2", "2.1", "2.2", "2.3"]


def test_reported_percentage_without_basis_is_refused(repo_copy):
    shutil.copy(FIXTURES / "no-basis.yml", repo_copy / ALPHA / "wbs.yml")
    assert errors_of(repo_copy) == [
        f"data/projects/alpha/wbs.yml:{line_of(repo_copy / ALPHA / 'wbs.yml', 'percent: 90')}:14: "
        "a reported progress of 90% needs basis: what was done"]


def test_predecessor_loop_is_named_at_the_first_task_of_it(with_wbs):
    path = with_wbs / ALPHA / "wbs.yml"
    replace(path, "    actual_effort: 8\n", "    actual_effort: 8\n    predecessors: [TSK-006]\n")
    line = line_of(path, "predecessors: [TSK-006]")
    assert errors_of(with_wbs) == [
        f"data/projects/alpha/wbs.yml:{line}:20: predecessors make a loop: "
        "TSK-002 → TSK-006 → TSK-005 → TSK-003 → TSK-002"]


def test_unknown_predecessor_is_named(with_wbs):
    path = with_wbs / ALPHA / "wbs.yml"
    replace(path, "predecessors: [TSK-005+1]", "predecessors: [TSK-095+1]")
    assert errors_of(with_wbs) == [
        f"data/projects/alpha/wbs.yml:{line_of(path, 'TSK-095')}:20: unknown task 'TSK-095'; did you mean 'TSK-005'?"]


def test_finish_before_start_is_located(with_wbs):
    path = with_wbs / ALPHA / "wbs.yml"
    replace(path, "    baseline_finish: 2026-12-14\n", "    baseline_finish: 2026-12-08\n")
    assert errors_of(with_wbs) == [
        f"data/projects/alpha/wbs.yml:{line_of(path, '2026-12-08')}:22: baseline_finish 2026-12-08 "
        "is before baseline_start 2026-12-11"]


def test_child_outside_its_work_package_is_located(with_wbs):
    path = with_wbs / ALPHA / "wbs.yml"
    replace(path, "    baseline_finish: 2026-12-20\n    planned_effort: 8", "    baseline_finish: 2026-12-23\n    planned_effort: 8")
    assert errors_of(with_wbs) == [
        f"data/projects/alpha/wbs.yml:{line_of(path, '2026-12-23')}:22: baseline 2026-12-17 – 2026-12-23 lies "
        "outside its work package 2 (2026-12-11 – 2026-12-20)"]


def test_actual_date_after_the_as_of_date_is_located(with_wbs):
    path = with_wbs / ALPHA / "wbs.yml"
    replace(path, "actual_finish: 2026-12-04", "actual_finish: 2026-12-11")
    line = line_of(path, "actual_finish: 2026-12-11")
    assert errors_of(with_wbs) == [
        f"data/projects/alpha/wbs.yml:{line}:20: actual_finish 2026-12-11 is after the as-of date 2026-12-10 "
        "(PMO_AS_OF): actual dates are what happened"]
    load(with_wbs, as_of=D("2026-12-11"))  # the same file is valid once that day has come


def test_missing_work_package_and_rolled_up_fields_are_located(with_wbs):
    path = with_wbs / ALPHA / "wbs.yml"
    replace(path, 'code: "2.3"', 'code: "3.1"')
    replace(path, "    name: 製造\n", "    name: 製造\n    planned_effort: 30\n")
    assert errors_of(with_wbs) == [
        f"data/projects/alpha/wbs.yml:{line_of(path, 'planned_effort: 30')}:21: 2 is a work package (it has tasks): "
        "its planned_effort is rolled up from them; remove it",
        f"data/projects/alpha/wbs.yml:{line_of(path, '3.1')}:11: WBS code 3.1 has no parent: add the work package 3"]


# --- computations, by hand -------------------------------------------------------------------

def test_progress_rolls_up_weighted_by_planned_effort(with_wbs):
    plan = plan_of(with_wbs)
    by = {t.code: t for t in plan.tasks}
    # 1: (10 × 1 + 10 × 0.4) / 20; 2: (20 × 0 + 8 × 0 + 4 × 0.5) / 32
    assert plan.progress(by["1"]) == pytest.approx(0.7)
    assert plan.progress(by["2"]) == pytest.approx(2 / 32)
    assert plan.planned_effort(by["2"]) == 32 and plan.actual_effort(by["1"]) == 13


@pytest.mark.parametrize("date, pv, ev, ac", [
    ("2026-12-05", 10, 10, 8),   # 1.1 fully planned and done; nothing else started
    ("2026-12-08", 16, 10, 11),  # 1.2 planned 3 of 5 days; its 40 % not reported until 12-09; AC 8 + 3 days × 1
    ("2026-12-10", 20, 16, 15),  # EV 10 + 4 + 2 (half the steps of 2.3); AC 8 + 5 + 2
])
def test_pv_ev_ac_on_three_dates(with_wbs, date, pv, ev, ac):
    point = plan_of(with_wbs).point(D(date))
    assert (point.pv, point.ev, point.ac) == pytest.approx((pv, ev, ac))


def test_evm_from_the_work(with_wbs):
    evm = plan_of(with_wbs).evm()
    assert (evm.bac, evm.spi, evm.cpi) == pytest.approx((52, 16 / 20, 16 / 15))


def test_critical_path_of_the_fixture(with_wbs):
    plan = plan_of(with_wbs)
    # 1.2 (→12-12) → 2.1 (12-13..12-17) → 2.2 (12-19..12-22) ends the project; 2.3 ends 12-14 with float
    assert sorted(plan.critical) == ["TSK-003", "TSK-005", "TSK-006"]
    assert (plan.timing["TSK-006"].start, plan.timing["TSK-006"].finish) == (D("2026-12-19"), D("2026-12-22"))


def test_a_slipped_task_makes_its_successors_late(with_wbs):
    plan = plan_of(with_wbs)
    late = {t.id: (plan.late_start(t), plan.late_finish(t), plan.slip(t)) for t in plan.leaves}
    assert late == {"TSK-002": (False, False, -1), "TSK-003": (False, True, 2), "TSK-005": (True, True, 2),
                    "TSK-006": (True, True, 2), "TSK-007": (False, False, 0)}
    replace(with_wbs / ALPHA / "wbs.yml", "    forecast_finish: 2026-12-12\n", "")  # 1.2 back on plan
    plan = plan_of(with_wbs)
    assert [t.id for t in plan.leaves if plan.is_late(t)] == []


def test_weekly_report_tasks_finished_and_due(with_wbs):
    tasks = load(with_wbs).projects["alpha"].wbs
    assert [t.code for t in finished_between(tasks, D("2026-11-30"), D("2026-12-04"))] == ["1.1"]
    assert [t.code for t in due_between(tasks, D("2026-12-11"), D("2026-12-17"), AS_OF)] == ["1.2", "2.3", "2.1"]


# --- audiences -------------------------------------------------------------------------------

def test_audiences_apply_to_tasks(with_wbs):
    from pmo_handbook.loading.audience import for_audience
    from pmo_handbook.site.project import project_pages

    replace(with_wbs / ALPHA / "project.yml", "id: alpha\n", "id: alpha\nvisibility: customer\n")
    replace(with_wbs / ALPHA / "wbs.yml", "    name: 結合確認\n", "    name: 結合確認\n    visibility: customer\n")
    repo = load(with_wbs)
    customer = for_audience(repo, "customer").projects["alpha"]
    assert [t.id for t in customer.wbs] == ["TSK-006"]  # its work package and predecessor stay internal
    assert "wbs" in [key for key, _ in project_pages(customer)]
    plan = Plan(customer.wbs, AS_OF)
    assert plan.timing["TSK-006"].start == D("2026-12-17")  # the hidden predecessor pushes nothing
    replace(with_wbs / ALPHA / "wbs.yml", "    visibility: customer\n", "")
    customer = for_audience(load(with_wbs), "customer").projects["alpha"]
    assert customer.wbs == [] and "wbs" not in [key for key, _ in project_pages(customer)]
