"""Assemble every generated page of the site from a loaded repository."""
from __future__ import annotations

import copy
from functools import partial
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pmo_handbook import exports
from pmo_handbook.exports.ahead import AheadDownloads
from pmo_handbook.loading.audience import for_audience
from pmo_handbook.loading.directory import person_id
from pmo_handbook.loading.freshness import visible_dates
from pmo_handbook.tabular.columns import table
from pmo_handbook.exports.xlsx import guide_rows
from pmo_handbook import status as st
from pmo_handbook.source.gitinfo import Freshness
from pmo_handbook.i18n import labels
from pmo_handbook.exports import Produced
from pmo_handbook.loading.repository import ProjectData, Repository, Standard
from pmo_handbook.model.plan import Schedule
from pmo_handbook.model.registry import TEMPLATES
from pmo_handbook.model.standard import ProcessItem
from pmo_handbook.settings import AUDIENCES, Settings, SettingsError
from pmo_handbook.site.text import nav_title
from pmo_handbook.site.links import PROJECTS_INDEX, make_link, page_dir, project_page_uri
from pmo_handbook.site import people as people_site
from pmo_handbook.site.portfolio import portfolio_context, portfolio_row
from pmo_handbook.site.project import (onboarding_context, project_pages, project_context, tailoring_context,
                                       team_context)
from pmo_handbook.site.render import render
from pmo_handbook.site.search import RECORD_PAGES, SearchRecord, project_records, standard_records
from pmo_handbook.site.steering import past_for, steering_context
from pmo_handbook.site.wbs import wbs_context

if TYPE_CHECKING:  # the serve session imports this module
    from pmo_handbook.site.incremental import Memo, Session

T = TypeVar("T")
Nav = list["str | dict[str, str | Nav]"]  # MkDocs nav: a page, or a title and its page or its section's entries
Context = dict[str, Any]  # what a page's template reads: free-form by nature


@dataclass
class Page:
    src_uri: str  # e.g. projects/kansai-dx/issues.md
    content: str
    edit_path: str | None = None  # repository path of the data file behind the page


@dataclass
class Download:
    src_uri: str
    content: bytes


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    nav: Nav = field(default_factory=list)
    search: list[SearchRecord] = field(default_factory=list)  # one per record, for the index


@dataclass
class Part:
    """What one part of the site added: kept by mkdocs serve and replayed while its inputs hold."""
    pages: list[Page]
    downloads: list[Download]
    links: dict[str | None, dict[str, list[tuple[str, str]]]]
    search: list[SearchRecord]


