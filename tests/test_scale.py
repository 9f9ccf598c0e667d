"""What keeps a large portfolio fast: one project's own site, small per-project navigation and
parsed files reused between `mkdocs serve` rebuilds."""
from __future__ import annotations

import datetime as dt
import os
import re

from conftest import REPO, mkdocs_build
from helpers import page_text, replace, search_documents
from pmo_handbook.loading.load import load_repository

PAGES = ["", "charter/", "team/", "stakeholders/", "onboarding/", "milestones/", "issues/",
         "risks/", "decisions/", "changes/", "meetings/", "reports/", "tailoring/"]


def _primary_nav(site, url: str) -> str:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    start = html.index('<nav class="md-nav md-nav--primary')
    return html[start: html.index('<div class="md-content"', start)]


def test_pmo_project_builds_only_that_project_with_handbook_and_downloads(tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(site, PMO_PROJECT="kansai-dx")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (site / "projects").iterdir()) == ["kansai-dx"]
    for page in PAGES:
        assert (site / "projects/kansai-dx" / page / "index.html").is_file(), page
    for page in ["handbook/", "handbook/raci/", "handbook/roles/pmo/", "guide/"]:
        assert (site / page / "index.html").is_file(), page
    downloads = site / "downloads" / "projects"
    assert sorted(p.name for p in downloads.iterdir()) == ["kansai-dx"]
    assert any((downloads / "kansai-dx").iterdir())
    portfolio = page_text(site, "")
    assert "関西フレッシュマート" in portfolio and "神戸" not in portfolio
    # the project is a tab of its own site, not one entry under "projects"
    tabs = re.findall(r'class="md-tabs__link[^"]*">\s*([^<]+?)\s*<', (site / "index.html").read_text(encoding="utf-8"))
    assert tabs[1] == "関西フレッシュマート 店舗DX・需要予測基盤構築"


def test_unknown_pmo_project_stops_the_build(tmp_path):
    result = mkdocs_build(tmp_path / "site", PMO_PROJECT="nope")
    assert result.returncode == 1
    assert "プロジェクト「nope」がありません（PMO_PROJECT）" in result.stderr


def test_project_pages_navigate_within_their_own_project(sample_site):
    nav = _primary_nav(sample_site, "projects/kansai-dx/issues/")
    assert "関西フレッシュマート 店舗DX" in nav and "リスク管理表" in nav
    others = [p.name for p in (REPO / "data" / "projects").iterdir() if p.name != "kansai-dx"]
    assert others and not any(f"/{other}/" in nav for other in others)
    # the portfolio still reaches every project
    text = page_text(sample_site, "")
    assert "関西フレッシュマート" in text and "神戸" in text


