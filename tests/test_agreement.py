"""Every view says the same about open and overdue issues, on every day.

For every sample project and every day of 2026 (and the edge days its data defines: each due
date, the day after it, each raise and close date and the day before it), the dashboard card,
the issue log (its cards and the rows it marks), the portfolio row, the RAG reason, and the
Excel download (its conditional-formatting rule evaluated per row with TODAY() = that day) agree,
with each other and with the meaning documented in status/issues.py. Per day this goes through
the context functions the pages render from; on a few days real `mkdocs build`s are read as a
person would: the numbers in the HTML and the highlighted rows of the downloaded workbook.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
from conftest import REPO, mkdocs_build
from excelformula import Formula
from helpers import article, page_text

from pmo_handbook import exports
from pmo_handbook import status as st
from pmo_handbook.loading.audience import for_audience
from pmo_handbook.loading.load import load_repository
from pmo_handbook.settings import Settings
from pmo_handbook.site.portfolio import portfolio_context
from pmo_handbook.site.project import project_context

D = dt.date
DAY = dt.timedelta(days=1)
SAMPLE_PROJECTS = sorted(p.name for p in (REPO / "data" / "projects").iterdir() if p.is_dir())
FINISHED = ("closed", "withdrawn")  # 完了, 取下げ


@pytest.fixture(scope="module")
def sample():
    """The sample data as the default build sees it (internal audience)."""
    return for_audience(load_repository(REPO / "data", REPO / "pmo_templates"), "internal")


# The documented meaning (status/issues.py), written out independently of the code under test.
def documented_open(issue, day: dt.date) -> bool:
    if issue.raised_on > day:
        return False
    if issue.status not in FINISHED:
        return True
    return issue.closed_on is not None and issue.closed_on > day


def documented_overdue(issue, day: dt.date) -> bool:
    return documented_open(issue, day) and issue.due is not None and issue.due < day


def days_to_check(projects) -> list[dt.date]:
    days = {D(2026, 1, 1) + DAY * n for n in range(365)}
    for p in projects:
        for i in p.issues:
            days |= {i.raised_on - DAY, i.raised_on}
            if i.due:
                days |= {i.due, i.due + DAY}
            if i.closed_on:
                days |= {i.closed_on - DAY, i.closed_on}
    return sorted(days)


class Workbook:
    """A downloaded register workbook: its row-highlighting rule, evaluated per row."""

    def __init__(self, data: bytes):
        self.ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
        row_rules = [(str(cf.sqref), rule) for cf in self.ws.conditional_formatting for rule in cf.rules
                     if str(cf.sqref).startswith("A2:")]
        assert len(row_rules) == 1, row_rules  # the one rule that highlights whole rows
        sqref, rule = row_rules[0]
        self.formula = Formula(rule.formula[0], origin_row=2)
        self.last = int(re.search(r"([0-9]+)$", sqref).group(1))
        self.fill = rule.dxf.fill.fgColor.rgb if rule.dxf and rule.dxf.fill else None

    def highlighted(self, today: dt.date) -> set[str]:
        """Ids (column A) of the rows Excel paints on that day."""
        return {self.ws.cell(r, 1).value for r in range(2, self.ws.max_row + 1)
                if self.ws.cell(r, 1).value and self.formula.evaluate(self.ws, r, today)}


def register_workbook(p, repo, register: str) -> Workbook:
    """The project's register as the site offers it for download."""
    produced = {uri: data for uri, data, _key, _label in exports.project_downloads(p, repo, Settings())}
    return Workbook(produced[f"downloads/projects/{p.id}/{register}.xlsx"])


def quality_reason_count(assessment) -> int:
    reason = assessment.areas["quality"].reasons[0]
    return reason.params["count"] if reason.key == "overdue_issues" else 0


