"""Downloads built from the same definitions as the pages: templates and project registers."""
from __future__ import annotations

from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.settings import Settings

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


# Calendars (register key 'calendar'): milestones and meetings as iCalendar feeds.
from pmo_handbook.exports.ics import portfolio_calendar, project_calendar

PROJECT_PRODUCERS.append(project_calendar)
PORTFOLIO_PRODUCERS.append(portfolio_calendar)

# Standard formats as xlsx/csv/md (keyed by format id) and each project's registers as Excel
# (keyed by register: those with `download` in model/registry.py), all from pmo_templates/formats.yml.
from pmo_handbook.exports.downloads import project_registers, template_files

TEMPLATE_PRODUCERS.append(template_files)
PROJECT_PRODUCERS.append(project_registers)

# The static JSON API (/api/portfolio.json, /api/projects/<id>.json and their schemas).
from pmo_handbook.exports.api import portfolio_files, project_file

PORTFOLIO_PRODUCERS.append(portfolio_files)
PROJECT_PRODUCERS.append(project_file)

# The change feed (/feed.xml, /feed.json, /projects/<id>/feed.xml) from the data's git history.
from pmo_handbook.exports.feeds import feed_files

PORTFOLIO_PRODUCERS.append(feed_files)
