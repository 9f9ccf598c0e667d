"""A project's data as it was known on past dates, read from git, for the weekly trend
(status/history.py): risk scores, forecasts, WBS progress, priorities, due dates and RAG
thresholds change in place, so only the history of the files can say what they were.

The data known on a date D is the last commit on or before D of the main line (HEAD's
first-parent history) that changed the data folder, dated by its committer's own date (the
organisation defines no time zone; the pages' 「最終更新」 dates are read the same way). Only the
files the RAG rules read are taken from it (READ and organisation.yml), parsed by the same YAML
reader and models as a build and cut down for the build's audience. Bounded: one `git log`;
one `git cat-file --batch-check` for the ids and sizes of every file a build needs; one
`git cat-file --batch` for the distinct versions within the size limit and within BUDGET bytes
in all (newest weeks first); every (commit, file) and every parsed version is kept for the
build. Nothing is written, nothing outside the repository is read.

Git cannot tell (a reason instead of a snapshot) outside a git checkout ("no_git"), in a
shallow clone whose older commits are missing ("shallow"), on a date before any commit holding
the project ("no_commit"), and for weeks beyond the budget ("budget").
"""
from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmo_handbook.errors import DataError
from pmo_handbook.loading.audience import project_for, sees
from pmo_handbook.loading.load import people_in
from pmo_handbook.loading.repository import ProjectData
from pmo_handbook.loading.schema_errors import validate
from pmo_handbook.model.organisation import Organisation
from pmo_handbook.model.registry import REGISTERS
from pmo_handbook.settings import DEFAULT_MAX_FILE_BYTES
from pmo_handbook.source import gitinfo
from pmo_handbook.source.yamlsrc import YamlFileError, load_bytes, oversize
from pmo_handbook.tabular.vocabulary import People

# What rag.assess reads, members for names. Not issues.yml: the largest file, and its records
# date what the rules use (raised, due, closed), so the trend reads them from today's data.
READ = ("project", "members", "milestones", "wbs", "risks")
ORGANISATION = "organisation"  # the key of organisation.yml among a snapshot's failed files
# Bytes of distinct file versions one build parses from git (~5 s here). A large portfolio whose
# files change every week exceeds it (200 demo projects: ~4 MB a week); its older weeks are then
# read from today's data ("budget"), the newest kept.
BUDGET = 8 * 2**20


@dataclass(frozen=True)
class Snapshot:
    """One project as one commit held it, for the build's audience."""

    commit: str
    committed: dt.date
    data: ProjectData | None  # None: project.yml did not parse, or the audience did not see the project then
    organisation: Organisation | None  # None: no organisation.yml then (the defaults applied)
    failed: dict[str, DataError] = field(default_factory=dict)  # register key or ORGANISATION -> first error

    @property
    def short(self) -> str:
        return self.commit[:7]


