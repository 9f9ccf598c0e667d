"""`pmo-handbook demo-data`: a synthetic portfolio that is deterministic, big enough and valid."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import REPO, cli, mkdocs_build
from helpers import page_text
from pmo_handbook.loading.load import load_repository

MINIMUMS = {"members": 12, "issues": 40, "risks": 20, "milestones": 10, "decisions": 10,
            "changes": 5, "meetings": 4, "reports": 8, "wbs": 40}


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "data"
    result = cli("demo-data", "--projects", 3, "--seed", 42, "--out", out)
    assert result.returncode == 0, result.stderr
    assert f"OK: プロジェクト 3 件、ファイル 41 個を {out} に作りました" in result.stdout  # 13 files a project (wbs.yml too) and people.yml
    return out


def test_same_seed_writes_identical_files_and_another_seed_does_not(demo, tmp_path):
    again, other = tmp_path / "again", tmp_path / "other"
    assert cli("demo-data", "--projects", 3, "--seed", 42, "--out", again).returncode == 0
    assert cli("demo-data", "--projects", 3, "--seed", 43, "--out", other).returncode == 0
    assert _digest(again) == _digest(demo)
    assert _digest(other) != _digest(demo)


def test_every_project_meets_the_minimum_register_sizes(demo):
    repo = load_repository(demo, REPO / "pmo_templates")
    assert len(repo.projects) == 3
    for p in repo.projects.values():
        for register, minimum in MINIMUMS.items():
            assert len(getattr(p, register)) >= minimum, (p.id, register)
        assert any("課題" in i.description or "確認" in i.description for i in p.issues)  # Japanese text


def test_demo_data_validates_and_builds_strict(demo, tmp_path):
    result = cli("validate", "--data", demo)
    assert result.returncode == 0, result.stdout
    assert "OK: プロジェクト 3 件、" in result.stdout
    site = tmp_path / "site"
    build = mkdocs_build(site, demo)
    assert build.returncode == 0, build.stderr
    project = sorted(p.name for p in (demo / "projects").iterdir())[0]
    text = page_text(site, f"projects/{project}/issues/")
    assert "課題管理表" in text and "ISS-040" in text


def test_demo_data_refuses_to_overwrite_a_folder(demo):
    result = cli("demo-data", "--projects", 1, "--out", demo)
    assert result.returncode == 2
    assert result.stderr == f"pmo-handbook: エラー: {demo.as_posix()} は空のフォルダではありません。データを上書きしないよう、新しいフォルダを指定してください\n"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("count", ["0", "many"])
def test_demo_data_rejects_a_bad_project_count(tmp_path, count):
    result = cli("demo-data", "--projects", count, "--out", tmp_path / "x")
    assert result.returncode == 2
    assert "--projects: expected" in result.stderr
    assert not (tmp_path / "x").exists()