@pytest.mark.parametrize("pid", SAMPLE_PROJECTS)
def test_every_view_agrees_on_every_day_of_2026(sample, pid):
    p, std, org = sample.projects[pid], sample.standard, sample.organisation
    book = register_workbook(p, sample, "issues")
    projects = sorted(sample.projects.values(), key=lambda x: x.id)
    disagreements = []
    for day in days_to_check(sample.projects.values()):
        ctx = project_context(p, std, day, org.rag)  # dashboard and issue log
        row = next(r for r in portfolio_context(projects, org, day)["rows"] if r["data"].id == pid)
        expected = {i.id for i in p.issues if documented_overdue(i, day)}
        expected_open = sum(documented_open(i, day) for i in p.issues)
        marked = {i.id for i in ctx["issues"] if st.is_overdue(i, day)}   # rows the issue log marks
        unmarked_open = sum(st.is_open(i, day) for i in ctx["issues"])     # rows not greyed out
        overdue = {  # how many are overdue, as each view shows it
            "dashboard card": ctx["counts"].overdue, "issue log rows": len(marked),
            "portfolio row": row["counts"].overdue, "RAG reason": quality_reason_count(ctx["assessment"]),
            "Excel rows": len(book.highlighted(day)), "documented rule": len(expected)}
        open_ = {"dashboard card": ctx["counts"].open, "issue log rows": unmarked_open,
                 "portfolio row": row["counts"].open, "documented rule": expected_open}
        ids = {"issue log": marked, "Excel": book.highlighted(day), "documented rule": expected,
               "attention list": {i.id for i in ctx["attention"] if i.id in expected}}
        if len(set(overdue.values())) > 1 or len(set(open_.values())) > 1 or any(v != expected for v in ids.values()):
            disagreements.append((day.isoformat(), overdue, open_, ids))
    assert not disagreements, f"{len(disagreements)} days disagree, first: {disagreements[:2]}"


@pytest.mark.parametrize("pid", SAMPLE_PROJECTS)
def test_report_history_counts_what_the_dashboard_showed_that_day(sample, pid):
    """Each weekly report's computed counts (report page, seen today) are the figures the
    dashboard shows when built as of the report's period end."""
    p, std, org = sample.projects[pid], sample.standard, sample.organisation
    history = project_context(p, std, D(2026, 12, 31), org.rag)["history"]
    assert history, pid
    for entry in history:
        day = entry["report"].period_end
        then = project_context(p, std, day, org.rag)
        assert entry["assessment"].counts == then["counts"], (pid, day)
        assert quality_reason_count(entry["assessment"]) == then["counts"].overdue, (pid, day)


# --- real builds: the numbers a person reads ---------------------------------------------------

def late_close_day(projects) -> dt.date:
    """The first day an issue that was overdue got closed: overdue the day before, not on it."""
    return min(i.closed_on for p in projects for i in p.issues
               if i.closed_on and i.due and i.due < i.closed_on - DAY and i.status in FINISHED)


@pytest.fixture(scope="module")
def built(sample, sample_site, tmp_path_factory):
    """Sites of the sample data as of a few days: the shared sample build (2026-11-26), the day
    of the report in issue 10 (2026-05-30) and the first day an overdue issue was closed."""
    sites = {D(2026, 11, 26): sample_site}
    for day in (D(2026, 5, 30), late_close_day(sample.projects.values())):
        site = tmp_path_factory.mktemp(f"as_of_{day}") / "site"
        result = mkdocs_build(site, PMO_AS_OF=day.isoformat())
        assert result.returncode == 0, result.stderr
        sites[day] = site
    return sites


def figure(text: str, label: str) -> int:
    return int(re.search(rf"{label} ([0-9]+)", text).group(1))


def reason_counts(text: str) -> set[int]:
    """Counts named by the quality reason wherever the page shows it (headline, area table)."""
    found = {int(n) for n in re.findall(r"(?<!する)期限超過の課題が ([0-9]+) 件", text)}
    return found | ({0} if re.search(r"(?<!する)期限超過の課題はありません", text) else set())


