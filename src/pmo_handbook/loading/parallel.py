"""`pmo-handbook validate` of a large data folder on every core.

Projects are independent of each other (their cross-file rules stay inside the project), so the
project folders are shared out among forked worker processes; only the errors travel back. The
result is the same list read_repository gives, in the same order."""
from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pmo_handbook import model as m
from pmo_handbook.errors import DataError
from pmo_handbook.loading import directory
from pmo_handbook.loading.load import Loader, read_project, read_repository
from pmo_handbook.loading.repository import ProjectData, Standard
from pmo_handbook.model.directory import Person
from pmo_handbook.settings import DEFAULT_MAX_FILE_BYTES, default_templates_dir

MIN_PER_WORKER = 25  # below this, starting workers costs more than it saves
Collect = Callable[[ProjectData, Mapping[str, Person]], Any]
"""(a project read without error of its own, the directory) -> what the caller keeps of it,
picklable: made where the project was read, so nothing is read twice."""
# Set before the workers fork: (loader arguments, standard or None, organisation or None,
# (directory,) or None, as_of, collect).
_job: tuple[tuple[Path, Path, Path | None, int], Standard | None, m.Organisation | None,
            tuple[dict[str, Person] | None] | None, dt.date | None, Collect | None] | None = None


class Checked(NamedTuple):
    projects: int  # how many were read
    errors: list[DataError]
    collected: dict[str, Any]  # project id -> collect's result
    people: Mapping[str, Person]  # the directory (data/people.yml), empty without one


def check_data(data_dir: Path, templates_dir: Path | None = None, root: Path | None = None,
               workers: int | None = None, max_bytes: int = DEFAULT_MAX_FILE_BYTES,
               as_of: dt.date | None = None, collect: Collect | None = None) -> Checked:
    """Every error of a data folder, and what collect keeps of each project."""
    global _job
    data_dir = Path(data_dir)
    templates_dir = Path(templates_dir) if templates_dir else default_templates_dir(data_dir)
    project_root = data_dir / "projects"
    folders = sorted(p for p in project_root.iterdir() if p.is_dir()) if project_root.is_dir() else []
    workers = min(workers or os.cpu_count() or 1, len(folders) // MIN_PER_WORKER)
    if workers < 2 or sys.platform != "linux":  # fork is only safe and cheap on Linux
        found = read_repository(data_dir, templates_dir, root=root, max_bytes=max_bytes, as_of=as_of)
        people_of = found.repo.people if found.repo is not None else {}
        kept = {pid: collect(p, people_of) for pid, p in found.projects.items()} if collect else {}
        return Checked(len(found.projects), found.errors, kept, people_of)
    loader = Loader(data_dir, templates_dir, root, max_bytes)
    standard = loader.standard()
    org_path = data_dir / "organisation.yml"
    organisation = loader.parse(org_path, m.Organisation)[0] if org_path.exists() else m.Organisation(name="PMO")
    # read_repository checks cross-file rules only when the standard and organisation parsed
    people, people_src = directory.read(loader, data_dir)
    _job = ((data_dir, templates_dir, root, max_bytes), standard if organisation is not None else None,
            organisation, (people,) if people is not None or people_src is None else None, as_of, collect)
    chunks = [folders[i::workers] for i in range(workers)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_check_folders, chunks)
    finally:
        _job = None
    errors = loader.errors + [e for r in results for e in r.errors]
    if standard is not None and organisation is not None:
        from pmo_handbook.loading.rules import Checker, check_standard
        c = Checker()
        check_standard(c, standard)
        errors += c.errors
    return Checked(sum(r.projects for r in results), sorted(set(errors)),
                   {pid: kept for r in results for pid, kept in r.collected.items()}, people or {})


def _check_folders(folders: list[Path]) -> Checked:
    assert _job is not None, "set by check_data before the workers fork"
    args, standard, organisation, people, as_of, collect = _job
    directory_of: dict[str, Person] | None | Literal[False] = people[0] if people is not None else False
    count, errors, kept = 0, list[DataError](), dict[str, Any]()
    for folder in folders:
        data, found = read_project(Loader(*args), folder, directory_of, standard, organisation, as_of, lean=True)
        count += data is not None
        errors += found
        if data is not None and collect is not None:
            kept[data.id] = collect(data, directory_of or {})
    return Checked(count, errors, kept, {})
