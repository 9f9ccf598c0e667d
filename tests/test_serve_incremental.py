"""`mkdocs serve` rebuilds only what an edit touched (site/incremental.py), and the site it
writes is the site a clean `mkdocs build` writes from the edited data, file for file.

The serve side runs in this process through MkDocs' own build function with the plugin instance
kept between builds, as `mkdocs serve` does (on_startup with command "serve", then a fresh
config and build() per change); the clean side is a separate `mkdocs build` process. Each edit
is drawn by rule from the demo data: the first issue's due date, the first WBS task with effort,
the first member's first allocation, the first glossary definition of the standard."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import AS_OF, REPO, cli, mkdocs_build
from helpers import line_of, pagefind_text

from pmo_handbook.site.links import project_page_uri

PROJECTS = 3
SERVE_URL = "http://127.0.0.1:8000/"


# Two builds of the same data differ in one known place, compared apart: Pagefind writes its
# filter maps in hash-map order, so the filter files, the meta file (named by a hash of its
# content) and pagefind-entry.json (which names that hash) vary from run to run: their decoded
# contents, without the hashed file names, are compared as sorted characters. Everything else,
# the Excel downloads included (exports/xlsx.py keeps no clock), is compared byte for byte.
HASHED = re.compile(r"ja_[0-9a-f]+")  # the names of those files, as the meta and entry files name them
UNORDERED = re.compile(r"pagefind/(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)$")


def tree(site: Path) -> dict[str, str]:
    """Every file of a built site -> sha256 of its bytes (of the parts that are reproducible)."""
    out: dict[str, str] = {}
    unordered: list[str] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel, data = path.relative_to(site).as_posix(), path.read_bytes()
        if UNORDERED.match(rel):
            text = data.decode() if rel.endswith(".json") else pagefind_text(data)
            unordered.append("".join(sorted(HASHED.sub("", text))))
            continue
        out[rel] = hashlib.sha256(data).hexdigest()
    out["pagefind (unordered parts)"] = hashlib.sha256("\0".join(sorted(unordered)).encode()).hexdigest()
    return out


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def edit(path: Path, pattern: str, change) -> str:
    """Apply change to the first match of pattern (its group 1) in path; returns the new text."""
    text = path.read_text(encoding="utf-8")
    m = re.search(pattern, text, re.MULTILINE)
    assert m, f"{pattern!r} not in {path}"
    new = change(m.group(1))
    path.write_text(text[:m.start(1)] + new + text[m.end(1):], encoding="utf-8")
    return new


@pytest.fixture(params=[False, True], ids=["serve", "serve --dirty"])
def serve_session(request, tmp_path, monkeypatch):
    """(data folder, templates folder, rebuild(site) -> the plugin) of one serve session, with
    and without --dirty (which writes only the files whose content changed)."""
    data, templates = tmp_path / "data", tmp_path / "pmo_templates"
    done = cli("demo-data", "--projects", PROJECTS, "--seed", 1, "--out", data)
    assert done.returncode == 0, done.stderr
    shutil.copytree(REPO / "pmo_templates", templates)
    for key in ("PMO_AUDIENCE", "PMO_PROJECT", "PMO_LANG"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PMO_DATA_DIR", str(data))
    monkeypatch.setenv("PMO_TEMPLATES_DIR", str(templates))
    monkeypatch.setenv("PMO_AS_OF", AS_OF)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    started = []

    def rebuild(site: Path, wait: bool = True):
        """wait: for the search index, which serve writes after the pages (else the next
        rebuild finds it being written, as after a quick second save)."""
        config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site))
        if not started:  # as `mkdocs serve` starts: the hooks' plugin instance lives on
            config.plugins.on_startup(command="serve", dirty=request.param)
            started.append(config)
        build(config, serve_url=SERVE_URL, dirty=request.param)
        plugin = next(hook._plugin for hook in config.plugins.values() if hasattr(hook, "_plugin"))
        if wait:
            plugin.search_ready()
        return plugin

    yield data, templates, rebuild
    if started:
        started[0].plugins.on_startup(command="build", dirty=False)  # the next test starts afresh


def clean_build(tmp_path: Path, data: Path, templates: Path, name: str) -> dict[str, str]:
    site = tmp_path / f"clean-{name}"
    done = mkdocs_build(site, data, PMO_TEMPLATES_DIR=templates)
    assert done.returncode == 0, done.stderr
    return tree(site)


def first_project(data: Path) -> Path:
    return sorted((data / "projects").iterdir())[0]


def members(project: Path) -> set[str]:
    """The people (data/people.yml ids) of a project's members: `person:`, else the member id."""
    blocks = re.split(r"^  - ", (project / "members.yml").read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]
    return {(re.search(r"^    person: (\S+)$", b, re.MULTILINE) or re.match(r"id: (\S+)", b)).group(1)
            for b in blocks}


