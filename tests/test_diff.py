"""`pmo-handbook diff BASE HEAD` on a temporary git repository: each kind of change, as the
Markdown a reviewer reads in the pull-request comment."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import cli
from gitrepo import commit, fixture_repo, git
from helpers import replace

ALPHA = "data/projects/alpha"


@pytest.fixture
def repo(tmp_path):
    return fixture_repo(tmp_path / "repo")


def diff(repo, base="HEAD~1", head="HEAD", *extra):
    result = cli("diff", base, head, *extra, cwd=repo)
    assert result.returncode == 0, result.stderr
    return result.stdout


def change(repo, path, old, new):
    replace(repo / path, old, new)
    commit(repo, f"edit {path}")


def section(text, heading):
    """The bullet lines under a bold heading such as **期限が変わった課題**."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if f"**{heading}**" in line)
    out = []
    for line in lines[start + 1:]:
        if not line.startswith("  - "):
            break
        out.append(line.strip())
    return out


def test_a_slipped_due_date_appears_by_issue_id(repo):
    change(repo, f"{ALPHA}/issues.yml", "due: 2026-11-20", "due: 2026-12-04")
    out = diff(repo)
    assert out.startswith("## データ変更の概要\n\n`HEAD~1` → `HEAD`\n")
    assert "### アルファ受発注システム改修 (`alpha`)" in out
    assert section(out, "期限が変わった課題") == ["- `ISS-001` 在庫APIの仕様が未確定: 2026-11-20 → 2026-12-04"]


def test_issue_opened_closed_and_reprioritised(repo):
    replace(repo / f"{ALPHA}/issues.yml", "issues:\n", """issues:
  - id: ISS-006
    title: 出荷指示の二重送信
    description: 同じ出荷指示が二度送られた。
    category: defect
    raised_on: 2026-11-24
    raised_by: sato
    priority: high
    owner: tanaka
    due: 2026-11-30
    status: open
""")
    replace(repo / f"{ALPHA}/issues.yml", "    status: in_progress\n",
            "    status: closed\n    closed_on: 2026-11-25\n")
    replace(repo / f"{ALPHA}/issues.yml", "priority: medium", "priority: high")
    commit(repo, "issues")
    out = diff(repo)
    assert section(out, "起票された課題") == ["- `ISS-006` 出荷指示の二重送信 (高 · 2026-11-30)"]
    assert section(out, "完了・取下げになった課題") == ["- `ISS-002` テスト環境の払い出し遅延: 対応中 → 完了"]
    assert section(out, "優先度が変わった課題") == ["- `ISS-002` テスト環境の払い出し遅延: 中 → 高"]


def test_an_issue_counts_as_closed_from_its_close_date_as_on_the_pages(repo):
    # Closed in the data with 完了日 11-30: as of 11-26 the pages still count it open, and so
    # does the summary; as of 11-30 it is closed in both.
    change(repo, f"{ALPHA}/issues.yml", "    status: in_progress\n", "    status: closed\n    closed_on: 2026-11-30\n")
    assert "完了・取下げになった課題" not in diff(repo, "HEAD~1", "HEAD", "--as-of", "2026-11-26")
    assert section(diff(repo, "HEAD~1", "HEAD", "--as-of", "2026-11-30"), "完了・取下げになった課題") == [
        "- `ISS-002` テスト環境の払い出し遅延: 対応中 → 完了"]


def test_risk_level_change_and_computed_rag(repo):
    # RSK-001 4x5=20 (critical) -> 2x5=10 (medium): the risk area is no longer red, and the
    # computed overall follows the schedule (MS-02 10 days late) and two overdue issues: amber.
    change(repo, f"{ALPHA}/risks.yml", "probability: 4", "probability: 2")
    out = diff(repo)
    assert section(out, "レベルが変わったリスク") == ["- `RSK-001` 在庫APIの仕様確定遅れ: 重大 (20) → 中 (10)"]
    assert "- **全体状況（管理表からの判定）**: 赤(要対策) → 黄(注意)" in out
    assert "最新の週次報告" not in out


