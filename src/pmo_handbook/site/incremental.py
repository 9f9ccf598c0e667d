"""What `mkdocs serve` keeps between rebuilds: the one cache of a serve session, and its rule.

MkDocs rebuilds the whole site after every save, with the same plugin instance. A Session held
by that instance remembers, for each project folder, its read (parsed, filled from the
directory, checked) and its audience-filtered copy, and for each part of the site (a project's
downloads, a project's pages and search records, a person's page and calendar, the handbook)
what that part produced, under the inputs it was made from.

The rule (docs/guide/architecture.md):
- the *scope* is everything every page may read: the settings, the standard (pmo_templates/),
  data/organisation.yml, data/people.yml, the git commit (the "last updated" dates) and the
  theme's language. When its fingerprint changes, everything is dropped and built again;
- a project's fingerprint is the content of the files of its folder. A project whose fingerprint
  changed is read, checked and filtered again, and every part whose inputs hold it is made again;
  the others are replayed as they were;
- pages made from every project (portfolio, projects list, people directory, 要員計画, the
  portfolio's downloads) are always made again, from the kept per-project results;
- a part not used by a build is forgotten, so nothing outlives the data it came from.
Fingerprints are of file contents (a file's digest is reused while its time, size and inode
are unchanged and it is older than two seconds), not of the watcher's events: an event only
starts a build.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pmo_handbook.loading.audience import project_for
from pmo_handbook.loading.load import ProjectRead, load_repository
from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.settings import Settings
from pmo_handbook.source import gitinfo

T = TypeVar("T")


Known = dict[Path, tuple[tuple[int, int, int], bytes]]  # file -> (mtime_ns, size, inode), its content's digest
SETTLED_NS = 2_000_000_000  # a file changed more recently than this is hashed again (git's "racily clean")


def digest_files(*paths: Path, known: Known | None = None) -> bytes:
    """The content of files and (recursively) folders, with their names; absent paths count.
    known: digests of earlier calls, reused while a file's time, size and inode are unchanged."""
    h = hashlib.sha1()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            h.update(f.as_posix().encode("utf-8", "surrogateescape") + b"\0")
            h.update(_file_digest(f, known))
    return h.digest()


def _file_digest(f: Path, known: Known | None) -> bytes:
    try:
        st = f.stat()
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        if known is not None and (hit := known.get(f)) is not None and hit[0] == stamp:
            return hit[1]
        digest = hashlib.sha1(f.read_bytes()).digest()
    except OSError:
        return b"-"  # absent or unreadable: the loader says which
    if known is not None and time.time_ns() - st.st_mtime_ns > SETTLED_NS:
        known[f] = (stamp, digest)
    return digest


def _head(path: Path) -> str | None:
    top = gitinfo.toplevel(path)
    try:
        return gitinfo.resolve(top, "HEAD") if top else None
    except gitinfo.GitError:
        return None


class Memo:
    """Results of the site's parts under their inputs. Inputs are compared by value, except loaded
    projects, compared by identity: a kept project is the same object until its files change."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[tuple[object, ...], object]] = {}
        self.used: set[str] = set()
        self.made: set[str] = set()  # parts made (not replayed) in this build
        self.last_made: set[str] = set()  # those of the last finished build: what a rebuild cost

    def __call__(self, name: str, inputs: tuple[object, ...], make: Callable[[], T]) -> T:
        self.used.add(name)
        hit = self.kept.get(name)
        if hit is not None and _same(hit[0], inputs):
            return hit[1]  # type: ignore[return-value]  # stored by make() under this name
        value = make()
        self.made.add(name)
        self.kept[name] = (inputs, value)
        return value

    def sweep(self) -> None:
        """Forget the parts this build did not use (a project or person gone)."""
        self.kept = {k: v for k, v in self.kept.items() if k in self.used}
        self.used, self.made, self.last_made = set(), set(), self.made


def _same(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    return len(a) == len(b) and all(x is y if isinstance(x, ProjectData) else x == y for x, y in zip(a, b, strict=True))


@dataclass
class _Project:
    fingerprint: bytes
    read: ProjectRead
    visible: dict[str, ProjectData] = field(default_factory=dict)  # audience -> filtered copy


class Session:
    """The caches of one `mkdocs serve` session (one plugin instance)."""

    def __init__(self) -> None:
        self.scope: tuple[object, ...] | None = None
        self.projects: dict[Path, _Project] = {}
        self.memo = Memo()
        self.known: Known = {}  # digest_files of the project folders, between rebuilds

    def load(self, s: Settings, root: Path) -> Repository:
        """The repository, reusing every project whose files did not change; DataErrors as
        load_repository raises them."""
        scope = (s, root, _head(s.data_dir), digest_files(s.templates_dir, s.data_dir / "organisation.yml",
                                                           s.data_dir / "people.yml"))
        if scope != self.scope:
            self.scope, self.projects, self.memo = scope, {}, Memo()
        seen: set[Path] = set()

        def reuse(folder: Path, read: Callable[[], ProjectRead]) -> ProjectRead:
            seen.add(folder)
            fingerprint = digest_files(folder, known=self.known)
            kept = self.projects.get(folder)
            if kept is None or kept.fingerprint != fingerprint:
                kept = self.projects[folder] = _Project(fingerprint, read())
            return kept.read

        try:
            return load_repository(s.data_dir, s.templates_dir, only=s.project, max_bytes=s.max_file_bytes,
                                   reuse=reuse, lean=True)
        finally:
            self.projects = {f: p for f, p in self.projects.items() if f in seen}

    def filtered(self, p: ProjectData, audience: str) -> ProjectData:
        """project_for(p, audience), kept with the project's read while its files are unchanged."""
        kept = self.projects.get(p.dir)
        if kept is None or kept.read[0] is not p:
            return project_for(p, audience)
        if audience not in kept.visible:
            kept.visible[audience] = project_for(p, audience)
        return kept.visible[audience]