def shift_due(data: Path) -> str:
    return edit(first_project(data) / "issues.yml", r"^    due: (\d{4}-\d\d-\d\d)$",
                lambda d: (dt.date.fromisoformat(d) - dt.timedelta(days=30)).isoformat())


def wbs_effort(data: Path) -> str:
    return edit(first_project(data) / "wbs.yml", r"^    planned_effort: (\d+)$", lambda e: str(int(e) + 15))


def allocation(data: Path) -> str:
    return edit(first_project(data) / "members.yml", r"^        effort: ([\d.]+)$",
                lambda e: f"{float(e) + 0.5:g}")


def glossary(templates: Path) -> str:
    return edit(templates / "glossary.yml", r"^    definition: >-\n      (.*)$", lambda t: t + "（改訂）")


EDITS = {"issue due date": lambda d, t: shift_due(d), "WBS task": lambda d, t: wbs_effort(d),
         "member allocation": lambda d, t: allocation(d), "standard template": lambda d, t: glossary(t)}


def test_each_rebuild_writes_the_site_a_clean_build_writes(tmp_path, serve_session):
    data, templates, rebuild = serve_session
    served = tmp_path / "served"
    rebuild(served)
    assert differences(tree(served), clean_build(tmp_path, data, templates, "start")) == []
    project = first_project(data).name
    people = {f"person:{p}" for p in members(first_project(data))}
    for name, change in EDITS.items():
        before = tree(served)
        change(data, templates)
        plugin = rebuild(served)
        made = plugin.session.memo.last_made
        after = tree(served)
        assert differences(after, clean_build(tmp_path, data, templates, name)) == [], name
        if plugin.writes is not None and name != "standard template":  # --dirty: unchanged pages are not read again
            others = {u for u in plugin.writes.restored if u.startswith("projects/") and f"/{project}/" not in u}
            assert len(others) >= 10, name
            if name == "issue due date":
                assert project_page_uri(project, "issues") not in plugin.writes.restored
        assert differences(before, after), f"{name}: the edit changed nothing in the site"
        if name != "standard template":  # one project's edit makes that project's parts only
            # its downloads, pages, portfolio row and its share of the 要員計画 and plan warnings
            shares = ("downloads", "pages", "row", "loads", "actuals", "plan_actual", "plan", "ics", "api")
            rows = {m for m in made if m.startswith("heatmap:")}  # rows of the 要員計画 heat map
            assert made - people - rows == {f"{part}:{project}" for part in shares}, name
            # drawn again when loads change: the rows of its members only
            assert bool(rows) == (name == "member allocation"), name
            assert rows <= {f"heatmap:{p}" for p in members(first_project(data))}, name
            assert made & people, name  # the pages of its members, which show the project
        else:  # the standard is read by every page: everything is made again
            assert {f"pages:{p.name}" for p in (data / "projects").iterdir()} <= made


def test_saves_in_quick_succession_stop_the_outdated_search_index(tmp_path, serve_session):
    """Each rebuild starts while the last one's search index is being written: that index is
    stopped (the site keeps the one before it until the newest is written), and once the last
    index is written the site is a clean build's, the search index included."""
    data, templates, rebuild = serve_session
    served = tmp_path / "served"
    rebuild(served)
    outdated = []
    for change in (shift_due, wbs_effort, allocation):
        change(data)
        plugin = rebuild(served, wait=False)
        outdated.append(plugin.outdated)
    plugin.search_ready()
    assert [e.is_set() for e in outdated] == [True, True, False]  # each stopped by the next build
    assert differences(tree(served), clean_build(tmp_path, data, templates, "quick")) == []


def test_an_error_shows_its_place_and_the_fix_brings_the_site_back(tmp_path, serve_session):
    data, templates, rebuild = serve_session
    served = tmp_path / "served"
    rebuild(served)
    issues = first_project(data) / "issues.yml"
    good = issues.read_text(encoding="utf-8")
    edit(issues, r"^    (status): ", lambda key: key + "：完了\n    x")
    line = line_of(issues, "status：完了")
    rebuild(served)
    page = (served / "index.html").read_text(encoding="utf-8")
    shown = issues.relative_to(data.parent).as_posix()
    assert f"{shown}:{line}:11</code>" in page and "全角のコロン「：」" in page
    issues.write_text(good, encoding="utf-8")
    rebuild(served)
    assert differences(tree(served), clean_build(tmp_path, data, templates, "fixed")) == []
