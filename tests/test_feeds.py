"""The change feeds of a build (/feed.xml, /feed.json, /projects/<id>/feed.xml): from the data's
git history, one entry per change `pmo-handbook diff` reports, each linking to its record."""
from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import shutil
from pathlib import Path

import feedparser
import jsonschema
import pytest

from conftest import cli, mkdocs_build
from gitrepo import commit, fixture_repo
from helpers import replace
from test_audience import ALPHA, open_to_customer


def second_commit(root: Path) -> None:
    """One commit with a change of every kind the feed lists."""
    replace(root / ALPHA / "issues.yml", "issues:\n", """issues:
  - id: ISS-006
    title: 出荷指示の二重送信
    description: 同じ出荷指示が二度送られた。
    category: defect
    raised_on: 2026-11-24
    raised_by: sato
    priority: high
    owner: tanaka
    due: 2026-11-30
    status: open
""")
    replace(root / ALPHA / "issues.yml", "    status: in_progress\n",
            "    status: closed\n    closed_on: 2026-11-25\n")
    replace(root / ALPHA / "issues.yml", "priority: medium", "priority: high")  # ISS-002 escalated
    replace(root / ALPHA / "risks.yml", "probability: 4", "probability: 2")
    replace(root / ALPHA / "milestones.yml", "forecast: 2026-12-28", "forecast: 2027-01-08")
    replace(root / ALPHA / "decisions.yml", "decisions:\n", """decisions:
  - id: DEC-002
    title: 結合テスト開始を 12 月第 2 週に変更
    context: 在庫APIの仕様確定が遅れた。
    decision: 開始を 1 週間遅らせる。
    decided_on: 2026-11-25
    decided_by: [tanaka]
""")
    with open(root / ALPHA / "reports.yml", "a", encoding="utf-8") as fh:  # reported RAG: amber -> red
        fh.write("""  - period_start: 2026-11-23
    period_end: 2026-11-27
    author: suzuki
    overall: red
    summary: 結合テストの開始が 2 週間遅れる。
""")
    commit(root, "status of the week", date="2026-11-25T18:00:00+09:00")


def reported_changes(diff: str) -> list[str]:
    """Every change line of the diff summary: a RAG line, or a record under a heading."""
    return [line for line in diff.splitlines()
            if line.startswith("  - ") or re.match(r"- \*\*[^*]+\*\*: ", line) or re.match(r"- `[a-z]", line)]


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    root = fixture_repo(tmp_path_factory.mktemp("feed") / "repo")
    second_commit(root)
    return root


@pytest.fixture(scope="module")
def site(history) -> Path:
    result = mkdocs_build(history / "site", history / "data", PMO_TEMPLATES_DIR=history / "pmo_templates")
    assert result.returncode == 0, result.stderr
    return history / "site"


def parse(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return feed


# JSON Feed 1.1 (https://jsonfeed.org/version/1.1): what the spec requires of a feed and an item.
# feedparser 6.0 reads no JSON Feed, so jsonschema checks it against the spec's rules.
JSON_FEED_11 = {
    "type": "object", "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"}, "title": {"type": "string"},
        "home_page_url": {"type": "string"}, "feed_url": {"type": "string"},
        "items": {"type": "array", "items": {
            "type": "object", "required": ["id"], "anyOf": [{"required": ["content_text"]},
                                                            {"required": ["content_html"]}],
            "properties": {"id": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"},
                           "content_text": {"type": "string"},
                           "date_published": {"type": "string", "format": "date-time"},
                           "tags": {"type": "array", "items": {"type": "string"}}}}}}}


def parse_json_feed(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, JSON_FEED_11, format_checker=jsonschema.FormatChecker())
    for item in data["items"]:
        dt.datetime.fromisoformat(item["date_published"])  # RFC 3339
    return data


def test_the_feed_holds_one_entry_per_change_the_diff_reports(history, site):
    result = cli("diff", "HEAD~1", "HEAD", cwd=history)
    assert result.returncode == 0, result.stderr
    changes = reported_changes(result.stdout)
    assert len(changes) >= 7
    atom = parse(site / "feed.xml")
    assert atom.version == "atom10"
    assert len(atom.entries) == len(changes)
    titles = " ".join(e.title for e in atom.entries)
    for rid in re.findall(r"`([A-Z]+-\d+)`", result.stdout):
        assert rid in titles
    json_feed = parse_json_feed(site / "feed.json")
    assert [e["id"] for e in json_feed["items"]] == [e.id for e in atom.entries]
    assert [e["url"] for e in json_feed["items"]] == [e.link for e in atom.entries]
    assert len({e.id for e in atom.entries}) == len(atom.entries)


def test_entries_link_to_the_record_on_its_page(site):
    atom = parse(site / "feed.xml")
    kinds = {e.tags[0].term: e for e in atom.entries}
    assert {"issue_opened", "issue_closed", "issue_escalated", "risk_level_changed", "milestone_slipped",
            "decision_made", "rag_changed"} <= set(kinds)
    for e in atom.entries:
        page, _, anchor = posixpath.normpath(e.link.split("#")[0]), None, e.link.partition("#")[2]
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in html, e.link
    assert kinds["issue_opened"].link == "projects/alpha/issues/#iss-006"
    assert kinds["issue_opened"].updated.startswith("2026-11-25T18:00:00")
    assert kinds["issue_closed"].summary == "対応中 → 完了"  # as the diff summary words it
    assert kinds["rag_changed"].link == "projects/alpha/#status"


def test_each_project_has_its_own_feed(site):
    mine = parse(site / "projects/alpha/feed.xml")
    assert len(mine.entries) == len(parse(site / "feed.xml").entries)
    assert {e.link for e in mine.entries} >= {"issues/#iss-006", "decisions/#dec-002"}


def test_the_feed_is_filtered_by_audience(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(fixture_repo(tmp_path / "base") / "data", root / "data")
    shutil.copytree(tmp_path / "base" / "pmo_templates", root / "pmo_templates")
    open_to_customer(root)  # alpha, ISS-001, ISS-002 and MS-02 shown to the customer
    from gitrepo import git
    git(root, "init", "-q", "-b", "main")
    commit(root, "fixture data")
    second_commit(root)
    result = mkdocs_build(root / "site", root / "data", PMO_TEMPLATES_DIR=root / "pmo_templates",
                          PMO_AUDIENCE="customer")
    assert result.returncode == 0, result.stderr
    entries = parse(root / "site/feed.xml").entries
    links = sorted(e.link for e in entries)
    assert "projects/alpha/issues/#iss-002" in links  # escalated, visible to the customer
    assert "projects/alpha/milestones/#ms-02" in links
    assert not [x for x in links if "iss-006" in x or "dec-002" in x or "risks/" in x]
    text = "".join((root / "site" / name).read_text(encoding="utf-8") for name in ("feed.xml", "feed.json"))
    assert "出荷指示の二重送信" not in text and "結合テスト開始を 12 月第 2 週に変更" not in text


def test_a_build_outside_git_has_empty_valid_feeds(repo_copy):
    result = mkdocs_build(repo_copy / "site", repo_copy / "data",
                          PMO_TEMPLATES_DIR=repo_copy / "pmo_templates")
    assert result.returncode == 0, result.stderr
    site = repo_copy / "site"
    atom, json_feed = parse(site / "feed.xml"), parse_json_feed(site / "feed.json")
    assert atom.version == "atom10" and atom.entries == [] and json_feed["items"] == []
    assert parse(site / "projects/alpha/feed.xml").entries == []
