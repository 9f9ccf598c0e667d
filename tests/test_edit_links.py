"""Every generated page's "edit this page" opens the YAML file it comes from, and each page shows
when that data last changed in git."""
from __future__ import annotations

import re

from conftest import REPO, mkdocs_build
from gitrepo import commit, fixture_repo
from helpers import article, replace
from pmo_handbook.loading.load import load_repository
from pmo_handbook.site import build_site
from pmo_handbook.model.registry import page_order
from pmo_handbook.settings import Settings

EDIT = "https://github.example.co.jp/pmo/pmo-handbook/edit/main/"
HANDBOOK = {"handbook/index.md": "roles.yml", "handbook/raci.md": "raci.yml",
            "handbook/process.md": "process.yml", "handbook/templates.md": "formats.yml",
            "handbook/onboarding.md": "onboarding.yml", "handbook/glossary.md": "glossary.yml"}


def expected_sources(repo) -> dict[str, str]:
    """Page -> the file a person edits to change it."""
    out = {"index.md": "data/organisation.yml"}
    out.update({page: f"pmo_templates/{name}" for page, name in HANDBOOK.items()})
    out.update({f"handbook/roles/{r.id}.md": "pmo_templates/roles.yml" for r in repo.standard.roles})
    for pid in repo.projects:
        for key, reg in page_order():
            page = f"projects/{pid}/index.md" if key == "dashboard" else f"projects/{pid}/{key}.md"
            out[page] = f"data/projects/{pid}/{reg.file}"
    return out


def test_every_generated_page_type_points_at_an_existing_yaml_file():
    repo = load_repository(REPO / "data", REPO / "pmo_templates")
    site = build_site(repo, Settings(data_dir=REPO / "data"), edit_root=REPO)
    pages = {p.src_uri: p.edit_path for p in site.pages}
    expected = expected_sources(repo)
    assert {page: pages.get(page) for page in expected} == expected
    assert all((REPO / path).is_file() for path in expected.values())


def _edit_link(site, url):
    html = (site / url / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<a href="([^"]+)" title="[^"]*" class="md-content__button md-icon"', html)
    return found.group(1) if found else None


def test_built_pages_link_to_their_yaml(sample_site):
    assert _edit_link(sample_site, "") == EDIT + "data/organisation.yml"
    assert _edit_link(sample_site, "projects/kansai-dx/") == EDIT + "data/projects/kansai-dx/project.yml"
    assert _edit_link(sample_site, "projects/kansai-dx/risks/") == EDIT + "data/projects/kansai-dx/risks.yml"
    assert _edit_link(sample_site, "handbook/roles/pmo/") == EDIT + "pmo_templates/roles.yml"
    assert _edit_link(sample_site, "handbook/glossary/") == EDIT + "pmo_templates/glossary.yml"


def _updated(site, url):
    found = re.search(r'<p class="pmo-updated">([^<]*)</p>', article(site, url))
    return found.group(1) if found else None


def test_each_page_shows_when_its_data_last_changed_in_git(tmp_path):
    repo = fixture_repo(tmp_path / "repo")  # committed on 2026-11-20
    replace(repo / "data/projects/alpha/issues.yml", "due: 2026-11-20", "due: 2026-12-04")
    commit(repo, "ISS-001 due date moved", date="2026-11-24T09:00:00+09:00")
    site = tmp_path / "site"
    result = mkdocs_build(site, repo / "data", PMO_TEMPLATES_DIR=repo / "pmo_templates")
    assert result.returncode == 0, result.stderr
    assert _updated(site, "projects/alpha/issues/") == "最終更新 2026-11-24"
    assert _updated(site, "projects/alpha/team/") == "最終更新 2026-11-20"
    assert _updated(site, "projects/alpha/") == "最終更新 2026-11-24"  # the dashboard reads every file
    assert _updated(site, "") == "最終更新 2026-11-24"
    assert _updated(site, "handbook/raci/") == "最終更新 2026-11-20"


def test_english_label(tmp_path):
    repo = fixture_repo(tmp_path / "repo")
    site = tmp_path / "site"
    result = mkdocs_build(site, repo / "data", PMO_TEMPLATES_DIR=repo / "pmo_templates", PMO_LANG="en")
    assert result.returncode == 0, result.stderr
    assert _updated(site, "projects/alpha/risks/") == "Last updated 2026-11-20"


def test_outside_git_the_line_is_left_out_quietly(repo_copy, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(site, repo_copy / "data", PMO_TEMPLATES_DIR=repo_copy / "pmo_templates")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert _updated(site, "projects/alpha/issues/") is None
    assert _updated(site, "") is None


# --- 「最終更新」 of what an audience can see (issue 11, item 11) -----------------------------------

FRESHNESS_PAGES = ("projects/alpha/issues.md", "projects/alpha/index.md", "index.md")


def _updated_in_build(repo, audience: str) -> dict[str, str | None]:
    loaded = load_repository(repo / "data", repo / "pmo_templates")
    site = build_site(loaded, Settings(data_dir=repo / "data", audience=audience))
    pages = {p.src_uri: p.content for p in site.pages}
    found = {uri: re.search(r'<p class="pmo-updated">([^<]*)</p>', pages[uri]) for uri in FRESHNESS_PAGES}
    return {uri: m.group(1) if m else None for uri, m in found.items()}


def test_last_updated_counts_only_changes_the_audience_can_see(tmp_path):
    repo = fixture_repo(tmp_path / "repo")  # 2026-11-20
    issues = repo / "data/projects/alpha/issues.yml"
    replace(repo / "data/projects/alpha/project.yml", "id: alpha\n", "id: alpha\nvisibility: customer\n")
    replace(issues, "  - id: ISS-001\n", "  - id: ISS-001\n    visibility: customer\n"
                                         "    field_visibility: {history: internal}\n")
    replace(issues, "  - id: ISS-003\n", "  - id: ISS-003\n    visibility: restricted\n")
    commit(repo, "visibility", date="2026-11-21T09:00:00+09:00")
    replace(issues, "due: 2026-12-10", "due: 2026-12-17")  # ISS-002: internal
    commit(repo, "internal issue", date="2026-11-22T09:00:00+09:00")
    replace(issues, "  - id: ISS-001\n", "  - id: ISS-001\n    history:\n      - date: 2026-11-23\n"
                                         "        by: tanaka\n        note: 社内メモ\n")
    commit(repo, "internal field of a customer issue", date="2026-11-23T09:00:00+09:00")
    replace(issues, "due: 2026-09-15", "due: 2026-09-30")  # ISS-003: restricted
    commit(repo, "restricted issue", date="2026-11-24T09:00:00+09:00")

    (repo / "data/projects/alpha/stakeholders.yml").write_text(
        "stakeholders:\n  - id: SH-01\n    name: 村上 浩二\n    organisation: アルファ商事\n"
        "    category: management\n    expectations: 早期稼働\n    influence: high\n    interest: medium\n"
        "    current: neutral\n    target: supportive\n    work_impact: 受注業務が変わる\n", encoding="utf-8")
    commit(repo, "stakeholder register, never shown below internal", date="2026-11-26T09:00:00+09:00")

    assert _updated_in_build(repo, "customer") == dict.fromkeys(FRESHNESS_PAGES, "最終更新 2026-11-21")
    assert _updated_in_build(repo, "internal") == {"projects/alpha/issues.md": "最終更新 2026-11-23",
                                                   "projects/alpha/index.md": "最終更新 2026-11-26",
                                                   "index.md": "最終更新 2026-11-26"}
    assert _updated_in_build(repo, "restricted")["projects/alpha/issues.md"] == "最終更新 2026-11-24"
