"""RAG (red / amber / green) derived from the registers by rules, so that nobody types a colour
that contradicts the data. Pure functions; thresholds come from the organisation settings with
per-project overrides.

Areas and the measure that drives each:
  schedule  the worst slip of a milestone still pending on the date, and SPI
  cost      CPI (no EVM data: not assessed)
  quality   every issue overdue on the date (issues.py)
  scope     overdue issues that list `scope` among their impact areas
  risk      the highest score of a risk watched on the date (risks.py)
Overall is the worst assessed area.

Issues and risks are counted by the rules of issues.py and risks.py on every date, today's or
past. history=True assesses a past date from today's data by what it dates (a weekly report's
period end; the weekly trend where git cannot tell, status/history.py): the latest EVM snapshot,
and milestones past their baseline without a forecast. Forecasts and risk scores are kept only
as they are today, so they are not used there and the risk area is not assessed. Where git keeps
the data as it was on the date (loading/past.py), the trend assesses that data by the same
rules as today's (history=False).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from pmo_handbook import status as st
from pmo_handbook.model.organisation import Organisation, RagThresholds, thresholds
from pmo_handbook.model.plan import Milestone, Report
from pmo_handbook.model.project import Project
from pmo_handbook.model.registers import Issue, Risk
from pmo_handbook.model.wbs import Task
from pmo_handbook.status import wbs
from pmo_handbook.status.evm import Evm

AREAS = ("schedule", "cost", "quality", "scope", "risk")
# the registers (model/registry.py keys) each area is judged by: unreadable, the area is not assessed
READS = {"schedule": ("project", "milestones", "wbs"), "cost": ("project", "wbs"),
         "quality": ("issues",), "scope": ("issues",), "risk": ("risks",)}
RANK = {"green": 0, "amber": 1, "red": 2}
MAX_IDS = 3  # ids named in one reason; more are summarised


class Registers(Protocol):
    """What the rules read of a project (loading.repository.ProjectData has it)."""

    @property
    def project(self) -> Project: ...
    @property
    def milestones(self) -> Sequence[Milestone]: ...
    @property
    def issues(self) -> Sequence[Issue]: ...
    @property
    def risks(self) -> Sequence[Risk]: ...
    @property
    def wbs(self) -> Sequence[Task]: ...


@dataclass(frozen=True)
class Reason:
    """Why an area has its colour. key names the label ui.rag_reason_<key>; params fill it."""

    area: str
    rag: str | None  # None: the area is not assessed
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Area:
    name: str
    rag: str | None  # None: nothing in the data to judge it by
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Assessment:
    date: dt.date
    overall: str | None
    areas: dict[str, Area]
    evm: Evm | None
    counts: st.IssueCounts

    @property
    def reasons(self) -> list[Reason]:
        """Reasons of the areas that are not green, worst first."""
        found = [r for a in self.areas.values() for r in a.reasons if r.rag in ("amber", "red")]
        return sorted(found, key=lambda r: -RANK[r.rag or "green"])

    @property
    def headline(self) -> list[Reason]:
        """The reasons that set the overall colour."""
        return [r for r in self.reasons if r.rag == self.overall]


def worst(*values: str | None) -> str | None:
    known = [v for v in values if v]
    return max(known, key=RANK.__getitem__) if known else None


def at_least(value: float, amber: float, red: float) -> str:
    """Colour of a measure where more is worse (slip days, counts, scores)."""
    return "red" if value >= red else "amber" if value >= amber else "green"


def below(value: float, amber: float, red: float) -> str:
    """Colour of an index where less is worse (SPI, CPI)."""
    return "red" if value < red else "amber" if value < amber else "green"


def id_list(records: Iterable[Issue | Risk]) -> str:
    ids = [r.id for r in records]
    return ", ".join(ids[:MAX_IDS]) + (" …" if len(ids) > MAX_IDS else "")


def schedule_area(milestones: Sequence[Milestone], evm: Evm | None, t: RagThresholds, date: dt.date,
                  history: bool = False, tasks: Sequence[Any] = ()) -> Area:
    def slip_of(m: Milestone) -> int:
        return st.overdue_days_on(m, date) if history else st.slip_on(m, date)
    reasons: list[Reason] = []
    pending = sorted((m for m in milestones if st.is_pending(m, date)),
                     key=lambda m: (-slip_of(m), m.baseline, m.id))
    for rag, floor in (("red", t.schedule_red_days), ("amber", t.schedule_amber_days)):
        late = [m for m in pending if at_least(slip_of(m), t.schedule_amber_days, t.schedule_red_days) == rag]
        if len(late) == 1:
            reasons.append(Reason("schedule", rag, "milestone_slip", {"id": late[0].id, "days": slip_of(late[0])}))
        elif late:
            reasons.append(Reason("schedule", rag, "milestones_slip", {
                "count": len(late), "threshold": floor, "id": late[0].id, "days": slip_of(late[0])}))
    if pending and not reasons:
        ms = pending[0]
        reasons.append(Reason("schedule", "green", "milestone_on_track", {"id": ms.id, "days": slip_of(ms)})
                       if slip_of(ms) > 0 else Reason("schedule", "green", "milestones_on_time"))
    elif milestones and not pending:
        reasons.append(Reason("schedule", "green", "milestones_reached"))
    if tasks and not history:  # late tasks and their slip, from the WBS (status/wbs.py)
        reasons.append(wbs_reason(tasks, t, date))
    if evm is not None and evm.spi is not None:
        reasons.append(Reason("schedule", below(evm.spi, t.spi_amber, t.spi_red), "spi",
                              {"value": f"{evm.spi:.2f}", "date": evm.date.isoformat()}))
    if not reasons:
        return Area("schedule", None, (Reason("schedule", None, "no_schedule_data"),))
    return Area("schedule", worst(*(r.rag for r in reasons)), tuple(reasons))


def cost_area(evm: Evm | None, t: RagThresholds) -> Area:
    if evm is None or evm.cpi is None:
        return Area("cost", None, (Reason("cost", None, "no_evm"),))
    rag = below(evm.cpi, t.cpi_amber, t.cpi_red)
    return Area("cost", rag, (Reason("cost", rag, "cpi", {"value": f"{evm.cpi:.2f}",
                                                          "date": evm.date.isoformat()}),))


def issues_area(name: str, overdue: list[Issue], t: RagThresholds) -> Area:
    rag = at_least(len(overdue), t.overdue_amber, t.overdue_red)
    key = "overdue_issues" if name == "quality" else "overdue_scope_issues"
    if not overdue:
        return Area(name, rag, (Reason(name, rag, f"no_{key}"),))
    return Area(name, rag, (Reason(name, rag, key, {"count": len(overdue), "ids": id_list(overdue)}),))


def risk_area(risks: Iterable[Risk], t: RagThresholds, date: dt.date) -> Area:
    watched = st.watched_risks(risks, date)
    reasons: list[Reason] = []
    for rag, floor in (("red", t.risk_red_score), ("amber", t.risk_amber_score)):
        hit = [r for r in watched if at_least(r.score, t.risk_amber_score, t.risk_red_score) == rag]
        if len(hit) == 1:
            reasons.append(Reason("risk", rag, "risk_score", {"id": hit[0].id, "score": hit[0].score}))
        elif hit:
            reasons.append(Reason("risk", rag, "risks_score", {"count": len(hit), "threshold": floor,
                                                                "ids": id_list(hit)}))
    if not watched:
        return Area("risk", "green", (Reason("risk", "green", "no_watched_risks"),))
    if not reasons:
        return Area("risk", "green", (Reason("risk", "green", "risks_below", {"score": watched[0].score}),))
    return Area("risk", worst(*(r.rag for r in reasons)), tuple(reasons))


def assess(p: Registers, t: RagThresholds, date: dt.date, history: bool = False) -> Assessment:
    """The project's RAG as of date, from its registers (p: ProjectData). history=True assesses
    a past date from what was known then (see the module notes)."""
    evm = wbs.project_evm(p, date, history)  # from the WBS when there is one
    overdue = st.overdue_issues(p.issues, date)
    areas = {
        "schedule": schedule_area(p.milestones, evm, t, date, history, p.wbs),
        "cost": cost_area(evm, t),
        "quality": issues_area("quality", overdue, t),
        "scope": issues_area("scope", [i for i in overdue if "scope" in i.impact], t),
        "risk": Area("risk", None, (Reason("risk", None, "no_risk_history"),)) if history
        else risk_area(p.risks, t, date),
    }
    return Assessment(date=date, overall=overall(areas), areas=areas, evm=evm,
                      counts=st.issue_counts(p.issues, date))


def overall(areas: dict[str, Area]) -> str | None:
    """The worst assessed area."""
    return worst(*(a.rag for a in areas.values()))


def unassessed(a: Assessment, reasons: dict[str, Reason]) -> Assessment:
    """a with the named areas not assessed, each for its reason (e.g. a file that did not parse)."""
    areas = {name: Area(name, None, (reasons[name],)) if name in reasons else area
             for name, area in a.areas.items()}
    return replace(a, areas=areas, overall=overall(areas))


@dataclass(frozen=True)
class Difference:
    area: str  # "overall" or an area name
    stated: str
    computed: str

    @property
    def optimistic(self) -> bool:
        """The report paints a better picture than the registers."""
        return RANK[self.stated] < RANK[self.computed]


@dataclass(frozen=True)
class Comparison:
    """A weekly report's stated RAG beside the computed one."""

    stated: dict[str, str | None]    # "overall" and each area -> the report's colour
    computed: dict[str, str | None]  # the same keys -> the rules' colour
    differences: tuple[Difference, ...]
    worse_areas: tuple[str, ...]     # areas the report rates worse than its own overall

    @property
    def optimistic(self) -> tuple[Difference, ...]:
        return tuple(d for d in self.differences if d.optimistic)

    @property
    def flagged(self) -> bool:
        """The report looks better than its data (green outside, red inside) or than its own
        areas. A report stricter than the rules is shown, not flagged: the PM may know more."""
        return bool(self.optimistic or self.worse_areas)


