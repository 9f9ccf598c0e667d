"""Cross-file rules: unique ids, references that resolve, one A per RACI row, dates in order."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from pmo_handbook.model.organisation import Organisation
from pmo_handbook.model.people import Member
from pmo_handbook.source.yamlsrc import Loc

from collections import Counter
from dataclasses import replace
from collections.abc import Iterable

from pmo_handbook.errors import DataError, Message
from pmo_handbook.i18n.messages import Noun, RuleError, Shown, closest, date_order as _order, needed_with, render
from pmo_handbook.model.registers import Links
from pmo_handbook.model.registry import TEMPLATES, Register, with_ids
from pmo_handbook.model.standard import requirement
from pmo_handbook.loading.repository import ProjectData, Standard
from pmo_handbook.loading.wbs_rules import check_wbs
from pmo_handbook.source.yamlsrc import Source
from pmo_handbook.model.organisation import check_order, thresholds
from pmo_handbook.model.registry import by_record
from pmo_handbook.tabular.columns import ColumnError, resolve


Person = Callable[[Source | None, Loc, str | None], None]  # checks that a value names a member

class Checker:
    def __init__(self) -> None:
        self.errors: list[DataError] = []

    def add(self, src: Source | None, loc: Loc, message: str | Message) -> None:
        if src is None:
            return
        keyed = message if isinstance(message, Message) else None
        err = src.error(loc, render(keyed, "en") if keyed else str(message))
        self.errors.append(replace(err, msg=keyed) if keyed else err)

    def unique(self, src: Source | None, key: str, records: Sequence[object], attr: str = "id") -> None:
        seen: dict[str, int] = {}
        for i, rec in enumerate(records):
            value = getattr(rec, attr)
            if value in seen:
                self.add(src, (key, i, attr), Message.of("duplicate_id", value=Shown(value), first=seen[value] + 1))
            seen.setdefault(value, i)

    def ref(self, src: Source | None, loc: Loc, value: str | None, known: Iterable[str] | None, what: str) -> None:
        """known is None when the file holding the targets did not parse: nothing to check against."""
        if value is None or known is None:
            return
        known = list(known)
        if value not in known:
            self.add(src, loc, Message.of("unknown_ref", what=Noun(what), value=Shown(value),
                                          hint=closest(value, known)))




def check_thresholds(c: Checker, organisation: Organisation | None, p: ProjectData) -> None:
    """Project overrides merged with the organisation's thresholds must still order amber < red."""
    if p.project.rag is None:
        return
    try:
        check_order(thresholds(organisation.rag if organisation else None, p.project.rag))
    except RuleError as exc:
        c.add(p.source("project"), ("rag",), Message.of("with_organisation", detail=exc.msg))


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
    for i, fmt in enumerate(std.formats):  # a column must name a field: checked here, not in the build
        for j, column in enumerate(fmt.columns):
            try:
                reg = by_record(fmt.record)
                assert reg.model is not None  # every register a format describes has a record model
                resolve(reg.model, column, j, reg.flattened)
            except ColumnError as exc:
                c.add(src("formats"), ("formats", i, "columns", j, "key"), exc.msg)
    for i, step in enumerate(std.process):
        c.ref(src("process"), ("items", i, "format"), step.format, formats, "format")


def one_accountable(c: Checker, src: Source | None, loc: Loc, activity: str,
                    assignments: Mapping[str, str]) -> None:
    count = Counter(assignments.values())["A"]
    if count != 1:
        c.add(src, loc, Message.of("raci_one_a", activity=activity, count=count))


