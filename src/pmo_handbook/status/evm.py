"""Earned value management from a project's PV/EV/AC snapshots. Pure functions, no I/O.

Every ratio is guarded: a zero denominator gives None (shown as "—"), never an exception or an
infinity that would turn a status colour red for no reason.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from pmo_handbook.model.project import EvmPoint, Project


class Figures(Protocol):
    """PV, EV and AC on a date: a typed snapshot (EvmPoint) or the WBS's (status.wbs.Point)."""

    @property
    def date(self) -> dt.date: ...
    @property
    def pv(self) -> float: ...
    @property
    def ev(self) -> float: ...
    @property
    def ac(self) -> float: ...


@dataclass(frozen=True)
class Evm:
    date: dt.date
    bac: float | None
    pv: float
    ev: float
    ac: float
    sv: float          # EV − PV
    cv: float          # EV − AC
    spi: float | None  # EV / PV
    cpi: float | None  # EV / AC
    eac: float | None  # BAC / CPI
    etc: float | None  # EAC − AC
    vac: float | None  # BAC − EAC
    tcpi: float | None  # (BAC − EV) / (BAC − AC)


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def metrics(point: EvmPoint | Figures, bac: float | None) -> Evm:
    """The indices of one snapshot. Without a BAC, the forecasts (EAC, ETC, VAC, TCPI) are None."""
    pv, ev, ac = point.pv, point.ev, point.ac
    cpi = ratio(ev, ac)
    eac = ratio(bac, cpi) if bac is not None and cpi else None
    return Evm(date=point.date, bac=bac, pv=pv, ev=ev, ac=ac, sv=ev - pv, cv=ev - ac,
               spi=ratio(ev, pv), cpi=cpi, eac=eac,
               etc=eac - ac if eac is not None else None,
               vac=bac - eac if bac is not None and eac is not None else None,
               tcpi=ratio(bac - ev, bac - ac) if bac is not None else None)


def point_on(points: Iterable[EvmPoint], date: dt.date) -> EvmPoint | None:
    """The latest snapshot taken on or before date, or None."""
    known = [pt for pt in points if pt.date <= date]
    return max(known, key=lambda pt: pt.date) if known else None


def evm_on(project: Project, date: dt.date) -> Evm | None:
    """The project's EVM as of date: its latest snapshot on or before that day."""
    point = point_on(project.evm, date)
    if point is None:
        return None
    return metrics(point, project.budget.bac if project.budget else None)