def test_milestone_slip(repo):
    change(repo, f"{ALPHA}/milestones.yml", "forecast: 2026-12-28", "forecast: 2027-01-08")
    out = diff(repo)
    assert section(out, "予定が遅れたマイルストーン") == [
        "- `MS-02` 結合テスト完了: 2026-12-28 → 2027-01-08 (11日遅れ)"]


def test_a_late_milestone_slips_from_the_day_the_pages_expect_it(repo):
    # As of 2027-01-05 MS-02 (forecast 2026-12-28, not reached) is expected no earlier than that
    # day, slip +18 on the dashboard; a new forecast of 01-10 makes it +23: 5 days more.
    change(repo, f"{ALPHA}/milestones.yml", "forecast: 2026-12-28", "forecast: 2027-01-10")
    assert section(diff(repo, "HEAD~1", "HEAD", "--as-of", "2027-01-05"), "予定が遅れたマイルストーン") == [
        "- `MS-02` 結合テスト完了: 2027-01-05 → 2027-01-10 (5日遅れ)"]


def test_reported_rag_change_from_a_new_weekly_report(repo):
    with open(repo / f"{ALPHA}/reports.yml", "a", encoding="utf-8") as fh:
        fh.write("""  - period_start: 2026-11-23
    period_end: 2026-11-27
    author: suzuki
    overall: red
    summary: 結合テストの開始が 2 週間遅れる。
""")
    commit(repo, "weekly report")
    assert "- **全体状況（最新の週次報告）**: 黄(注意) → 赤(要対策)" in diff(repo)


def test_decisions_and_changes_added(repo):
    replace(repo / f"{ALPHA}/decisions.yml", "decisions:\n", """decisions:
  - id: DEC-002
    title: 結合テスト開始を 12 月第 2 週に変更
    context: 在庫APIの仕様確定が遅れた。
    decision: 開始を 1 週間遅らせる。
    decided_on: 2026-11-25
    decided_by: [tanaka]
""")
    replace(repo / f"{ALPHA}/changes.yml", "changes:\n", """changes:
  - id: CR-002
    title: 納品書への QR コード追加
    description: 納品書に受領確認用の QR コードを印字する。
    reason: 受領確認の手入力をなくすため。
    requested_by: ono
    requested_on: 2026-11-24
    status: requested
""")
    commit(repo, "decision and change")
    out = diff(repo)
    assert section(out, "追加された決定事項") == ["- `DEC-002` 結合テスト開始を 12 月第 2 週に変更"]
    assert section(out, "追加された変更要求") == ["- `CR-002` 納品書への QR コード追加"]


def test_projects_added_and_removed(repo):
    assert cli("new-project", "beta", "--name", "ベータ基盤更改", "--size", "S", "--type", "migration",
               cwd=repo).returncode == 0
    commit(repo, "new project")
    out = diff(repo)
    assert "### 追加されたプロジェクト\n\n- `beta` ベータ基盤更改 (システム移行 · 小規模(S))" in out
    shutil.rmtree(repo / ALPHA)
    commit(repo, "alpha removed")
    assert "### 削除されたプロジェクト\n\n- `alpha` アルファ受発注システム改修" in diff(repo)


def test_invalid_data_at_a_revision_is_reported_and_the_rest_compared(repo):
    replace(repo / f"{ALPHA}/issues.yml", "owner: suzuki", "owner: suzuky")
    replace(repo / f"{ALPHA}/milestones.yml", "forecast: 2026-12-28", "forecast: 2027-01-08")
    commit(repo, "typo")
    out = diff(repo)
    assert "> [!WARNING]\n> HEAD のデータにエラーがあります（1 件）。" in out
    assert "> - `data/projects/alpha/issues.yml:19:12` unknown member 'suzuky'; did you mean 'suzuki'?" in out
    assert section(out, "予定が遅れたマイルストーン")  # the valid part is still compared


def test_an_unparsable_file_is_named_and_not_compared(repo):
    replace(repo / f"{ALPHA}/issues.yml", "  - id: ISS-002", "  - id: ISS-002\n  bad: [")
    commit(repo, "broken yaml")
    out = diff(repo)
    assert "- **読み込めなかったファイル（比較していません）**: `issues.yml`" in out
    assert "起票された課題" not in out and "完了・取下げ" not in out  # not "every issue vanished"


