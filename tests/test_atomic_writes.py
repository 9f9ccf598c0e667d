"""Every file the CLI writes is written atomically inside the repository, never through a symlink
a pull request could commit (issue 11, item 2)."""
from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO, cli
from pmo_handbook.exports.downloads import project_registers
from pmo_handbook.loading.load import load_repository
from pmo_handbook.settings import Settings
from pmo_handbook.source.atomic import WriteRefused, write_text_atomic

OUTSIDE = "outside, must stay as it is\n"


def edited_issues(repo_copy: Path) -> Path:
    """alpha's issues.xlsx as downloaded, with ISS-001 set to 対応中."""
    repo = load_repository(repo_copy / "data", repo_copy / "pmo_templates")
    content = next(c for _, c, key, _ in project_registers(repo.projects["alpha"], repo, Settings())
                   if key == "issues")
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    status = next(c.column_letter for c in ws[1] if c.value == "ステータス")
    ws[f"{status}2"] = "対応中"
    wb.save(repo_copy / "issues.xlsx")
    return repo_copy / "issues.xlsx"


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("elsewhere") / "target.yml"
    target.write_text(OUTSIDE, encoding="utf-8")
    return target


def test_a_committed_symlink_at_the_old_temporary_name_is_not_followed(repo_copy, outside):
    folder = repo_copy / "data" / "projects" / "alpha"
    (folder / ".issues.yml.import").symlink_to(outside)
    result = cli("import", "issues", edited_issues(repo_copy), "--project", "alpha", "--data",
                 repo_copy / "data", "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    assert outside.read_text(encoding="utf-8") == OUTSIDE
    assert not (folder / "issues.yml").is_symlink()
    assert "    status: in_progress\n" in (folder / "issues.yml").read_text(encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [".issues.yml.import"]


def test_a_register_that_is_a_symlink_is_refused(repo_copy):
    register = repo_copy / "data" / "projects" / "alpha" / "issues.yml"
    shared = repo_copy / "data" / "shared-issues.yml"  # inside the repository: the loader reads it
    register.rename(shared)
    register.symlink_to(shared)
    before = shared.read_bytes()
    result = cli("import", "issues", edited_issues(repo_copy), "--project", "alpha", "--data",
                 repo_copy / "data", "--force")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"refusing to write {register.as_posix()}: it is a symbolic link"]
    assert result.stderr.strip() == "問題が 1 件あります。何も書き込んでいません"
    assert shared.read_bytes() == before and register.is_symlink()


def test_a_project_folder_that_resolves_outside_the_data_folder_is_refused(repo_copy, tmp_path):
    folder = repo_copy / "data" / "projects" / "alpha"
    moved = tmp_path / "elsewhere" / "alpha"
    moved.parent.mkdir()
    folder.rename(moved)
    folder.symlink_to(moved)
    before = (moved / "issues.yml").read_bytes()
    result = cli("import", "issues", edited_issues(repo_copy), "--project", "alpha", "--data",
                 repo_copy / "data", "--force")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"refusing to write {(folder / 'issues.yml').as_posix()}: it resolves to "
        f"{(moved / 'issues.yml').as_posix()}, outside {(repo_copy / 'data').as_posix()}"]
    assert (moved / "issues.yml").read_bytes() == before


def test_new_project_does_not_write_through_a_symlinked_projects_folder(repo_copy, tmp_path):
    projects = repo_copy / "data" / "projects"
    moved = tmp_path / "elsewhere" / "projects"
    moved.parent.mkdir()
    projects.rename(moved)
    projects.symlink_to(moved)
    result = cli("new-project", "osaka-crm", "--name", "大阪CRM", "--size", "S", "--data", repo_copy / "data",
                 PMO_AS_OF="2026-11-26")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"pmo-handbook: error: refusing to write {(projects / 'osaka-crm' / 'project.yml').as_posix()}: "
        f"it resolves to {(moved / 'osaka-crm' / 'project.yml').as_posix()}, outside "
        f"{(repo_copy / 'data').as_posix()}")
    assert not (moved / "osaka-crm").exists()


def test_schema_does_not_write_through_a_symlinked_schema_file(tmp_path, outside):
    out = tmp_path / "schemas"
    out.mkdir()
    (out / "issues.schema.json").symlink_to(outside)
    result = cli("schema", "--out", out)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"pmo-handbook: error: refusing to write "
                                     f"{(out / 'issues.schema.json').as_posix()}: it is a symbolic link")
    assert outside.read_text(encoding="utf-8") == OUTSIDE


def test_codeowners_output_must_stay_inside_the_repository(repo_copy, outside):
    link = repo_copy / "CODEOWNERS"
    link.symlink_to(outside)
    result = cli("codeowners", "--data", repo_copy / "data", "--output", link)
    assert result.returncode == 2
    assert result.stderr.strip() == f"pmo-handbook: error: refusing to write {link.as_posix()}: it is a symbolic link"
    result = cli("codeowners", "--data", repo_copy / "data", "--output", outside.parent / "CODEOWNERS")
    assert result.returncode == 2
    assert "outside" in result.stderr and not (outside.parent / "CODEOWNERS").exists()
    assert outside.read_text(encoding="utf-8") == OUTSIDE


def test_the_helper_replaces_in_one_step_and_keeps_the_mode(tmp_path):
    target = tmp_path / "a" / "b.yml"
    write_text_atomic(target, "one\n", tmp_path)
    os.chmod(target, 0o640)
    write_text_atomic(target, "two\n", tmp_path)
    assert target.read_text(encoding="utf-8") == "two\n"
    assert oct(target.stat().st_mode & 0o777) == "0o640"
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.yml"]  # no temporary file left
    with pytest.raises(WriteRefused, match="outside"):
        write_text_atomic(tmp_path / ".." / "escape.yml", "x", tmp_path)
    assert not (tmp_path.parent / "escape.yml").exists()


def test_demo_data_writes_inside_its_folder(tmp_path):
    result = cli("demo-data", "--projects", "1", "--out", tmp_path / "demo", "--templates", REPO / "pmo_templates")
    assert result.returncode == 0, result.stderr
    files = [p for p in (tmp_path / "demo").rglob("*") if p.is_file()]
    assert files and not any(p.name.endswith(".tmp") for p in files)
