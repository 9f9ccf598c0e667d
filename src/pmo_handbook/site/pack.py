"""The steering meeting's report pack as print HTML: the portfolio (a cover with totals and the
attention list, then a page per project) and each project's weekly report. Built from the same
context functions as the site's pages, for one audience, with dedicated print templates; the PDF
is made from this HTML by site/pdf.py."""
from __future__ import annotations

import html
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pmo_handbook import status as st
from pmo_handbook.i18n import labels
from pmo_handbook.loading.audience import for_audience
from pmo_handbook.loading.past import GitPast
from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.settings import Settings, SettingsError
from pmo_handbook.site.portfolio import portfolio_context
from pmo_handbook.site.project import project_context
from pmo_handbook.site.render import render
from pmo_handbook.site.steering import past_for, steering_context

PORTFOLIO = "portfolio"
REPORT_PAGES = 2  # a project's weekly report fits two pages (pdf.py shrinks it if it does not)


@dataclass(frozen=True)
class Document:
    name: str        # file name without .pdf
    html: str
    footer: str      # Chromium's footer template: organisation, as-of date, page numbers
    max_pages: int | None = None


def documents(repo: Repository, settings: Settings, project: str | None = None) -> list[Document]:
    """The pack for the build's audience: portfolio.pdf and one per project, or only the project's
    own report when project is given. Everything below sees only what the audience may see."""
    visible = for_audience(repo, settings.audience)
    if project and project not in visible.projects:
        raise SettingsError(f"project {project!r} does not exist or is not visible to the "
                            f"audience {settings.audience!r}", "pack_not_visible", project=project,
                            audience=settings.audience)
    css = resources.files("pmo_handbook").joinpath("assets/print.css").read_text(encoding="utf-8")
    footer = footer_template(visible, settings)
    projects = sorted(visible.projects.values(), key=lambda p: p.id)
    past = past_for(visible, settings)  # the trend's past weeks as git knew them
    contexts = {p.id: project_pack_context(p, visible, settings, past) for p in projects
                if project is None or p.id == project}
    docs: list[Document] = []
    if project is None:
        ctx = portfolio_context(projects, visible.organisation, settings.as_of, past)
        docs.append(Document(PORTFOLIO, page(settings, "print/portfolio.html.j2", css, visible,
                                             title=labels(settings.lang).ui("pack_title"),
                                             projects=[contexts[r["data"].id] for r in ctx["rows"]], **ctx),
                             footer))
    for pid, ctx in contexts.items():
        docs.append(Document(pid, page(settings, "print/report.html.j2", css, visible,
                                       title=ctx["project"].name, project_ctx=ctx),
                             footer, REPORT_PAGES))
    return docs


def project_pack_context(p: ProjectData, repo: Repository, settings: Settings,
                         past: GitPast | None = None) -> dict[str, Any]:
    ctx = project_context(p, repo.standard, settings.as_of, repo.organisation.rag)
    ctx.update(steering_context(p, ctx["thresholds"], settings.as_of, repo.organisation, ctx["history"], past))
    pm = p.member(p.project.pm)
    ctx["pm_name"] = pm.name if pm else "—"
    return ctx


def page(settings: Settings, template: str, css: str, repo: Repository, **context: object) -> str:
    return render(settings.lang, template, css=css, st=st, org=repo.organisation, **context)


def footer_template(repo: Repository, settings: Settings) -> str:
    """Chromium fills the pageNumber and totalPages spans; the rest is escaped text."""
    ui = labels(settings.lang).ui
    text = html.escape(ui("pack_page_footer", org=repo.organisation.name, date=settings.as_of.isoformat(),
                          page="\0", pages="\1"))
    text = text.replace("\0", '<span class="pageNumber"></span>')
    text = text.replace("\1", '<span class="totalPages"></span>')
    return ('<div style="width:100%;font-size:7pt;color:#555;padding:0 10mm;text-align:right;'
            'font-family:IPAexGothic,IPAGothic,\'Noto Sans CJK JP\',sans-serif">' + text + "</div>")
