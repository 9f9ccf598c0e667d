"""Computed status on the built site: dashboards, issue logs, portfolio, reports, charts."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, REPO, mkdocs_build
from helpers import article, page_text

STATUS_DATA = Path(__file__).parent / "fixtures" / "status"
SAMPLE_PROJECTS = sorted(p.name for p in (REPO / "data" / "projects").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def early_late(tmp_path_factory):
    root = tmp_path_factory.mktemp("as_of")
    for name, as_of in (("early", "2000-01-01"), ("late", "2099-12-31")):
        result = mkdocs_build(root / name, FIXTURE_DATA, PMO_AS_OF=as_of)
        assert result.returncode == 0, result.stderr
    return root / "early", root / "late"


@pytest.fixture(scope="module")
def beta_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("status") / "site"
    result = mkdocs_build(site, STATUS_DATA)
    assert result.returncode == 0, result.stderr
    return site


def register_rows(site, url):
    """The rows of the issue log's own table (before its attention list)."""
    html = article(site, url)
    return re.findall(r"<tr class=\"[^\"]*\">", html[:html.index('id="attention"')])


def test_nothing_is_open_in_2000_and_every_open_issue_is_overdue_in_2099(early_late):
    early, late = early_late
    # in 2000 no issue was raised yet: nothing is open, overdue or high, as the pages all say
    assert "未完了の課題 0 期限超過 0 優先度「高」 0" in page_text(early, "projects/alpha/")
    assert "未完了の課題 3 期限超過 3 優先度「高」 1" in page_text(late, "projects/alpha/")
    assert "期限超過の課題はありません" in page_text(early, "projects/alpha/")
    assert "期限超過の課題が 3 件（ISS-004, ISS-001, ISS-002）" in page_text(late, "projects/alpha/")
    assert sum("pmo-row-overdue" in r for r in register_rows(early, "projects/alpha/issues/")) == 0
    assert sum("pmo-row-overdue" in r for r in register_rows(late, "projects/alpha/issues/")) == 3
    # open rows are the ones not greyed out as closed: none in 2000, the three open ones in 2099
    assert sum("pmo-row-closed" not in r for r in register_rows(early, "projects/alpha/issues/")) == 0
    assert sum("pmo-row-closed" not in r for r in register_rows(late, "projects/alpha/issues/")) == 3
    # ISS-001 was due 2026-11-20: by 2099-12-31 it is that many days overdue, and open since 10-01.
    overdue = (dt.date(2099, 12, 31) - dt.date(2026, 11, 20)).days
    opened = (dt.date(2099, 12, 31) - dt.date(2026, 10, 1)).days
    assert f"2026-10-01 2026-11-20 未対応 {opened} {overdue}" in page_text(late, "projects/alpha/issues/")
    assert "ISS-001 在庫APIの仕様が未確定 仕様 高 田中 一郎 2026-10-01 2026-11-20 未対応 — " in \
        page_text(early, "projects/alpha/issues/")  # no ageing before it was raised


def test_computed_status_as_of_the_sample_date(fixture_site):
    text = page_text(fixture_site, "projects/alpha/")
    assert "全体状況 赤(要対策) 報告: 黄(注意)" in text
    assert "判定の理由 赤(要対策) リスク RSK-001 のスコア 20" in text
    assert "スケジュール 黄(注意) 黄(注意) マイルストーン MS-02 が 10 日遅延" in text
    assert "コスト 判定なし — EVM の記録がないため判定しません" in text
    assert "品質 黄(注意) — 期限超過の課題が 2 件（ISS-004, ISS-001）" in text
    assert "全体評価: 報告「黄(注意)」は算出「赤(要対策)」より良い評価です" in text


def test_portfolio_shows_computed_status_beside_the_report(fixture_site):
    row = re.search(r"アルファ受発注システム改修</a>.*?</tr>", article(fixture_site, ""), re.S).group(0)
    text = re.sub(r"<[^>]+>", " ", row)
    assert re.sub(r"\s+", " ", text).split() == [
        "アルファ受発注システム改修", "株式会社アルファ商事", "·", "機能追加・改修", "·", "中規模(M)", "開発",
        "赤(要対策)", "リスク", "RSK-001", "のスコア", "20", "報告:", "黄(注意)",
        "結合テスト完了", "2026-12-28", "+10", "3", "2", "1"]


def test_portfolio_puts_projects_needing_attention_first(sample_site):
    html = article(sample_site, "")
    table = html[html.index('<table data-pmo-sort>'):html.index("</table>")]
    rows = re.findall(r"<tr><td data-sort-value=.*?</tr>", table, re.S)
    assert len(rows) == len(SAMPLE_PROJECTS)
    rank = [int(re.findall(r'data-sort-value="(-?\d+)"', r)[1]) for r in rows]  # the status column
    overdue = [int(re.findall(r'<td class="pmo-num[^"]*">(\d+)</td>', r)[1]) for r in rows]
    order = list(zip([-x for x in rank], [-x for x in overdue], strict=True))
    assert order == sorted(order)  # red, amber, green; then most overdue first
    # Totals add up the rows, and the colours count the projects.
    text = page_text(sample_site, "")
    assert f"期限超過 {sum(overdue)}" in text
    counts = {c: rank.count(n) for c, n in (("red", 2), ("amber", 1), ("green", 0))}
    assert f"赤 {counts['red']}・黄 {counts['amber']}・緑 {counts['green']}" in text


