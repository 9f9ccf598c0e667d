"""`pmo-handbook import`: registers kept in Excel come into a project's YAML, from our own
downloads (a lossless round trip) and from workbooks laid out the way people make them."""
from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import FIXTURE_DATA, REPO, cli
from pmo_handbook.tabular.columns import table
from pmo_handbook.tabular.vocabulary import People
from pmo_handbook.exports.downloads import project_registers
from pmo_handbook.model.registry import IMPORTABLE as REGISTERS, register_format
from pmo_handbook.exports.xlsx import workbook
from pmo_handbook.imports import read_workbook
from pmo_handbook.loading.load import load_repository
from pmo_handbook.model import Issue
from pmo_handbook.settings import Settings

SAMPLE_PROJECTS = sorted(p.name for p in (REPO / "data" / "projects").iterdir() if p.is_dir())
ISSUES = FIXTURE_DATA / "projects" / "alpha" / "issues.yml"


def cells(content: bytes) -> list[list[tuple]]:
    """Every value of every sheet of a workbook."""
    wb = openpyxl.load_workbook(io.BytesIO(content))
    return [[tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets]


def exports(data: Path) -> dict[str, bytes]:
    """Every register as a restricted build downloads it: every record, marked for that audience."""
    repo = load_repository(data, REPO / "pmo_templates")
    return {f"{p.id}/{key}": content for p in repo.projects.values()
            for _, content, key, _ in project_registers(p, repo, Settings(audience="restricted"))}


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "data", tmp_path / "data")
    return tmp_path / "data"


def test_export_import_export_gives_identical_cells_for_every_sample_project(sample_copy, tmp_path):
    before = exports(sample_copy)
    registers = list(REGISTERS)
    for project in SAMPLE_PROJECTS:
        # a project whose registers are all still in Excel: import them together (they link to each other)
        args = []
        for key in registers:
            (tmp_path / f"{project}-{key}.xlsx").write_bytes(before[f"{project}/{key}"])
            (sample_copy / "projects" / project / f"{key}.yml").unlink()
            args += [key, tmp_path / f"{project}-{key}.xlsx"]
        result = cli("import", *args, "--project", project, "--data", sample_copy)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "変更 0 件、変更なし 0 件" in result.stdout
    assert cli("validate", "--data", sample_copy).returncode == 0
    after = exports(sample_copy)
    assert after.keys() == before.keys()
    for name in before:
        assert cells(after[name]) == cells(before[name]), name
    original = load_repository(REPO / "data")
    imported = load_repository(sample_copy, REPO / "pmo_templates")
    for project in SAMPLE_PROJECTS:
        for key in registers:
            assert getattr(imported.projects[project], key) == getattr(original.projects[project], key)


def test_importing_an_unchanged_export_leaves_the_yaml_byte_for_byte(sample_copy, tmp_path):
    book = tmp_path / "issues.xlsx"
    book.write_bytes(exports(sample_copy)["kansai-dx/issues"])
    before = (sample_copy / "projects" / "kansai-dx" / "issues.yml").read_bytes()
    result = cli("import", "issues", book, "--project", "kansai-dx", "--data", sample_copy)
    assert result.returncode == 0, result.stderr
    assert "追加 0 件、変更 0 件" in result.stdout
    assert (sample_copy / "projects" / "kansai-dx" / "issues.yml").read_bytes() == before