def check_project(c: Checker, std: Standard, p: ProjectData, as_of: dt.date | None = None) -> None:
    s = p.source
    # The ids each register's references may name; None when its file did not parse. Records that
    # failed their schema still count as known: no second error for each reference.
    ids = {reg.key: [getattr(r, _keyed(reg)[1]) for r in getattr(p, reg.key)] + sorted(p.unparsed.get(reg.key, ()))
           if p.readable(reg.key) else None for reg in with_ids()}

    def person(src: Source | None, loc: Loc, value: str | None) -> None:
        c.ref(src, loc, value, ids["members"], "member")
    pr = p.project
    for attr in ("sponsor", "pm", "pmo"):
        person(s("project"), (attr,), getattr(pr, attr))
    for i, chk in enumerate(pr.initiative.checks):
        person(s("project"), ("initiative", "checks", i, "checked_by"), chk.checked_by)

    check_members(c, std, p, person)
    for reg in with_ids():
        records, id_field = _keyed(reg)
        c.unique(s(reg.key), records, getattr(p, reg.key), id_field)
    check_links = _link_checker(c, ids)

    src = s("issues")
    for i, it in enumerate(p.issues):
        for attr in ("raised_by", "owner", "approved_by"):
            person(src, ("issues", i, attr), getattr(it, attr))
        for j, h in enumerate(it.history):
            person(src, ("issues", i, "history", j, "by"), h.by)
        check_links(src, ("issues", i, "links"), it.links)
        if it.due and it.due < it.raised_on:
            c.add(src, ("issues", i, "due"), _order("issue", "due", it.due, "raised_on", it.raised_on))
    src = s("risks")
    for i, r in enumerate(p.risks):
        person(src, ("risks", i, "owner"), r.owner)
        c.ref(src, ("risks", i, "issue"), r.issue, ids["issues"], "issue")
        if r.status == "occurred" and r.issue is None:
            c.add(src, ("risks", i, "status"), needed_with("risk", "issue", "status", "risk_status", "occurred"))
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
                  _order("schedule", "until", mt.schedule.until, "first", mt.schedule.first))
    src = s("stakeholders")
    for i, sh in enumerate(p.stakeholders):
        person(src, ("stakeholders", i, "owner"), sh.owner)
    src = s("reports")
    for i, rep in enumerate(p.reports):
        person(src, ("reports", i, "author"), rep.author)
    check_wbs(c, p, person, ids, as_of)
    check_onboarding(c, std, p, person)
    check_tailoring(c, std, p, person)
    check_raci(c, std, p)


def _keyed(reg: Register) -> tuple[str, str]:
    """(attribute of its records, id field) of a register from with_ids(), which have both."""
    assert reg.records is not None and reg.id_field is not None
    return reg.records, reg.id_field


def check_members(c: Checker, std: Standard, p: ProjectData, person: Person) -> None:
    src = p.source("members")
    roles = [r.id for r in std.roles]
    for i, mem in enumerate(p.members):
        for j, role in enumerate(mem.roles):
            c.ref(src, ("members", i, "roles", j), role, roles, "role")
        person(src, ("members", i, "reports_to"), mem.reports_to)
        if mem.left and mem.left < mem.joined:
            c.add(src, ("members", i, "left"), _order("member", "left", mem.left, "joined", mem.joined))
    for i, mem in enumerate(p.members):
        if _in_cycle(mem.id, p.people):
            c.add(src, ("members", i, "reports_to"), Message.of("reports_loop", id=mem.id))


def _in_cycle(start: str, people: dict[str, Member]) -> bool:
    seen: set[str] = set()
    cur = people[start].reports_to
    while cur and cur in people and cur not in seen:
        if cur == start:
            return True
        seen.add(cur)
        cur = people[cur].reports_to
    return cur == start


def _link_checker(c: Checker, ids: dict[str, list[str] | None]) -> Callable[[Source | None, Loc, Links], None]:
    def check(src: Source | None, loc: Loc, links: Links) -> None:
        for kind in Links.model_fields:
            for j, value in enumerate(getattr(links, kind)):
                c.ref(src, loc + (kind, j), value, ids[kind], kind.rstrip("s"))
    return check


def check_onboarding(c: Checker, std: Standard, p: ProjectData, person: Person) -> None:
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


def check_tailoring(c: Checker, std: Standard, p: ProjectData, person: Person) -> None:
    src = p.source("tailoring")
    catalogue = {it.id: it for it in std.process}
    for i, entry in enumerate(p.tailoring.entries):
        person(src, ("entries", i, "approver"), entry.approver)
        item = catalogue.get(entry.item)
        if item is None:
            c.ref(src, ("entries", i, "item"), entry.item, catalogue, "process item")
        elif entry.decision == "omitted" and entry.approver is None and \
                requirement(item, p.project.size, p.project.type) == "required":
            c.add(src, ("entries", i, "approver"), Message.of("omit_needs_approver", value=Shown(entry.item)))


def check_raci(c: Checker, std: Standard, p: ProjectData) -> None:
    src = p.source("raci")
    activities = [a.id for a in std.raci]
    roles = [r.id for r in std.roles]
    for i, row in enumerate(p.raci.activities):
        c.ref(src, ("activities", i, "activity"), row.activity, activities, "RACI activity")
        for role in row.assignments:
            c.ref(src, ("activities", i, "assignments", role), role, roles, "role")
        one_accountable(c, src, ("activities", i, "assignments"), row.activity, row.assignments)
