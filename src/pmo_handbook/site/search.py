"""Search records: one entry of the search index per register record (issue, risk, decision,
change, member, role, glossary term), made from the records themselves, never from our HTML.

Each record is rendered by `templates/search/record.html.j2` into a small HTML document whose
data-pagefind attributes carry its metadata (id, title, project, status) and filters (project,
kind, open/closed); Pagefind indexes those documents under the record's own URL and anchor
(site/pagefind.py). Prose pages are indexed as whole pages by Pagefind itself.

Japanese has no spaces, and the indexer and the browser segment words differently (charabia vs
Intl.Segmenter), so a compound such as 配車計画画面 was cut one way in the index and another in the
query and found nothing. Both sides therefore use one rule: every kanji, kana and katakana
character is a word of its own (`split_cjk` here, `splitCjk` in docs/assets/pmo-search.js), and a
query is searched as an exact phrase of those characters, which finds any compound as it is
written. The separator is a hair space (U+200A): whitespace to Pagefind, and pmo-search.js takes
it out of what it shows.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from pmo_handbook import status as st
from pmo_handbook.i18n import labels
from pmo_handbook.loading.repository import ProjectData, Repository, Standard
from pmo_handbook.site.links import page_dir
from pmo_handbook.site.render import render

# Project pages whose content is indexed record by record (or that only summarise records):
# indexing them as pages too would return every record twice.
RECORD_PAGES = frozenset({"dashboard", "team", "issues", "risks", "decisions", "changes"})

# Kana, kanji (with 々), CJK punctuation and full-width forms: each one is a word of its own, so
# that （, 、 or a Latin letter beside a kanji never glues to it.
WIDE = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_AROUND_WIDE = re.compile(f"(?<=[{WIDE}])(?=\\S)|(?<=\\S)(?=[{WIDE}])")
SEP = "\u200a"  # hair space: Unicode whitespace (a zero-width space is not, to Pagefind)


def split_cjk(text: str) -> str:
    """One word per CJK character: 課題管理表（案） -> 課 題 管 理 表 （ 案 ） (hair spaces)."""
    return _AROUND_WIDE.sub(SEP, text)


@dataclass(frozen=True)
class SearchRecord:
    url: str  # site-relative with its anchor, e.g. projects/kansai-dx/issues/#iss-010
    html: str  # the document Pagefind indexes under url


def search_records(repo: Repository, lang: str, project_uri: Callable[[str, str], str],
                   as_of: dt.date) -> list[SearchRecord]:
    """Every record the build shows (repo is already filtered for the build's audience); open or
    closed as of the build's date, by the status rules."""
    role_names = {r.id: r.name for r in repo.standard.roles}
    return [*(r for p in sorted(repo.projects.values(), key=lambda p: p.id)
              for r in project_records(p, lang, project_uri, as_of, role_names)),
            *standard_records(repo.standard, lang)]


class _Records:
    def __init__(self, lang: str) -> None:
        self.lang, self.L, self.out = lang, labels(lang), list[SearchRecord]()

    def add(self, url: str, kind: str, rid: str, title: str, body: list[str | None], project: str | None = None,
            status: str = "", is_open: bool | None = None, titled: bool = True) -> None:
        """titled: the title starts with the id, as the record's heading on its page does."""
        L = self.L
        state = None if is_open is None else L.ui("search_open" if is_open else "search_closed")
        heading = f"{rid} {title}" if rid and titled else title
        html = render(self.lang, "search/record.html.j2", split=split_cjk, kind=kind, rid=rid,
                      title=heading, project=project, status=status, state=state,
                      body=[str(x) for x in body if x])
        self.out.append(SearchRecord(url, html))


def project_records(p: ProjectData, lang: str, project_uri: Callable[[str, str], str], as_of: dt.date,
                    role_names: dict[str, str]) -> list[SearchRecord]:
    """The records of one project, in the order of its pages."""
    records = _Records(lang)
    add, L = records.add, records.L
    name = p.project.name
    names = {m.id: m.name for m in p.members}
    person = names.get

    def url(key: str, anchor: str, pid: str = p.id) -> str:
        return page_dir(project_uri(pid, key)) + "#" + anchor

    for i in p.issues:
        add(url("issues", i.id.lower()), L.ui("search_kind_issue"), i.id, i.title,
            [i.description, L.enum("issue_category", i.category), person(i.owner), i.action_plan,
             i.close_criteria, i.resolution, *(h.note for h in i.history)],
            name, L.enum("issue_status", i.status), st.is_open(i, as_of))
    for r in p.risks:
        add(url("risks", r.id.lower()), L.ui("search_kind_risk"), r.id, r.title,
            [r.event, r.cause, r.trigger, r.preventive_action, r.contingency, person(r.owner)],
            name, L.enum("risk_status", r.status), st.is_watched(r, as_of))
    for d in p.decisions:
        add(url("decisions", d.id.lower()), L.ui("search_kind_decision"), d.id, d.title,
            [d.context, *d.options, d.decision, d.rationale, *(person(x) for x in d.decided_by)],
            name)
    for c in p.changes:
        add(url("changes", c.id.lower()), L.ui("search_kind_change"), c.id, c.title,
            [c.description, c.reason, c.alternatives, c.decision, person(c.requested_by)],
            name, L.enum("change_status", c.status))
    for m in p.members:  # a person is looked for by name; the id is searchable too
        add(url("team", m.id), L.ui("search_kind_member"), m.id, m.name or m.id,
            [m.id, m.romaji, m.organisation, m.department, m.title, m.responsibilities,
             *(role_names.get(r, r) for r in m.roles)], name, titled=False)
    return records.out


def standard_records(std: Standard, lang: str) -> list[SearchRecord]:
    """The roles and glossary terms of the standard."""
    records = _Records(lang)
    add, L = records.add, records.L
    for role in std.roles:
        add(page_dir(f"handbook/roles/{role.id}.md"), L.ui("search_kind_role"), "", role.name,
            [role.name_en, role.summary, *role.responsibilities, *role.authority, *role.deliverables])
    for n, term in enumerate(std.glossary, start=1):  # anchors as the glossary page numbers them
        add(page_dir("handbook/glossary.md") + f"#{n}", L.ui("search_kind_term"), "", term.term,
            [term.reading, term.en, term.definition, *term.see])
    return records.out