def test_a_changed_file_is_read_again_and_an_unchanged_one_is_not(repo_copy):
    data, templates = repo_copy / "data", repo_copy / "pmo_templates"
    first = load_repository(data, templates)
    issues = data / "projects/alpha/issues.yml"
    stat = issues.stat()
    # same size and same modification time: only the content tells the change
    replace(issues, "在庫APIの仕様が未確定", "在庫APIの仕様が要確認")
    os.utime(issues, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert issues.stat().st_size == stat.st_size
    second = load_repository(data, templates)
    alpha, before = second.projects["alpha"], first.projects["alpha"]
    assert alpha.issues[0].title == "在庫APIの仕様が要確認"
    assert alpha.issues is not before.issues
    assert alpha.risks is before.risks  # risks.yml did not change: its parsed records are reused
    assert second.standard.roles is first.standard.roles


def test_validate_on_every_core_finds_the_same_errors_as_one_process(tmp_path):
    from pmo_handbook.authoring import demo
    from pmo_handbook.loading.parallel import check_data
    from pmo_handbook.loading.load import Loader, read_repository

    data = tmp_path / "data"
    demo.write(data, 50, 3, Loader(REPO, REPO / "pmo_templates").standard())
    first, last = sorted((data / "projects").iterdir())[::49]
    replace(first / "issues.yml", "status: ", "status: opne\n    x_status: ", 1)
    replace(last / "risks.yml", "probability: ", "probability: 9\n    x: ", 1)
    count, errors, _, _ = check_data(data, REPO / "pmo_templates", workers=2)
    found = read_repository(data, REPO / "pmo_templates")
    assert count == len(found.projects) == 50
    assert errors == found.errors
    assert {e.path.split("/")[2] for e in errors} == {first.name, last.name}


def test_search_finds_each_record_without_indexing_it_twice(fixture_site):
    docs = search_documents(fixture_site)
    record = docs["/projects/alpha/issues/#iss-001"]
    assert record["meta"]["title"] == "ISS-001 在庫APIの仕様が未確定"
    assert (record["meta"]["kind"], record["meta"]["project"]) == ("課題", "アルファ受発注システム改修")
    assert record["filters"]["状態"] == ["未完了"]
    assert "インフラ担当に督促した" not in record["content"]  # ISS-002's history stays in ISS-002
    assert "/projects/alpha/issues/" not in docs  # the register page is its records, not one more hit
    assert "ステータス" not in record["content"]  # field labels are not indexed for every record
    assert any(url.startswith("/guide/") for url in docs)  # hand-written pages are indexed as pages


SNIPPETS = [
    "issues:\n  - id: ISS-001\n    due: 2026-02-30\n    n: 0x1F\n    f: 1_000.5\n    b: yes\n    z: ~\n",
    "a: [1, {b: 'x', c: \"y\"}, [true, null]]\nd: |\n  line\n  two\n",
    "a: &x {b: 1}\nc: *x\n",                  # anchors and aliases: read the careful way
    "a: 1\n<<: {b: 2}\n",                     # merge key: refused
    "a: 1\na: 2\n",                           # duplicate key: refused with both lines
    "a: !!python/object:os.system x\n",       # tag: refused
    "a: !!str 3\n",
    "? [a, b]\n: 1\n",                        # complex key: refused
    "a: " + "[" * 70 + "]" * 70 + "\n",       # too deep: refused
    "a: 1\n---\nb: 2\n",                      # two documents
    "- 1\n- 2\n",                             # not a mapping
    "a: [1, 2\n",                             # syntax error
    "1: one\ntrue: yes\n",
    'a: {b: "x\\ey"}\n"k\\x7f": 1\n',           # control characters written as escapes: refused
]


def test_the_one_pass_reader_gives_what_the_careful_reader_gives(tmp_path, monkeypatch):
    from pmo_handbook.source import yamlfast
    from pmo_handbook.source import yamlsrc

    def outcome(path):
        try:
            src = yamlsrc.load(path, "f.yml")
            return src.value, src.marks, src.key_marks
        except yamlsrc.YamlFileError as exc:
            return str(exc.error)

    careful_read = yamlfast.read
    for i, text in enumerate(SNIPPETS):
        path = tmp_path / f"{i}.yml"
        path.write_text(text, encoding="utf-8")
        fast = outcome(path)
        monkeypatch.setattr(yamlfast, "read", lambda *a: None)
        careful = outcome(path)
        monkeypatch.setattr(yamlfast, "read", careful_read)
        assert fast == careful, text
    plain = yamlfast.read(SNIPPETS[0], yamlsrc.MAX_DEPTH, yamlsrc.MAX_NODES, yamlsrc._scalar,
                          yamlsrc.TEXT_CONTROL.search)
    assert plain is not None and plain[0]["issues"][0]["n"] == 31  # the plain case takes the fast path


def test_charts_stay_out_of_the_search_index(fixture_site):
    """A chart repeats its page's table as <title>/<desc> text: indexing it would double hits."""
    docs = search_documents(fixture_site)
    milestones = docs["/projects/alpha/milestones/"]["content"]
    assert "MS-01" in milestones
    charts = fixture_site / "projects/alpha/milestones/index.html"
    titles = re.findall(r'<title id="[^"]+">([^<]+)</title>', charts.read_text(encoding="utf-8"))
    assert titles and not any(t in d["content"] for t in titles for d in docs.values())


def test_validate_makes_the_plan_warnings_from_its_own_read(tmp_path):
    """validate's workers keep each project's share of the plan warnings as they read it: the same
    warnings, at the same lines, as the site's computation over the whole loaded repository."""
    from functools import partial

    from pmo_handbook.authoring import demo
    from pmo_handbook.loading.load import Loader, load_repository
    from pmo_handbook.loading.parallel import check_data
    from pmo_handbook.status.capacity_warnings import combined, project_plan, warnings

    data = tmp_path / "data"
    demo.write(data, 50, 3, Loader(REPO, REPO / "pmo_templates").standard())
    as_of = dt.date(2026, 11, 26)
    checked = check_data(data, REPO / "pmo_templates", workers=2, as_of=as_of,
                         collect=partial(project_plan, as_of=as_of))
    assert checked.errors == [] and len(checked.collected) == 50
    expected = warnings(load_repository(data, REPO / "pmo_templates", as_of=as_of), as_of)
    got = combined(list(checked.collected.values()), checked.people)
    assert got == expected
    assert [w.text("ja") for w in got] == [w.text("ja") for w in expected]
    assert {w.kind for w in got} >= {"over"}  # the demo plans some people above capacity
