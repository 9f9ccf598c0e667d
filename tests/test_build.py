"""Real `mkdocs build --strict` runs, with assertions on what a reader sees."""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, REPO, mkdocs_build
from helpers import article, page_text, replace

PROJECT_PAGES = ["", "charter/", "team/", "stakeholders/", "onboarding/", "milestones/", "wbs/", "issues/",
                 "risks/", "decisions/", "changes/", "meetings/", "reports/", "tailoring/"]
SAMPLE_PROJECTS = sorted(p.name for p in (REPO / "data" / "projects").iterdir() if p.is_dir())


def test_sample_data_builds_every_page_of_every_project(sample_site):
    assert len(SAMPLE_PROJECTS) >= 3
    for project in SAMPLE_PROJECTS:
        for page in PROJECT_PAGES:
            assert (sample_site / "projects" / project / page / "index.html").is_file(), (project, page)
    for page in ["handbook/", "handbook/raci/", "handbook/process/", "handbook/templates/",
                 "handbook/glossary/", "handbook/onboarding/", "handbook/roles/pm/", "handbook/roles/pl/",
                 "handbook/roles/pmo/", "guide/", "guide/reading/", "guide/updating/"]:
        assert (sample_site / page / "index.html").is_file(), page


def test_every_sample_page_shows_real_content(sample_site):
    """No project page of the sample is an empty shell."""
    for project in SAMPLE_PROJECTS:
        for page in PROJECT_PAGES:
            html = article(sample_site, f"projects/{project}/{page}")
            assert "pmo-empty" not in html, f"{project}/{page} shows an empty register"


def test_portfolio_lists_every_project_with_counts(fixture_site):
    text = page_text(fixture_site, "")
    assert "ポートフォリオ" in text and "2026-11-26 時点" in text
    row = re.search(r"アルファ受発注システム改修</a>.*?</tr>", article(fixture_site, ""), re.S).group(0)
    cells = re.findall(r'<td class="pmo-num[^"]*">(\d+)</td>', row)
    assert cells == ["3", "2", "1"]  # open, overdue, high
    assert "結合テスト完了" in row  # next milestone
    assert "黄(注意)" in row  # latest report's overall status


def test_dashboard_shows_state_as_of_date(fixture_site):
    text = page_text(fixture_site, "projects/alpha/")
    assert "未完了の課題 3" in text and "期限超過 2" in text and "優先度「高」 1" in text
    assert "ISS-001 在庫APIの仕様が未確定 高 田中 一郎 2026-11-20 6日超過" in text
    assert "結合テスト完了 2026-12-18 2026-12-28 +10" in text
    assert "RSK-001 在庫APIの仕様確定遅れ 20 重大" in text


def test_issue_log_shows_every_issue_with_ageing(fixture_site):
    text = page_text(fixture_site, "projects/alpha/issues/")
    assert "ISS-001 在庫APIの仕様が未確定 仕様 高 田中 一郎 2026-10-01 2026-11-20 未対応 56 6" in text
    assert "ISS-003 帳票レイアウトの確認 質問 低 佐藤 次郎 2026-09-01 2026-09-15 完了 9" in text
    assert "2026-11-05 鈴木 花子 : インフラ担当に督促した。" in text
    html = article(fixture_site, "projects/alpha/issues/")
    assert "<strong>手作業</strong>" not in html  # charter Markdown is not on the issue page
    table = html[:html.index('id="attention"')]  # the register's own table, before the attention list
    assert table.count('class="pmo-row-overdue"') == 2


def test_team_page_names_role_holders_and_raci(fixture_site):
    text = page_text(fixture_site, "projects/alpha/team/")
    assert "PM（プロジェクトマネージャー） 田中 一郎" in text
    assert "PMO（プロジェクトマネジメントオフィス） 鈴木 花子" in text
    assert "体制図" in text and "このプロジェクトの RACI" in text
    html = article(fixture_site, "projects/alpha/team/")
    tree = html[html.index('class="pmo-tree"'):]
    assert tree.index("田中 一郎") < tree.index("鈴木 花子")  # suzuki reports to tanaka


def test_onboarding_page_computes_due_dates_and_late_items(fixture_site):
    text = page_text(fixture_site, "projects/alpha/onboarding/")
    assert "佐藤 次郎 2026-11-20" in text
    html = article(fixture_site, "projects/alpha/onboarding/")
    assert html.count('class="pmo-row-overdue"') == 12
    assert re.search(r"2026-11-15</td><td><span [^>]*>完了</span>", html)


