"""The change feed: /feed.xml (Atom), /feed.json (JSON Feed 1.1) and /projects/<id>/feed.xml of
status changes over the last weeks, read from git history with the engine of `pmo-handbook diff`
(exports/changes.py): consecutive commits touching the data folder are compared pairwise, and
every change the diff reports becomes one entry linking to the record.

Bounded: at most MAX_COMMITS comparisons within WEEKS weeks before the build's date. Both
revisions of a pair are filtered for the build's audience before they are compared, so an
entry says nothing the audience's pages would not. A build outside git writes empty, valid feeds."""
from __future__ import annotations

import datetime as dt
import json
import posixpath
from dataclasses import dataclass, replace
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from pmo_handbook.exports import changes
from pmo_handbook.exports.each import Each, made
from pmo_handbook.i18n import labels
from pmo_handbook.loading.audience import project_for, sees
from pmo_handbook.loading.repository import Repository
from pmo_handbook.settings import Settings
from pmo_handbook.source import gitinfo

WEEKS = 8  # how far back the feed reaches
MAX_COMMITS = 12  # at most this many data commits are compared (each loads the data twice)
ATOM, JSON_FEED = "feed.xml", "feed.json"
KEY, LABEL = "feed", "Atom"
PRIORITY_RANK = {"low": 0, "medium": 1, "high": 2}

# The label domain of a Moved change's old and new value, as the diff summary shows them.
VALUE_LABELS = {"issues_closed": "issue_status", "issues_reprioritised": "level3",
                "risk_levels": "risk_level"}

# ProjectChanges attribute -> (entry kind, the register page its records are on)
RECORD_CHANGES = {
    "issues_opened": ("issue_opened", "issues"),
    "issues_closed": ("issue_closed", "issues"),
    "issues_reprioritised": ("issue_reprioritised", "issues"),
    "issues_due_moved": ("issue_due_moved", "issues"),
    "risks_added": ("risk_added", "risks"),
    "risk_levels": ("risk_level_changed", "risks"),
    "milestones_slipped": ("milestone_slipped", "milestones"),
    "decisions_added": ("decision_made", "decisions"),
    "changes_added": ("change_requested", "changes"),
}


@dataclass(frozen=True)
class Entry:
    id: str  # stable: commit, project, kind and record
    kind: str  # issue_opened, rag_changed, milestone_slipped… (the JSON Feed's tags)
    project: str | None
    title: str
    text: str
    path: str  # the record's page and anchor, relative to the site root
    updated: dt.datetime


@dataclass(frozen=True)
class Commit:
    sha: str
    when: dt.datetime


def data_commits(top: Path, data_rel: str, as_of: dt.date) -> list[Commit]:
    """Commits touching the data folder, newest first: those of the window and one before it
    (the base of the oldest comparison)."""
    out = gitinfo.log(top, f"-n{MAX_COMMITS + 1}", "--format=%H%x09%cI", "--", data_rel)
    commits = [Commit(sha, dt.datetime.fromisoformat(when))
               for sha, when in (line.split("\t") for line in out.splitlines() if line)]
    since = as_of - dt.timedelta(weeks=WEEKS)
    inside = [c for c in commits if c.when.date() >= since]
    return commits[: len(inside) + 1] if len(inside) < len(commits) else inside


def visible(snap: changes.Snapshot, audience: str) -> changes.Snapshot:
    """The snapshot as the audience sees it: the filter of every build (loading/audience.py)."""
    projects = {pid: project_for(p, audience) for pid, p in snap.projects.items()
                if sees(audience, p.project.visibility)}
    return replace(snap, projects=projects)


def history(repo: Repository, settings: Settings) -> list[tuple[Commit, changes.Summary]]:
    """(commit, what it changed) for each data commit of the window, newest first."""
    top = gitinfo.toplevel(repo.data_dir)
    if top is None:
        return []
    try:
        data_rel = Path(repo.data_dir).resolve().relative_to(top).as_posix()
        templates_rel = Path(repo.templates_dir).resolve().relative_to(top).as_posix()
    except ValueError:  # the standard templates outside the checkout: nothing to compare
        return []
    try:
        commits = data_commits(top, data_rel, settings.as_of)
    except gitinfo.GitError:
        return []
    snaps: dict[str, changes.Snapshot] = {}

    def snap(c: Commit) -> changes.Snapshot:
        if c.sha not in snaps:
            found = changes.snapshot_at(top, c.sha, data_rel, templates_rel, settings.max_file_bytes)
            snaps[c.sha] = visible(found, settings.audience)
        return snaps[c.sha]
    return [(new, changes.compare(snap(old), snap(new), settings.as_of))
            for new, old in zip(commits, commits[1:], strict=False)]


