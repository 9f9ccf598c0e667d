"""The engine's shape, checked by the tools a reviewer runs: the layering contract (import-linter),
ruff, and mypy in strict mode. Each test shows the tool's own report when it fails."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def tool(name: str) -> str:
    """The console script installed beside this interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    # This checkout's engine, even where the editable install points at another one.
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


def test_layer_and_cycle_contracts_are_kept():
    """pyproject.toml [tool.importlinter]: every sub-package in a layer (exhaustive), imports only
    downwards, and no import cycle between siblings at any depth."""
    result = run(tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Engine layers KEPT" in result.stdout and "No import cycles KEPT" in result.stdout


def test_ruff_finds_nothing():
    result = run(sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                 "src", "hooks", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_finds_nothing():
    result = run(sys.executable, "-m", "mypy", "--no-incremental", "src/pmo_handbook")
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr
