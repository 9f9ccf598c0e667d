"""The static JSON API: /api/portfolio.json (every project's computed status) and
/api/projects/<id>.json (a project's records and computed figures), each naming by `$schema` the
JSON Schema published beside it under /api/schema/v1/. The payloads are pydantic models, so the
published schemas are generated from the same classes that write the files.

Built from the audience-filtered repository like every other download (exports/__init__.py):
a customer build's API holds what its pages hold. Field names are part of the contract: a
renamed or removed field is a new version (v2 beside v1), an added optional field is not."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import posixpath
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from pmo_handbook import status as st
from pmo_handbook.exports.each import Each, made
from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.model.project import Project
from pmo_handbook.model.registry import REGISTERS
from pmo_handbook.settings import Settings
from pmo_handbook.status import rag

VERSION: Literal["v1"] = "v1"
API = "api"
SCHEMA_DIR = f"{API}/schema/{VERSION}"
PORTFOLIO = f"{API}/portfolio.json"
KEY, LABEL = "api", "JSON"  # the downloads' register key and link label

Rag = Literal["red", "amber", "green"]
_OMITTED = {"visibility", "field_visibility"}  # who may see a record: not part of the record


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Counts(_Payload):
    """Issue counts as the dashboard shows them (status/issues.py)."""

    total: int = Field(description="Issues raised by as_of.")
    open: int
    overdue: int = Field(description="Open issues whose due date has passed.")
    high: int = Field(description="Open issues of high priority.")


class NextMilestone(_Payload):
    id: str
    name: str
    baseline: dt.date
    expected: dt.date = Field(description="When it is expected as seen on as_of (never before as_of).")
    slip_days: int = Field(description="Days between baseline and expected.")


class Reason(_Payload):
    area: str
    rag: Rag | None
    key: str = Field(description="What the reason says, as a stable key (e.g. milestone_slip).")
    values: dict[str, str | int | float] = Field(default_factory=dict)


class EvmFigures(_Payload):
    """Earned value on the latest snapshot on or before as_of (status/evm.py), as the dashboard."""

    date: dt.date
    bac: float | None
    pv: float
    ev: float
    ac: float
    sv: float
    cv: float
    spi: float | None
    cpi: float | None
    eac: float | None
    etc: float | None
    vac: float | None
    tcpi: float | None


class ProjectStatus(_Payload):
    id: str
    name: str
    customer: str
    phase: str
    start: dt.date
    end: dt.date
    priority: str
    rag: Rag | None = Field(description="Overall status computed by the rules (status/rag.py).")
    rag_reported: Rag | None = Field(description="Overall status of the latest weekly report.")
    counts: Counts
    next_milestone: NextMilestone | None
    page: str = Field(description="The project's dashboard, relative to the site root.")
    api: str = Field(description="This project's API file, relative to the site root.")


class Totals(_Payload):
    open: int
    overdue: int
    high: int
    red: int
    amber: int
    green: int


class Portfolio(_Payload):
    schema_: str = Field(alias="$schema")
    version: Literal["v1"] = VERSION
    as_of: dt.date
    audience: str
    totals: Totals
    projects: list[ProjectStatus]


def _records_model() -> type[BaseModel]:
    """One list per register of records (model/registry.py), typed by the register's model."""
    fields: dict[str, Any] = {
        key: (list[model], Field(default_factory=list,  # type: ignore[valid-type]
                                 description=f"Records of {key}.yml."))
        for key, model in _record_models().items()}
    return create_model("Records", __base__=_Payload, **fields)


def _record_models() -> dict[str, type[BaseModel]]:
    return {reg.key: reg.model for reg in REGISTERS.values()
            if reg.keeps == "records" and reg.model is not None}


Records = _records_model()


class ProjectFile(_Payload):
    schema_: str = Field(alias="$schema")
    version: Literal["v1"] = VERSION
    as_of: dt.date
    audience: str
    status: ProjectStatus
    reasons: list[Reason] = Field(description="Why the computed status is not green, worst first.")
    evm: EvmFigures | None
    charter: Project
    records: Records  # type: ignore[valid-type]


SCHEMAS: dict[str, type[BaseModel]] = {"portfolio": Portfolio, "project": ProjectFile}


def schema_uri(name: str) -> str:
    return f"{SCHEMA_DIR}/{name}.schema.json"


def project_uri(pid: str) -> str:
    return f"{API}/projects/{pid}.json"


def _relative(target: str, source: str) -> str:
    """target as seen from the file at source (both relative to the site root)."""
    return posixpath.relpath(target, posixpath.dirname(source))


def project_status(p: ProjectData, repo: Repository, as_of: dt.date) -> tuple[ProjectStatus, rag.Assessment]:
    assessment = rag.assess(p, rag.project_thresholds(p, repo.organisation), as_of)
    report = st.latest_report(p.reports)
    upcoming = st.upcoming(p.milestones, as_of)
    nxt = upcoming[0] if upcoming else None
    c = assessment.counts
    status = ProjectStatus(
        id=p.id, name=p.project.name, customer=p.project.customer, phase=p.project.phase,
        start=p.project.start, end=p.project.end, priority=p.project.priority,
        rag=assessment.overall, rag_reported=report.overall if report else None,
        counts=Counts(total=c.total, open=c.open, overdue=c.overdue, high=c.high),
        next_milestone=NextMilestone(id=nxt.id, name=nxt.name, baseline=nxt.baseline,
                                     expected=st.expected_date(nxt, as_of), slip_days=st.slip_on(nxt, as_of))
        if nxt else None,
        page=f"projects/{p.id}/", api=project_uri(p.id))
    return status, assessment


def _exclude(payload: BaseModel) -> dict[str, Any] | None:
    """Who may see a record is not part of the record: leave visibility out of every record."""
    if not isinstance(payload, ProjectFile):
        return None
    return {"charter": _OMITTED, "records": {key: {"__all__": _OMITTED} for key in _record_models()}}


def _json(payload: BaseModel) -> bytes:
    data = payload.model_dump(mode="json", by_alias=True, exclude=_exclude(payload))
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def portfolio_files(repo: Repository, settings: Settings,
                    each: Each = made) -> list[tuple[str, bytes, str, str]]:
    """Download producer: /api/portfolio.json and the published schemas."""
    def row(p: ProjectData) -> Callable[[], Any]:
        return lambda: project_status(p, repo, settings.as_of)[0]

    rows = [each("api", p, row(p)) for _, p in sorted(repo.projects.items())]
    totals = Totals(**{k: sum(getattr(r.counts, k) for r in rows) for k in ("open", "overdue", "high")},
                    **{c: sum(r.rag == c for r in rows) for c in ("red", "amber", "green")})
    portfolio = Portfolio(schema_=_relative(schema_uri("portfolio"), PORTFOLIO), as_of=settings.as_of,
                          audience=settings.audience, totals=totals, projects=rows)
    out = [(PORTFOLIO, _json(portfolio), KEY, LABEL)]
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True, mode="serialization")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$id": schema_uri(name).removeprefix(f"{API}/"), **schema}
        text = json.dumps(schema, ensure_ascii=False, indent=1) + "\n"
        out.append((schema_uri(name), text.encode("utf-8"), KEY, LABEL))
    return out


def project_file(p: ProjectData, repo: Repository, settings: Settings) -> list[tuple[str, bytes, str, str]]:
    """Download producer: /api/projects/<id>.json."""
    status, assessment = project_status(p, repo, settings.as_of)
    uri = project_uri(p.id)
    records = {key: list(getattr(p, key)) for key in _record_models()}
    reasons = [Reason(area=r.area, rag=r.rag, key=r.key, values=dict(r.params))
               for r in assessment.reasons]
    payload = ProjectFile(schema_=_relative(schema_uri("project"), uri), as_of=settings.as_of,
                          audience=settings.audience, status=status, reasons=reasons,
                          evm=EvmFigures(**dataclasses.asdict(assessment.evm)) if assessment.evm else None,
                          charter=p.project,
                          records=Records(**records))
    return [(uri, _json(payload), KEY, LABEL)]
