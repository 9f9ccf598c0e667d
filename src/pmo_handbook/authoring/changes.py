"""What a change to the data does to project status: the data at two git revisions, compared
record by record, for a pull-request comment (`pmo-handbook diff BASE HEAD`)."""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pmo_handbook.model.registry import REGISTERS
from pmo_handbook.source import gitinfo
from pmo_handbook.status import rag
from pmo_handbook import status as st
from pmo_handbook.errors import DataError
from pmo_handbook.loading.load import read_repository
from pmo_handbook.loading.repository import ProjectData
from pmo_handbook.settings import DEFAULT_MAX_FILE_BYTES


@dataclass
class Snapshot:
    rev: str  # as the user named it
    projects: dict[str, ProjectData]
    organisation: object | None
    errors: list[DataError]


def snapshot_at(top: Path, rev: str, data_rel: str, templates_rel: str,
                max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Snapshot:
    """Load the data and standard templates as they were at rev, through the same loader and
    validation as a build. Raises gitinfo.GitError when rev is not a revision."""
    commit = gitinfo.resolve(top, rev)
    files = gitinfo.files_at(top, commit, [data_rel, templates_rel])
    with tempfile.TemporaryDirectory(prefix="pmo-diff-") as tmp:
        root = Path(tmp)
        for path, content in files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if not (root / data_rel).is_dir():
            return Snapshot(rev, {}, None, [])
        found = read_repository(root / data_rel, root / templates_rel, root=root, max_bytes=max_bytes)
    return Snapshot(rev, found.projects, found.organisation, found.errors)


@dataclass
class Moved:
    """A record whose value changed: old -> new."""

    record: object
    old: object
    new: object
    extra: object = None


@dataclass
class ProjectChanges:
    project: object  # the project's charter at HEAD
    rag_reported: tuple | None = None  # latest weekly report's overall, (old, new)
    rag_computed: tuple | None = None  # the rules' overall (rag.assess), (old, new)
    issues_opened: list = field(default_factory=list)
    issues_closed: list[Moved] = field(default_factory=list)  # old -> new status
    issues_reprioritised: list[Moved] = field(default_factory=list)
    issues_due_moved: list[Moved] = field(default_factory=list)
    risks_added: list = field(default_factory=list)
    risk_levels: list[Moved] = field(default_factory=list)  # old -> new level, extra: (old, new) score
    milestones_slipped: list[Moved] = field(default_factory=list)  # extra: days later
    decisions_added: list = field(default_factory=list)
    changes_added: list = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # files that did not parse: not compared

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in (
            "rag_reported", "rag_computed", "issues_opened", "issues_closed", "issues_reprioritised",
            "issues_due_moved", "risks_added", "risk_levels", "milestones_slipped", "decisions_added",
            "changes_added", "unreadable"))


@dataclass
class Summary:
    base: Snapshot
    head: Snapshot
    added: list  # charters of new projects
    removed: list  # charters of removed projects
    projects: list[ProjectChanges]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.projects)


def compare(base: Snapshot, head: Snapshot, as_of: dt.date) -> Summary:
    added = [head.projects[i].project for i in sorted(set(head.projects) - set(base.projects))]
    removed = [base.projects[i].project for i in sorted(set(base.projects) - set(head.projects))]
    changed = []
    for pid in sorted(set(base.projects) & set(head.projects)):
        found = compare_project(base.projects[pid], head.projects[pid], base, head, as_of)
        if not found.empty:
            changed.append(found)
    return Summary(base, head, added, removed, changed)


def _by_id(records) -> dict:
    return {r.id: r for r in records}


def compare_project(old: ProjectData, new: ProjectData, base: Snapshot, head: Snapshot,
                    as_of: dt.date) -> ProjectChanges:
    out = ProjectChanges(new.project)
    failed = old.failed | new.failed
    out.unreadable = sorted(failed)
    readable = lambda key: REGISTERS[key].file not in failed  # noqa: E731 - an unparsed file looks empty

    if readable("reports"):
        before, after = st.latest_report(old.reports), st.latest_report(new.reports)
        pair = (before.overall if before else None, after.overall if after else None)
        out.rag_reported = pair if pair[0] != pair[1] else None
    if not failed:  # the rules read every register: compare only complete data
        pair = (_computed(old, base, as_of), _computed(new, head, as_of))
        out.rag_computed = pair if pair[0] != pair[1] else None
    if readable("issues"):
        compare_issues(out, _by_id(old.issues), _by_id(new.issues), as_of)
    if readable("risks"):
        before, after = _by_id(old.risks), _by_id(new.risks)
        out.risks_added = [after[i] for i in sorted(set(after) - set(before))]
        for rid in sorted(set(before) & set(after)):
            a, b = st.risk_level(before[rid].score), st.risk_level(after[rid].score)
            if a != b:
                out.risk_levels.append(Moved(after[rid], a, b, (before[rid].score, after[rid].score)))
    if readable("milestones"):
        before, after = _by_id(old.milestones), _by_id(new.milestones)
        for mid in sorted(set(before) & set(after)):
            # as the dashboard shows them on as_of: a late pending milestone is expected no earlier
            a, b = st.expected_date(before[mid], as_of), st.expected_date(after[mid], as_of)
            if b > a:
                out.milestones_slipped.append(Moved(after[mid], a, b, (b - a).days))
    if readable("decisions"):
        before = _by_id(old.decisions)
        out.decisions_added = [d for d in sorted(new.decisions, key=lambda d: d.id) if d.id not in before]
    if readable("changes"):
        before = _by_id(old.changes)
        out.changes_added = [c for c in sorted(new.changes, key=lambda c: c.id) if c.id not in before]
    return out


def compare_issues(out: ProjectChanges, before: dict, after: dict, as_of: dt.date) -> None:
    out.issues_opened = [after[i] for i in sorted(set(after) - set(before))]
    for iid in sorted(set(before) & set(after)):
        a, b = before[iid], after[iid]
        if st.is_open(a, as_of) and not st.is_open(b, as_of):  # open as the pages count it
            out.issues_closed.append(Moved(b, a.status, b.status))
        if a.priority != b.priority:
            out.issues_reprioritised.append(Moved(b, a.priority, b.priority))
        if a.due != b.due:
            out.issues_due_moved.append(Moved(b, a.due, b.due))


def _computed(p: ProjectData, snap: Snapshot, as_of: dt.date) -> str | None:
    return rag.assess(p, rag.project_thresholds(p, snap.organisation), as_of).overall