def test_only_data_files_are_compared(repo):
    (repo / "README.md").write_text("# notes\n", encoding="utf-8")
    replace(repo / "pmo_templates/glossary.yml", "terms:", "terms:  # edited")
    commit(repo, "docs only")
    out = diff(repo)
    assert "プロジェクトの状況に関わるデータの変更はありません。" in out
    assert "###" not in out


def test_english_summary_and_ranges_of_commits(repo):
    change(repo, f"{ALPHA}/issues.yml", "due: 2026-11-20", "due: 2026-12-04")
    change(repo, f"{ALPHA}/issues.yml", "due: 2026-12-04", "due: 2026-12-11")
    base = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    out = diff(repo, base, "HEAD", "--lang", "en")
    assert out.startswith("## Data change summary")
    assert section(out, "Issues whose due date moved") == [
        "- `ISS-001` 在庫APIの仕様が未確定: 2026-11-20 → 2026-12-11"]


def test_unknown_revision_is_a_usage_error(repo):
    result = cli("diff", "no-such-branch", "HEAD", cwd=repo)
    assert result.returncode == 2
    assert "'no-such-branch' is not a commit" in result.stderr and "Traceback" not in result.stderr


def test_outside_git_is_a_usage_error(repo_copy):
    result = cli("diff", "HEAD~1", "HEAD", cwd=repo_copy)
    assert result.returncode == 2 and "は git のチェックアウトの中にありません" in result.stderr


def test_titles_cannot_inject_markdown(repo):
    replace(repo / f"{ALPHA}/issues.yml", "title: 在庫APIの仕様が未確定", 'title: "[click](http://x) **now** <b>x</b>"')
    change(repo, f"{ALPHA}/issues.yml", "priority: high", "priority: low")
    out = diff(repo)
    assert r"`ISS-001` \[click\](http://x) \*\*now\*\* &lt;b&gt;x&lt;/b&gt;" in out


# --- paths from git trees (issue 11, item 4) ------------------------------------------------------

def _commit_tree_with_dotdot(repo) -> None:
    """A commit whose data/ holds '..' -> '..' -> '..' -> pwned.yml, as `git mktree` makes it:
    written below the snapshot folder, data/../../../pwned.yml lands two folders above it."""
    def mktree(*entries: str) -> str:
        return subprocess.run(["git", "mktree"], cwd=repo, input="".join(e + "\n" for e in entries),
                              capture_output=True, text=True, check=True).stdout.strip()

    blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input="evil: 1\n",
                          capture_output=True, text=True, check=True).stdout.strip()
    inner = mktree(f"100644 blob {blob}\tpwned.yml")
    for _ in range(2):
        inner = mktree(f"040000 tree {inner}\t..")
    data = [line for line in git(repo, "ls-tree", "HEAD:data").splitlines()]
    data_tree = mktree(*data, f"040000 tree {inner}\t..")
    top = [line if not line.endswith("\tdata") else f"040000 tree {data_tree}\tdata"
           for line in git(repo, "ls-tree", "HEAD").splitlines()]
    new = git(repo, "commit-tree", mktree(*top), "-p", "HEAD", "-m", "dot-dot entries").strip()
    git(repo, "update-ref", "refs/heads/main", new)


def test_dot_dot_entries_of_a_git_tree_are_never_written(repo, tmp_path):
    _commit_tree_with_dotdot(repo)
    assert "data/../../../pwned.yml" in git(repo, "ls-tree", "-r", "--name-only", "HEAD")
    scratch = tmp_path / "a" / "b" / "tmp"  # the snapshot folder's parents, where '..' would land
    scratch.mkdir(parents=True)
    result = cli("diff", "HEAD~1", "HEAD", cwd=repo, TMPDIR=scratch)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.rglob("pwned.yml")) == []
    assert ("> - `data:1:1` git tree entry 'data/../../../pwned.yml' not read: "
            "'..', '.' or an empty part") in result.stdout
    assert "`alpha`" not in result.stdout  # nothing else changed
