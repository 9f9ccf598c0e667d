"""Hostile input: each file a pull request could add is refused with a located, readable message,
quickly, without a crash or a hang, and without reading what it must not read."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, REPO, env_for, mkdocs_build
from helpers import line_of, replace
from pmo_handbook.errors import DataErrors
from pmo_handbook.loading.load import load_repository
from pmo_handbook.source.yamlsrc import DEFAULT_MAX_BYTES, MAX_DEPTH, MAX_NODES

ALPHA = Path("data/projects/alpha")
ISSUES = "data/projects/alpha/issues.yml"
# A hang guard for the subprocess runs, not a speed target: each case finishes in well under a second.
HANG_GUARD = 60


def errors_of(root: Path) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_repository(root / "data", root / "pmo_templates")
    return [str(e).replace(str(root) + "/", "") for e in caught.value.errors]


def validate(root: Path, **env) -> subprocess.CompletedProcess:
    """`pmo-handbook validate` in its own process: a crash of the YAML library would show as a
    signal here instead of killing the test run."""
    return subprocess.run([sys.executable, "-m", "pmo_handbook.cli", "validate", "--data", "data"],
                          cwd=root, env=env_for(**env), capture_output=True, text=True, timeout=HANG_GUARD)


def digest(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- bytes that are not a YAML text file ------------------------------------------------------

def test_nul_byte_is_binary_content(repo_copy):
    (repo_copy / ISSUES).write_bytes(b"issues:\n  - id: ISS-001\x00\n")
    assert errors_of(repo_copy) == [
        f"{ISSUES}:2:16: binary content (NUL byte): expected a UTF-8 YAML text file"]


def test_control_character_is_binary_content(repo_copy):
    (repo_copy / ISSUES).write_bytes(b"issues:\n  - title: \x1b[31mred\n")
    assert errors_of(repo_copy) == [
        f"{ISSUES}:2:12: binary content (control character U+001B): expected a UTF-8 YAML text file"]


def test_a_picture_saved_as_yaml_is_refused(repo_copy):
    (repo_copy / ISSUES).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert errors_of(repo_copy) == [
        f"{ISSUES}:3:1: binary content (NUL byte): expected a UTF-8 YAML text file"]


def test_tab_indentation_names_the_line(repo_copy):
    issues = repo_copy / ISSUES
    replace(issues, "    title: 在庫APIの仕様が未確定", "\ttitle: 在庫APIの仕様が未確定")
    assert errors_of(repo_copy) == [
        f"{ISSUES}:{line_of(issues, '在庫APIの仕様が未確定')}:1: tab used for indentation: YAML indents with spaces"]


@pytest.mark.parametrize("content", ["", "\n\n", "# 課題はまだない\n", "---\n", "~\n", "\ufeff"])
def test_empty_file(repo_copy, content):
    (repo_copy / ISSUES).write_text(content, encoding="utf-8")
    assert errors_of(repo_copy) == [f"{ISSUES}:1:1: file is empty: expected a YAML mapping"]


def test_unknown_encoding(repo_copy):
    (repo_copy / ISSUES).write_bytes(b"issues:\n  - title: \x81\x20\n")
    assert errors_of(repo_copy) == [
        f"{ISSUES}:2:12: file is not UTF-8 (its encoding is unknown): expected a UTF-8 YAML text file"]


def test_utf16_file_says_so(repo_copy):
    issues = repo_copy / ISSUES
    issues.write_bytes(issues.read_text(encoding="utf-8").encode("utf-16"))
    assert errors_of(repo_copy) == [
        f"{ISSUES}:1:1: file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8"]


# --- size ----------------------------------------------------------------------------------------

def test_file_over_the_default_limit_is_refused(repo_copy):
    (repo_copy / ISSUES).write_bytes(b"#" * (DEFAULT_MAX_BYTES + 1))
    assert errors_of(repo_copy) == [
        f"{ISSUES}:1:1: file is 5,242,881 bytes, over the limit of 5,242,880 bytes (PMO_MAX_FILE_BYTES); split it"]


def test_limit_is_set_by_environment(repo_copy):
    issues = repo_copy / ISSUES
    with issues.open("a", encoding="utf-8") as f:  # the largest file by far
        f.write("#" * (100_000 - issues.stat().st_size) + "\n")
    refused = validate(repo_copy, PMO_MAX_FILE_BYTES="100000")
    assert refused.returncode == 1
    assert refused.stdout.splitlines() == [  # in the site's language, Japanese by default
        f"{ISSUES}:1:1: ファイルが 100,001 バイトあり、上限の 100,000 バイト（PMO_MAX_FILE_BYTES）を超えています。"
        "ファイルを分けてください"]
    assert validate(repo_copy, PMO_MAX_FILE_BYTES="100001").returncode == 0


def test_a_bad_limit_is_a_usage_error(repo_copy):
    result = validate(repo_copy, PMO_MAX_FILE_BYTES="5MB")
    assert result.returncode == 2
    assert result.stderr == ("pmo-handbook: エラー: PMO_MAX_FILE_BYTES='5MB' は使えません。バイト数（0 より大きい"
                             "整数）を書いてください（標準 5242880）\n")
    english = validate(repo_copy, PMO_MAX_FILE_BYTES="5MB", PMO_LANG="en")
    assert english.stderr == ("pmo-handbook: error: PMO_MAX_FILE_BYTES='5MB' is not allowed; expected a "
                              "whole number of bytes greater than 0 (default 5242880)\n")


# --- nesting and aliases: refused quickly, in a process of their own ----------------------------

def test_deep_nesting_is_refused_without_a_crash(repo_copy):
    # libyaml's own composer overflows the C stack on this input and kills the interpreter.
    (repo_copy / ISSUES).write_text("issues: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    result = validate(repo_copy)
    assert result.returncode == 1, result
    assert result.stdout == f"{ISSUES}:1:{len('issues: ') + MAX_DEPTH}: 入れ子が {MAX_DEPTH} 段より深いので読み込みません\n"


def test_deep_block_nesting_is_refused(repo_copy):
    text = "issues:\n" + "".join("  " * depth + f"k{depth}:\n" for depth in range(1, 100)) + "  " * 100 + "v: 1\n"
    (repo_copy / ISSUES).write_text(text, encoding="utf-8")
    assert errors_of(repo_copy) == [
        f"{ISSUES}:{MAX_DEPTH}:{2 * (MAX_DEPTH - 1) + 1}: nesting deeper than {MAX_DEPTH} levels: refusing to read it"]


def test_alias_bomb_is_refused(repo_copy):
    lines = ["issues:", "  - title: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  - title: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 10)]
    (repo_copy / ISSUES).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = validate(repo_copy)
    assert result.returncode == 1, result
    (message,) = result.stdout.splitlines()
    where, text = message.split(": ", 1)
    assert text == f"エイリアスを展開すると値が {MAX_NODES:,} 個を超えるので読み込みません"
    path, line, column = where.split(":")
    assert path == ISSUES and lines[int(line) - 1][int(column) - 1:].startswith("*l")  # the alias that tips it


def test_self_referencing_alias_is_refused(repo_copy):
    (repo_copy / ISSUES).write_text("issues: &a [*a]\n", encoding="utf-8")
    assert errors_of(repo_copy) == [
        f"{ISSUES}:1:9: nesting deeper than {MAX_DEPTH} levels: refusing to read it"]


def test_hostile_files_stop_the_build_before_site_is_touched(tmp_path, fixture_site):
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    before = digest(site)
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    (data / "projects/alpha/issues.yml").write_text("issues: " + "[" * 100_000 + "\n", encoding="utf-8")
    (data / "projects/alpha/risks.yml").write_bytes(b"risks:\n\x00")
    result = mkdocs_build(site, data)
    assert result.returncode == 1
    assert f"issues.yml:1:{len('issues: ') + MAX_DEPTH}: 入れ子が {MAX_DEPTH} 段より深いので読み込みません" in result.stderr
    assert "risks.yml:2:1: バイナリの内容（NUL バイト）があります。" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert digest(site) == before


# --- symbolic links ---------------------------------------------------------------------------

SECRET = "SECRET-OUTSIDE-THE-REPOSITORY"
ESCAPES = "symbolic link points outside the repository; data files must live in the repository"
ESCAPES_JA = "シンボリックリンクがリポジトリの外を指しています。データファイルはリポジトリの中に置いてください"  # what validate prints


def test_symlink_to_a_file_outside_is_refused_unread(repo_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.yml"
    outside.write_text(f"risks:\n  - title: {SECRET}\n", encoding="utf-8")
    risks = repo_copy / ALPHA / "risks.yml"
    risks.unlink()
    risks.symlink_to(outside)
    result = validate(repo_copy)
    assert result.returncode == 1
    assert result.stdout == f"data/projects/alpha/risks.yml:1:1: {ESCAPES_JA}\n"
    assert SECRET not in result.stdout + result.stderr


def test_symlink_target_is_never_opened(repo_copy, tmp_path_factory):
    # Opening a FIFO blocks until someone writes to it: a loader that read the target would hang.
    fifo = tmp_path_factory.mktemp("outside") / "pipe"
    os.mkfifo(fifo)
    risks = repo_copy / ALPHA / "risks.yml"
    risks.unlink()
    risks.symlink_to(fifo)
    result = validate(repo_copy)
    assert result.stdout == f"data/projects/alpha/risks.yml:1:1: {ESCAPES_JA}\n"


def test_symlinked_project_folder_outside_is_refused(repo_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    shutil.copytree(repo_copy / ALPHA, outside / "beta")
    (repo_copy / "data/projects/beta").symlink_to(outside / "beta", target_is_directory=True)
    assert errors_of(repo_copy) == [f"data/projects/beta:1:1: {ESCAPES}"]


def test_symlinked_templates_folder_outside_is_refused(repo_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "pmo_templates"
    shutil.move(repo_copy / "pmo_templates", outside)
    (repo_copy / "pmo_templates").symlink_to(outside, target_is_directory=True)
    messages = errors_of(repo_copy)
    assert f"pmo_templates/roles.yml:1:1: {ESCAPES}" in messages
    assert len(messages) == 6  # every standard file, each named


def test_symlink_within_the_repository_is_read(repo_copy):
    shared = repo_copy / "shared-risks.yml"
    shutil.move(repo_copy / ALPHA / "risks.yml", shared)
    (repo_copy / ALPHA / "risks.yml").symlink_to(shared)
    repo = load_repository(repo_copy / "data", repo_copy / "pmo_templates")
    assert [r.id for r in repo.projects["alpha"].risks] == ["RSK-001", "RSK-002"]


# --- ids that would become paths ----------------------------------------------------------------

def test_issue_id_with_path_traversal(repo_copy):
    issues = repo_copy / ISSUES
    replace(issues, "id: ISS-002", "id: ../../../etc/passwd")
    assert errors_of(repo_copy) == [
        f"{ISSUES}:{line_of(issues, 'passwd')}:9: id: '../../../etc/passwd' does not match the id pattern ^ISS-[0-9]{{3,5}}$; "
        "write it as ISS-001"]


def test_person_id_with_path_traversal(repo_copy):
    members = repo_copy / ALPHA / "members.yml"
    replace(members, "  - id: sato", "  - id: ../sato")
    messages = errors_of(repo_copy)
    assert (f"data/projects/alpha/members.yml:{line_of(members, '../sato')}:9: id: '../sato' does not match "
            "the id pattern ^[a-z][a-z0-9_-]{0,39}$") in messages


def test_project_id_with_path_traversal(repo_copy):
    replace(repo_copy / ALPHA / "project.yml", "id: alpha", "id: ../alpha")
    assert "data/projects/alpha/project.yml:1:5: id: '../alpha' does not match the id pattern " \
           "^[a-z0-9][a-z0-9-]{1,39}$" in errors_of(repo_copy)


def test_role_id_with_path_traversal(repo_copy):
    roles = repo_copy / "pmo_templates/roles.yml"
    replace(roles, "  - id: pmo\n", "  - id: ../../index\n")
    assert f"pmo_templates/roles.yml:{line_of(roles, '../../index')}:9: id: '../../index' does not match " \
           "the id pattern ^[a-z][a-z0-9_-]{0,39}$" in errors_of(repo_copy)


def test_project_folder_that_is_not_an_id(repo_copy):
    shutil.copytree(repo_copy / ALPHA, repo_copy / "data/projects/..alpha")
    assert errors_of(repo_copy) == [
        "data/projects/..alpha:1:1: project folder name '..alpha' is not a valid project id "
        "(lowercase letters, digits and '-')"]


def test_pmo_project_with_path_traversal_stops_the_build(tmp_path):
    result = mkdocs_build(tmp_path / "site", FIXTURE_DATA, PMO_PROJECT="../../etc")
    assert result.returncode == 1
    assert ("pmo-handbook: PMO_PROJECT='../../etc' は使えません。プロジェクト ID ではありません（英小文字・数字・"
            "「-」。data/projects/ の下のフォルダ名です）") in result.stdout + result.stderr
    assert not (tmp_path / "site").exists()


def test_sample_data_has_no_symlinks():
    assert not [p for p in (REPO / "data").rglob("*") if p.is_symlink()]