def register_rows(site: Path, pid: str) -> list[dict]:
    """The issue log's own table: id, whether marked overdue or greyed out as closed, ageing."""
    html = article(site, f"projects/{pid}/issues/")
    table = html[:html.index('id="attention"')]
    rows = []
    for cls, body in re.findall(r'<tr class="([^"]*)">(.*?)</tr>', table, re.DOTALL):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", body, re.DOTALL)]
        rows.append({"id": cells[0], "overdue": "pmo-row-overdue" in cls, "closed": "pmo-row-closed" in cls,
                     "days_open": cells[-2]})
    return rows


def portfolio_figures(site: Path, name: str) -> tuple[int, int]:
    row = re.search(rf">{re.escape(name)}</a>.*?</tr>", article(site, ""), re.DOTALL).group(0)
    cells = re.findall(r'<td class="pmo-num[^"]*"[^>]*>([^<]*)</td>', row)
    return int(cells[1]), int(cells[2])  # slip, then open, overdue, high, late tasks


def test_built_pages_and_downloads_agree(sample, built):
    for day, site in built.items():
        for pid in SAMPLE_PROJECTS:
            p = sample.projects[pid]
            expected = {i.id for i in p.issues if documented_overdue(i, day)}
            expected_open = sum(documented_open(i, day) for i in p.issues)
            dashboard = page_text(site, f"projects/{pid}/")
            issues = page_text(site, f"projects/{pid}/issues/")
            rows = register_rows(site, pid)
            book = Workbook((site / f"downloads/projects/{pid}/issues.xlsx").read_bytes())
            where = (day.isoformat(), pid)
            assert f"{day.isoformat()} 時点" in dashboard, where
            assert figure(dashboard, "期限超過") == figure(issues, "期限超過") == len(expected), where
            assert figure(dashboard, "未完了の課題") == figure(issues, "未完了の課題") == expected_open, where
            assert reason_counts(dashboard) == {len(expected)}, where
            assert {r["id"] for r in rows if r["overdue"]} == expected, where
            assert sum(not r["closed"] for r in rows) == expected_open, where
            assert portfolio_figures(site, p.project.name) == (expected_open, len(expected)), where
            assert book.highlighted(day) == expected, where


def documented_review_overdue(risk, day: dt.date) -> bool:
    """status/risks.py: watched (raised by the day, not closed) and 次回見直し日 before the day."""
    return risk.raised_on <= day and risk.status != "closed" and risk.review_on is not None and risk.review_on < day


def test_risk_reviews_past_due_agree_on_the_page_and_in_the_workbook(sample, built):
    for day, site in built.items():
        for pid in SAMPLE_PROJECTS:
            expected = {r.id for r in sample.projects[pid].risks if documented_review_overdue(r, day)}
            html = article(site, f"projects/{pid}/risks/")
            marked = set(re.findall(r'<tr class="pmo-row-overdue[^"]*"><td[^>]*><a href="#rsk-[0-9]+">(RSK-[0-9]+)</a>', html))
            book = Workbook((site / f"downloads/projects/{pid}/risks.xlsx").read_bytes())
            assert marked == book.highlighted(day) == expected, (day.isoformat(), pid)


@pytest.mark.parametrize("pid", SAMPLE_PROJECTS)
def test_risk_reviews_past_due_agree_on_every_day_of_2026(sample, pid):
    p = sample.projects[pid]
    book = register_workbook(p, sample, "risks")
    seen = 0
    for day in (D(2026, 1, 1) + DAY * n for n in range(365)):
        expected = {r.id for r in p.risks if documented_review_overdue(r, day)}
        assert {r.id for r in p.risks if st.review_overdue(r, day)} == book.highlighted(day) == expected, day
        seen += len(expected)
    assert seen  # every sample project has risk reviews falling due in 2026


def test_hanshin_maint_on_2026_05_30_says_one_overdue_issue_everywhere(built):
    """The case of issue 10: the card said 期限超過 0 above 「期限超過の課題が 1 件（ISS-001）」."""
    text = page_text(built[D(2026, 5, 30)], "projects/hanshin-maint/")
    assert "未完了の課題 1 期限超過 1 優先度「高」 1" in text
    assert "期限超過の課題が 1 件（ISS-001）" in text


