"""Cross-file rules: unique ids, references that resolve, one A per RACI row, dates in order."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pmo_handbook.errors import DataError, did_you_mean
from pmo_handbook.model.registers import Links
from pmo_handbook.model.registry import TEMPLATES, with_ids
from pmo_handbook.model.standard import requirement
from pmo_handbook.loading.repository import ProjectData, Repository, Standard
from pmo_handbook.source.yamlsrc import Source
from pmo_handbook.model.organisation import check_order, thresholds


class Checker:
    def __init__(self):
        self.errors: list[DataError] = []

    def add(self, src: Source | None, loc: tuple, message: str) -> None:
        if src is not None:
            self.errors.append(src.error(loc, message))

    def unique(self, src: Source | None, key: str, records: list, attr: str = "id") -> None:
        seen: dict[str, int] = {}
        for i, rec in enumerate(records):
            value = getattr(rec, attr)
            if value in seen:
                self.add(src, (key, i, attr), f"duplicate id '{value}' (first used by item {seen[value] + 1})")
            seen.setdefault(value, i)

    def ref(self, src: Source | None, loc: tuple, value, known: Iterable[str] | None, what: str) -> None:
        """known is None when the file holding the targets did not parse: nothing to check against."""
        if value is None or known is None:
            return
        known = list(known)
        if value not in known:
            self.add(src, loc, f"unknown {what} '{value}'{did_you_mean(value, known)}")


def check_repository(repo: Repository) -> list[DataError]:
    c = Checker()
    check_standard(c, repo.standard)
    for data in repo.projects.values():
        check_project(c, repo.standard, data)
        check_thresholds(c, repo.organisation, data)
    return c.errors


def check_thresholds(c: Checker, organisation, p: ProjectData) -> None:
    """Project overrides merged with the organisation's thresholds must still order amber < red."""
    if p.project.rag is None:
        return
    try:
        check_order(thresholds(organisation.rag if organisation else None, p.project.rag))
    except ValueError as exc:
        c.add(p.source("project"), ("rag",), f"{exc} (with the organisation's thresholds)")


def check_standard(c: Checker, std: Standard) -> None:
    roles = [r.id for r in std.roles]
    src = std.source
    for key, t in TEMPLATES.items():
        if t.id_field:
            c.unique(src(key), t.records, getattr(std, key), t.id_field)
    for i, act in enumerate(std.raci):
        for role in act.assignments:
            c.ref(src("raci"), ("activities", i, "assignments", role), role, roles, "role")
        one_accountable(c, src("raci"), ("activities", i, "assignments"), act.id, act.assignments)
    for i, checklist in enumerate(std.checklists):
        for j, item in enumerate(checklist.items):
            c.ref(src("checklists"), ("checklists", i, "items", j, "owner_role"), item.owner_role,
                  roles, "role")
    formats = [f.id for f in std.formats]
    for i, item in enumerate(std.process):
        c.ref(src("process"), ("items", i, "format"), item.format, formats, "format")


def one_accountable(c: Checker, src, loc, activity: str, assignments: dict) -> None:
    count = Counter(assignments.values())["A"]
    if count != 1:
        c.add(src, loc, f"activity '{activity}' has {count} 'A' (accountable) roles; "
                        "a RACI row needs exactly one A")


