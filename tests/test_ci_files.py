"""The example CI, pre-commit hooks and CODEOWNERS call commands that exist, with options that
parse, and the committed CODEOWNERS matches the sample projects' PMs and PMOs."""
from __future__ import annotations

import re
import shlex

import yaml

from conftest import REPO, cli
from gitrepo import fixture_repo
from helpers import replace
from pmo_handbook.cli import build_parser

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


def _commands(text: str) -> list[list[str]]:
    """Every `pmo-handbook …` command line in a script, with ${{ … }} and shell variables filled."""
    text = re.sub(r"\$\{\{[^}]*\}\}", "x", text).replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("pmo-handbook "):
            words = shlex.split(line.split(">", 1)[0].split("||", 1)[0])
            out.append(words[1:])
    return out


def test_workflows_run_real_commands():
    assert [p.name for p in WORKFLOWS] == ["digest.yml", "publish.yml", "pull-request.yml"]
    seen = set()
    for path in WORKFLOWS:
        flow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in flow["jobs"].values():
            for step in job["steps"]:
                for argv in _commands(step.get("run", "")):
                    build_parser().parse_args(argv)  # exits 2 on an unknown option
                    seen.add(argv[0])
    assert seen == {"diff", "validate", "schema", "codeowners", "pdf", "digest"}
    publish = (REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8")
    # the report pack is written into the built site, after the build, before the upload
    assert publish.index("mkdocs build") < publish.index("pmo-handbook pdf --out site/downloads/reports") \
        < publish.index("upload-pages-artifact")
    pr = (REPO / ".github/workflows/pull-request.yml").read_text(encoding="utf-8")
    assert "validate --format github" in pr and "schema --check" in pr
    assert "mkdocs build --strict" in pr and "actions/upload-artifact" in pr and "gh pr comment" in pr
    assert "fetch-depth: 0" in pr


def test_pre_commit_hooks_run_validate():
    for name in (".pre-commit-hooks.yaml", ".pre-commit-config.yaml"):
        data = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
        hooks = data if isinstance(data, list) else data["repos"][0]["hooks"]
        entries = {h["id"]: h["entry"] for h in hooks}
        assert entries["pmo-handbook-validate"] == "pmo-handbook validate"
        for entry in entries.values():
            build_parser().parse_args(shlex.split(entry)[1:])


def test_committed_codeowners_is_current():
    result = cli("codeowners", "--default-owner", "@pmo/pmo-team", "--output", ".github/CODEOWNERS",
                 "--check")
    assert result.returncode == 0, result.stdout
    text = (REPO / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/data/projects/kansai-dx/  @takahashi-mirai @nakamura-a-mirai @pmo/pmo-team" in text


def test_codeowners_follow_the_pm_and_pmo(tmp_path):
    repo = fixture_repo(tmp_path / "repo")
    members = repo / "data/projects/alpha/members.yml"
    result = cli("codeowners", cwd=repo)
    assert result.returncode == 0
    assert "# alpha: no github login for pm 'tanaka' and pmo 'suzuki' in members.yml" in result.stdout
    assert "# /data/projects/alpha/  (no owner)" in result.stdout
    replace(members, "  - id: tanaka\n", "  - id: tanaka\n    github: tanaka-ichiro\n")
    out = cli("codeowners", "--default-owner", "@pmo/pmo-team", cwd=repo).stdout
    assert "/data/projects/alpha/  @tanaka-ichiro @pmo/pmo-team" in out.splitlines()
    assert "*  @pmo/pmo-team" in out.splitlines()
    target = repo / ".github/CODEOWNERS"
    assert cli("codeowners", "--output", target, cwd=repo).returncode == 0
    assert cli("codeowners", "--output", target, "--check", cwd=repo).returncode == 0
    replace(members, "github: tanaka-ichiro", "github: tanaka-1")
    stale = cli("codeowners", "--output", target, "--check", cwd=repo)
    assert stale.returncode == 1 and "最新ではありません" in stale.stdout


def test_a_bad_github_login_is_a_located_error(repo_copy):
    members = repo_copy / "data/projects/alpha/members.yml"
    replace(members, "  - id: tanaka\n", "  - id: tanaka\n    github: \"@tanaka\"\n")
    result = cli("validate", "--data", repo_copy / "data", "--lang", "en")
    assert result.returncode == 1
    assert "members.yml:3:13: github: '@tanaka' does not match the id pattern" in result.stdout