def foreign_workbook(path: Path, rows: list[list], header: list[str] | None = None) -> Path:
    """A 課題管理表 as a customer keeps it: a title above, its own column order and names, an
    extra column, numbers for ids, slash dates, Excel dates and status words."""
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "表紙"
    cover["A1"] = "アルファ受発注システム改修 課題管理表"
    ws = wb.create_sheet("課題一覧")
    ws["A1"] = "課題管理表（2026年11月版）"
    ws.append([])
    ws.append(header or ["課題No.", "記入日", "記入者", "件名", "内容", "分類", "重要度", "対応担当",
                         "対応期限", "対応状況", "対応経緯", "完了日", "備考"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


FOREIGN_ROWS = [
    [6, "2026/11/02", "鈴木", "帳票の出力順", "納品書の明細の並び順を確認したい。\n品番順か入力順か。", "質問", "A",
     "田中 一郎", "2026/11/30", "対応中",
     "2026/11/03 鈴木 花子: 顧客に確認中。\n  回答待ち。\n2026-11-10 tanaka: 品番順で合意の見込み。", None, "要確認"],
    [7, dt.datetime(2026, 11, 4), "sato", "バッチの実行時間", "夜間バッチが3時間を超える。", "不具合", "中",
     "佐藤", 46361, "クローズ", None, "2026-11-20", None],  # 46361: Excel's day number of 2026-12-05
    [None, None, None, None, None, None, None, None, None, None, None, None, None],  # an empty line
    ["ISS-8", "2026-11-05", "小野 誠", "権限申請の手順", "申請手順が不明。", "問い合わせ", "低", "鈴木 花子",
     None, "未着手", None, None, None],
]


def test_a_workbook_laid_out_differently_is_imported(repo_copy):
    book = foreign_workbook(repo_copy / "課題管理表.xlsx", FOREIGN_ROWS)
    data = repo_copy / "data"
    result = cli("import", "issues", book, "--project", "alpha", "--data", data)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"課題管理表.xlsx（課題一覧）→ {(data / 'projects/alpha/issues.yml').as_posix()}: 追加 3 件、変更 0 件、変更なし 0 件",
        "  取り込まなかった列: 備考 (M)"]
    text = (data / "projects" / "alpha" / "issues.yml").read_text(encoding="utf-8")
    assert text.startswith(ISSUES.read_text(encoding="utf-8"))  # the existing records keep their text
    assert "\n  - id: ISS-006\n    title: 帳票の出力順\n" in text
    assert cli("validate", "--data", data).returncode == 0
    issues = {i.id: i for i in load_repository(data, repo_copy / "pmo_templates").projects["alpha"].issues}
    six, seven, eight = issues["ISS-006"], issues["ISS-007"], issues["ISS-008"]
    assert (six.raised_on, six.raised_by, six.priority, six.owner, six.due, six.status, six.category) == (
        dt.date(2026, 11, 2), "suzuki", "high", "tanaka", dt.date(2026, 11, 30), "in_progress", "question")
    assert six.description == "納品書の明細の並び順を確認したい。\n品番順か入力順か。"
    assert [(h.date, h.by, h.note) for h in six.history] == [
        (dt.date(2026, 11, 3), "suzuki", "顧客に確認中。\n回答待ち。"),
        (dt.date(2026, 11, 10), "tanaka", "品番順で合意の見込み。")]
    assert (seven.raised_on, seven.owner, seven.due, seven.status, seven.closed_on, seven.category) == (
        dt.date(2026, 11, 4), "sato", dt.date(2026, 12, 5), "closed", dt.date(2026, 11, 20), "defect")
    assert (eight.raised_by, eight.priority, eight.status, eight.category) == ("ono", "low", "open", "question")


def test_a_bad_cell_is_reported_by_sheet_and_cell_and_nothing_is_written(repo_copy):
    rows = [list(r) for r in FOREIGN_ROWS]
    rows[1][8] = "2026/13/45"  # 対応期限 of the second record, sheet row 5
    rows[3][2] = "山田"         # 記入者 of the last record, sheet row 7
    book = foreign_workbook(repo_copy / "bad.xlsx", rows)
    before = (repo_copy / "data" / "projects" / "alpha" / "issues.yml").read_bytes()
    result = cli("import", "issues", book, "--project", "alpha", "--data", repo_copy / "data")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "課題一覧!I5: 期限 (due) の「2026/13/45」は日付として読めません。2026-12-01 のように 年-月-日 で書いてください",
        "課題一覧!C7: 起票者 (raised_by) の「山田」はメンバーの ID ではありません。members.yml にこの名前のメンバーは"
        "いません。メンバーの ID を書くか、members.yml に追加してください",
    ]
    assert result.stderr == "問題が 2 件あります。何も書き込んでいません\n"
    assert (repo_copy / "data" / "projects" / "alpha" / "issues.yml").read_bytes() == before


