"""Every validation rule: the exact message, file, line and column a user is shown."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import cli
from helpers import line_of, replace
from pmo_handbook.errors import DataErrors
from pmo_handbook.loading.load import load_repository

ALPHA = Path("data/projects/alpha")


def errors_of(root: Path) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_repository(root / "data", root / "pmo_templates")
    return [str(e).replace(str(root) + "/", "") for e in caught.value.errors]


def test_fixture_is_valid(repo_copy):
    repo = load_repository(repo_copy / "data", repo_copy / "pmo_templates")
    assert list(repo.projects) == ["alpha"]


def test_impossible_date_names_file_line_and_column(repo_copy):
    issues = repo_copy / ALPHA / "issues.yml"
    replace(issues, "raised_on: 2026-10-01", "raised_on: 2026-02-30")
    line = line_of(issues, "2026-02-30")
    assert errors_of(repo_copy) == [
        f"data/projects/alpha/issues.yml:{line}:16: raised_on: '2026-02-30' is not a valid date "
        "(YYYY-MM-DD): day is out of range for month"]


def test_unclosed_bracket_is_a_located_syntax_error(repo_copy):
    meetings = repo_copy / ALPHA / "meetings.yml"
    replace(meetings, "attendees: [tanaka, suzuki, sato, ono]", "attendees: [tanaka, suzuki")
    (message,) = errors_of(repo_copy)
    assert message.startswith(f"data/projects/alpha/meetings.yml:{line_of(meetings, 'attendees') + 1}:")
    assert "YAML syntax error" in message and "flow sequence" in message


def test_duplicate_key_is_rejected_with_both_lines(repo_copy):
    issues = repo_copy / ALPHA / "issues.yml"
    replace(issues, "    priority: high\n", "    priority: high\n    title: 別の件名\n")
    first = line_of(issues, "title: 在庫APIの仕様が未確定")
    second = line_of(issues, "title: 別の件名")
    assert errors_of(repo_copy) == [
        f"data/projects/alpha/issues.yml:{second}:5: duplicate key 'title' (first given on line {first})"]


def test_python_tag_is_refused_and_nothing_runs(repo_copy, tmp_path):
    marker = tmp_path / "pwned"
    issues = repo_copy / ALPHA / "issues.yml"
    replace(issues, "title: 重複起票", f"title: !!python/object/apply:os.system ['touch {marker}']")
    line = line_of(issues, "!!python")
    assert errors_of(repo_copy) == [
        f"data/projects/alpha/issues.yml:{line}:12: tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed: data files hold plain values only"]
    assert not marker.exists()


def test_shift_jis_file_says_so_and_how_to_convert(repo_copy):
    risks = repo_copy / ALPHA / "risks.yml"
    risks.write_bytes(risks.read_text(encoding="utf-8").encode("cp932"))
    line = next(n for n, raw in enumerate(risks.read_bytes().split(b"\n"), 1) if any(b > 127 for b in raw))
    (message,) = errors_of(repo_copy)
    assert message.startswith(f"data/projects/alpha/risks.yml:{line}:")
    assert "file is not UTF-8 (it looks like Shift_JIS/CP932)" in message
    assert "iconv -f CP932 -t UTF-8" in message


def test_dangling_member_reference_suggests_the_near_id(repo_copy):
    issues = repo_copy / ALPHA / "issues.yml"
    replace(issues, "    owner: tanaka\n    due: 2026-11-20", "    owner: tanakaa\n    due: 2026-11-20")
    line = line_of(issues, "owner: tanakaa")
    assert errors_of(repo_copy) == [
        f"data/projects/alpha/issues.yml:{line}:12: unknown member 'tanakaa'; did you mean 'tanaka'?"]


def test_dangling_record_link(repo_copy):
    decisions = repo_copy / ALPHA / "decisions.yml"
    replace(decisions, "meeting: MTG-01", "meeting: MTG-09")
    line = line_of(decisions, "MTG-09")
    assert errors_of(repo_copy) == [
        f"data/projects/alpha/decisions.yml:{line}:14: unknown meeting 'MTG-09'; did you mean 'MTG-01'?"]


def test_unknown_key_suggests_the_field(repo_copy):
    risks = repo_copy / ALPHA / "risks.yml"
    replace(risks, "    title: 要員の離脱", "    titel: 要員の離脱")
    line = line_of(risks, "titel")
    (message,) = [m for m in errors_of(repo_copy) if "titel" in m]
    assert message.startswith(f"data/projects/alpha/risks.yml:{line}:5: unknown key 'titel'; did you mean 'title'? (allowed: ")


def test_enum_value_lists_the_allowed_values(repo_copy):
    issues = repo_copy / ALPHA / "issues.yml"
    replace(issues, "status: in_progress", "status: doing")
    line = line_of(issues, "status: doing")
    assert errors_of(repo_copy) == [
        f"data/projects/alpha/issues.yml:{line}:13: status: 'doing' is not allowed; expected one of: "
        "'open', 'in_progress', 'resolved', 'closed', 'on_hold', 'withdrawn'"]


def test_missing_required_key_points_at_the_record(repo_copy):
    risks = repo_copy / ALPHA / "risks.yml"
    replace(risks, "    owner: suzuki\n", "")
    line = line_of(risks, "id: RSK-002")
    assert errors_of(repo_copy) == [f"data/projects/alpha/risks.yml:{line}:5: missing required key 'owner'"]


def test_duplicate_id(repo_copy):
    issues = repo_copy / ALPHA / "issues.yml"
    replace(issues, "id: ISS-005", "id: ISS-004")
    line = line_of(issues, "title: 重複起票") - 1
    assert errors_of(repo_copy) == [
        f"data/projects/alpha/issues.yml:{line}:9: duplicate id 'ISS-004' (first used by item 4)"]


def test_raci_row_needs_exactly_one_accountable(repo_copy):
    (repo_copy / ALPHA / "raci.yml").write_text(
        "activities:\n  - activity: issue_management\n    assignments: {pm: A, pmo: A, member: R}\n",
        encoding="utf-8")
    assert errors_of(repo_copy) == [
        "data/projects/alpha/raci.yml:3:18: activity 'issue_management' has 2 'A' (accountable) roles; "
        "a RACI row needs exactly one A"]


def test_start_after_end(repo_copy):
    replace(repo_copy / ALPHA / "project.yml", "end: 2027-03-31", "end: 2026-05-31")
    assert errors_of(repo_copy) == [
        f"data/projects/alpha/project.yml:{line_of(repo_copy / ALPHA / 'project.yml', 'end:')}:6: "
        "end 2026-05-31 is before start 2026-06-01"]


def test_closed_issue_needs_close_date_and_dates_in_order(repo_copy):
    issues = repo_copy / ALPHA / "issues.yml"
    replace(issues, "    closed_on: 2026-09-10\n", "")
    replace(issues, "status: resolved", "status: closed\n    closed_on: 2026-10-01")
    lines = issues.read_text(encoding="utf-8").splitlines()
    status = next(n for n in range(line_of(issues, "id: ISS-003"), len(lines)) if "status:" in lines[n - 1])
    assert errors_of(repo_copy) == [  # each at the field to change: the status, the date
        f"data/projects/alpha/issues.yml:{status}:13: closed_on is required when status is 'closed'",
        f"data/projects/alpha/issues.yml:{line_of(issues, 'closed_on: 2026-10-01')}:16: "
        "closed_on 2026-10-01 is before raised_on 2026-10-10"]


def test_reports_to_loop(repo_copy):
    members = repo_copy / ALPHA / "members.yml"
    replace(members, "    roles: [pm]\n", "    roles: [pm]\n    reports_to: suzuki\n")
    messages = errors_of(repo_copy)
    assert f"data/projects/alpha/members.yml:{line_of(members, 'reports_to: suzuki')}:17: reports_to makes " \
           "a loop through 'tanaka': the 体制図 must be a tree" in messages


def test_omitting_a_required_item_needs_an_approver(repo_copy):
    tailoring = repo_copy / ALPHA / "tailoring.yml"
    tailoring.write_text("entries:\n  - item: issue_log\n    decision: omitted\n    reason: 不要\n",
                         encoding="utf-8")
    assert errors_of(repo_copy) == [
        "data/projects/alpha/tailoring.yml:2:5: 'issue_log' is required for this project; "
        "omitting it needs an approver"]


def test_unknown_project_file_is_named(repo_copy):
    (repo_copy / ALPHA / "issue.yml").write_text("issues: []\n", encoding="utf-8")
    assert errors_of(repo_copy) == [
        "data/projects/alpha/issue.yml:1:1: unknown project file 'issue.yml'; did you mean 'issues.yml'? "
        "(expected one of: project.yml, members.yml, stakeholders.yml, milestones.yml, wbs.yml, issues.yml, "
        "risks.yml, decisions.yml, changes.yml, meetings.yml, onboarding.yml, reports.yml, "
        "tailoring.yml, raci.yml)"]


def test_every_error_of_a_run_is_reported_at_once(repo_copy):
    replace(repo_copy / ALPHA / "issues.yml", "status: in_progress", "status: doing")
    replace(repo_copy / ALPHA / "decisions.yml", "meeting: MTG-01", "meeting: MTG-09")
    replace(repo_copy / ALPHA / "risks.yml", "probability: 4", "probability: 9")
    messages = errors_of(repo_copy)
    assert [m.split(":")[0] for m in messages] == [
        "data/projects/alpha/decisions.yml", "data/projects/alpha/issues.yml", "data/projects/alpha/risks.yml"]
    assert "probability: Input should be less than or equal to 5 (got 9)" in messages[2]


class TestCommandLine:
    def test_clean_data_exits_0(self, repo_copy):
        result = cli("validate", "--data", "data", cwd=repo_copy)
        assert result.returncode == 0
        assert result.stdout.startswith("OK: プロジェクト 1 件、標準テンプレート、組織の設定に誤りはありません")

    def test_data_errors_exit_1_without_traceback(self, repo_copy):
        replace(repo_copy / ALPHA / "issues.yml", "owner: suzuki", "owner: nobody")
        result = cli("validate", "--data", "data", cwd=repo_copy, PMO_LANG="en")
        assert result.returncode == 1
        assert "data/projects/alpha/issues.yml:" in result.stdout
        assert "unknown member 'nobody'" in result.stdout
        japanese = cli("validate", "--data", "data", cwd=repo_copy)  # the site's language, ja by default
        assert "メンバー「nobody」は登録されていません" in japanese.stdout
        assert "Traceback" not in result.stdout + result.stderr

    def test_usage_errors_exit_2(self, repo_copy):
        assert cli("validate", "--bogus", cwd=repo_copy).returncode == 2
        missing = cli("validate", "--data", "nowhere", cwd=repo_copy)
        assert missing.returncode == 2
        assert missing.stderr == "pmo-handbook: エラー: データのフォルダがありません: nowhere\n"
        english = cli("validate", "--data", "nowhere", "--lang", "en", cwd=repo_copy)
        assert english.stderr == "pmo-handbook: error: data folder not found: nowhere\n"
        assert "Traceback" not in missing.stderr

    def test_bundled_sample_data_is_valid(self):
        result = cli("validate")
        assert result.returncode == 0, result.stdout
        assert "OK: プロジェクト 3 件、" in result.stdout


def test_rag_thresholds_must_put_amber_before_red(repo_copy):
    (repo_copy / "data" / "organisation.yml").write_text(
        "name: テスト PMO\nrag:\n  schedule_amber_days: 20\n  schedule_red_days: 10\n", encoding="utf-8")
    assert errors_of(repo_copy) == [
        "data/organisation.yml:3:24: schedule_amber_days (20) must not exceed schedule_red_days (10)"]


def test_project_override_checked_against_the_organisation_thresholds(repo_copy):
    project = repo_copy / ALPHA / "project.yml"
    project.write_text(project.read_text(encoding="utf-8") + "rag:\n  overdue_amber: 9\n", encoding="utf-8")
    assert errors_of(repo_copy) == [
        f"data/projects/alpha/project.yml:{line_of(project, 'overdue_amber')}:3: overdue_amber (9) must not "
        "exceed overdue_red (5) (with the organisation's thresholds)"]


def test_a_schema_error_does_not_hide_reference_errors_in_the_same_file(repo_copy):
    issues = repo_copy / ALPHA / "issues.yml"
    replace(issues, "raised_on: 2026-10-01", "raised_on: 2026-02-30")  # ISS-001 fails its schema
    replace(issues, "    owner: suzuki\n    due: 2026-12-10", "    owner: suzukii\n    due: 2026-12-10")
    (repo_copy / ALPHA / "raci.yml").unlink(missing_ok=True)
    replace(repo_copy / ALPHA / "risks.yml", "    strategy: accept\n",
            "    strategy: accept\n    issue: ISS-001\n    status: occurred\n")
    assert errors_of(repo_copy) == [
        f"data/projects/alpha/issues.yml:{line_of(issues, '2026-02-30')}:16: raised_on: '2026-02-30' is not a "
        "valid date (YYYY-MM-DD): day is out of range for month",
        f"data/projects/alpha/issues.yml:{line_of(issues, 'suzukii')}:12: unknown member 'suzukii'; "
        "did you mean 'suzuki'?"]  # and RSK-002's link to the failed ISS-001 is not called unknown


def test_format_column_that_names_no_field_is_a_located_error(repo_copy):
    """It used to pass validate and end the build in a traceback (found with a hostile standard)."""
    formats = repo_copy / "pmo_templates" / "formats.yml"
    replace(formats, "{key: title, label: 課題名", "{key: titel, label: 課題名")
    assert errors_of(repo_copy) == [
        f"pmo_templates/formats.yml:{line_of(formats, 'key: titel')}:15: format column 'titel': "
        "'titel' is not a field of Issue; did you mean 'title'?"]
    japanese = cli("validate", "--data", "data", "--templates", "pmo_templates", cwd=repo_copy)
    assert (f"pmo_templates/formats.yml:{line_of(formats, 'key: titel')}:15: 書式の列「titel」: "
            "「titel」は Issue の項目ではありません。'title' の間違いではありませんか？") in japanese.stdout.splitlines()