class GitPast:
    """The data as the main line of the git history knew it on past dates; one per build."""

    def __init__(self, data_dir: Path, audience: str, max_bytes: int = DEFAULT_MAX_FILE_BYTES,
                 budget: int = BUDGET):
        self.audience, self.max_bytes, self.budget = audience, max_bytes, budget
        top = gitinfo.toplevel(data_dir)
        self.top = top
        self.reason = "no_git" if top is None else "shallow" if gitinfo.shallow(top) else None
        self.rel = Path(data_dir).resolve().relative_to(top).as_posix() if top else ""
        self.commits = gitinfo.mainline(top, self.rel) if top and not self.reason else []
        self._found: dict[str, tuple[str, int] | None] = {}  # "<commit>:<path>" -> (blob, size); None: absent
        self._content: dict[str, bytes] = {}
        self._parsed: dict[tuple[str, str, str | None], tuple[Any, DataError | None]] = {}
        self._snapshots: dict[tuple[str, str], Snapshot | None] = {}
        self._names: dict[str, People | None] = {}  # members.yml version -> the names it gives
        self._plan: set[tuple[str, str]] | None = None  # (commit, project) pairs prefetch allows; None: all

    @property
    def usable(self) -> bool:
        return self.reason is None

    def commit_on(self, date: dt.date) -> tuple[str, dt.date] | None:
        """The last commit of the data on or before date."""
        return next(((sha, day) for sha, day in self.commits if day <= date), None)

    def prefetch(self, projects: Iterable[str], dates: Iterable[dt.date]) -> None:
        """Plan the build's reading: the files of every project on every date located in one
        `git cat-file` call, then, newest week first and project by project, as many weeks as
        the budget of file versions to parse allows (the rest: "budget"), read in one more."""
        commits = list(dict.fromkeys(found[0] for d in sorted(dates, reverse=True) if (found := self.commit_on(d))))
        ids = sorted(projects)
        self._locate([self._spec(c, pid, key) for c in commits for pid in ids for key in READ]
                     + [self._spec(c, None, ORGANISATION) for c in commits])
        self._plan, spent, counted, stopped = set(), 0, set[tuple[str, int]](), set[str]()
        for commit in commits:
            for pid in ids:
                need = self._versions(commit, pid) - counted
                if pid in stopped or spent + sum(size for _, size in need) > self.budget:
                    stopped.add(pid)  # a project's trend reads git back from today without a gap
                    continue
                self._plan.add((commit, pid))
                spent, counted = spent + sum(size for _, size in need), counted | need
        self._load({sha for sha, _ in counted})

    def at(self, project_id: str, date: dt.date) -> Snapshot | str:
        """The project as committed on or before date, or the reason git cannot tell."""
        found = self.commit_on(date) if self.usable else None
        if found is None:
            return self.reason or "no_commit"
        key = (found[0], project_id)
        if self._plan is not None and key not in self._plan:
            return "budget"
        if key not in self._snapshots:
            self._snapshots[key] = self._snapshot(project_id, *found)
        return self._snapshots[key] or "no_commit"

    def _spec(self, commit: str, project_id: str | None, key: str) -> str:
        file = "organisation.yml" if key == ORGANISATION else f"projects/{project_id}/{REGISTERS[key].file}"
        return f"{commit}:{posixpath.normpath(posixpath.join(self.rel, file))}"

    def _specs(self, commit: str, project_id: str) -> list[str]:
        return [self._spec(commit, project_id, k) for k in READ] + [self._spec(commit, None, ORGANISATION)]

    def _versions(self, commit: str, project_id: str) -> set[tuple[str, int]]:
        """(blob, size) of the project's files at commit that are to be parsed (within the limit)."""
        located = (self._found.get(spec) for spec in self._specs(commit, project_id))
        return {v for v in located if v is not None and v[1] <= self.max_bytes}

    def _locate(self, specs: list[str]) -> None:
        wanted = [s for s in specs if s not in self._found]
        if wanted and self.top is not None:
            found = gitinfo.sizes(self.top, wanted)
            self._found.update({s: found.get(s) for s in wanted})

    def _load(self, shas: set[str]) -> None:
        missing = sorted(shas - self._content.keys())
        if missing and self.top is not None:
            self._content.update(gitinfo.blobs(self.top, missing))

    def _snapshot(self, project_id: str, commit: str, day: dt.date) -> Snapshot | None:
        """None when the commit holds no project.yml of the project (it came later)."""
        self._locate(self._specs(commit, project_id))
        self._load({sha for sha, _ in self._versions(commit, project_id)})
        if self._found.get(self._spec(commit, project_id, "project")) is None:
            return None
        organisation, org_error = self._read(commit, None, ORGANISATION, Organisation)
        failed = {ORGANISATION: org_error} if org_error else {}
        values: dict[str, Any] = {}
        for key in READ:
            value, error = self._read(commit, project_id, key, REGISTERS[key].root)
            if error:
                failed[key] = error
            elif value is not None:
                values[key] = REGISTERS[key].held(value)
        return Snapshot(commit, day, self._visible(project_id, values), organisation, failed)

    def _visible(self, project_id: str, values: dict[str, Any]) -> ProjectData | None:
        project = values.get("project")
        if project is None or not sees(self.audience, project.visibility):
            return None
        folder = (self.top or Path()) / self.rel / "projects" / project_id
        return project_for(ProjectData(dir=folder, **values), self.audience)

    def _read(self, commit: str, project_id: str | None, key: str, root: Any) -> tuple[Any, DataError | None]:
        """(model or None, first error or None) of one file at commit; (None, None) when absent.
        Members' names are read first, so that the other files may name a person by name."""
        spec = self._spec(commit, project_id, key)
        found = self._found.get(spec)
        if found is None:
            return None, None
        shown = f"{spec.split(':', 1)[1]}@{commit[:7]}"
        if found[1] > self.max_bytes:
            return None, oversize(shown, found[1], self.max_bytes)
        names = self._found.get(self._spec(commit, project_id, "members")) if project_id else None
        cache_key = (found[0], key, names[0] if names else None)
        if cache_key not in self._parsed:
            people = self._people(names[0]) if names and names[1] <= self.max_bytes else None
            self._parsed[cache_key] = _parse(self._content[found[0]], shown, root, people, self.max_bytes)
        return self._parsed[cache_key]

    def _people(self, sha: str) -> People | None:
        if sha not in self._names:
            try:
                value = load_bytes(self._content[sha], Path("members.yml"), "members.yml", self.max_bytes).value
                self._names[sha] = people_in(value)
            except YamlFileError:
                self._names[sha] = None
        return self._names[sha]


def _parse(content: bytes, shown: str, root: Any, people: People | None, limit: int
           ) -> tuple[Any, DataError | None]:
    try:
        src = load_bytes(content, Path(shown), shown, limit)
    except YamlFileError as exc:
        return None, exc.error
    value, errors = validate(src, root, people)
    return value, (errors[0] if errors else None)
