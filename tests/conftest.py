"""Shared helpers: a fixture repository to break on purpose, and real MkDocs builds."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE_DATA = REPO / "tests" / "fixtures" / "data"
AS_OF = "2026-11-26"


def env_for(data_dir: Path | None = None, **extra) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PMO_AS_OF=AS_OF)
    for key in ("PMO_AUDIENCE", "PMO_PROJECT", "PMO_LANG", "PMO_DATA_DIR", "PMO_TEMPLATES_DIR"):
        env.pop(key, None)
    if data_dir is not None:
        env["PMO_DATA_DIR"] = str(data_dir)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def mkdocs_build(site_dir: Path, data_dir: Path | None = None, strict: bool = True, **extra):
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(REPO / "mkdocs.yml"),
           "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, cwd=REPO, env=env_for(data_dir, **extra), capture_output=True,
                          text=True, timeout=600)


def cli(*args, cwd: Path = REPO, **extra):
    return subprocess.run([sys.executable, "-m", "pmo_handbook.cli", *map(str, args)], cwd=cwd,
                          env=env_for(**extra), capture_output=True, text=True, timeout=300)


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture data beside the real standard templates."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    shutil.copytree(REPO / "pmo_templates", tmp_path / "pmo_templates")
    return tmp_path


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The bundled sample data built once with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("sample") / "site"
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("fixture") / "site"
    result = mkdocs_build(site, FIXTURE_DATA)
    assert result.returncode == 0, result.stderr
    return site
