"""The steering meeting's views: each project's status week by week (hand-worked on the fixture
project gamma), stale reports, unfilled projects, and counts a report's text gets wrong."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, cli
from helpers import line_of, replace
from pmo_handbook.loading.load import load_repository
from pmo_handbook.model.placeholders import MARKERS
from pmo_handbook.settings import Settings
from pmo_handbook.site.builder import build_site
from pmo_handbook.status import history, prose, rag

D = dt.date
STEERING = Path(__file__).parent / "fixtures" / "steering"
REPORT_DATES = [D(2026, 10, 2), D(2026, 10, 9), D(2026, 10, 16), D(2026, 10, 23)]

# Worked by hand from tests/fixtures/steering (overdue_red: 3 for the organisation):
# schedule: MS-01 (baseline 10-05, reached 10-12) and MS-02 (baseline 10-06, pending) are 0/0,
#   4/3 (green), -/10 (amber) and -/17 (red) days late, forecasts unused; SPI 1.00, 0.93
#   (amber), 0.80 (red), 0.96 from the snapshots of 09-30, 10-07, 10-14 and 10-21.
# cost: CPI likewise: green, amber, red, green.
# quality: overdue open issues 1 (ISS-001), 1 (ISS-002), 3 (ISS-002/003/004: red), 2 (ISS-002/003).
# scope: of those, with scope among their impact: 0, 1 (ISS-002), 2 (ISS-002/004), 1 (ISS-002).
# risk: not assessed for past dates (scores are kept only as of today).
EXPECTED = {
    D(2026, 10, 2): ("amber", dict(schedule="green", cost="green", quality="amber", scope="green", risk=None),
                     dict(open=2, overdue=1, high=1, top_risk=None, spi="1.00", cpi="1.00")),
    D(2026, 10, 9): ("amber", dict(schedule="amber", cost="amber", quality="amber", scope="amber", risk=None),
                     dict(open=3, overdue=1, high=2, top_risk=None, spi="0.93", cpi="0.93")),
    D(2026, 10, 16): ("red", dict(schedule="red", cost="red", quality="red", scope="amber", risk=None),
                      dict(open=3, overdue=3, high=2, top_risk=None, spi="0.80", cpi="0.80")),
    # the as-of date: the top risk score is today's (RSK-001 4×4; RSK-002 is closed)
    D(2026, 10, 23): ("red", dict(schedule="red", cost="green", quality="amber", scope="amber", risk=None),
                      dict(open=3, overdue=2, high=1, top_risk=16, spi="0.96", cpi="0.96")),
}


@pytest.fixture(scope="module")
def repo():
    return load_repository(STEERING, REPO / "pmo_templates")


@pytest.fixture(scope="module")
def gamma(repo):
    return repo.projects["gamma"]


def thresholds(repo, p):
    return rag.project_thresholds(p, repo.organisation)


def figures(pt) -> tuple:
    c = pt.counts
    return (pt.overall, {a: pt.area(a) for a in rag.AREAS},
            dict(open=c.open, overdue=c.overdue, high=c.high, top_risk=c.top_risk,
                 spi=f"{c.spi:.2f}", cpi=f"{c.cpi:.2f}"))


def test_weekly_history_of_the_fixture_project_by_hand(repo, gamma):
    points = history.weekly(gamma, thresholds(repo, gamma), D(2026, 10, 23), weeks=4)
    assert [pt.date for pt in points] == REPORT_DATES
    assert {pt.date: figures(pt) for pt in points} == EXPECTED
    assert [pt.report.period_end for pt in points] == REPORT_DATES  # each week's own report


def test_twelve_weeks_back_but_not_before_the_start(repo, gamma):
    dates = [pt.date for pt in history.weekly(gamma, thresholds(repo, gamma), D(2026, 10, 23))]
    assert dates == [D(2026, 9, 4) + dt.timedelta(weeks=n) for n in range(8)]  # started 09-01
    assert history.weekly_dates(D(2026, 12, 1))[0] == D(2026, 9, 15)  # 12 weeks, as_of included


def test_change_since_last_week(repo, gamma):
    t = thresholds(repo, gamma)
    assert history.change(history.weekly(gamma, t, D(2026, 10, 16))) == "new_red"  # amber -> red
    assert history.change(history.weekly(gamma, t, D(2026, 10, 23))) == "same"     # red -> red
    assert history.change(history.weekly(gamma, t, D(2026, 10, 9))) == "same"      # amber -> amber
    pts = history.points(gamma, t, REPORT_DATES, D(2026, 10, 23))
    assert history.change([pts[2], pts[1]]) == "better"
    greener = dataclasses.replace(pts[0], assessment=dataclasses.replace(pts[0].assessment, overall="green"))
    assert history.change([greener, pts[1]]) == "worse"
    assert history.change(pts[:1]) is None


# --- the pages ---------------------------------------------------------------------------------

def pages(data: Path, as_of: D, templates: Path = REPO / "pmo_templates") -> dict[str, str]:
    repo = load_repository(data, templates)
    site = build_site(repo, Settings(data_dir=data, templates_dir=templates, as_of=as_of))
    return {p.src_uri: p.content for p in site.pages}


def text(html: str) -> str:
    html = re.sub(r"<(svg)\b.*?</\1>", " ", html, flags=re.S)  # charts: tested on their own
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def portfolio_row(html: str, name: str) -> str:
    return re.search(rf"{name}</a>.*?</tr>", html, re.S).group(0)


def test_dashboard_shows_the_history_of_each_area(repo):
    page = pages(STEERING, D(2026, 10, 23))["projects/gamma/index.md"]
    table = re.search(r'class="md-typeset__scrollwrap pmo-area-history">.*?</table>', page, re.S).group(0)
    rows = {text(r.split("</td>", 1)[0]): re.findall(r'title="([^"]+)"', r.split("</td>", 1)[1])
            for r in re.findall(r"<tr><td>.*?</tr>", table, re.S)}
    labels = {"green": "緑(順調)", "amber": "黄(注意)", "red": "赤(要対策)", None: "判定なし"}
    for name, area in (("全体評価", None), ("スケジュール", "schedule"), ("コスト", "cost"),
                       ("品質", "quality"), ("スコープ", "scope"), ("リスク", "risk")):
        expected = [labels[e[0] if area is None else e[1][area]] for e in EXPECTED.values()]
        assert rows[name][-4:] == expected, name
    figures_rows = {text(r.split("</td>", 1)[0]): text(r.split("</td>", 1)[1]).split()
                    for r in re.findall(r"<tr><td>.*?</tr>", table, re.S)}
    assert figures_rows["期限超過"][-4:] == ["1", "1", "3", "2"]
    assert figures_rows["最大リスクスコア"][-4:] == ["—", "—", "—", "16"]
    assert figures_rows["SPI"][-4:] == ["1", "0.93", "0.80", "0.96"]
    assert "先週比: 変化なし" in text(page)


def test_portfolio_shows_the_trend_and_the_change(repo):
    html = pages(STEERING, D(2026, 10, 16))["index.md"]
    row = portfolio_row(html, "ガンマ販売管理刷新")
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", row).group(1)
    # 09-04 … 09-25: no issue overdue yet (ISS-001 is due 09-30), milestones not yet due, no EVM
    assert desc.endswith("全体: 緑 緑 緑 緑 黄 黄 赤。期限超過の課題: 0 0 0 0 1 1 3")
    assert "▲▲ 新たに赤" in text(row)
    assert len(re.findall(r"<rect ", row)) == 7  # one bar a week since the start


# --- freshness ----------------------------------------------------------------------------------

def test_a_report_older_than_the_cycle_is_stale(repo):
    last = REPORT_DATES[-1]
    fresh = pages(STEERING, last + dt.timedelta(days=6))
    stale = pages(STEERING, last + dt.timedelta(days=8))
    for key in ("index.md", "projects/gamma/index.md"):
        assert "未更新" not in text(fresh[key])
        assert "報告: 赤(要対策)（2026-10-23）" in text(fresh[key])
        assert "週次報告が 8 日未更新" in text(stale[key])
        assert "報告: 赤(要対策)（2026-10-23 時点・更新なし）" in text(stale[key])
    assert "報告未更新 1" in text(stale["index.md"])


def test_the_cycle_is_the_organisations_setting(tmp_path):
    shutil.copytree(STEERING, tmp_path / "data")
    replace(tmp_path / "data" / "organisation.yml", "rag:\n", "reporting_cycle_days: 14\nrag:\n")
    page = text(pages(tmp_path / "data", D(2026, 10, 31))["index.md"])
    assert "未更新" not in page
    page = text(pages(tmp_path / "data", D(2026, 11, 7))["index.md"])
    assert "週次報告が 15 日未更新" in page


# --- reported against computed, in the text -------------------------------------------------------

@pytest.mark.parametrize("phrase, found", [
    ("期限超過の課題が8件。", [("overdue", 8)]),
    ("課題のうち期限超過が ３ 件", [("overdue", 3)]),
    ("期限切れの課題は**4**件", [("overdue", 4)]),
    ("未完了の課題 12 件、高優先の課題が2件", [("open", 12), ("high", 2)]),
    ("オープンな課題が4件", [("open", 4)]),
    ("3 overdue issues remain; open issues: 9", [("overdue", 3), ("open", 9)]),
    ("2 high-priority issues", [("high", 2)]),
    ("商品マスタ取込で約2100件のエラー", []),  # not a count of issues
    ("不具合 14 件（重大 0）", []),
    ("総合テスト消化 248 件", []),
])
def test_recognised_phrasings(phrase, found):
    assert [(kind, n) for kind, n, _ in prose.stated_counts(phrase)] == found


def test_the_reports_page_flags_counts_its_data_contradicts(repo, gamma):
    page = pages(STEERING, D(2026, 10, 23))["projects/gamma/reports.md"]
    sections = {m.group(1): m.group(2) for m in re.finditer(
        r'<h2 id="w-([0-9-]+)">(.*?)(?=<h2 |\Z)', page, re.S)}
    flagged = {d: text(s) for d, s in sections.items() if "報告本文の件数が算出値と異なります" in s}
    assert sorted(flagged) == ["2026-10-16", "2026-10-23"]
    assert "本文「期限超過の課題が2件」: 算出値は 3 件（期限超過の課題）" in flagged["2026-10-16"]
    assert "本文「3 overdue issues」: 算出値は 2 件（期限超過の課題）" in flagged["2026-10-23"]
    # 「未完了の課題 3 件」 on 10-16 agrees with its data: 3 open issues then
    assert "未完了の課題 3 件」" not in flagged["2026-10-16"]
    assert text(page).count("⚠ 本文の件数") == 2  # the history table marks the same two weeks


def test_the_sample_report_of_2026_11_20_is_flagged():
    repo = load_repository(REPO / "data", REPO / "pmo_templates")
    p = repo.projects["kansai-dx"]
    report = next(r for r in p.reports if r.period_end == D(2026, 11, 20))
    counts = rag.assess(p, thresholds(repo, p), report.period_end, history=True).counts
    claims = prose.contradictions(report, counts)
    assert [(c.kind, c.stated, c.computed) for c in claims] == [("overdue", 8, 5)]


# --- unfilled projects ----------------------------------------------------------------------------

def test_a_scaffolded_project_is_unfilled_not_green(repo_copy):
    data = repo_copy / "data"
    # The project starts on the day the pages are built (2026-11-26): new-project writes a WBS
    # skeleton from the start date, and a week later its unstarted tasks are rightly late (黄).
    made = cli("new-project", "osaka-crm", "--name", "大阪商事 CRM 刷新", "--size", "M", "--data", data,
               "--start", "2026-11-26")
    assert made.returncode == 0, made.stderr
    project = data / "projects" / "osaka-crm" / "project.yml"
    assert MARKERS["ja"] + "顧客名" in project.read_text(encoding="utf-8")

    checked = cli("validate", "--data", data, cwd=repo_copy)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    line = line_of(project, "customer:")
    assert (f"data/projects/osaka-crm/project.yml:{line}:11: warning: placeholder not filled in yet: "
            "'（要記入）顧客名'") in checked.stdout.splitlines()
    members = data / "projects" / "osaka-crm" / "members.yml"
    warned = [x for x in checked.stdout.splitlines() if ": warning: " in x]
    assert len(warned) == 14 and sum("members.yml" in x for x in warned) == 2
    for x in warned:  # each points at a value, never at the guidance comments of the file
        path, number, column = x.split(":")[:3]
        at = (repo_copy / path).read_text(encoding="utf-8").splitlines()[int(number) - 1]
        assert not at.lstrip().startswith("#") and at[int(column) - 1:].startswith(MARKERS["ja"]), x
    strict = cli("validate", "--data", data, "--strict-placeholders", cwd=repo_copy)
    assert strict.returncode == 1 and f"project.yml:{line}:11: placeholder not filled in yet" in strict.stdout

    html = pages(data, D(2026, 11, 26), repo_copy / "pmo_templates")
    raw = portfolio_row(html["index.md"], "大阪商事 CRM 刷新")
    row = text(raw)
    assert "未記入" in row and "緑(順調)" not in row and "判定の理由" not in row
    assert "pmo-svg-spark" not in raw and row.endswith("— —")  # no trend, no change: no colours at all
    assert "未記入 1" in text(html["index.md"])
    dashboard = text(html["projects/osaka-crm/index.md"])
    assert "全体状況 未記入" in dashboard and "全体状況 緑(順調)" not in dashboard
    assert "領域別の推移" not in dashboard
    # once every placeholder is replaced, the colour comes back
    for path in (project, members):
        path.write_text(path.read_text(encoding="utf-8").replace(MARKERS["ja"], ""), encoding="utf-8")
    row = text(portfolio_row(pages(data, D(2026, 11, 26), repo_copy / "pmo_templates")["index.md"],
                             "大阪商事 CRM 刷新"))
    assert "未記入" not in row and "緑(順調)" in row


# --- the pdf command without its extra -------------------------------------------------------------

def test_pdf_without_playwright_says_what_to_install(monkeypatch, capsys, tmp_path):
    import sys

    from pmo_handbook.cli import main
    monkeypatch.setitem(sys.modules, "playwright", None)  # `import playwright…` raises ImportError
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    monkeypatch.setenv("PMO_AS_OF", "2026-10-23")
    assert main(["pdf", "--out", str(tmp_path / "out"), "--data", str(STEERING),
                 "--templates", str(REPO / "pmo_templates")]) == 2
    err = capsys.readouterr().err
    assert 'PDF の作成には Playwright が必要です: pip install -e ".[pdf]"' in err
    assert not (tmp_path / "out").exists()