def test_portfolio_table_is_sortable_with_a_local_script(sample_site):
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    headers = re.findall(r'<th data-sort="(text|number)"', html)
    assert headers == ["text", "text", "number", "text", "number", "number", "number", "number"]
    assert re.search(r'<script src="assets/pmo-sort\.js', html)
    assert (sample_site / "assets/pmo-sort.js").is_file()


def test_dashboards_team_and_risk_pages_draw_inline_svg(sample_site, fixture_site):
    for site, projects in ((sample_site, SAMPLE_PROJECTS), (fixture_site, ["alpha"])):
        for pid in projects:
            for page, chart in (("", "pmo-svg-timeline"), ("team/", "pmo-svg-org"), ("risks/", "pmo-svg-heatmap"),
                                ("milestones/", "pmo-svg-timeline"), ("reports/", "pmo-svg-trend")):
                html = article(site, f"projects/{pid}/{page}")
                assert re.search(rf'<svg xmlns="http://www.w3.org/2000/svg" class="pmo-svg {chart}" role="img"',
                                 html), (pid, page)
    for pid in ("kansai-dx", "kobe-portal"):  # the sample projects that track EVM
        assert "pmo-svg-scurve" in article(sample_site, f"projects/{pid}/")


def test_no_page_loads_anything_from_outside_the_site(sample_site):
    for page in sample_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag, url in re.findall(r'<(script|link|img|iframe)\b[^>]*?(?:src|href)="([^"]*)"', html):
            assert "://" not in url and not url.startswith("//"), (page, tag, url)


def test_the_kansai_dx_report_of_2026_10_09_is_flagged(sample_site):
    html = article(sample_site, "projects/kansai-dx/reports/")
    row = re.search(r'<tr class="pmo-row-flagged"><td class="pmo-nowrap"><a href="#w-2026-10-09">.*?</tr>', html, re.S)
    assert row and "⚠ 不一致" in row.group(0)
    section = html[html.index('id="w-2026-10-09"'):html.index('id="w-2026-10-02"')]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))
    assert "⚠ 報告の評価が算出結果と食い違っています" in text
    assert "全体「緑(順調)」が領域別の スケジュール「赤(要対策)」" in text
    assert "2026-10-09 時点の算出値" in text
    assert "SPI 0.92（2026-09-30 時点）" in text  # EV 66.5 / PV 72 of the 09-30 snapshot


def test_kansai_dx_dashboard_names_its_reasons(sample_site):
    text = page_text(sample_site, "projects/kansai-dx/")
    assert "マイルストーン MS-07 が 18 日遅延" in text  # baseline 11-20, forecast 12-08


def test_evm_figures_and_empty_divisions_on_the_pages(beta_site):
    text = page_text(beta_site, "projects/beta/")
    # PV 50, EV 40, AC 50, BAC 100 (2026-09-30)
    for figure in ("スケジュール差異（SV = EV − PV） -10", "コスト差異（CV = EV − AC） -10",
                   "スケジュール効率指数（SPI = EV ÷ PV） 0.80", "コスト効率指数（CPI = EV ÷ AC） 0.80",
                   "完成時総コスト見積（EAC = BAC ÷ CPI） 125", "残作業コスト見積（ETC = EAC − AC） 75",
                   "完成時差異（VAC = BAC − EAC） -25", "残作業効率指数（TCPI = (BAC − EV) ÷ (BAC − AC)） 1.20"):
        assert figure in text, figure
    assert "判定の理由 赤(要対策) CPI 0.80（2026-09-30 時点）" in text
    assert "SPI 黄 0.95 未満・赤 0.75 未満" in text  # the project's own threshold
    assert "期限超過の課題 黄 2 件以上" in text  # the organisation's threshold
    reports = page_text(beta_site, "projects/beta/reports/")
    # 2026-05-08: only the all-zero snapshot of 04-30 existed, so SPI and CPI divide by zero.
    assert "2026-05-08 緑 / 緑 — / 緑 — / — — / 緑 — / 緑 — / — 0 0 — —" in reports
    assert "PV 0 · EV 0 · AC 0 · SV 0 · CV 0 · SPI — · CPI — · EAC —" in reports
    assert "2026-11-20 ⚠ 不一致 ⚠ 緑 / 赤 ⚠ 緑 / 黄 ⚠ 黄 / 赤 — / 緑 — / 緑 — / — 2 1 0.80 0.80" in reports


def test_org_chart_shows_current_members_only(beta_site):
    html = article(beta_site, "projects/beta/team/")
    start = html.index('class="pmo-svg pmo-svg-org"')
    svg = html[start:html.index("</svg>", start)]
    assert "加藤 一" in svg and "上田 三奈" in svg
    assert "久保 退任" not in svg  # left on 2026-06-30
    assert "久保 退任" in html[html.index('class="pmo-tree"'):]  # the full list still names him


def test_calendar_links_on_the_pages(fixture_site):
    assert re.search(r'<a href="../../../downloads/projects/alpha/calendar.ics" download',
                     article(fixture_site, "projects/alpha/milestones/"))
    assert re.search(r'<a href="downloads/portfolio.ics" download', article(fixture_site, ""))

