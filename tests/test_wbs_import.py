"""`pmo-handbook import wbs`: WBS workbooks in the layouts people keep (大項目/中項目/小項目
columns, an indented 作業名), Japanese dates, and the same refusal rules as every import."""
from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

from conftest import cli
from pmo_handbook.loading.load import load_repository

ALPHA = Path("data/projects/alpha")
HEAD = ["No", "大項目", "中項目", "小項目", "担当", "開始予定日", "終了予定日", "予定工数", "先行作業", "備考"]
# 開始予定日/終了予定日 are the plan people keep: read as the baseline when no 基準 column exists
ROWS = [
    [1, "基本設計", None, None, "田中 一郎", "2026/12/01", "2026/12/20", None, None, None],
    [2, None, "画面設計", None, "鈴木 花子", "2026/12/01", "2026/12/10", None, None, None],
    [3, None, None, "画面一覧作成", "鈴木", "2026/12/01", "2026/12/04", 3, None, "ひな形あり"],
    [4, None, None, "画面遷移設計", "鈴木 花子", "2026/12/07", "2026/12/10", 4, 3, None],
    [5, None, "DB設計", None, "佐藤 次郎", "2026/12/11", "2026/12/20", None, None, None],
    [6, None, None, "テーブル定義", "佐藤 次郎", "2026/12/11", "2026/12/20", 6.5, "4, 3", None],
]


def write(path: Path, head: list, rows: list, indent_col: int | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "WBS"
    ws.append(["○○システム開発 WBS"])  # a title above the header, as people do
    ws.append(head)
    for row in rows:
        ws.append(row)
    if indent_col:
        for r in range(3, len(rows) + 3):
            cell = ws.cell(r, indent_col)
            level = rows[r - 3][-1]
            cell.alignment = Alignment(indent=level)
        ws.delete_cols(len(head) + 1)  # the level helper column is not part of the sheet
    wb.save(path)
    return path


def run_import(root: Path, path: Path):
    return cli("import", "wbs", path, "--project", "alpha", "--data", root / "data",
               "--templates", root / "pmo_templates")


def tasks(root: Path):
    return load_repository(root / "data", root / "pmo_templates").projects["alpha"].wbs


def test_major_middle_minor_columns_and_japanese_dates(repo_copy, tmp_path):
    path = write(tmp_path / "WBS_基本設計.xlsx", HEAD, ROWS)
    result = run_import(repo_copy, path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WBS_基本設計.xlsx（WBS）→ " in result.stdout and "追加 6 件" in result.stdout
    got = [(t.code, t.id, t.name, t.owner, str(t.baseline_start), str(t.baseline_finish), t.planned_effort,
            t.predecessors) for t in tasks(repo_copy)]
    assert got == [
        ("1", "TSK-001", "基本設計", "tanaka", "2026-12-01", "2026-12-20", None, []),
        ("1.1", "TSK-002", "画面設計", "suzuki", "2026-12-01", "2026-12-10", None, []),
        ("1.1.1", "TSK-003", "画面一覧作成", "suzuki", "2026-12-01", "2026-12-04", 3, []),
        ("1.1.2", "TSK-004", "画面遷移設計", "suzuki", "2026-12-07", "2026-12-10", 4, ["TSK-003"]),
        ("1.2", "TSK-005", "DB設計", "sato", "2026-12-11", "2026-12-20", None, []),
        ("1.2.1", "TSK-006", "テーブル定義", "sato", "2026-12-11", "2026-12-20", 6.5, ["TSK-004", "TSK-003"])]
    assert tasks(repo_copy)[2].note == "ひな形あり"


def test_names_indented_with_spaces(repo_copy, tmp_path):
    head = ["作業名", "担当者", "基準開始", "基準終了", "予定工数"]
    rows = [["要件定義", "田中 一郎", "2026/12/01", "2026/12/10", None],
            ["　現行業務ヒアリング", "小野 誠", "2026/12/01", "2026/12/04", 2],  # a full-width space
            ["　要件定義書作成", "小野 誠", "2026/12/07", "2026/12/10", 3],
            ["    レビュー準備", "小野 誠", "2026/12/07", "2026/12/08", 1]]  # four spaces: one level deeper
    result = run_import(repo_copy, write(tmp_path / "wbs.xlsx", head, rows))
    assert result.returncode == 1  # 要件定義書作成 became a work package and may not carry effort
    assert result.stdout.splitlines()[0] == ("WBS!E5: 1.2 は下にタスクを持つまとまりの作業なので、予定工数(人日) "
                                             "(planned_effort) はタスクから集計されます。この値は消してください")
    assert not (repo_copy / ALPHA / "wbs.yml").exists()


def test_indented_names_by_excel_indent(repo_copy, tmp_path):
    head = ["作業名", "担当者", "基準開始", "基準終了", "予定工数"]
    rows = [["要件定義", "田中 一郎", "2026/12/01", "2026/12/10", None, 0],
            ["現行業務ヒアリング", "小野 誠", "2026/12/01", "2026/12/04", 2, 1],
            ["要件定義書作成", "小野 誠", "2026/12/07", "2026/12/10", 3, 1],
            ["基本設計", "田中 一郎", "2026/12/11", "2026/12/20", None, 0],
            ["方式設計", "佐藤 次郎", "2026/12/11", "2026/12/20", 5, 1]]
    result = run_import(repo_copy, write(tmp_path / "wbs.xlsx", head, rows, indent_col=1))
    assert result.returncode == 0, result.stdout + result.stderr
    assert [(t.code, t.name) for t in tasks(repo_copy)] == [
        ("1", "要件定義"), ("1.1", "現行業務ヒアリング"), ("1.2", "要件定義書作成"), ("2", "基本設計"), ("2.1", "方式設計")]


def test_an_invalid_row_is_named_by_its_cell_and_nothing_is_written(repo_copy, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[3][6] = "2026/13/10"   # 画面遷移設計: no 13th month (row 6 of the sheet, column G)
    rows[5][4] = "山田"          # not a member (row 8, column E)
    result = run_import(repo_copy, write(tmp_path / "wbs.xlsx", HEAD, rows))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # the sheet's own plan columns are read as the baseline, and named so
    assert lines[0] == ("WBS!G6: 基準終了 (baseline_finish) の「2026/13/10」は日付として読めません。"
                        "2026-12-01 のように 年-月-日 で書いてください")
    assert lines[1].startswith("WBS!E8: 担当者 (owner) の「山田」はメンバーの ID ではありません。")
    assert not (repo_copy / ALPHA / "wbs.yml").exists()