def test_tailoring_page_shows_decision_reason_and_approver(fixture_site):
    text = page_text(fixture_site, "projects/alpha/tailoring/")
    assert "ステアリングコミッティ" in text
    assert "省略 月次定例で代替する。 小野 誠 2026-06-05" in text
    assert "規模 中規模(M)・種別 機能追加・改修 の標準" in text


def test_charter_renders_markdown_safely(fixture_site):
    html = article(fixture_site, "projects/alpha/charter/")
    assert "<strong>手作業</strong>" in html
    assert "受注処理時間の半減" in html  # business outcome after go-live


def test_handbook_explains_how_pm_pl_pmo_differ(sample_site):
    text = page_text(sample_site, "handbook/")
    assert "PM・PL・PMO の違い" in text
    for role in ("PM（プロジェクトマネージャー）", "PL（プロジェクトリーダー）", "PMO（プロジェクトマネジメントオフィス）"):
        assert role in text
    pmo = page_text(sample_site, "handbook/roles/pmo/")
    assert "担当外" in pmo and "権限" in pmo and "標準化" in pmo


def test_edit_link_opens_the_yaml_file(fixture_site):
    html = (fixture_site / "projects/alpha/issues/index.html").read_text(encoding="utf-8")
    edit = re.search(r'href="([^"]+)"[^>]*class="md-content__button md-icon"', html) or \
        re.search(r'<a href="([^"]+)" title="[^"]*" class="md-content__button', html)
    assert edit and edit.group(1).endswith("/edit/main/tests/fixtures/data/projects/alpha/issues.yml")


def test_english_build_uses_english_labels(tmp_path):
    result = mkdocs_build(tmp_path / "site", FIXTURE_DATA, PMO_LANG="en")
    assert result.returncode == 0, result.stderr
    text = page_text(tmp_path / "site", "projects/alpha/issues/")
    assert "Issue log" in text and "Open issues 3" in text and "課題管理表" not in text
    assert '<html lang="en"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_as_of_changes_what_is_overdue(tmp_path):
    early = mkdocs_build(tmp_path / "early", FIXTURE_DATA, PMO_AS_OF="2000-01-01")
    late = mkdocs_build(tmp_path / "late", FIXTURE_DATA, PMO_AS_OF="2099-12-31")
    assert early.returncode == late.returncode == 0
    assert "期限超過 0" in page_text(tmp_path / "early", "projects/alpha/")
    assert "期限超過 3" in page_text(tmp_path / "late", "projects/alpha/")


def _tree_digest(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("break_it, expected", [
    (lambda d: replace(d / "projects/alpha/issues.yml", "raised_on: 2026-10-01", "raised_on: 2026-02-30"),
     "issues.yml:6:16: raised_on: '2026-02-30' is not a valid date"),
    (lambda d: replace(d / "projects/alpha/meetings.yml", "[tanaka, suzuki, sato, ono]", "[tanaka, suzuki"),
     "meetings.yml:15:1: YAML syntax error"),
    (lambda d: replace(d / "projects/alpha/issues.yml", "    priority: high\n", "    priority: high\n    priority: low\n"),
     "issues.yml:9:5: duplicate key 'priority' (first given on line 8)"),
    (lambda d: replace(d / "projects/alpha/issues.yml", "title: 重複起票", "title: !!python/object/apply:os.getcwd []"),
     "is not allowed: data files hold plain values only"),
    (lambda d: (d / "projects/alpha/risks.yml").write_bytes(
        (d / "projects/alpha/risks.yml").read_text(encoding="utf-8").encode("cp932")),
     "risks.yml:3:12: file is not UTF-8 (it looks like Shift_JIS/CP932)"),
    (lambda d: replace(d / "projects/alpha/issues.yml", "owner: suzuki", "owner: suzuky"),
     "unknown member 'suzuky'; did you mean 'suzuki'?"),
])
def test_bad_data_stops_the_build_and_leaves_the_site_untouched(tmp_path, fixture_site, break_it, expected):
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    before = _tree_digest(site)
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    break_it(data)
    result = mkdocs_build(site, data, PMO_LANG="en")  # the messages' English wording
    assert result.returncode == 1
    assert expected in result.stderr
    assert "data error(s); the build stopped before writing anything" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert _tree_digest(site) == before


def test_a_register_without_its_file_has_no_edit_link(fixture_site):
    """alpha keeps no stakeholders.yml: there is nothing to open, so no broken edit button."""
    assert not (FIXTURE_DATA / "projects/alpha/stakeholders.yml").exists()
    stakeholders = (fixture_site / "projects/alpha/stakeholders/index.html").read_text(encoding="utf-8")
    issues = (fixture_site / "projects/alpha/issues/index.html").read_text(encoding="utf-8")
    assert "md-content__button" not in stakeholders and "md-content__button" in issues
