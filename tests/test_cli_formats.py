"""`pmo-handbook validate --format text|github|json`: what CI shows for a broken data file."""
from __future__ import annotations

import json

from conftest import cli
from gitrepo import fixture_repo
from helpers import line_of, replace
from pmo_handbook.cli.validate import annotation
from pmo_handbook.errors import DataError

TYPO = "unknown member 'suzuky'; did you mean 'suzuki'?"


def _break(data):
    issues = data / "projects/alpha/issues.yml"
    replace(issues, "owner: suzuki", "owner: suzuky")
    return line_of(issues, "owner: suzuky")


def test_github_annotations_name_the_file_from_the_repository_root(tmp_path):
    repo = fixture_repo(tmp_path / "repo")
    line = _break(repo / "data")
    # Run from deep inside the checkout: the path must still start at the repository root.
    result = cli("validate", "--data", "../../data", "--format", "github", cwd=repo / "data/projects",
                 PMO_LANG="en")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"::error file=data/projects/alpha/issues.yml,line={line},col=12::{TYPO}"]
    assert result.stderr.strip() == "1 error(s)"


def test_github_paths_outside_git_start_at_the_data_folders_parent(repo_copy):
    line = _break(repo_copy / "data")
    result = cli("validate", "--data", repo_copy / "data", "--format", "github", PMO_LANG="en")
    assert result.returncode == 1
    assert f"::error file=data/projects/alpha/issues.yml,line={line},col=12::{TYPO}" in result.stdout


def test_annotation_escapes_what_the_runner_would_misread():
    error = DataError("data/a,b.yml", 3, 5, "100% wrong:\nsecond line")
    assert annotation(error) == "::error file=data/a%2Cb.yml,line=3,col=5::100%25 wrong:%0Asecond line"


def test_json_lists_every_error_for_other_ci_systems(repo_copy):
    line = _break(repo_copy / "data")
    replace(repo_copy / "data/projects/alpha/risks.yml", "category: resource", "category: resorce")
    result = cli("validate", "--data", repo_copy / "data", "--format", "json", PMO_LANG="en")
    assert result.returncode == 1
    found = json.loads(result.stdout)
    assert {"file": "data/projects/alpha/issues.yml", "line": line, "column": 12, "message": TYPO} in found
    risk = next(e for e in found if e["file"].endswith("risks.yml"))
    assert risk["line"] == line_of(repo_copy / "data/projects/alpha/risks.yml", "category: resorce")
    assert risk["message"].startswith("category: 'resorce' is not allowed; expected one of:")
    assert risk["message"].endswith("did you mean 'resource'?")


def test_clean_data_prints_an_empty_json_array_and_exits_0(repo_copy):
    result = cli("validate", "--data", repo_copy / "data", "--format", "json", PMO_LANG="en")
    assert result.returncode == 0 and json.loads(result.stdout) == []


def test_text_format_is_unchanged(repo_copy):
    line = _break(repo_copy / "data")
    result = cli("validate", "--data", "data", cwd=repo_copy, PMO_LANG="en")
    assert result.returncode == 1
    assert f"data/projects/alpha/issues.yml:{line}:12: {TYPO}" in result.stdout


def test_every_format_speaks_the_sites_language(repo_copy):
    """ja is the default; --lang wins over PMO_LANG, as every option wins over its variable."""
    line = _break(repo_copy / "data")
    ja = (f"data/projects/alpha/issues.yml:{line}:12: "
          "メンバー「suzuky」は登録されていません。'suzuki' の間違いではありませんか？")
    assert ja in cli("validate", "--data", "data", cwd=repo_copy).stdout
    assert ja in cli("validate", "--data", "data", "--lang", "ja", cwd=repo_copy, PMO_LANG="en").stdout
    english = cli("validate", "--data", "data", "--lang", "en", cwd=repo_copy, PMO_LANG="ja").stdout
    assert f"data/projects/alpha/issues.yml:{line}:12: {TYPO}" in english
    found = json.loads(cli("validate", "--data", "data", "--format", "json", cwd=repo_copy).stdout)
    assert found[0]["message"] == ja.split(": ", 1)[1]


def test_usage_errors_exit_2_in_every_format(tmp_path):
    for fmt in ("text", "github", "json"):
        result = cli("validate", "--data", tmp_path / "nowhere", "--format", fmt, PMO_LANG="en")
        assert result.returncode == 2
        assert "data folder not found" in result.stderr
    result = cli("validate", "--format", "xml")
    assert result.returncode == 2 and "invalid choice: 'xml'" in result.stderr
