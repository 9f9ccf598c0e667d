"""`pmo-handbook validate` of a large data folder on every core.

Projects are independent of each other (their cross-file rules stay inside the project), so the
project folders are shared out among forked worker processes; only the errors travel back. The
result is the same list read_repository gives, in the same order."""
from __future__ import annotations

import datetime as dt

import multiprocessing
import os
import sys
from pathlib import Path

from pmo_handbook import model as m
from pmo_handbook.errors import DataError
from pmo_handbook.loading import directory
from pmo_handbook.loading.load import Loader, read_project, read_repository
from pmo_handbook.loading.repository import Standard
from pmo_handbook.model.directory import Person
from pmo_handbook.settings import DEFAULT_MAX_FILE_BYTES, default_templates_dir

MIN_PER_WORKER = 25  # below this, starting workers costs more than it saves
# Set before the workers fork: (loader arguments, standard or None, organisation or None).
_job: tuple[tuple[Path, Path, Path | None, int], Standard | None, m.Organisation | None,
            tuple[dict[str, Person] | None] | None, dt.date | None] | None = None


def check_data(data_dir: Path, templates_dir: Path | None = None, root: Path | None = None,
               workers: int | None = None,
               max_bytes: int = DEFAULT_MAX_FILE_BYTES, as_of: dt.date | None = None) -> tuple[int, list[DataError]]:
    """(number of projects read, every error found) for a data folder."""
    global _job
    data_dir = Path(data_dir)
    templates_dir = Path(templates_dir) if templates_dir else default_templates_dir(data_dir)
    project_root = data_dir / "projects"
    folders = sorted(p for p in project_root.iterdir() if p.is_dir()) if project_root.is_dir() else []
    workers = min(workers or os.cpu_count() or 1, len(folders) // MIN_PER_WORKER)
    if workers < 2 or sys.platform != "linux":  # fork is only safe and cheap on Linux
        found = read_repository(data_dir, templates_dir, root=root, max_bytes=max_bytes, as_of=as_of)
        return len(found.projects), found.errors
    loader = Loader(data_dir, templates_dir, root, max_bytes)
    standard = loader.standard()
    org_path = data_dir / "organisation.yml"
    organisation = loader.parse(org_path, m.Organisation)[0] if org_path.exists() else m.Organisation(name="PMO")
    # read_repository checks cross-file rules only when the standard and organisation parsed
    people, people_src = directory.read(loader, data_dir)
    _job = ((data_dir, templates_dir, root, max_bytes), standard if organisation is not None else None,
            organisation, (people,) if people is not None or people_src is None else None, as_of)
    chunks = [folders[i::workers] for i in range(workers)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_check_folders, chunks)
    finally:
        _job = None
    errors = loader.errors + [e for _, found in results for e in found]
    if standard is not None and organisation is not None:
        from pmo_handbook.loading.rules import Checker, check_standard
        c = Checker()
        check_standard(c, standard)
        errors += c.errors
    return sum(n for n, _ in results), sorted(set(errors))


def _check_folders(folders: list[Path]) -> tuple[int, list[DataError]]:
    assert _job is not None, "set by check_data before the workers fork"
    args, standard, organisation, people, as_of = _job
    count, errors = 0, list[DataError]()
    for folder in folders:
        data, found = read_project(Loader(*args), folder, people[0] if people is not None else False,
                                   standard, organisation, as_of)
        count += data is not None
        errors += found
    return count, errors
