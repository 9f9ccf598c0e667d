"""Project downloads made ahead, in a forked worker, while the site builder renders pages.

The Excel registers are the largest single cost of a build (openpyxl styles every cell: about a
quarter of a 50-project build), and pages and downloads of a project are independent, so a
second process makes them while this one renders; a plain MkDocs build leaves that core idle.
Small portfolios, other platforms than Linux (fork is cheap and safe only there) and one-core
machines make them in turn as before. The bytes are the same either way: the same functions run
on the same data, forked from this process."""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from pmo_handbook.exports import Produced, project_downloads
from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.settings import Settings

MIN_PROJECTS = 8  # below this, forking costs about what it saves
# What the worker inherits when it forks: the repository and settings of the build.
_job: tuple[Repository, Settings] | None = None


def _make(pid: str) -> Produced:
    assert _job is not None, "the worker forks after _job is set"
    repo, settings = _job
    return project_downloads(repo.projects[pid], repo, settings)


class AheadDownloads:
    """project id -> its downloads; get() waits for the worker's, or makes them here."""

    def __init__(self, repo: Repository, settings: Settings, projects: Sequence[ProjectData]) -> None:
        global _job
        self.repo, self.settings = repo, settings
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[str, Future[Produced]] = {}
        if len(projects) < MIN_PROJECTS or (os.cpu_count() or 1) < 2 or sys.platform != "linux":
            return
        _job = (repo, settings)
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        self.futures = {p.id: self.pool.submit(_make, p.id) for p in projects}

    def get(self, p: ProjectData) -> Produced:
        future = self.futures.pop(p.id, None)
        return future.result() if future else project_downloads(p, self.repo, self.settings)

    def close(self) -> None:
        global _job
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        _job = None
