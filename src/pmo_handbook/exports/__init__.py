"""Downloads built from the same definitions as the pages: templates and project registers."""
from __future__ import annotations

from ..repository import ProjectData, Repository
from ..settings import Settings

# Each producer returns (src_uri, bytes, register key, label) tuples; the site builder turns
# them into downloads and links. Producers are added by the export modules of this package.
TEMPLATE_PRODUCERS: list = []   # f(repo, settings) -> list[tuple[str, bytes, str, str]]
PROJECT_PRODUCERS: list = []    # f(p, repo, settings) -> list[tuple[str, bytes, str, str]]
PORTFOLIO_PRODUCERS: list = []  # f(repo, settings) -> list[tuple[str, bytes, str, str]]


def template_downloads(repo: Repository, settings: Settings) -> list[tuple[str, bytes, str, str]]:
    return [d for produce in TEMPLATE_PRODUCERS for d in produce(repo, settings)]


def project_downloads(p: ProjectData, repo: Repository, settings: Settings) -> list[tuple[str, bytes, str, str]]:
    return [d for produce in PROJECT_PRODUCERS for d in produce(p, repo, settings)]


def portfolio_downloads(repo: Repository, settings: Settings) -> list[tuple[str, bytes, str, str]]:
    return [d for produce in PORTFOLIO_PRODUCERS for d in produce(repo, settings)]
