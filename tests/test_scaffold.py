"""`pmo-handbook new-project`: a new project folder the standard way, valid as created."""
from __future__ import annotations

import pytest

from conftest import cli, mkdocs_build
from helpers import page_text
from pmo_handbook.loading.load import load_repository
from pmo_handbook.model.registry import REGISTERS

# Hand-read from pmo_templates/process.yml: the items that are optional for the size and type.
CASES = {
    "S": ("new_development", ["raci", "stakeholder_register", "steering_committee",
                              "business_impact_analysis", "outcome_measurement"], ["定例会"], ["pm"]),
    "M": ("maintenance", ["evm"], ["ステアリングコミッティ", "定例会"], ["pm", "pmo"]),
    "L": ("consulting", [], ["ステアリングコミッティ", "定例会"], ["pm", "pmo"]),
}


def _new(data, pid="osaka-crm", *extra):
    return cli("new-project", pid, "--name", "大阪商事 CRM 刷新", "--data", data, *extra)


@pytest.mark.parametrize("size", ["S", "M", "L"])
def test_scaffold_is_tailored_by_size_and_type_and_valid_as_created(repo_copy, size):
    kind, omitted, meetings, members = CASES[size]
    data = repo_copy / "data"
    result = _new(data, "osaka-crm", "--size", size, "--type", kind, "--customer", "大阪商事株式会社")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{(data / 'projects/osaka-crm').as_posix()}/ にファイルを {len(REGISTERS)} 個作りました。")
    folder = data / "projects/osaka-crm"
    assert sorted(p.name for p in folder.iterdir()) == sorted(reg.file for reg in REGISTERS.values())
    p = load_repository(data).projects["osaka-crm"]  # the real loader and cross-file rules
    assert (p.project.size, p.project.type, p.project.customer) == (size, kind, "大阪商事株式会社")
    assert p.project.start.isoformat() == "2026-11-26"  # PMO_AS_OF
    assert [e.item for e in p.tailoring.entries] == omitted
    assert all(e.decision == "omitted" and e.reason.startswith("（要記入）") for e in p.tailoring.entries)
    assert p.tailoring.profile == f"{size}-{kind}"
    assert [mt.name for mt in p.meetings] == meetings
    assert [mem.id for mem in p.members] == members and p.project.pm == "pm"
    assert [r.member for r in p.onboarding] == members
    for name in (reg.file for reg in REGISTERS.values()):
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../../schemas/{name[:-4]}.schema.json"


def test_small_project_without_milestone_management_still_gets_its_milestones(repo_copy):
    # milestone_management is recommended for S, so it is adopted and seeded with plan and acceptance.
    assert _new(repo_copy / "data", "small-one", "--size", "S", "--end", "2027-01-31").returncode == 0
    p = load_repository(repo_copy / "data").projects["small-one"]
    assert [(ms.id, ms.kind, ms.baseline.isoformat()) for ms in p.milestones] == [
        ("MS-01", "phase_gate", "2026-12-10"), ("MS-02", "acceptance", "2027-01-31")]


def test_scaffolded_project_appears_in_the_built_site(repo_copy, tmp_path):
    assert _new(repo_copy / "data", "osaka-crm", "--size", "M").returncode == 0
    site = tmp_path / "site"
    result = mkdocs_build(site, repo_copy / "data")
    assert result.returncode == 0, result.stderr
    assert "大阪商事 CRM 刷新" in page_text(site, "")
    assert "大阪商事 CRM 刷新" in page_text(site, "projects/osaka-crm/")
    assert "ステアリングコミッティ" in page_text(site, "projects/osaka-crm/meetings/")


@pytest.mark.parametrize("pid, message", [
    ("alpha", "data/projects/alpha already exists: choose another project id"),
    ("Osaka_CRM", "project id 'Osaka_CRM' is not valid"),
    ("x", "project id 'x' is not valid"),
    ("../evil", "project id '../evil' is not valid"),
])
def test_refuses_existing_or_malformed_ids(repo_copy, pid, message):
    before = sorted(p.name for p in (repo_copy / "data/projects").iterdir())
    result = cli("new-project", pid, "--name", "x", "--size", "S", "--data", "data", cwd=repo_copy)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in (repo_copy / "data/projects").iterdir()) == before


def test_refuses_an_end_before_the_start(repo_copy):
    result = _new(repo_copy / "data", "osaka-crm", "--size", "S", "--end", "2026-01-01")
    assert result.returncode == 2 and "end 2026-01-01 is before start 2026-11-26" in result.stderr
    assert not (repo_copy / "data/projects/osaka-crm").exists()


def test_english_placeholders(repo_copy):
    assert _new(repo_copy / "data", "osaka-crm", "--size", "S", "--lang", "en").returncode == 0
    p = load_repository(repo_copy / "data").projects["osaka-crm"]
    assert p.project.background.startswith("(to fill in) Background")
    assert p.members[0].name == "(to fill in) Name of the PM"