def test_rows_failing_the_model_and_the_cross_file_rules_point_at_their_cells(repo_copy):
    rows = [list(r) for r in FOREIGN_ROWS]
    rows[1][11] = None          # クローズ without 完了日
    rows[0][3] = None           # 件名 empty
    rows[0][12] = None          # (was 備考, now 関連番号)
    book = foreign_workbook(repo_copy / "bad.xlsx", rows, header=[
        "課題No.", "記入日", "記入者", "件名", "内容", "分類", "重要度", "対応担当", "対応期限", "対応状況",
        "対応経緯", "完了日", "関連番号"])
    sheet = openpyxl.load_workbook(book)
    sheet["課題一覧"]["M7"] = "RSK-099"
    sheet.save(book)
    result = cli("import", "issues", book, "--project", "alpha", "--data", repo_copy / "data")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "課題一覧!D4: 必須の項目 件名 (title) が空です。値を入れてください",
        "課題一覧!J5: ステータス (status) が 完了 (closed) のときは 完了日 (closed_on) が必要です。"
        "完了日 (closed_on) を書き加えてください",
        "課題一覧!M7: リスク「RSK-099」は登録されていません。'RSK-002' の間違いではありませんか？",
    ]


def test_an_unmappable_required_header_is_refused_naming_it(repo_copy):
    header = ["課題No.", "記録日", "記入者", "件名", "内容", "分類", "重要度", "対応担当", "対応期限", "対応状況",
              "対応経緯", "完了日", "備考"]
    book = foreign_workbook(repo_copy / "other.xlsx", FOREIGN_ROWS, header=header)
    result = cli("import", "issues", book, "--project", "alpha", "--data", repo_copy / "data")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("シート 課題一覧 の見出し行（3 行目）に必須の列「起票日」(raised_on) がありません。"
                               "使える見出し: 起票日、Raised on、raised_on、記入日、登録日")
    assert lines[1] == "シート 課題一覧 の見出し行（3 行目）に読めない見出しがあります: 記録日 (B3), 備考 (M3)"


def test_existing_records_are_overwritten_only_with_force(repo_copy):
    data = repo_copy / "data"
    book = repo_copy / "issues.xlsx"
    content = exports(data)["alpha/issues"]
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    status = next(c.column_letter for c in ws[1] if c.value == "ステータス")
    ws[f"{status}2"] = "対応中"  # ISS-001
    wb.save(book)
    result = cli("import", "issues", book, "--project", "alpha", "--data", data)
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "issues.yml には、このブックと内容の違う記録が 1 件あります（ISS-001）。上書きするには --force を付けて"
        "もう一度実行してください（ブックにない記録は残ります）")
    result = cli("import", "issues", book, "--project", "alpha", "--data", data, "--force")
    assert result.returncode == 0, result.stdout
    assert "追加 0 件、変更 1 件、変更なし 4 件" in result.stdout
    issues = load_repository(data, repo_copy / "pmo_templates").projects["alpha"].issues
    assert next(i for i in issues if i.id == "ISS-001").status == "in_progress"


