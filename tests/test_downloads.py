"""Template downloads and project registers as a user gets them from the built site: every
standard format as .xlsx/.csv/.md from the catalogue, each project's registers as Excel."""
from __future__ import annotations

import csv
import datetime as dt
import io
import posixpath
import re

import openpyxl
import pytest
import yaml

from conftest import REPO
from helpers import article

FORMATS = yaml.safe_load((REPO / "pmo_templates" / "formats.yml").read_text(encoding="utf-8"))["formats"]
FORMAT_IDS = [f["id"] for f in FORMATS]


def hrefs(site, url: str) -> list[str]:
    """Links of the page's content, resolved to paths inside the site."""
    return [posixpath.normpath(posixpath.join(url, h))
            for h in re.findall(r'href="([^"#]+)"', article(site, url))]


def template(site, format_id: str, ext: str):
    return site / "downloads" / "templates" / f"{format_id}.{ext}"


def list_values(wb, dv) -> list[str]:
    """The values a list validation offers: inline, or read from the range it points at."""
    if dv.formula1.startswith('"'):
        return dv.formula1.strip('"').split(",")
    sheet, cells = dv.formula1.split("!")
    ws = wb[sheet.strip("'")]
    first, last = cells.replace("$", "").split(":")
    return [c.value for row in ws[first:last] for c in row]


def validation_of(ws, letter: str):
    return next((dv for dv in ws.data_validations.dataValidation
                 if any(str(r).startswith(f"{letter}2:") for r in dv.sqref.ranges)), None)


def letters(ws) -> dict[str, str]:
    return {c.value: c.column_letter for c in ws[1]}


def test_catalogue_links_all_three_downloads_of_every_template(sample_site):
    links = hrefs(sample_site, "handbook/templates/")
    for format_id in FORMAT_IDS:
        for ext in ("xlsx", "csv", "md"):
            target = f"downloads/templates/{format_id}.{ext}"
            assert target in links, target
            assert (sample_site / target).is_file(), target  # the link resolves in the built site


def test_catalogue_says_when_each_template_is_required(sample_site):
    html = article(sample_site, "handbook/templates/")
    section = html[html.index('id="risk_register"'):html.index('id="decision_log"')]
    row = re.search(r"リスク管理表</a></td>(.*?)</tr>", section, re.S).group(1)
    assert re.findall(r">(必須|推奨|任意)<", row) == ["推奨", "必須", "必須"]  # S, M, L
    assert "システム移行: 必須" in row and "パッケージ導入: 必須" in row
    assert "未対応／対応中／対応済(確認待ち)／完了／保留／取下げ" in html  # allowed values of ステータス


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_template_workbook_has_headers_dropdowns_frozen_header_and_filter(sample_site, format_id):
    fmt = next(f for f in FORMATS if f["id"] == format_id)
    wb = openpyxl.load_workbook(template(sample_site, format_id, "xlsx"))
    ws = wb.worksheets[0]
    assert ws.title == fmt["name"]
    assert [c.value for c in ws[1]] == [c["label"] for c in fmt["columns"]]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")
    assert wb.worksheets[1].title == "列の説明"
    guide = {row[1]: row[5] for row in wb["列の説明"].iter_rows(min_row=5, values_only=True)}
    assert list(guide) == [c["label"] for c in fmt["columns"]]
    # every column whose guide lists choices offers exactly those in a drop-down
    for label, letter in letters(ws).items():
        if "／" not in (guide[label] or ""):
            continue
        choices = guide[label].split(": ")[-1]
        dv = validation_of(ws, letter)
        assert dv is not None and dv.type == "list", (format_id, label)
        values = list_values(wb, dv)
        assert len(values) == choices.count("／") + 1 and all(v in choices for v in values), (label, values)


