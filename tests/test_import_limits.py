"""Hostile workbooks are refused quickly with a message naming the file (and the cell), never a
traceback or a full memory (issue 11, item 5). The workbooks are built here from XML strings."""
from __future__ import annotations

import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from conftest import FIXTURE_DATA, REPO, cli
from pmo_handbook.i18n.messages import located
from pmo_handbook.imports import ImportRefused, read_workbook
from pmo_handbook.loading.load import load_repository
from pmo_handbook.tabular.columns import column_letter, table
from pmo_handbook.model.registry import IMPORTABLE as REGISTERS, register_format

REPO_DATA = load_repository(FIXTURE_DATA, REPO / "pmo_templates")
ALPHA = REPO_DATA.projects["alpha"]
TABLE = table(register_format(REPO_DATA.standard.formats, REGISTERS["issues"]))
HEADERS = TABLE.headers()
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml":
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets><sheet name="課題管理表" '
                       'sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
                                  f'Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def cell(ref: str, value) -> str:
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def row(number: int, values: dict[str, object]) -> str:
    """values: header -> cell value."""
    cells = "".join(cell(f"{column_letter(HEADERS.index(h) + 1)}{number}", v) for h, v in values.items())
    return f'<row r="{number}">{cells}</row>'


HEADER_ROW = row(1, {h: h for h in HEADERS})
ISSUE = {"No": "ISS-009", "課題名": "帳票の出力順", "課題内容": "並び順を確認したい。", "分類": "質問",
         "起票日": "2026-11-02", "起票者": "鈴木 花子", "優先度": "高", "担当者": "田中 一郎", "ステータス": "対応中"}


def xlsx(path: Path, rows: str = "", dimension: str | None = None, sheet: str | None = None,
         extra: dict[str, bytes] | None = None) -> Path:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = sheet if sheet is not None else f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{HEADER_ROW}{rows}</sheetData></worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, content in (extra or {}).items():
            z.writestr(name, content)
    return path


def refused(path: Path) -> list[str]:
    """The messages of a refused import; the refusal takes under 2 s."""
    start = time.perf_counter()
    with pytest.raises(ImportRefused) as exc:
        read_workbook(TABLE, path, ALPHA)
    assert time.perf_counter() - start < 2
    return exc.value.messages


def test_a_minimal_workbook_built_from_xml_is_read(tmp_path):
    reader = read_workbook(TABLE, xlsx(tmp_path / "ok.xlsx", row(2, ISSUE)), ALPHA)
    assert [str(p) for p in reader.problems] == []
    assert [(r.number, r.record.id, r.record.owner) for r in reader.records] == [(2, "ISS-009", "tanaka")]


def test_a_declared_range_to_the_last_cell_is_refused_before_reading(tmp_path):
    path = xlsx(tmp_path / "big.xlsx", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                dimension="A1:XFD1048576")
    assert refused(path) == [
        "big.xlsx: sheet 課題管理表 declares the range A1:XFD1048576, over the limit of 100,000 rows and "
        "500 columns (SF); delete the unused rows and columns, save and import again"]