def test_the_day_an_overdue_issue_is_closed_it_leaves_every_count(sample, built):
    day = late_close_day(sample.projects.values())
    closed = [(p, i) for p in sample.projects.values() for i in p.issues if i.closed_on == day]
    site = built[day]
    for p, issue in closed:
        rows = {r["id"]: r for r in register_rows(site, p.id)}
        assert not rows[issue.id]["overdue"] and rows[issue.id]["closed"]
        assert issue.id not in Workbook((site / f"downloads/projects/{p.id}/issues.xlsx").read_bytes()).highlighted(day)
        # the day before, it was overdue in the workbook and by the rule
        assert issue.id in Workbook((site / f"downloads/projects/{p.id}/issues.xlsx").read_bytes()).highlighted(day - DAY)


# --- the dashboard's attention list ------------------------------------------------------------

def attention_ids(html: str) -> list[str]:
    section = html[html.index('id="attention-issues"'):html.index('id="top-risks"')]
    return re.findall(r'<tr class="[^"]*"><td[^>]*><a href="[^"]*#iss-[0-9]+">(ISS-[0-9]+)</a>', section)


def test_kansai_dx_dashboard_lists_every_overdue_issue_or_links_to_the_rest(sample, sample_site):
    day, pid = D(2026, 11, 26), "kansai-dx"
    p = sample.projects[pid]
    overdue = {i.id for i in p.issues if documented_overdue(i, day)}
    needing = overdue | {i.id for i in p.issues if documented_open(i, day) and i.priority == "high"}
    html = article(sample_site, f"projects/{pid}/")
    shown = attention_ids(html)
    assert len(needing) > len(shown)  # the sample has more than the dashboard shows: the case to test
    assert shown[:min(len(overdue), len(shown))] == [i for i in shown if i in overdue]  # overdue first
    more = re.search(r'<p class="pmo-more"><a href="([^"]+)">(.*?)</a></p>', html)
    assert more, "no 「他 N 件」 line although rows are left out"
    hidden_overdue = len(overdue - set(shown))
    assert more.group(2).startswith(f"他 {len(needing) - len(shown)} 件")
    assert (f"うち期限超過 {hidden_overdue} 件" in more.group(2)) == bool(hidden_overdue)
    # The link resolves in the built site, to a section of the issue log listing them all.
    href, anchor = more.group(1).split("#")
    target = (sample_site / f"projects/{pid}/" / href / "index.html").resolve()
    assert target == (sample_site / f"projects/{pid}/issues/index.html").resolve()
    target_html = target.read_text(encoding="utf-8")
    start = target_html.index(f'id="{anchor}"')
    section = target_html[start:target_html.index("</table>", start)]
    listed = set(re.findall(r'#iss-[0-9]+">(ISS-[0-9]+)</a>', section))
    assert listed == needing and overdue <= listed
    marked = set(re.findall(r'<tr class="pmo-row-overdue"><td[^>]*><a href="[^"]*">(ISS-[0-9]+)</a>', section))
    assert marked == overdue


# --- ageing ------------------------------------------------------------------------------------

def test_ageing_stops_at_close_or_withdrawal_on_the_issue_log(sample, sample_site):
    day = D(2026, 11, 26)
    checked = 0
    for pid in SAMPLE_PROJECTS:
        rows = {r["id"]: r for r in register_rows(sample_site, pid)}
        for issue in sample.projects[pid].issues:
            if issue.status not in FINISHED:
                continue
            shown = rows[issue.id]["days_open"]
            if issue.closed_on is None:  # 取下げ without a date: unknown, not counting on
                assert shown == "—", (pid, issue.id, shown)
            else:
                assert shown == str((min(issue.closed_on, day) - issue.raised_on).days), (pid, issue.id)
            checked += 1
    assert checked >= 3
    kansai = {r["id"]: r for r in register_rows(sample_site, "kansai-dx")}
    assert kansai["ISS-028"]["days_open"] == "—"  # 取下げ, raised 2026-10-20: not 37 days and growing
