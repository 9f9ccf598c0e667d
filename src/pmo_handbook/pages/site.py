"""Assemble every generated page of the site from a loaded repository."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import exports
from .. import status as st
from ..i18n import labels
from ..repository import Repository
from ..settings import Settings
from .links import make_link, page_dir
from .project import (PROJECT_PAGES, onboarding_context, project_context, tailoring_context,
                      team_context)
from .render import render


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
    nav: list = field(default_factory=list)


def project_uri(project_id: str, key: str) -> str:
    return f"projects/{project_id}/index.md" if key == "dashboard" else f"projects/{project_id}/{key}.md"


class SiteBuilder:
    def __init__(self, repo: Repository, settings: Settings, edit_root=None):
        self.repo, self.settings = repo, settings
        self.lang = settings.lang
        self.L = labels(self.lang)
        self.site = Site()
        self.edit_root = edit_root  # repository root, for edit links to data files
        # (project id or None for site-wide) -> register key -> [(label, src_uri)] for page links
        self.links: dict[str | None, dict[str, list]] = {}

    def add(self, src_uri: str, template: str, edit: str | None = None, **context) -> None:
        here = page_dir(src_uri)
        context.setdefault("downloads", self.links.get(None, {}))
        content = render(self.lang, template, link=make_link(here), st=st,
                         org=self.repo.organisation, **context)
        self.site.pages.append(Page(src_uri, content, edit))

    def edit_path(self, path) -> str | None:
        if self.edit_root is None:
            return None
        try:
            return path.resolve().relative_to(self.edit_root.resolve()).as_posix()
        except ValueError:
            return None

    def download(self, owner: str | None, produced) -> None:
        for src_uri, content, key, label in produced:
            self.site.downloads.append(Download(src_uri, content))
            self.links.setdefault(owner, {}).setdefault(key, []).append((label, src_uri))

    def build(self) -> Site:
        projects = sorted(self.repo.projects.values(), key=lambda p: p.id)
        self.download(None, exports.template_downloads(self.repo, self.settings))
        self.download(None, exports.portfolio_downloads(self.repo, self.settings))
        for p in projects:
            self.download(p.id, exports.project_downloads(p, self.repo, self.settings))
        self.portfolio(projects)
        self.handbook()
        for p in projects:
            self.project(p)
        self.site.nav = self.navigation(projects)
        return self.site

    def portfolio(self, projects) -> None:
        rows = []
        for p in projects:
            rows.append({"data": p, "counts": st.issue_counts(p.issues, self.settings.as_of),
                         "report": st.latest_report(p.reports),
                         "next": st.next_milestone(p.milestones, self.settings.as_of)})
        totals = {k: sum(getattr(r["counts"], k) for r in rows) for k in ("open", "overdue", "high")}
        self.add("index.md", "portfolio.md.j2", rows=rows, totals=totals, as_of=self.settings.as_of)

    def handbook(self) -> None:
        std, tdir = self.repo.standard, self.repo.templates_dir
        common = {"std": std, "role_names": {r.id: r.name for r in std.roles},
                  "format_names": {f.id: f.name for f in std.formats}}
        compare = [r for r in std.roles if r.id in ("pm", "pl", "pmo")]
        self.add("handbook/index.md", "handbook/index.md.j2", self.edit_path(tdir / "roles.yml"),
                 compare=compare, **common)
        for role in std.roles:
            self.add(f"handbook/roles/{role.id}.md", "handbook/role.md.j2",
                     self.edit_path(tdir / "roles.yml"), role=role, **common)
        self.add("handbook/raci.md", "handbook/raci.md.j2", self.edit_path(tdir / "raci.yml"), **common)
        self.add("handbook/process.md", "handbook/process.md.j2", self.edit_path(tdir / "process.yml"),
                 **common)
        required_by: dict[str, list] = {}
        for item in std.process:
            if item.format:
                required_by.setdefault(item.format, []).append(item)
        self.add("handbook/templates.md", "handbook/templates.md.j2", self.edit_path(tdir / "formats.yml"),
                 required_by=required_by, **common)
        self.add("handbook/onboarding.md", "handbook/onboarding.md.j2",
                 self.edit_path(tdir / "onboarding.yml"), **common)
        self.add("handbook/glossary.md", "handbook/glossary.md.j2", self.edit_path(tdir / "glossary.yml"),
                 terms=std.glossary, **common)

    def project(self, p) -> None:
        std, as_of = self.repo.standard, self.settings.as_of
        ctx = project_context(p, std, as_of)
        ctx["schedule_text"] = self.schedule_text
        ctx["downloads"] = self.links.get(p.id, {})
        extra = {"team": lambda: team_context(p, std, as_of),
                 "onboarding": lambda: onboarding_context(p, std, as_of),
                 "tailoring": lambda: tailoring_context(p, std)}
        for key, source in PROJECT_PAGES:
            page_ctx = dict(ctx, page_key=key, **(extra[key]() if key in extra else {}))
            self.add(project_uri(p.id, key), f"project/{key}.md.j2", self.edit_path(p.dir / source),
                     **page_ctx)

    def schedule_text(self, s) -> str:
        L = self.L
        text = L.enum("frequency", s.frequency)
        if s.weekday and s.frequency in ("weekly", "biweekly"):
            text += " " + L.enum("weekday", s.weekday)
        if s.day and s.frequency == "monthly":
            text += " " + L.ui("day_of_month", day=s.day)
        return text

    def navigation(self, projects) -> list:
        ui = self.L.ui
        std = self.repo.standard
        handbook = [{ui("handbook_top"): "handbook/index.md"},
                    {ui("roles"): [{r.name: f"handbook/roles/{r.id}.md"} for r in std.roles]},
                    {ui("standard_raci"): "handbook/raci.md"},
                    {ui("process_catalogue"): "handbook/process.md"},
                    {ui("template_catalogue"): "handbook/templates.md"},
                    {ui("onboarding_checklists"): "handbook/onboarding.md"},
                    {ui("glossary"): "handbook/glossary.md"}]
        project_nav = [{p.project.name: [{ui(f"page_{key}"): project_uri(p.id, key)}
                                         for key, _ in PROJECT_PAGES]} for p in projects]
        return [{ui("portfolio"): "index.md"}, {ui("projects"): project_nav}, {ui("handbook"): handbook}]


def build_site(repo: Repository, settings: Settings, edit_root=None) -> Site:
    return SiteBuilder(repo, settings, edit_root).build()