def compare(report: Report, assessment: Assessment) -> Comparison:
    stated: dict[str, str | None] = {"overall": report.overall}
    stated.update({a: getattr(report.areas, a).rag if getattr(report.areas, a) else None for a in AREAS})
    computed: dict[str, str | None] = {"overall": assessment.overall}
    computed.update({a: assessment.areas[a].rag for a in AREAS})
    differences = tuple(Difference(k, a, b) for k, a, b in ((k, stated[k], computed[k]) for k in stated)
                        if a and b and a != b)
    worse = tuple(a for a in AREAS if (rag := stated[a]) and RANK[rag] > RANK[report.overall])
    return Comparison(stated, computed, differences, worse)


def project_thresholds(p: Registers, organisation: Organisation | None) -> RagThresholds:
    return thresholds(organisation.rag if organisation else None, p.project.rag)


def wbs_reason(tasks: Sequence[Task], t: RagThresholds, date: dt.date) -> Reason:
    """The schedule area's reason from the WBS: how many leaf tasks are late and the worst slip,
    coloured by the same slip thresholds as milestones."""
    plan = wbs.Plan(tasks, date)
    late = plan.late_tasks()
    if not late:
        return Reason("schedule", "green", "wbs_on_track")
    worst, days = late[0], plan.slip(late[0])
    return Reason("schedule", at_least(days, t.schedule_amber_days, t.schedule_red_days) if days > 0 else "amber",
                  "wbs_late", {"count": len(late), "id": worst.id, "days": days})
