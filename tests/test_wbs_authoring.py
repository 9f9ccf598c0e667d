"""WBSs that the tools write: the new-project skeleton from the process catalogue, and the
sample projects' WBSs from scripts/sample_wbs.py (committed, realistic, some late, some ahead)."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from conftest import AS_OF, REPO, cli
from pmo_handbook.loading.load import load_repository
from pmo_handbook.status.wbs import Plan


def _new(data, size, kind):
    return cli("new-project", "osaka-crm", "--name", "大阪商事 CRM 刷新", "--data", data, "--size", size,
               "--type", kind, "--start", "2027-01-04", "--end", "2027-12-24")


@pytest.mark.parametrize("size, kind, phases", [
    ("L", "new_development", ["計画", "要件定義", "基本設計", "詳細設計", "製造", "単体テスト", "結合テスト", "総合テスト",
                              "移行", "本番稼働"]),
    ("S", "new_development", ["計画", "要件定義", "設計", "製造・単体テスト", "テスト", "移行"]),
    ("M", "maintenance", ["計画", "保守・運用"]),
])
def test_new_project_writes_a_wbs_skeleton_for_its_size_and_type(repo_copy, size, kind, phases):
    data = repo_copy / "data"
    assert _new(data, size, kind).returncode == 0
    p = load_repository(data, as_of=dt.date(2027, 1, 4)).projects["osaka-crm"]
    top = [t for t in p.wbs if t.level == 1]
    assert [t.name for t in top] == phases
    assert (top[0].baseline_start, top[-1].baseline_finish) == (dt.date(2027, 1, 4), dt.date(2027, 12, 24))
    assert all(t.actual_start is None and t.planned_effort is None for t in p.wbs)  # nothing started, effort to plan
    names = {t.name: t for t in p.wbs}
    assert names["プロジェクト憲章作成"].code.startswith("1.")  # catalogue documents in their phase
    gates = [t for t in p.wbs if t.name.endswith("完了ゲート")]
    assert len(gates) == len(phases)  # phase gates are required for every size and type here
    assert gates[0].milestone == "MS-01" and gates[-1].milestone == "MS-02"


def test_l_skeleton_places_the_migration_plan_in_the_migration_phase(repo_copy):
    data = repo_copy / "data"
    assert _new(data, "L", "new_development").returncode == 0
    wbs = load_repository(data, as_of=dt.date(2027, 1, 4)).projects["osaka-crm"].wbs
    phase = {t.code: t.name for t in wbs if t.level == 1}
    plan = next(t for t in wbs if t.name == "移行計画作成")
    assert phase[plan.code.split(".")[0]] == "移行"


def test_sample_wbs_files_are_what_the_script_writes(tmp_path):
    for pid in ("kansai-dx", "kobe-portal", "hanshin-maint"):
        (tmp_path / pid).mkdir()
    result = subprocess.run([sys.executable, str(REPO / "scripts/sample_wbs.py"), str(tmp_path)],
                            capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 0, result.stderr
    for pid in ("kansai-dx", "kobe-portal", "hanshin-maint"):
        assert (tmp_path / pid / "wbs.yml").read_text(encoding="utf-8") == \
            (REPO / "data/projects" / pid / "wbs.yml").read_text(encoding="utf-8")


def test_kansai_wbs_is_large_with_tasks_late_and_ahead():
    p = load_repository(REPO / "data", REPO / "pmo_templates",
                        as_of=dt.date.fromisoformat(AS_OF)).projects["kansai-dx"]
    plan = Plan(p.wbs, dt.date.fromisoformat(AS_OF))
    assert len(p.wbs) >= 120
    assert plan.late_tasks()
    assert [t for t in plan.leaves if plan.slip(t) < 0]  # finished or forecast ahead of the baseline
    phases = [t.name for t in p.wbs if t.level == 1]
    assert phases[:6] == ["プロジェクト計画", "要件定義", "基本設計", "詳細設計", "製造", "単体テスト"]
