"""Downloads built from the same definitions as the pages: templates and project registers."""
from __future__ import annotations

from collections.abc import Callable

from pmo_handbook.exports.api import portfolio_files, project_file
from pmo_handbook.exports.downloads import project_registers, template_files
from pmo_handbook.exports.each import Each, made
from pmo_handbook.exports.feeds import feed_files
from pmo_handbook.exports.ics import portfolio_calendar, project_calendar
from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.settings import Settings

Produced = list[tuple[str, bytes, str, str]]  # (src_uri, bytes, register key, label)

# Each producer returns Produced; the site builder turns them into downloads and links.
# Templates: every standard format as xlsx/csv/md (keyed by format id), from pmo_templates/formats.yml.
TEMPLATE_PRODUCERS: list[Callable[[Repository, Settings], Produced]] = [template_files]
# Projects: milestones and meetings as an iCalendar feed (key 'calendar'), and each register with
# `download` in model/registry.py as Excel (keyed by register), and the project's JSON API file.
PROJECT_PRODUCERS: list[Callable[[ProjectData, Repository, Settings], Produced]] = [
    project_calendar, project_registers, project_file]
# The portfolio: its calendar, the JSON API (/api/portfolio.json and the schemas), and the change
# feeds (/feed.xml, /feed.json, /projects/<id>/feed.xml) from the data's git history.
PORTFOLIO_PRODUCERS: list[Callable[[Repository, Settings, Each], Produced]] = [
    portfolio_calendar, portfolio_files, feed_files]


def template_downloads(repo: Repository, settings: Settings) -> Produced:
    return [d for produce in TEMPLATE_PRODUCERS for d in produce(repo, settings)]


def project_downloads(p: ProjectData, repo: Repository, settings: Settings) -> Produced:
    return [d for produce in PROJECT_PRODUCERS for d in produce(p, repo, settings)]


def portfolio_downloads(repo: Repository, settings: Settings, each: Each = made) -> Produced:
    return [d for produce in PORTFOLIO_PRODUCERS for d in produce(repo, settings, each)]