def test_issue_log_workbook_drop_downs_dates_and_overdue_rule(sample_site):
    wb = openpyxl.load_workbook(template(sample_site, "issue_log", "xlsx"))
    ws, col = wb.worksheets[0], letters(wb.worksheets[0])
    assert list_values(wb, validation_of(ws, col["ステータス"])) == [
        "未対応", "対応中", "対応済(確認待ち)", "完了", "保留", "取下げ"]
    assert list_values(wb, validation_of(ws, col["優先度"])) == ["高", "中", "低"]
    assert list_values(wb, validation_of(ws, col["分類"])) == [
        "質問", "要望", "不具合", "仕様", "進捗", "体制", "環境", "契約", "その他"]
    assert validation_of(ws, col["ステータス"]).showErrorMessage
    for label in ("起票日", "期限", "完了日"):
        assert ws.column_dimensions[col[label]].number_format == "yyyy-mm-dd", label
        assert validation_of(ws, col[label]).type == "date", label
    rules = [(str(rng.sqref), rule.formula[0]) for rng in ws.conditional_formatting for rule in rng.rules]
    due, status, raised, closed = col["期限"], col["ステータス"], col["起票日"], col["完了日"]
    # overdue as the pages count it (status/issues.py): past 期限, raised by today, and not 完了/取下げ
    # or closed after today
    assert (f"A2:{ws[1][-1].column_letter}501",
            f"AND(ISNUMBER(${due}2),${due}2<TODAY(),${raised}2<=TODAY(),"
            f'OR(AND(${status}2<>"完了",${status}2<>"取下げ"),AND(ISNUMBER(${closed}2),${closed}2>TODAY())))') in rules