class SiteBuilder:
    def __init__(self, repo: Repository, settings: Settings, edit_root: Path | None = None,
                 download_uri: Callable[[str], str] | None = None, memo: Memo | None = None) -> None:
        self.repo, self.settings = repo, settings
        self.memo = memo  # mkdocs serve: the parts kept from the last build (site/incremental.py)
        self.download_uri = download_uri or (lambda uri: uri)  # the export moves .md downloads
        self.lang = settings.lang
        self.L = labels(self.lang)
        self.site = Site()
        self.edit_root = edit_root  # repository root, for edit links to data files
        # (project id or None for site-wide) -> register key -> [(label, src_uri)] for page links
        self.links: dict[str | None, dict[str, list[tuple[str, str]]]] = {}
        # Last commit date of every data file: one `git log` pass per build, nothing outside git;
        # below restricted, of the last commit that changed what this audience sees.
        folders = {p.dir.resolve() for p in repo.projects.values()}
        adjust = None if settings.audience == AUDIENCES[-1] else visible_dates(
            settings.audience, (repo.data_dir / "projects").resolve(), folders)
        self.freshness = self.kept("freshness", (frozenset(folders),),
                                   lambda: Freshness(repo.data_dir, repo.templates_dir, adjust=adjust))
        self.person_pages = people_site.shown_people(repo, bool(settings.project))  # /people/<id>/
        self.past = past_for(repo, settings)  # the trend's past weeks as git knew them
        self.plan_warnings: list[Any] | None = None  # people_site.plan_warnings, once a build
        self.load_table: dict[str, Any] | None = None  # people_site.load_table, once a build

    def add(self, src_uri: str, template: str, edit: Path | str | None = None, source: Path | None = None,
            **context: Any) -> None:
        """edit: the data file a person edits to change the page ("edit this page" opens it);
        source: the file or folder whose last change the page shows (default: edit)."""
        if isinstance(edit, Path):  # a repository-relative string is taken as it is
            source = source or edit
            # An optional register the project has not created yet has no file to open.
            edit = self.edit_path(edit) if edit.exists() else None
        here = page_dir(src_uri)
        context.setdefault("downloads", self.links.get(None, {}))
        context.setdefault("person_pages", self.person_pages)  # member names link to /people/<id>/
        content = render(self.lang, template, link=make_link(here), st=st,
                         org=self.repo.organisation, **context)
        updated = self.freshness.of(source)
        if updated:
            content += render(self.lang, "_updated.j2", updated=updated)
        self.site.pages.append(Page(src_uri, content, edit))

    def edit_path(self, path: Path) -> str | None:
        if self.edit_root is None:
            return None
        try:
            return path.resolve().relative_to(self.edit_root.resolve()).as_posix()
        except ValueError:
            return None

    def download(self, owner: str | None, produced: Produced) -> None:
        for uri, content, key, label in produced:
            src_uri = self.download_uri(uri)
            self.site.downloads.append(Download(src_uri, content))
            self.links.setdefault(owner, {}).setdefault(key, []).append((label, src_uri))

    def kept(self, name: str, inputs: tuple[object, ...], make: Callable[[], T]) -> T:
        """make(), or in mkdocs serve its result from an earlier build with the same inputs."""
        return self.memo(name, inputs, make) if self.memo is not None else make()

    def each(self, name: str, p: ProjectData, make: Callable[[], T]) -> T:
        """One project's share of a portfolio-wide view (exports.each.Each): kept with the project."""
        return self.kept(f"{name}:{p.id}", (p,), make)

    def part(self, name: str, inputs: tuple[object, ...], produce: Callable[[], None]) -> None:
        """Run produce(), which adds pages, downloads, links and search records; in mkdocs serve
        what it added for the same inputs is added again without running it."""
        done = self.kept(name, inputs, lambda: self.record(produce))
        self.site.pages += done.pages
        self.site.downloads += done.downloads
        self.site.search += done.search
        self.links.update(copy.deepcopy(done.links))  # later downloads add to an owner's lists

    def record(self, produce: Callable[[], None]) -> Part:
        site, links = self.site, self.links
        self.site, self.links = Site(), dict(links)
        try:
            produce()
            return Part(self.site.pages, self.site.downloads,
                        {k: v for k, v in self.links.items() if k not in links}, self.site.search)
        finally:
            self.site, self.links = site, links

    def build(self) -> Site:
        projects = sorted(self.repo.projects.values(), key=lambda p: p.id)
        # A full build makes the projects' downloads ahead in a second process (exports/ahead.py);
        # mkdocs serve remakes only a changed project's, here.
        ahead = AheadDownloads(self.repo, self.settings, projects if self.memo is None else ())
        try:
            self.part("templates", (),
                      lambda: self.download(None, exports.template_downloads(self.repo, self.settings)))
            self.download(None, exports.portfolio_downloads(self.repo, self.settings, self.each))
            self.portfolio(projects)
            self.part("handbook", (copy.deepcopy(self.links.get(None)),), self.handbook)
            people_site.add_pages(self, self.settings.as_of)
            role_names = {r.id: r.name for r in self.repo.standard.roles}
            for p in projects:  # a project's pages link its downloads: those first
                self.part(f"downloads:{p.id}", (p,), partial(self.project_downloads, p, ahead))
                self.part(f"pages:{p.id}", (p, self.linked_people(p), copy.deepcopy(self.links.get(p.id))),
                          partial(self.project_part, p, role_names))
        finally:
            ahead.close()
        self.site.nav = self.navigation(projects)
        self.site.search += standard_records(self.repo.standard, self.lang)
        return self.site

    def project_downloads(self, p: ProjectData, ahead: AheadDownloads) -> None:
        self.download(p.id, ahead.get(p))

    def project_part(self, p: ProjectData, role_names: dict[str, str]) -> None:
        self.project(p)
        self.site.search += project_records(p, self.lang, project_page_uri, self.settings.as_of, role_names)

    def linked_people(self, p: ProjectData) -> tuple[str, ...]:
        """The members of p whose names link to a person page (an input of p's pages)."""
        return tuple(m.id for m in p.members if person_id(m) in self.person_pages)

    def portfolio(self, projects: Sequence[ProjectData]) -> None:
        org, as_of, past = self.repo.organisation, self.settings.as_of, self.past
        ctx = portfolio_context(projects, org, as_of, past,
                                lambda p: self.kept(f"row:{p.id}", (p,), lambda: portfolio_row(p, org, as_of, past)))
        ctx["plan_warnings"] = people_site.portfolio_warnings(self)
        org_file = self.repo.data_dir / "organisation.yml"  # the portfolio's own settings
        self.add("index.md", "portfolio.md.j2", org_file if org_file.exists() else None,
                 source=self.repo.data_dir, **ctx)
        # The 「プロジェクト」 tab opens this list (navigation.indexes), not the first project.
        if not self.settings.project:  # one project's own site has no such tab
            self.add(PROJECTS_INDEX, "projects.md.j2", None, source=self.repo.data_dir / "projects", **ctx)

    def handbook(self) -> None:
        """One page per standard template file (model/registry.py), each edited in its file."""
        std, tdir = self.repo.standard, self.repo.templates_dir
        common: Context = {"std": std, "role_names": {r.id: r.name for r in std.roles},
                  "format_names": {f.id: f.name for f in std.formats}}
        extra: dict[str, Callable[[], Context]]  # page key -> its own context, computed for that page
        extra = {"roles": lambda: {"compare": [r for r in std.roles if r.id in ("pm", "pl", "pmo")]},
                 "formats": lambda: self.catalogue_context(std),
                 "glossary": lambda: {"terms": std.glossary}}
        for key, t in TEMPLATES.items():
            self.add(f"handbook/{t.page}.md", f"handbook/{t.page}.md.j2", tdir / t.file,
                     **(extra[key]() if key in extra else {}), **common)
            if t.record_pages:
                for record in getattr(std, key):
                    self.add(f"handbook/{t.records}/{record.id}.md", f"handbook/{t.record_pages}.md.j2",
                             tdir / t.file, **{t.record_pages: record}, **common)

    def catalogue_context(self, std: Standard) -> Context:
        """The template catalogue: which process items require each format, and its column guide."""
        required_by: dict[str, list[ProcessItem]] = {}
        for item in std.process:
            if item.format:
                required_by.setdefault(item.format, []).append(item)
        guides = {f.id: [row[-1] for row in guide_rows(table(f, self.lang))] for f in std.formats}
        return {"required_by": required_by, "guides": guides}

    def project(self, p: ProjectData) -> None:
        std, as_of = self.repo.standard, self.settings.as_of
        ctx = project_context(p, std, as_of, self.repo.organisation.rag)
        ctx["schedule_text"] = self.schedule_text
        ctx.update(steering_context(p, ctx["thresholds"], as_of, self.repo.organisation, ctx["history"], self.past))
        ctx["downloads"] = self.links.get(p.id, {})
        extra: dict[str, Callable[[], Context]]
        extra = {"team": lambda: team_context(p, std, as_of),
                 "onboarding": lambda: onboarding_context(p, std, as_of),
                 "tailoring": lambda: tailoring_context(p, std),
                 "wbs": lambda: wbs_context(p, as_of)}
        for key, source in project_pages(p):
            page_ctx = dict(ctx, page_key=key, search_exclude=key in RECORD_PAGES,
                            **(extra[key]() if key in extra else {}))
            self.add(project_page_uri(p.id, key), f"project/{key}.md.j2", p.dir / source,
                     source=p.dir if key == "dashboard" else None, **page_ctx)

    def schedule_text(self, s: Schedule) -> str:
        L = self.L
        text = L.enum("frequency", s.frequency)
        if s.weekday and s.frequency in ("weekly", "biweekly"):
            text += " " + L.enum("weekday", s.weekday)
        if s.day and s.frequency == "monthly":
            text += " " + L.ui("day_of_month", day=s.day)
        return text

    def navigation(self, projects: Sequence[ProjectData]) -> Nav:
        ui = self.L.ui
        std = self.repo.standard
        handbook: Nav = []
        for key, t in TEMPLATES.items():
            handbook.append({ui(t.nav): f"handbook/{t.page}.md"})
            if t.record_pages:  # a section named after the records: 役割 with one page per role
                handbook.append({ui(t.records): [{nav_title(r.name): f"handbook/{t.records}/{r.id}.md"}
                                                 for r in getattr(std, key)]})
        project_nav: Nav = [{nav_title(p.project.name): [{ui(f"page_{key}"): project_page_uri(p.id, key)}
                                         for key, _ in project_pages(p)]} for p in projects]
        if self.settings.project:  # one project's own site: its pages are a top-level tab
            return [{ui("portfolio"): "index.md"}, *project_nav, *people_site.nav_entries(self),
                    {ui("handbook"): handbook}]
        return [{ui("portfolio"): "index.md"}, {ui("projects"): [PROJECTS_INDEX, *project_nav]},
                *people_site.nav_entries(self),
                {ui("handbook"): handbook}]


def build_site(repo: Repository, settings: Settings, edit_root: Path | None = None,
               download_uri: Callable[[str], str] | None = None, session: Session | None = None) -> Site:
    """session: mkdocs serve's caches (site/incremental.py), which keep what did not change."""
    # Everything below sees only what the build's audience may see: pages, nav, counts, charts
    # and downloads cannot leak what they are never given.
    visible = for_audience(repo, settings.audience, session.filtered if session else None)
    if settings.project and settings.project not in visible.projects:
        raise SettingsError(f"PMO_PROJECT={settings.project!r} is not visible to PMO_AUDIENCE="
                            f"{settings.audience!r}: nothing to build", "project_not_visible",
                            project=settings.project, audience=settings.audience)
    site = SiteBuilder(visible, settings, edit_root, download_uri, session.memo if session else None).build()
    if session:
        session.memo.sweep()
    return site