def test_a_far_cell_without_a_declared_range_is_refused_while_streaming(tmp_path):
    path = xlsx(tmp_path / "far.xlsx", row(2, ISSUE) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    assert refused(path) == [
        "far.xlsx: sheet 課題管理表 has a value in XFD1048576, beyond the limit of 100,000 rows and 500 columns "
        "(SF); delete it, save and import again"]
    path = xlsx(tmp_path / "wide.xlsx", '<row r="3"><c r="ZZ3"><v>1</v></c></row>')
    assert refused(path)[0].startswith("wide.xlsx: sheet 課題管理表 has a value in ZZ3, beyond the limit")


def test_a_zip_bomb_is_refused_by_its_unpacked_size(tmp_path):
    path = xlsx(tmp_path / "bomb.xlsx", extra={"xl/media/image1.png": bytes(70 * 1024 * 1024)})
    assert path.stat().st_size < 200_000
    unpacked = sum(m.file_size for m in zipfile.ZipFile(path).infolist())
    assert refused(path) == [f"bomb.xlsx unpacks to {unpacked:,} bytes, over the limit of 67,108,864 bytes; "
                             "split the register or delete unused rows and columns"]


def test_a_part_compressed_beyond_any_spreadsheet_is_refused(tmp_path):
    path = xlsx(tmp_path / "ratio.xlsx", extra={"xl/media/image1.png": bytes(8 * 1024 * 1024)})
    info = zipfile.ZipFile(path).getinfo("xl/media/image1.png")
    assert refused(path) == [f"ratio.xlsx: the part xl/media/image1.png is compressed "
                             f"{info.file_size // info.compress_size:,} to 1, over the limit of 100 to 1; "
                             "it is not a workbook saved by Excel"]


def test_a_package_of_many_parts_is_refused(tmp_path):
    path = xlsx(tmp_path / "parts.xlsx", extra={f"xl/media/p{n}.bin": b"x" for n in range(1000)})
    assert refused(path) == ["parts.xlsx holds 1,005 parts, over the limit of 1,000: it is not a workbook "
                             "saved by Excel"]


def test_a_cell_longer_than_excel_allows_is_refused_naming_the_cell(tmp_path):
    path = xlsx(tmp_path / "long.xlsx", row(2, dict(ISSUE, 課題内容="あ" * 40_000)))
    assert refused(path) == ["long.xlsx: sheet 課題管理表, cell C2 holds 40,000 characters, over Excel's "
                             "limit of 32,767"]


def test_a_truncated_sheet_is_a_message(tmp_path):
    whole = (f'<worksheet xmlns="{MAIN}"><dimension ref="A1:Z2"/><sheetData>{HEADER_ROW}{row(2, ISSUE)}'
             '</sheetData></worksheet>')
    path = xlsx(tmp_path / "cut.xlsx", sheet=whole[: len(whole) // 2])
    [message] = refused(path)
    assert message.startswith("cut.xlsx: sheet 課題管理表 cannot be read, the file is damaged: ")
    assert message.endswith("; open it in Excel, save it and import again")
    path = xlsx(tmp_path / "cut.xlsx", sheet=whole[: len(whole) // 2].replace('<dimension ref="A1:Z2"/>', ""))
    [message] = refused(path)  # without a declared range openpyxl reads the sheet while opening it
    assert message.startswith("cut.xlsx is not an Excel workbook (.xlsx): no element found: line 1, column ")
    path.write_bytes(path.read_bytes()[:300])
    assert refused(path) == ["cut.xlsx is not an Excel workbook (.xlsx): File is not a zip file"]


def test_an_out_of_range_style_index_is_no_traceback(tmp_path):
    styled = row(2, ISSUE).replace(f'<c r="{column_letter(HEADERS.index("起票日") + 1)}2" t="inlineStr">'
                                   '<is><t xml:space="preserve">2026-11-02</t></is></c>',
                                   f'<c r="{column_letter(HEADERS.index("起票日") + 1)}2" s="999"><v>46328</v></c>')
    assert 's="999"' in styled
    reader = read_workbook(TABLE, xlsx(tmp_path / "style.xlsx", styled), ALPHA)
    assert [str(p) for p in reader.problems] == []
    assert str(reader.records[0].record.raised_on) == "2026-11-02"


def test_worst_case_cells_are_parsed_in_linear_time(tmp_path):
    """Every free-form parser meets a 32,767-character cell built to make backtracking patterns blow up."""
    n = 32_000
    values = dict(ISSUE, 対応経緯="2026-11-01" + " " * n + "x", 影響範囲="品質" + " " * n + "x",
                  関連番号="RSK-" + "0" * n + "x", 項目別の公開範囲="対応経緯" + " " * n + "x",
                  期限="2026/1/1" + " " * n + "x", No="ISS-" + "0" * n + "1")
    path = xlsx(tmp_path / "slow.xlsx", row(2, values))
    start = time.perf_counter()
    reader = read_workbook(TABLE, path, ALPHA)
    assert time.perf_counter() - start < 2

    def cut(text: str) -> str:  # long cells are quoted cut
        return text[:57] + "..."

    col = {h: column_letter(HEADERS.index(h) + 1) for h in HEADERS}
    assert sorted(located(p, "ja") for p in reader.problems) == sorted([
        f"課題管理表!{col['影響範囲']}2: 影響範囲 (impact) の 1 番目 に「{cut('品質' + ' ' * n + 'x')}」は使えません。"
        "使える値: スケジュール (schedule)、コスト (cost)、品質 (quality)、スコープ (scope)、リスク (risk)。"
        "品質 (quality) の間違いではありませんか？",
        f"課題管理表!{col['期限']}2: 期限 (due) の「{cut('2026/1/1' + ' ' * n + 'x')}」は日付として読めません。"
        "2026-12-01 のように 年-月-日 で書いてください",
        f"課題管理表!{col['対応経緯']}2: 1 行目「2026-11-01                    」が日付と記入者で始まっていません。"
        "1 行に 1 件、「yyyy-mm-dd 記入者: 内容」の形で書いてください",
        f"課題管理表!{col['関連番号']}2: 「{cut('RSK-' + '0' * n + 'X')}」は課題・リスク・決定事項・変更要求の番号では"
        "ありません。RSK-001, CR-001, DEC-001, ISS-001 のように書いてください",
        f"課題管理表!{col['項目別の公開範囲']}2: 「{cut('対応経緯' + ' ' * n + 'x')}」は「列名: 公開範囲」の形になって"
        "いません。「工程: 社内限定」のように書いてください",
    ])


def test_the_cli_prints_the_message_without_a_traceback(repo_copy):
    path = xlsx(repo_copy / "big.xlsx", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                dimension="A1:XFD1048576")
    result = cli("import", "issues", path, "--project", "alpha", "--data", repo_copy / "data")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.startswith("big.xlsx: シート 課題管理表 の範囲が A1:XFD1048576 で、上限の 100,000 行・"
                                    "500 列（SF）を超えています。")
    assert result.stderr.strip() == "問題が 1 件あります。何も書き込んでいません"