def check_project(c: Checker, std: Standard, p: ProjectData) -> None:
    s = p.source
    # The ids each register's references may name; None when its file did not parse. Records that
    # failed their schema still count as known: no second error for each reference.
    ids = {reg.key: [getattr(r, reg.id_field) for r in getattr(p, reg.key)] + sorted(p.unparsed.get(reg.key, ()))
           if p.readable(reg.key) else None for reg in with_ids()}
    person = lambda src, loc, value: c.ref(src, loc, value, ids["members"], "member")  # noqa: E731
    pr = p.project
    for attr in ("sponsor", "pm", "pmo"):
        person(s("project"), (attr,), getattr(pr, attr))
    for i, chk in enumerate(pr.initiative.checks):
        person(s("project"), ("initiative", "checks", i, "checked_by"), chk.checked_by)

    check_members(c, std, p, person)
    for reg in with_ids():
        c.unique(s(reg.key), reg.records, getattr(p, reg.key), reg.id_field)
    check_links = _link_checker(c, ids)

    src = s("issues")
    for i, it in enumerate(p.issues):
        for attr in ("raised_by", "owner", "approved_by"):
            person(src, ("issues", i, attr), getattr(it, attr))
        for j, h in enumerate(it.history):
            person(src, ("issues", i, "history", j, "by"), h.by)
        check_links(src, ("issues", i, "links"), it.links)
        if it.due and it.due < it.raised_on:
            c.add(src, ("issues", i, "due"), f"due {it.due} is before raised_on {it.raised_on}")
    src = s("risks")
    for i, r in enumerate(p.risks):
        person(src, ("risks", i, "owner"), r.owner)
        c.ref(src, ("risks", i, "issue"), r.issue, ids["issues"], "issue")
        if r.status == "occurred" and r.issue is None:
            c.add(src, ("risks", i, "status"), "an occurred risk needs 'issue': the issue it became")
    src = s("decisions")
    for i, d in enumerate(p.decisions):
        for j, who in enumerate(d.decided_by):
            person(src, ("decisions", i, "decided_by", j), who)
        c.ref(src, ("decisions", i, "meeting"), d.meeting, ids["meetings"], "meeting")
        c.ref(src, ("decisions", i, "superseded_by"), d.superseded_by, ids["decisions"], "decision")
        check_links(src, ("decisions", i, "links"), d.links)
    src = s("changes")
    for i, ch in enumerate(p.changes):
        person(src, ("changes", i, "requested_by"), ch.requested_by)
        person(src, ("changes", i, "approver"), ch.approver)
        check_links(src, ("changes", i, "links"), ch.links)
    src = s("milestones")
    for i, ms in enumerate(p.milestones):
        person(src, ("milestones", i, "owner"), ms.owner)
    src = s("meetings")
    for i, mt in enumerate(p.meetings):
        person(src, ("meetings", i, "chair"), mt.chair)
        person(src, ("meetings", i, "minute_taker"), mt.minute_taker)
        for j, who in enumerate(mt.attendees):
            person(src, ("meetings", i, "attendees", j), who)
        c.ref(src, ("meetings", i, "escalates_to"), mt.escalates_to, ids["meetings"], "meeting")
        if mt.schedule.until and mt.schedule.until < mt.schedule.first:
            c.add(src, ("meetings", i, "schedule", "until"),
                  f"until {mt.schedule.until} is before first {mt.schedule.first}")
    src = s("stakeholders")
    for i, sh in enumerate(p.stakeholders):
        person(src, ("stakeholders", i, "owner"), sh.owner)
    src = s("reports")
    for i, rep in enumerate(p.reports):
        person(src, ("reports", i, "author"), rep.author)
    check_onboarding(c, std, p, person)
    check_tailoring(c, std, p, person)
    check_raci(c, std, p)


def check_members(c: Checker, std: Standard, p: ProjectData, person) -> None:
    src = p.source("members")
    roles = [r.id for r in std.roles]
    for i, mem in enumerate(p.members):
        for j, role in enumerate(mem.roles):
            c.ref(src, ("members", i, "roles", j), role, roles, "role")
        person(src, ("members", i, "reports_to"), mem.reports_to)
        if mem.left and mem.left < mem.joined:
            c.add(src, ("members", i, "left"), f"left {mem.left} is before joined {mem.joined}")
    for i, mem in enumerate(p.members):
        if _in_cycle(mem.id, p.people):
            c.add(src, ("members", i, "reports_to"),
                  f"reports_to makes a loop through '{mem.id}': the 体制図 must be a tree")


def _in_cycle(start: str, people: dict) -> bool:
    seen, cur = set(), people[start].reports_to
    while cur and cur in people and cur not in seen:
        if cur == start:
            return True
        seen.add(cur)
        cur = people[cur].reports_to
    return cur == start


def _link_checker(c: Checker, ids: dict):
    def check(src, loc, links) -> None:
        for kind in Links.model_fields:
            for j, value in enumerate(getattr(links, kind)):
                c.ref(src, loc + (kind, j), value, ids[kind], kind.rstrip("s"))
    return check


def check_onboarding(c: Checker, std: Standard, p: ProjectData, person) -> None:
    src = p.source("onboarding")
    names = [cl.id for cl in std.checklists]
    for i, rec in enumerate(p.onboarding):
        person(src, ("records", i, "member"), rec.member)
        checklist = std.checklist(rec.checklist)
        if checklist is None:
            c.ref(src, ("records", i, "checklist"), rec.checklist, names, "checklist")
            continue
        items = [it.id for it in checklist.items]
        for key in rec.items:
            c.ref(src, ("records", i, "items", key), key, items, f"item of checklist '{checklist.id}'")


def check_tailoring(c: Checker, std: Standard, p: ProjectData, person) -> None:
    src = p.source("tailoring")
    catalogue = {it.id: it for it in std.process}
    for i, entry in enumerate(p.tailoring.entries):
        person(src, ("entries", i, "approver"), entry.approver)
        item = catalogue.get(entry.item)
        if item is None:
            c.ref(src, ("entries", i, "item"), entry.item, catalogue, "process item")
        elif entry.decision == "omitted" and entry.approver is None and \
                requirement(item, p.project.size, p.project.type) == "required":
            c.add(src, ("entries", i, "approver"),
                  f"'{entry.item}' is required for this project; omitting it needs an approver")


def check_raci(c: Checker, std: Standard, p: ProjectData) -> None:
    src = p.source("raci")
    activities = [a.id for a in std.raci]
    roles = [r.id for r in std.roles]
    for i, row in enumerate(p.raci.activities):
        c.ref(src, ("activities", i, "activity"), row.activity, activities, "RACI activity")
        for role in row.assignments:
            c.ref(src, ("activities", i, "assignments", role), role, roles, "role")
        one_accountable(c, src, ("activities", i, "assignments"), row.activity, row.assignments)