def entries(summary: changes.Summary, commit: Commit, lang: str) -> list[Entry]:
    """One entry per change the diff reports (exports/changes.py), in its order."""
    L = labels(lang)
    ui = L.ui
    out: list[Entry] = []

    def add(kind: str, project: str | None, record: str | None, label: str, subject: str, detail: str,
            path: str) -> None:
        out.append(Entry(f"tag:pmo-handbook,2026:{commit.sha}/{project or '-'}/{kind}/{record or '-'}",
                         kind, project, f"{label}: {subject}", detail, path, commit.when))
    for p in summary.added:
        add("project_added", p.id, None, ui("diff_projects_added"), p.name, p.id, f"projects/{p.id}/")
    for p in summary.removed:
        add("project_removed", p.id, None, ui("diff_projects_removed"), p.name, p.id, "")
    for c in summary.projects:
        charter = c.project
        pid, name = charter.id, charter.name
        for attr, label in (("rag_reported", "diff_rag_reported"), ("rag_computed", "diff_rag_computed")):
            pair = getattr(c, attr)
            if pair:
                old, new = (ui_rag(lang, v) for v in pair)
                add("rag_changed", pid, attr, ui(label), name, f"{old} → {new}", f"projects/{pid}/#status")
        for attr, (kind, page) in RECORD_CHANGES.items():
            for item in getattr(c, attr):
                record = getattr(item, "record", item)  # a Moved change or the record itself
                title = getattr(record, "title", None) or getattr(record, "name", "")
                detail = ""
                if isinstance(item, changes.Moved):
                    domain = VALUE_LABELS.get(attr)
                    old, new = (L.enum(domain, v) if domain else str(v) for v in (item.old, item.new))
                    detail = f"{old} → {new}"
                add(_escalated(item) if attr == "issues_reprioritised" else kind, pid, record.id,
                    ui(f"diff_{attr}"), f"{name} — {record.id} {title}", detail,
                    f"projects/{pid}/{page}/#{record.id.lower()}")
    return out


def _escalated(moved: changes.Moved) -> str:
    """A priority raised is an escalation; lowered, a reprioritisation."""
    raised = PRIORITY_RANK.get(str(moved.new), 0) > PRIORITY_RANK.get(str(moved.old), 0)
    return "issue_escalated" if raised else "issue_reprioritised"


def ui_rag(lang: str, value: str | None) -> str:
    return labels(lang).enum("rag", value) if value else "—"


def feed_entries(repo: Repository, settings: Settings) -> list[Entry]:
    return [e for commit, summary in history(repo, settings) for e in entries(summary, commit, settings.lang)]


# --- writing --------------------------------------------------------------------------------------

def _link(path: str, feed: str) -> str:
    """path (from the site root) relative to the folder of the feed file, as feed readers resolve it."""
    here = posixpath.dirname(feed) or "."
    rel = posixpath.relpath(path.split("#")[0] or ".", here)
    rel = "./" if rel == "." else rel + ("/" if path.split("#")[0].endswith("/") else "")
    return rel + (f"#{path.split('#')[1]}" if "#" in path else "")


def atom(title: str, feed: str, items: list[Entry], as_of: dt.date) -> bytes:
    updated = max((e.updated for e in items), default=dt.datetime.combine(as_of, dt.time(), dt.UTC))
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"<id>tag:pmo-handbook,2026:{escape(feed)}</id>", f"<title>{escape(title)}</title>",
             f"<updated>{updated.isoformat()}</updated>",
             f'<link rel="self" href={quoteattr(posixpath.basename(feed))}/>',
             f'<link rel="alternate" href={quoteattr(_link("", feed))}/>',
             "<author><name>PMO</name></author>"]
    for e in items:
        lines += ["<entry>", f"<id>{escape(e.id)}</id>", f"<title>{escape(e.title)}</title>",
                  f"<updated>{e.updated.isoformat()}</updated>",
                  f'<link rel="alternate" href={quoteattr(_link(e.path, feed))}/>',
                  f'<category term={quoteattr(e.kind)}/>',
                  f"<summary>{escape(e.text or e.title)}</summary>", "</entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def json_feed(title: str, feed: str, items: list[Entry]) -> bytes:
    data = {"version": "https://jsonfeed.org/version/1.1", "title": title,
            "home_page_url": _link("", feed), "feed_url": posixpath.basename(feed),
            "items": [{"id": e.id, "url": _link(e.path, feed), "title": e.title,
                       "content_text": e.text or e.title, "date_published": e.updated.isoformat(),
                       "tags": [e.kind] + ([e.project] if e.project else [])} for e in items]}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def feed_files(repo: Repository, settings: Settings, each: Each = made) -> list[tuple[str, bytes, str, str]]:
    """Download producer: the site's feeds and one Atom feed per visible project (read from the
    git history at once: each is not used)."""
    items = feed_entries(repo, settings)
    title = labels(settings.lang).ui("diff_title")
    out = [(ATOM, atom(title, ATOM, items, settings.as_of), KEY, LABEL),
           (JSON_FEED, json_feed(title, JSON_FEED, items), KEY, "JSON Feed")]
    for pid, p in sorted(repo.projects.items()):
        feed = f"projects/{pid}/{ATOM}"
        mine = [e for e in items if e.project == pid]
        out.append((feed, atom(f"{p.project.name} — {title}", feed, mine, settings.as_of), KEY, LABEL))
    return out

