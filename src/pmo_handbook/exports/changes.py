"""What a change to the data does to project status: the data at two git revisions, compared
record by record, for a pull-request comment (`pmo-handbook diff BASE HEAD`)."""
from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from pmo_handbook.model.registry import REGISTERS
from pmo_handbook.source import gitinfo
from pmo_handbook.status import rag
from pmo_handbook import status as st
from pmo_handbook.errors import DataError
from pmo_handbook.loading.load import read_repository
from pmo_handbook.loading.repository import ProjectData
from pmo_handbook.model.organisation import Organisation
from pmo_handbook.model.project import Project
from pmo_handbook.model.registers import Change, Decision, Issue, Risk
from pmo_handbook.settings import DEFAULT_MAX_FILE_BYTES


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Identified)
Rag = str | None  # an overall colour, None where not assessed


@dataclass
class Snapshot:
    rev: str  # as the user named it
    projects: dict[str, ProjectData]
    organisation: Organisation | None
    errors: list[DataError]


def snapshot_at(top: Path, rev: str, data_rel: str, templates_rel: str,
                max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Snapshot:
    """Load the data and standard templates as they were at rev, through the same loader and
    validation as a build. Raises gitinfo.GitError when rev is not a revision."""
    commit = gitinfo.resolve(top, rev)
    files = gitinfo.files_at(top, commit, [data_rel, templates_rel])
    refused: list[DataError] = []
    with tempfile.TemporaryDirectory(prefix="pmo-diff-") as tmp:
        root = Path(tmp)
        for path, content in files.items():
            problem = _unsafe(path) or _write_new(root, path, content)
            if problem:
                refused.append(DataError(path.split("/")[0], 1, 1,
                                         f"git tree entry '{path}' not read: {problem}"))
        if not (root / data_rel).is_dir():
            return Snapshot(rev, {}, None, refused)
        found = read_repository(root / data_rel, root / templates_rel, root=root, max_bytes=max_bytes)
    return Snapshot(rev, found.projects, found.organisation, refused + found.errors)


def _unsafe(path: str) -> str | None:
    """Why a path from a git tree must not be written below the snapshot folder. git mktree
    accepts '..' entries, and plain `git fetch` does not check them."""
    if path.startswith("/"):
        return "absolute path"
    if any(part in ("", ".", "..") for part in path.split("/")):
        return "'..', '.' or an empty part"
    return None


def _write_new(root: Path, path: str, content: bytes) -> str | None:
    """Write one file that must not exist yet (no entry may replace or go through another);
    the reason when it cannot be written."""
    target = root.joinpath(*path.split("/"))
    if not target.resolve().is_relative_to(root.resolve()):
        return "outside the snapshot"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as f:
            f.write(content)
    except OSError as exc:  # a file where a folder should be, a duplicate entry
        return exc.strerror or type(exc).__name__
    return None


@dataclass
class Moved:
    """A record whose value changed: old -> new."""

    record: object
    old: object
    new: object
    extra: object = None


@dataclass
class ProjectChanges:
    project: Project  # the project's charter at HEAD
    rag_reported: tuple[Rag, Rag] | None = None  # latest weekly report's overall, (old, new)
    rag_computed: tuple[Rag, Rag] | None = None  # the rules' overall (rag.assess), (old, new)
    issues_opened: list[Issue] = field(default_factory=list)
    issues_closed: list[Moved] = field(default_factory=list)  # old -> new status
    issues_reprioritised: list[Moved] = field(default_factory=list)
    issues_due_moved: list[Moved] = field(default_factory=list)
    risks_added: list[Risk] = field(default_factory=list)
    risk_levels: list[Moved] = field(default_factory=list)  # old -> new level, extra: (old, new) score
    milestones_slipped: list[Moved] = field(default_factory=list)  # extra: days later
    decisions_added: list[Decision] = field(default_factory=list)
    changes_added: list[Change] = field(default_factory=list)
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
    added: list[Project]  # charters of new projects
    removed: list[Project]  # charters of removed projects
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


def _by_id(records: Iterable[R]) -> dict[str, R]:
    return {r.id: r for r in records}


def compare_project(old: ProjectData, new: ProjectData, base: Snapshot, head: Snapshot,
                    as_of: dt.date) -> ProjectChanges:
    out = ProjectChanges(new.project)
    failed = old.failed | new.failed
    out.unreadable = sorted(failed)

    def readable(key: str) -> bool:  # an unparsed file looks empty
        return REGISTERS[key].file not in failed

    if readable("reports"):
        old_report, new_report = st.latest_report(old.reports), st.latest_report(new.reports)
        pair: tuple[Rag, Rag] = (old_report.overall if old_report else None,
                                 new_report.overall if new_report else None)
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
        old_ms, new_ms = _by_id(old.milestones), _by_id(new.milestones)
        for mid in sorted(set(old_ms) & set(new_ms)):
            # as the dashboard shows them on as_of: a late pending milestone is expected no earlier
            was, now = st.expected_date(old_ms[mid], as_of), st.expected_date(new_ms[mid], as_of)
            if now > was:
                out.milestones_slipped.append(Moved(new_ms[mid], was, now, (now - was).days))
    if readable("decisions"):
        old_decisions = _by_id(old.decisions)
        out.decisions_added = [d for d in sorted(new.decisions, key=lambda d: d.id) if d.id not in old_decisions]
    if readable("changes"):
        old_changes = _by_id(old.changes)
        out.changes_added = [c for c in sorted(new.changes, key=lambda c: c.id) if c.id not in old_changes]
    return out


def compare_issues(out: ProjectChanges, before: dict[str, Issue], after: dict[str, Issue], as_of: dt.date) -> None:
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