def test_risk_register_computes_the_score_and_limits_probability(sample_site):
    wb = openpyxl.load_workbook(template(sample_site, "risk_register", "xlsx"))
    ws, col = wb.worksheets[0], letters(wb.worksheets[0])
    p, i = col["発生確率"], col["影響度"]
    assert ws[f"{col['スコア']}2"].value == f'=IF(AND(ISNUMBER({p}2),ISNUMBER({i}2)),{p}2*{i}2,"")'
    dv = validation_of(ws, p)
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("whole", "between", "1", "5")


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_template_csv_is_utf8_with_bom_and_crlf(sample_site, format_id):
    fmt = next(f for f in FORMATS if f["id"] == format_id)
    data = template(sample_site, format_id, "csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == [c["label"] for c in fmt["columns"]]


def test_template_markdown_is_a_table_with_the_column_guide(sample_site):
    text = template(sample_site, "issue_log", "md").read_text(encoding="utf-8")
    assert text.startswith("# 課題管理表（Issue log）")
    assert "| No | 課題名 | 課題内容 | 分類 |" in text
    assert "## 列の説明" in text
    assert "| M | ステータス | Status | ○ |" in text and "未対応／対応中／対応済(確認待ち)／完了／保留／取下げ |" in text


def test_project_issue_log_download_holds_the_current_issues(fixture_site):
    assert "downloads/projects/alpha/issues.xlsx" in hrefs(fixture_site, "projects/alpha/issues/")
    wb = openpyxl.load_workbook(fixture_site / "downloads" / "projects" / "alpha" / "issues.xlsx")
    ws = wb.worksheets[0]
    rows = {r[0]: dict(zip([c.value for c in ws[1]], r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    assert list(rows) == ["ISS-001", "ISS-002", "ISS-003", "ISS-004", "ISS-005"]
    first = rows["ISS-001"]
    assert (first["課題名"], first["優先度"], first["担当者"], first["起票者"], first["ステータス"]) == (
        "在庫APIの仕様が未確定", "高", "田中 一郎", "鈴木 花子", "未対応")
    assert first["期限"] == dt.datetime(2026, 11, 20)
    assert rows["ISS-002"]["対応経緯"] == "2026-11-05 鈴木 花子: インフラ担当に督促した。"
    # the members are offered in a drop-down on the person columns
    assert list_values(wb, validation_of(ws, letters(ws)["担当者"])) == ["田中 一郎", "鈴木 花子", "佐藤 次郎", "小野 誠"]


def test_project_risk_register_download_shows_the_score_formula(fixture_site):
    wb = openpyxl.load_workbook(fixture_site / "downloads" / "projects" / "alpha" / "risks.xlsx")
    ws, col = wb.worksheets[0], letters(wb.worksheets[0])
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "RSK-001")
    values = {ws.cell(1, c.column).value: c.value for c in row}
    assert values["発生確率"] * values["影響度"] == 20  # the dashboard's score of RSK-001
    assert f"{col['発生確率']}{row[0].row}*{col['影響度']}{row[0].row}" in values["スコア"]


@pytest.mark.parametrize("key", ["decisions", "changes", "risks"])
def test_register_pages_link_their_download(fixture_site, key):
    target = f"downloads/projects/alpha/{key}.xlsx"
    assert target in hrefs(fixture_site, f"projects/alpha/{key}/")
    assert (fixture_site / target).is_file()


def _font_names(ws) -> set[str]:
    return {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}


@pytest.mark.parametrize("path", [f"downloads/templates/{f}.xlsx" for f in FORMAT_IDS]
                         + ["downloads/projects/kansai-dx/issues.xlsx"])
def test_workbooks_print_on_a4_landscape_in_a_japanese_font(sample_site, path):
    wb = openpyxl.load_workbook(sample_site / path)
    assert wb._named_styles["Normal"].font.name == "游ゴシック"  # cells people add later
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        setup = ws.page_setup
        assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "landscape", 1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, ws.title  # the header row repeats on every printed page
        assert _font_names(ws) == {"游ゴシック"}, ws.title


def test_impact_takes_several_values_and_the_guide_says_so(sample_site):
    wb = openpyxl.load_workbook(template(sample_site, "issue_log", "xlsx"))
    ws = wb.worksheets[0]
    dv = validation_of(ws, letters(ws)["影響範囲"])
    # the list stays as a help, but 「スコープ、品質」 typed by hand is not refused
    assert "スコープ" in list_values(wb, dv) and not dv.showErrorMessage
    guide = {row[1].value: row[5].value for row in wb.worksheets[1].iter_rows(min_row=5)}
    assert guide["影響範囲"].startswith("次から複数選択（「、」区切り）")


def _standard(name: str) -> dict:
    return yaml.safe_load((REPO / "pmo_templates" / name).read_text(encoding="utf-8"))


def test_raci_template_holds_the_standard_activities_and_assignments(sample_site):
    activities = _standard("raci.yml")["activities"]
    wb = openpyxl.load_workbook(template(sample_site, "raci", "xlsx"))
    ws = wb.worksheets[0]
    roles = {c["label"]: c["key"] for c in next(f for f in FORMATS if f["id"] == "raci")["columns"][1:]}
    header = [c.value for c in ws[1]]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]
    assert len(rows) == len(activities) == 18
    for a, values in zip(activities, rows, strict=True):
        assert values[0] == a["id"]
        got = {roles[h]: v for h, v in zip(header[1:], values[1:], strict=True) if v is not None}
        assert got == a["assignments"], a["id"]
    lines = template(sample_site, "raci", "csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + len(activities) and lines[1].startswith(activities[0]["id"] + ",")


def test_onboarding_template_lists_every_standard_item_with_role_and_due_offset(sample_site):
    items = [(cl, it) for cl in _standard("onboarding.yml")["checklists"] for it in cl["items"]]
    role_names = {r["id"]: r["name"] for r in _standard("roles.yml")["roles"]}
    wb = openpyxl.load_workbook(template(sample_site, "onboarding_checklist", "xlsx"))
    ws = wb.worksheets[0]
    col = letters(ws)
    filled = [r for r in range(2, ws.max_row + 1) if ws[f"{col['チェック項目']}{r}"].value]
    assert [ws[f"{col['チェック項目']}{r}"].value for r in filled] == [it["id"] for _, it in items]
    assert {ws[f"{col['状況']}{r}"].value for r in filled} == {"未完了"}
    assert all(ws[f"{col['メンバー']}{r}"].value is None for r in filled)  # the one thing to fill in
    ref = wb["標準の項目"]
    assert [c.value for c in ref[1]] == ["チェックリスト", "項目ID", "チェック項目", "分類", "担当ロール",
                                        "期限(参画日からの日数)", "必須"]
    got = [row[1:6] for row in ref.iter_rows(min_row=2, values_only=True)]
    assert got == [(it["id"], it["title"], it["category"], role_names[it["owner_role"]], it["due_offset_days"])
                   for _, it in items]
    assert len(items) >= 20


def test_a_download_is_the_same_bytes_whenever_it_is_made(monkeypatch):
    """No clock inside a workbook: a rebuild of unchanged data rewrites nothing that differs."""
    import time
    import zipfile

    from pmo_handbook.exports.downloads import project_registers
    from pmo_handbook.loading.load import load_repository
    from pmo_handbook.settings import from_options

    repo = load_repository(REPO / "data", REPO / "pmo_templates")
    settings = from_options({})
    first = project_registers(repo.projects["kansai-dx"], repo, settings)
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)  # zip entries would take this time
    again = project_registers(repo.projects["kansai-dx"], repo, settings)
    assert [name for name, *_ in first] == [name for name, *_ in again] and len(first) == 5
    assert all(a[1] == b[1] for a, b in zip(first, again, strict=True))
    book = zipfile.ZipFile(io.BytesIO(first[0][1]))
    assert {info.date_time for info in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