def test_usage_mistakes_exit_2_without_a_traceback(repo_copy):
    result = cli("import", "issue", repo_copy / "x.xlsx", "--project", "alpha", "--data", repo_copy / "data")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == "pmo-handbook: エラー: 「issue」という台帳はありません（使える台帳: wbs, issues, risks, decisions, changes）\n"
    book = foreign_workbook(repo_copy / "ok.xlsx", FOREIGN_ROWS)
    result = cli("import", "issues", book, "--project", "nosuch", "--data", repo_copy / "data")
    assert result.returncode == 2 and "プロジェクト「nosuch」はありません（プロジェクト: alpha）" in result.stderr
    (repo_copy / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0 not really")
    result = cli("import", "issues", repo_copy / "old.xls", "--project", "alpha", "--data", repo_copy / "data")
    assert result.returncode == 1 and result.stdout == (
        "old.xls は Excel 97-2003 形式（.xls）のファイルです。Excel で開き、Excel ブック（.xlsx）として保存してください\n")
    result = cli("import", "issues", repo_copy / "old.xls", "--project", "alpha", "--data", repo_copy / "data",
                 "--lang", "en")
    assert result.stdout == ("old.xls is an Excel 97-2003 (.xls) file: open it in Excel and save it as an "
                             "Excel workbook (.xlsx)\n")
    assert result.stderr == "1 problem(s); nothing was written\n"


# --- property: any valid issue survives export -> import ------------------------------------

ALPHA = load_repository(FIXTURE_DATA, REPO / "pmo_templates")
PROJECT = ALPHA.projects["alpha"]
TABLE = table(register_format(ALPHA.standard.formats, REGISTERS["issues"]))
MEMBERS = [m.id for m in PROJECT.members]
CHARS = "課題仕様確認のテスト在庫ABCxyz0129 -_:：=/（）()、。|#*'\"\t"
line = st.text(CHARS, min_size=1, max_size=30).map(str.strip).filter(bool)
text = st.text(CHARS + "\n", min_size=1, max_size=60).map(str.strip).filter(bool)
day = st.dates(dt.date(1995, 1, 1), dt.date(2090, 12, 31))
ids = lambda prefix: st.lists(st.integers(1, 999).map(lambda n: f"{prefix}-{n:03d}"), max_size=2)  # noqa: E731
optional_fields = [n for n, f in Issue.model_fields.items()
                   if not f.is_required() and n not in ("visibility", "field_visibility")]

issue = st.fixed_dictionaries({
    "title": line, "description": text, "raised_on": day, "raised_by": st.sampled_from(MEMBERS),
    "owner": st.sampled_from(MEMBERS),
    "category": st.sampled_from(TABLE.spec("category").codes),
    "priority": st.sampled_from(TABLE.spec("priority").codes),
    "status": st.sampled_from(TABLE.spec("status").codes),
}, optional={
    "phase": line, "impact": st.lists(st.sampled_from(TABLE.spec("impact").codes), max_size=3),
    "owner_side": st.sampled_from(TABLE.spec("owner_side").codes), "due": day,
    "action_plan": text, "close_criteria": text, "resolution": text, "closed_on": day,
    "approved_by": st.sampled_from(MEMBERS),
    "history": st.lists(st.fixed_dictionaries({"date": day, "by": st.sampled_from(MEMBERS), "note": text}),
                        max_size=3),
    "links": st.fixed_dictionaries({}, optional={"risks": ids("RSK"), "issues": ids("ISS"),
                                                 "decisions": ids("DEC"), "changes": ids("CR")}),
    "escalation": st.fixed_dictionaries({"to": line, "on": day}, optional={"reason": text}),
    "visibility": st.sampled_from(TABLE.spec("visibility").codes),
    "field_visibility": st.dictionaries(st.sampled_from(optional_fields),
                                        st.sampled_from(TABLE.spec("visibility").codes), max_size=2),
})


def valid_issues(draw_list):
    out = []
    for n, data in enumerate(draw_list, start=1):
        data = dict(data, id=f"ISS-{n:03d}")
        if data["status"] == "closed":
            data.setdefault("closed_on", data["raised_on"])
        if "closed_on" in data and data["closed_on"] < data["raised_on"]:
            data["closed_on"] = data["raised_on"]
        out.append(Issue.model_validate(data))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(issue, min_size=1, max_size=4).map(valid_issues))
def test_export_then_import_gives_the_same_issues(tmp_path, records):
    book = tmp_path / "issues.xlsx"
    book.write_bytes(workbook(TABLE, records, People(PROJECT.members)))
    reader = read_workbook(TABLE, book, PROJECT)
    assert [str(p) for p in reader.problems] == []
    assert [row.record for row in reader.records] == records
