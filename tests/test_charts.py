"""Charts drawn at build time: well-formed, accessible, self-contained SVG with every data string escaped."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import FIXTURE_DATA, REPO
from pmo_handbook.site import charts
from pmo_handbook.site.charts.trend import weekly_counts
from pmo_handbook.i18n import labels
from pmo_handbook.loading.load import load_repository
from pmo_handbook.model.organisation import RagThresholds
from pmo_handbook.model.project import Budget, EvmPoint
from pmo_handbook.site.project import org_tree

D = dt.date
AS_OF = D(2026, 11, 26)
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & "引用"'
L = labels("ja")


@pytest.fixture(scope="module")
def repo():
    return load_repository(FIXTURE_DATA, REPO / "pmo_templates")


@pytest.fixture(scope="module")
def alpha(repo):
    return repo.projects["alpha"]


def svg_of(html: str) -> ET.Element:
    """The <svg> element of a chart; fails unless the markup is well-formed XML."""
    assert html.startswith('<div class="pmo-chart" data-search-exclude>') and html.endswith("</div>")
    root = ET.fromstring(html.replace("data-search-exclude", 'data-search-exclude=""', 1))
    svg = root.find(f"{SVG}svg")
    assert svg is not None
    return svg


def every_chart(p, role_names) -> dict:
    return {
        "timeline": charts.milestone_timeline(p.milestones, AS_OF, RagThresholds(), L),
        "heatmap": charts.risk_heatmap(p.risks, AS_OF, L),
        "trend": charts.issue_trend(p.issues, AS_OF, L),
        "org": charts.org_chart(org_tree(p.members), role_names, L),
        "scurve": charts.evm_scurve(p.project, AS_OF, L),
    }


def hostile(alpha):
    """The fixture project with markup in every name, title and id-like text the charts print."""
    return dataclasses.replace(
        alpha,
        project=alpha.project.model_copy(update={
            "budget": Budget(bac=40, unit=HOSTILE),
            "evm": [EvmPoint(date=D(2026, 10, 31), pv=20, ev=16, ac=18)]}),
        members=[m.model_copy(update={"name": HOSTILE, "organisation": HOSTILE, "title": HOSTILE})
                 for m in alpha.members],
        milestones=[m.model_copy(update={"name": HOSTILE}) for m in alpha.milestones],
        risks=[r.model_copy(update={"title": HOSTILE}) for r in alpha.risks])


def test_every_chart_is_an_accessible_self_contained_svg(alpha, repo):
    p = dataclasses.replace(alpha, project=alpha.project.model_copy(update={
        "evm": [EvmPoint(date=D(2026, 10, 31), pv=20, ev=16, ac=18)]}))
    for name, html in every_chart(p, {r.id: r.name for r in repo.standard.roles}).items():
        svg = svg_of(html)
        assert svg.get("role") == "img" and svg.get("font-family") == "inherit", name
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text, name
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert "<script" not in html and "<foreignObject" not in html and "style=" not in html, name
        # No reference outside the page: the only URL is the SVG namespace; links are fragments.
        assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"], name
        assert all(a.get("href", "").startswith("#") for a in svg.iter(f"{SVG}a")), name


def test_a_name_holding_markup_is_escaped_inside_every_chart(alpha, repo):
    for name, html in every_chart(hostile(alpha), {}).items():
        if name in ("trend",):
            continue  # prints dates and counts only
        svg_of(html)  # still well-formed
        assert "<script>" not in html, name
        assert "&lt;script&gt;" in html, name
        assert "&amp; &quot;" in html, name  # & and " escaped too, also inside attributes


def test_timeline_rows_and_slips(alpha):
    html = charts.milestone_timeline(alpha.milestones, AS_OF, RagThresholds(), L, href="../milestones/")
    svg = svg_of(html)
    links = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert links == ["../milestones/#ms-01", "../milestones/#ms-02"]
    texts = [t.text for t in svg.iter(f"{SVG}text") if t.text]
    assert "+7" in texts and "+10" in texts  # MS-01 actual 10-07 vs 09-30; MS-02 forecast 12-28 vs 12-18
    desc = svg.find(f"{SVG}desc").text
    assert "MS-02 結合テスト完了 計画(基準) 2026-12-18 見込 2026-12-28 （遅延 +10 日）" in desc


def test_timeline_leaves_out_cancelled_milestones_and_draws_nothing_without_any(alpha):
    cancelled = [m.model_copy(update={"status": "cancelled", "actual": None}) for m in alpha.milestones]
    assert charts.milestone_timeline(cancelled, AS_OF, RagThresholds(), L) == ""
    assert charts.milestone_timeline([], AS_OF, RagThresholds(), L) == ""


def test_heatmap_puts_each_open_risk_in_its_cell(alpha):
    svg = svg_of(charts.risk_heatmap(alpha.risks, AS_OF, L))
    cells = {}
    for g in svg.iter(f"{SVG}g"):
        ids = [t.text for t in g.iter(f"{SVG}text") if t.text and t.text.startswith("RSK-")]
        if ids:
            cells[tuple(ids)] = g
    assert set(cells) == {("RSK-001",), ("RSK-002",)}
    rects = {r.get("class"): r for r in svg.iter(f"{SVG}rect")}
    assert "pmo-svg-level-critical" in rects  # probability 4 x impact 5 = 20
    closed = [r.model_copy(update={"status": "closed"}) for r in alpha.risks]
    assert "RSK-001" not in charts.risk_heatmap(closed, AS_OF, L)


def test_issue_trend_counts_each_week(alpha):
    rows = weekly_counts(alpha.issues, AS_OF)
    # From the week of the first issue (ISS-003, Tue 2026-09-01 -> Mon 08-31) to the week of 11-26.
    assert rows[0]["week"] == D(2026, 8, 31) and rows[-1]["week"] == D(2026, 11, 23) and len(rows) == 13
    by_week = {r["week"]: r for r in rows}
    assert by_week[D(2026, 8, 31)] == {"week": D(2026, 8, 31), "opened": 1, "closed": 0, "backlog": 1}
    assert by_week[D(2026, 9, 7)]["closed"] == 1 and by_week[D(2026, 9, 7)]["backlog"] == 0  # closed 09-10
    assert by_week[D(2026, 9, 28)]["opened"] == 2  # ISS-001 (10-01) and ISS-005 (10-02)
    assert sum(r["opened"] for r in rows) == 5 and sum(r["closed"] for r in rows) == 1
    assert rows[-1]["backlog"] == 3
    assert weekly_counts(alpha.issues, AS_OF, weeks=4)[0]["week"] == D(2026, 11, 2)
    desc = svg_of(charts.issue_trend(alpha.issues, AS_OF, L)).find(f"{SVG}desc").text
    assert "起票 5 件・完了 1 件" in desc


def test_scurve_only_where_evm_data_exists(alpha):
    assert charts.evm_scurve(alpha.project, AS_OF, L) == ""
    project = alpha.project.model_copy(update={"budget": Budget(bac=40), "evm": [
        EvmPoint(date=D(2026, 9, 30), pv=10, ev=9, ac=11),
        EvmPoint(date=D(2026, 10, 31), pv=20, ev=16, ac=18)]})
    svg = svg_of(charts.evm_scurve(project, AS_OF, L))
    lines = {p.get("class"): p.get("points").split() for p in svg.iter(f"{SVG}polyline")}
    assert set(lines) == {"pmo-svg-pv", "pmo-svg-ev", "pmo-svg-ac"}
    assert all(len(points) == 2 for points in lines.values())
    assert "BAC 40" in [t.text for t in svg.iter(f"{SVG}text")]


def test_org_chart_follows_reports_to(alpha, repo):
    role_names = {r.id: r.name for r in repo.standard.roles}
    svg = svg_of(charts.org_chart(org_tree(alpha.members), role_names, L, href=""))
    boxes = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert sorted(boxes) == ["#ono", "#sato", "#suzuki", "#tanaka"]
    # tanaka manages suzuki and sato, who are stacked under him; ono (no manager) is a second root.
    y = {}
    for a in svg.iter(f"{SVG}a"):
        rect = a.find(f"{SVG}g/{SVG}rect")
        y[a.get("href")] = float(rect.get("y"))
    assert y["#tanaka"] == y["#ono"] < y["#suzuki"] < y["#sato"]
    assert "4 名の体制。最上位: 田中 一郎、小野 誠。" == svg.find(f"{SVG}desc").text
    assert "PM" in [t.text for t in svg.iter(f"{SVG}text")]  # short role name; the full one is in the tooltip
