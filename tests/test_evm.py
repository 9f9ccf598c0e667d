"""EVM indices against values computed by hand, zero denominators included."""
from __future__ import annotations

import datetime as dt

import pytest

from pmo_handbook.status.evm import evm_on, metrics, point_on
from pmo_handbook.model.project import Budget, EvmPoint

D = dt.date


def point(pv, ev, ac, date=dt.date(2026, 9, 30)):
    return EvmPoint(date=date, pv=pv, ev=ev, ac=ac)


def test_every_index_from_one_snapshot():
    # PV 50, EV 40, AC 50, BAC 100: behind plan and over cost
    e = metrics(point(50, 40, 50), 100)
    assert (e.sv, e.cv) == (-10, -10)
    assert e.spi == pytest.approx(0.8) and e.cpi == pytest.approx(0.8)
    assert e.eac == pytest.approx(125)     # 100 / 0.8
    assert e.etc == pytest.approx(75)      # 125 - 50
    assert e.vac == pytest.approx(-25)     # 100 - 125
    assert e.tcpi == pytest.approx(1.2)    # (100 - 40) / (100 - 50)


def test_ahead_of_plan_and_under_budget():
    # PV 20, EV 30, AC 24, BAC 120
    e = metrics(point(20, 30, 24), 120)
    assert e.spi == pytest.approx(1.5) and e.cpi == pytest.approx(1.25)
    assert e.eac == pytest.approx(96) and e.etc == pytest.approx(72) and e.vac == pytest.approx(24)
    assert e.tcpi == pytest.approx(90 / 96)


def test_a_snapshot_at_the_start_divides_by_nothing():
    e = metrics(point(0, 0, 0), 100)
    assert (e.sv, e.cv) == (0, 0)
    assert e.spi is None and e.cpi is None
    assert e.eac is None and e.etc is None and e.vac is None
    assert e.tcpi == pytest.approx(1.0)  # (100 - 0) / (100 - 0)


def test_no_value_earned_yet_gives_no_forecast():
    e = metrics(point(10, 0, 8), 100)
    assert e.spi == 0 and e.cpi == 0
    assert e.eac is None and e.etc is None and e.vac is None  # BAC / 0


def test_budget_fully_spent_has_no_tcpi():
    e = metrics(point(90, 80, 100), 100)
    assert e.cpi == pytest.approx(0.8) and e.eac == pytest.approx(125)
    assert e.tcpi is None  # BAC - AC = 0


def test_without_a_budget_only_the_variances_and_indices_exist():
    e = metrics(point(50, 40, 50), None)
    assert e.spi == pytest.approx(0.8) and e.cpi == pytest.approx(0.8)
    assert e.eac is None and e.etc is None and e.vac is None and e.tcpi is None


def test_the_snapshot_in_force_on_a_date():
    points = [point(0, 0, 0, D(2026, 4, 30)), point(50, 40, 50, D(2026, 9, 30))]
    assert point_on(points, D(2026, 4, 29)) is None
    assert point_on(points, D(2026, 4, 30)) is points[0]
    assert point_on(points, D(2026, 9, 29)) is points[0]
    assert point_on(points, D(2026, 11, 26)) is points[1]


def test_evm_on_uses_the_projects_budget():
    class Project:
        evm = [point(50, 40, 50, D(2026, 9, 30))]
        budget = Budget(bac=100)

    assert evm_on(Project, D(2026, 9, 1)) is None
    assert evm_on(Project, D(2026, 10, 1)).eac == pytest.approx(125)
