"""The WBS as users meet it: the page and its Gantt chart for every sample project (bars checked
against the YAML), the dashboard's SPI from the work, the Excel download and its round trip."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from html import escape as html_escape

import openpyxl
import pytest

from conftest import AS_OF, REPO, cli
from helpers import article
from pmo_handbook.i18n import labels
from pmo_handbook.loading.load import load_repository
from pmo_handbook.status.wbs import Plan

SAMPLES = sorted(p.parent.name for p in (REPO / "data" / "projects").glob("*/wbs.yml"))
DAY = dt.timedelta(days=1)
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def repo():
    return load_repository(REPO / "data", REPO / "pmo_templates", as_of=D(AS_OF))


def test_every_sample_project_has_a_wbs():
    assert SAMPLES == sorted(p.name for p in (REPO / "data" / "projects").iterdir() if p.is_dir())


def gantt_rows(html: str, key: str) -> tuple[dict, dict[str, str]]:
    """(the chart's scale attributes, task id -> its row markup) of one Gantt chart."""
    svg = re.search(rf'<svg [^>]*aria-labelledby="{key}-title.*?</svg>', html, re.S).group(0)
    scale = dict(re.findall(r'data-(origin|x0|day-width|as-of)="([^"]+)"', svg[:svg.index(">")]))
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<g class="pmo-gantt-row[^"]*" data-task="([^"]+)".*?</g>', svg, re.S)}
    return scale, rows


def rect_x_width(row: str, cls: str) -> tuple[float, float]:
    m = re.search(rf'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*class="{cls}[ "]', row)
    return float(m.group(1)), float(m.group(2))


@pytest.mark.parametrize("pid", SAMPLES)
def test_gantt_bars_match_the_yaml_dates(sample_site, repo, pid):
    html = article(sample_site, f"projects/{pid}/wbs/")
    scale, rows = gantt_rows(html, "wbs-gantt")
    tasks = repo.projects[pid].wbs
    assert sorted(rows) == sorted(t.id for t in tasks)
    origin, x0, per_day = D(scale["origin"]), float(scale["x0"]), float(scale["day-width"])
    x = lambda d: x0 + (d - origin).days * per_day  # noqa: E731
    for t in tasks:
        row = rows[t.id]
        attrs = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', row[:row.index(">")]))
        assert (attrs["baseline-start"], attrs["baseline-finish"]) == (str(t.baseline_start), str(t.baseline_finish))
        if t.actual_start:
            assert attrs["start"] == str(t.actual_start), t.id
        if t.actual_finish:
            assert attrs["finish"] == str(t.actual_finish), t.id
        elif t.forecast_finish and not t.predecessors:
            assert attrs["finish"] == str(max(t.forecast_finish, D(AS_OF))), t.id
        bx, bw = rect_x_width(row, "pmo-gantt-baseline")
        assert bx == pytest.approx(x(t.baseline_start), abs=0.051), t.id
        assert bw == pytest.approx(x(t.baseline_finish + DAY) - x(t.baseline_start), abs=0.11), t.id
        sx, sw = rect_x_width(row, "pmo-gantt-bar")
        assert sx == pytest.approx(x(D(attrs["start"])), abs=0.051), t.id
        assert sx + sw == pytest.approx(x(D(attrs["finish"]) + DAY), abs=0.11), t.id


def test_wbs_page_marks_late_and_critical_tasks(sample_site, repo):
    html = article(sample_site, "projects/kansai-dx/wbs/")
    plan = Plan(repo.projects["kansai-dx"].wbs, D(AS_OF))
    late_rows = re.findall(r'<tr id="(tsk-\d+)"[^>]*data-state="late"', html)
    assert late_rows and sorted(late_rows) == sorted(t.id.lower() for t in plan.tasks if plan.state(t) == "late")
    assert {t.id for t in plan.late_tasks()} <= {r.upper() for r in late_rows}
    critical = re.findall(r'<tr id="(tsk-\d+)"(?:(?!</tr>).)*pmo-wbs-critical', html, re.S)
    assert sorted(c.upper() for c in critical) == sorted(plan.critical)
    # levels fold without JavaScript: one <details> per phase, done phases closed
    assert html.count('<details class="pmo-wbs-phase"') == sum(t.level == 1 for t in plan.tasks)
    assert '<div class="pmo-filter" data-pmo-filter="wbs-rows" hidden>' in html
    page = (sample_site / "projects/kansai-dx/wbs/index.html").read_text(encoding="utf-8")
    assert re.search(r'<script src="../../../assets/pmo-filter\.js', page)


def test_outline_gantt_folds_below_level_two(sample_site, repo):
    html = article(sample_site, "projects/kansai-dx/wbs/")
    _, rows = gantt_rows(html, "wbs-gantt-outline")
    assert sorted(rows) == sorted(t.id for t in repo.projects["kansai-dx"].wbs if t.level <= 2)


def test_kansai_dashboard_spi_is_computed_from_its_wbs(sample_site, repo):
    evm = Plan(repo.projects["kansai-dx"].wbs, D(AS_OF)).evm()
    html = article(sample_site, "projects/kansai-dx/")
    label = re.escape(html_escape(labels("ja").ui("evm_spi"), quote=False))
    spi = re.search(rf'<td>{label}</td><td class="pmo-num">([^<]+)</td>', html)
    assert spi is not None and spi.group(1) == f"{evm.spi:.2f}"
    assert "2026-11-26 時点、WBS から計算（単位：人日）" in html
    assert f"WBS の遅延タスク {len(Plan(repo.projects['kansai-dx'].wbs, D(AS_OF)).late_tasks())} 件" in html


def test_wbs_download_groups_levels_and_offers_owners(sample_site, repo):
    book = openpyxl.load_workbook(sample_site / "downloads/projects/kansai-dx/wbs.xlsx")
    ws = book.worksheets[0]
    tasks = repo.projects["kansai-dx"].wbs
    assert [c.value for c in ws[1]][:3] == ["WBS番号", "タスクID", "作業名"]
    assert [ws.cell(r, 1).value for r in range(2, len(tasks) + 2)] == [t.code for t in tasks]
    assert [ws.row_dimensions[r].outlineLevel for r in range(2, len(tasks) + 2)] == [t.level - 1 for t in tasks]
    assert ws.cell(2, 8).value == dt.datetime.combine(tasks[0].baseline_start, dt.time()) and ws.cell(2, 8).number_format != "General"
    checks = {str(v.sqref).split(":")[0]: v for v in ws.data_validations.dataValidation}
    owners = {repo.projects["kansai-dx"].member(t.owner).name for t in tasks if t.owner}
    assert checks["D2"].type == "list" and owners <= set(checks["D2"].formula1.strip('"').split(","))
    assert checks["P2"].formula1 == '"0/100,50/50,重み付けステップ,進捗率の報告"'  # progress methods
    rules = [r.formula[0] for rng in ws.conditional_formatting for r in rng.rules]
    assert "AND(ISBLANK($M2),IF(ISNUMBER($K2),$K2,$I2)<TODAY())" in rules  # late rows highlighted
    for ext in ("xlsx", "csv", "md"):
        assert (sample_site / f"downloads/templates/wbs.{ext}").is_file()


@pytest.mark.parametrize("pid", SAMPLES)
def test_export_import_export_is_identical(sample_site, tmp_path, pid):
    shutil.copytree(REPO / "data", tmp_path / "data")
    (tmp_path / "data/projects" / pid / "wbs.yml").unlink()
    first = sample_site / f"downloads/projects/{pid}/wbs.xlsx"
    result = cli("import", "wbs", first, "--project", pid, "--data", tmp_path / "data",
                 "--templates", REPO / "pmo_templates")
    assert result.returncode == 0, result.stderr + result.stdout
    from pmo_handbook import exports
    from pmo_handbook import settings as pmo_settings
    settings = pmo_settings.from_options({"as_of": AS_OF, "data_dir": str(tmp_path / "data")}, env={})
    again = load_repository(tmp_path / "data", REPO / "pmo_templates", as_of=D(AS_OF))
    book = next(b for path, b, key, _ in exports.project_downloads(again.projects[pid], again, settings) if key == "wbs")
    (tmp_path / "second.xlsx").write_bytes(book)
    def cells(path):
        return [[c.value for c in row] for row in openpyxl.load_workbook(path).worksheets[0].iter_rows()]
    assert cells(tmp_path / "second.xlsx") == cells(first)


def test_weekly_report_lists_tasks_finished_and_due_from_the_wbs(sample_site, repo):
    from pmo_handbook.status.wbs import due_between, finished_between

    p = repo.projects["kansai-dx"]
    report = max(p.reports, key=lambda r: r.period_end)
    html = article(sample_site, "projects/kansai-dx/reports/")
    week = html[html.index(f'id="w-{report.period_end}"'):]
    week = week[:week.index("</dl>")]
    finished = week[week.index("今週完了したタスク"):week.index("来週完了予定のタスク")]
    due = week[week.index("来週完了予定のタスク"):]
    end = report.period_end
    expected_finished = [t.code for t in finished_between(p.wbs, report.period_start, end)]
    expected_due = [t.code for t in due_between(p.wbs, end + dt.timedelta(days=1), end + dt.timedelta(days=7), end)]
    assert expected_finished or expected_due  # the sample's last week has work to show
    assert re.findall(r'#tsk-\d+">([\d.]+)</a>', finished) == expected_finished
    assert re.findall(r'#tsk-\d+">([\d.]+)</a>', due) == expected_due
