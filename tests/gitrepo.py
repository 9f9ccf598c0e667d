"""A throwaway git repository holding a copy of the fixture data, for tests of git-based features."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import FIXTURE_DATA, REPO

GIT_ENV = {"GIT_AUTHOR_NAME": "PMO", "GIT_AUTHOR_EMAIL": "pmo@example.co.jp",
           "GIT_COMMITTER_NAME": "PMO", "GIT_COMMITTER_EMAIL": "pmo@example.co.jp",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str, date: str = "2026-11-20T10:00:00+09:00") -> str:
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, **GIT_ENV)
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def fixture_repo(root: Path) -> Path:
    """root/data (the fixture project alpha) and root/pmo_templates, committed as one commit."""
    shutil.copytree(FIXTURE_DATA, root / "data")
    shutil.copytree(REPO / "pmo_templates", root / "pmo_templates")
    git(root, "init", "-q", "-b", "main")
    commit(root, "fixture data")
    return root


def commit(repo: Path, message: str, date: str = "2026-11-20T10:00:00+09:00") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message, date=date)
