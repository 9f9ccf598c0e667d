"""What git knows about the data: the repository root, when each file last changed, and the
files at a given revision. Every function degrades quietly when git or the checkout is missing."""
from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path


class GitError(Exception):
    pass


def _git(cwd: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, input=data,
                              capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def toplevel(path: Path) -> Path | None:
    """The root of the git checkout holding path, or None outside one."""
    folder = Path(path).resolve()
    while not folder.is_dir():
        folder = folder.parent
    try:
        return Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    except GitError:
        return None


@lru_cache(maxsize=8)
def _dates(top: Path, head: str) -> dict[Path, dt.date]:
    # One pass over the history: the first time a path appears (newest first) is its last change.
    out: dict[Path, dt.date] = {}
    raw = _git(top, "log", "--no-renames", "--name-only", "--format=%x1e%cs", "-z")
    for chunk in raw.decode("utf-8", "replace").split("\x1e")[1:]:
        # "<date>\0\n<path>\0<path>\0…": NUL-separated, so any file name is safe
        date_text, *names = chunk.split("\x00")
        day = dt.date.fromisoformat(date_text.strip())
        for name in names:
            name = name.strip("\n")
            if name:
                out.setdefault(top / name, day)
    return out


def last_changed(path: Path) -> dict[Path, dt.date]:
    """Absolute path -> date of the last commit touching it, for every file in path's
    checkout; empty outside git. Cached per commit, so one build runs git log once."""
    top = toplevel(path)
    if top is None:
        return {}
    try:
        return _dates(top, _git(top, "rev-parse", "HEAD").decode().strip())
    except (GitError, ValueError):
        return {}


NO_BLOB = "0" * 40  # the "old" side of a file a commit adds, the "new" side of one it deletes


@lru_cache(maxsize=8)
def _changes(top: Path, head: str) -> dict[Path, tuple[tuple[dt.date, str, str], ...]]:
    out: dict[Path, list[tuple[dt.date, str, str]]] = {}
    raw = _git(top, "log", "--no-renames", "--raw", "--no-abbrev", "-z", "--format=%x1e%cs")
    for chunk in raw.decode("utf-8", "replace").split("\x1e")[1:]:
        # "<date>\0\n:<mode> <mode> <old> <new> <status>\0<path>\0…"
        date_text, *fields = chunk.split("\x00")
        day = dt.date.fromisoformat(date_text.strip())
        for meta, name in zip(fields[0::2], fields[1::2], strict=False):  # a last odd field is noise
            parts = meta.strip("\n").split()
            if len(parts) >= 4 and name:
                out.setdefault(top / name, []).append((day, parts[2], parts[3]))
    return {path: tuple(found) for path, found in out.items()}


def changes(path: Path) -> dict[Path, tuple[tuple[dt.date, str, str], ...]]:
    """Absolute path -> (date, blob before, blob after) of every commit that changed it, newest
    first, for every file in path's checkout; empty outside git. One `git log` per commit."""
    top = toplevel(path)
    if top is None:
        return {}
    try:
        return _changes(top, _git(top, "rev-parse", "HEAD").decode().strip())
    except (GitError, ValueError):
        return {}


def blobs(path: Path, shas: list[str]) -> dict[str, bytes]:
    """Blob id -> content, read in one `git cat-file` call, in path's checkout."""
    top = toplevel(path)
    wanted = sorted({sha for sha in shas if sha != NO_BLOB})
    if top is None or not wanted:
        return {}
    out = _git(top, "cat-file", "--batch", data="".join(f"{sha}\n" for sha in wanted).encode())
    found, pos = {}, 0
    for sha in wanted:  # each answer: "<sha> blob <size>\n<content>\n"
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        found[sha] = out[header_end + 1: header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return found


def files_at(top: Path, rev: str, folders: list[str]) -> dict[str, bytes]:
    """Repository path -> content of every regular file under folders at revision rev."""
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", rev, "--", *folders)
    entries = []
    for entry in listing.decode("utf-8", "replace").split("\x00"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        mode, kind, sha = meta.split()
        if kind == "blob" and mode in ("100644", "100755"):  # symlinks and submodules are not data
            entries.append((path, sha))
    content = blobs(top, [sha for _, sha in entries])
    return {path: content[sha] for path, sha in entries}


def log(top: Path, *args: str) -> str:
    """`git log` with args (the change feed lists the commits touching the data folder)."""
    return _git(top, "log", *args).decode("utf-8", "replace")


def resolve(top: Path, rev: str) -> str:
    """Full commit id of rev; GitError with git's message when it is not a revision."""
    try:
        return _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"'{rev}' is not a commit in {top}") from None


class Freshness:
    """When the data behind a page last changed: a file's last commit, or for a folder the
    newest commit under it. Reads the history once per checkout. adjust, when given, turns
    each path's {file: date} into the dates to show (e.g. of what one audience can see)."""

    def __init__(self, *paths: Path, adjust: Callable[[Path, dict[Path, dt.date]], dict[Path, dt.date]] | None = None):
        self.dates: dict[Path, dt.date] = {}
        for path in paths:
            dates = last_changed(path)
            for file, day in (adjust(path, dates) if adjust else dates).items():
                for folder in (file, *file.parents):  # a folder is as fresh as its newest file
                    if self.dates.get(folder, dt.date.min) >= day:
                        break
                    self.dates[folder] = day

    def of(self, path: Path | None) -> dt.date | None:
        return self.dates.get(Path(path).resolve()) if path is not None else None


def shallow(top: Path) -> bool:
    """True in a shallow clone (CI checkouts of depth 1): older commits are missing."""
    try:
        return _git(top, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
    except GitError:
        return False


def mainline(top: Path, rel: str) -> list[tuple[str, dt.date]]:
    """(commit, committer's date) of the commits on HEAD's first-parent line that changed rel,
    newest first: the states of rel as the main branch knew them. Empty without commits."""
    try:
        raw = _git(top, "log", "--first-parent", "--format=%H %cs", "--", rel).decode()
    except GitError:
        return []
    return [(sha, dt.date.fromisoformat(day)) for sha, day in (ln.split() for ln in raw.splitlines() if ln)]


def sizes(top: Path, specs: list[str]) -> dict[str, tuple[str, int]]:
    """"<commit>:<path>" -> (blob id, size) for each spec naming a file, in one `git cat-file`
    call; specs that name nothing (the file did not exist then) are left out."""
    wanted = [s for s in dict.fromkeys(specs) if "\n" not in s]
    if not wanted:
        return {}
    out = _git(top, "cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)",
               data="".join(f"{s}\n" for s in wanted).encode())
    found = {}
    for spec, answer in zip(wanted, out.decode("utf-8", "replace").splitlines(), strict=False):
        parts = answer.split()  # "<sha> blob <size>" or "<spec> missing"
        if len(parts) == 3 and parts[1] == "blob":
            found[spec] = (parts[0], int(parts[2]))
    return found
