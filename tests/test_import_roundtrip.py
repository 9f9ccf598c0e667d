"""Downloads come back without loss (issue 11, item 6): a register downloaded from the site (for
its audience) and imported again changes no byte; a changed cell changes that field only, and
what the download could not show (hidden fields and links, fields that are no column) stays."""
from __future__ import annotations

import dataclasses
import difflib
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO, cli
from pmo_handbook.exports.downloads import project_registers
from pmo_handbook.imports import ImportRefused, import_registers
from pmo_handbook.loading.audience import for_audience
from pmo_handbook.loading.load import load_repository
from pmo_handbook.settings import Settings
from pmo_handbook.model.registry import IMPORTABLE as REGISTERS

SAMPLE_PROJECTS = sorted(p.name for p in (REPO / "data" / "projects").iterdir() if p.is_dir())
NEW_TITLE = "変更した件名"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(REPO / "pmo_templates", tmp_path / "pmo_templates")
    return tmp_path


def downloads(root: Path, audience: str) -> dict[tuple[str, str], bytes]:
    """(project, register) -> the workbook a build for audience offers, made as the site makes it."""
    repo = for_audience(load_repository(root / "data", root / "pmo_templates"), audience)
    settings = dataclasses.replace(Settings(), audience=audience)
    return {(p.id, key): content for p in repo.projects.values()
            for _, content, key, _ in project_registers(p, repo, settings) if key in REGISTERS}


def edit(content: bytes, path: Path, changes: dict[tuple[str, str], object], id_column: int = 1) -> Path:
    """Save the workbook with cells changed: (record id, header) -> value; ids in id_column."""
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    column = {c.value: c.column for c in ws[1]}
    rows = {ws.cell(r, id_column).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, id_column).value}
    for (rid, header), value in changes.items():
        ws.cell(rows[rid], column[header]).value = value
    wb.save(path)
    return path


def diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("audience", ["internal", "customer"])
def test_every_sample_download_reimports_without_a_byte_changed(sample, audience):
    repo = load_repository(sample / "data", sample / "pmo_templates")
    books = downloads(sample, audience)
    assert {p for p, _ in books} == ({"kansai-dx"} if audience == "customer" else set(SAMPLE_PROJECTS))
    for (project, key), content in sorted(books.items()):
        yml = sample / "data" / "projects" / project / REGISTERS[key].file
        original = yml.read_bytes()
        book = sample / f"{project}-{key}.xlsx"
        book.write_bytes(content)
        for force in (False, True):
            [outcome] = import_registers(repo, project, [(key, book)], force=force)
            assert (outcome.added, outcome.changed) == ([], []), (project, key, force)
            assert yml.read_bytes() == original, (project, key, force)
        # one cell changed: that field, and nothing else, changes in the YAML
        wb = openpyxl.load_workbook(io.BytesIO(content))
        ws = wb.worksheets[0]
        records = {r.id: r for r in getattr(repo.projects[project], key)}
        # the id column: the first in most registers (No), the second in the WBS (WBS番号, タスクID)
        at = next(c for c in range(1, ws.max_column + 1)
                  if any(ws.cell(r, c).value in records for r in range(2, ws.max_row + 1)))
        last = [ws.cell(r, at).value for r in range(2, ws.max_row + 1) if ws.cell(r, at).value][-1]
        record = records[last]
        title = ws.cell(1, at + 1).value  # the title column follows the id in every register
        field = "title" if hasattr(record, "title") else "name"  # the WBS's tasks have a name
        edited = edit(content, sample / "edited.xlsx", {(last, title): NEW_TITLE}, at)
        with pytest.raises(ImportRefused) as refused:
            import_registers(repo, project, [(key, edited)])
        assert refused.value.messages == [
            f"{yml.name} already holds 1 of these records with other content: {last}; run again with --force "
            "to overwrite them (records that are not in the workbook are kept)"]
        [outcome] = import_registers(repo, project, [(key, edited)], force=True)
        assert outcome.changed == [last]
        changed = diff(original.decode(), yml.read_text(encoding="utf-8"))
        assert len(changed) == 2 and changed[0].startswith(f"-    {field}: "), changed
        assert changed[1] == changed[0].replace(getattr(record, field), NEW_TITLE).replace("-", "+", 1)
        yml.write_bytes(original)


def test_the_cli_says_0_changed_for_an_unchanged_download(sample):
    book = sample / "issues.xlsx"
    book.write_bytes(downloads(sample, "internal")[("kansai-dx", "issues")])
    before = (sample / "data/projects/kansai-dx/issues.yml").read_bytes()
    for force in ((), ("--force",)):
        result = cli("import", "issues", book, "--project", "kansai-dx", "--data", sample / "data", *force)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout == ("issues.xlsx（課題管理表）→ "
                                 f"{(sample / 'data/projects/kansai-dx/issues.yml').as_posix()}: "
                                 "追加 0 件、変更 0 件、変更なし 35 件\n")
    english = cli("import", "issues", book, "--project", "kansai-dx", "--data", sample / "data", "--lang", "en")
    assert english.stdout.endswith(": 0 added, 0 changed, 35 unchanged\n")
    assert (sample / "data/projects/kansai-dx/issues.yml").read_bytes() == before


def test_a_changed_link_cell_keeps_the_restricted_link(sample):
    """ISS-014 links the restricted RSK-003, which an internal download cannot show."""
    yml = sample / "data/projects/kansai-dx/issues.yml"
    before = yml.read_text(encoding="utf-8")
    assert "      risks: [RSK-003, RSK-004]\n" in before
    book = edit(downloads(sample, "internal")[("kansai-dx", "issues")], sample / "issues.xlsx",
                {("ISS-014", "関連番号"): "RSK-004 RSK-005 CR-002"})
    result = cli("import", "issues", book, "--project", "kansai-dx", "--data", sample / "data", "--force")
    assert result.returncode == 0, result.stdout
    assert "追加 0 件、変更 1 件、変更なし 34 件" in result.stdout
    assert diff(before, yml.read_text(encoding="utf-8")) == [
        "-      risks: [RSK-003, RSK-004]", "+      risks: [RSK-003, RSK-004, RSK-005]"]


def test_a_restricted_field_and_a_comment_survive_a_change_to_their_record(sample):
    yml = sample / "data/projects/kansai-dx/issues.yml"
    text = yml.read_text(encoding="utf-8")
    first = "  - id: ISS-001\n"
    assert text.count(first) == 1
    text = text.replace(first, first + "    # 解決内容は役員判断のため関係者限定\n"
                                       "    field_visibility: {resolution: restricted}\n", 1)
    yml.write_text(text, encoding="utf-8")
    repo = load_repository(sample / "data", sample / "pmo_templates")
    assert next(i for i in repo.projects["kansai-dx"].issues if i.id == "ISS-001").resolution
    content = downloads(sample, "internal")[("kansai-dx", "issues")]
    book = sample / "issues.xlsx"
    book.write_bytes(content)
    [outcome] = import_registers(repo, "kansai-dx", [("issues", book)], force=True)
    assert outcome.changed == [] and yml.read_text(encoding="utf-8") == text
    edit(content, book, {("ISS-001", "優先度"): "低"})
    [outcome] = import_registers(repo, "kansai-dx", [("issues", book)], force=True)
    assert outcome.changed == ["ISS-001"]
    assert diff(text, yml.read_text(encoding="utf-8")) == ["-    priority: medium", "+    priority: low"]


def test_a_cell_the_workbook_could_not_show_cannot_be_overwritten(sample):
    """ISS-009 hides its action plan from customers: the customer download shows the cell empty."""
    content = downloads(sample, "customer")[("kansai-dx", "issues")]
    repo = load_repository(sample / "data", sample / "pmo_templates")
    book = edit(content, sample / "issues.xlsx", {("ISS-009", "対応方針"): "顧客が書いた方針"})
    with pytest.raises(ImportRefused) as refused:
        import_registers(repo, "kansai-dx", [("issues", book)], force=True)
    row = next(n for n, r in enumerate(openpyxl.load_workbook(book).worksheets[0].iter_rows(values_only=True), 1)
               if r[0] == "ISS-009")
    assert refused.value.lines("ja") == [
        f"課題管理表!N{row}: 対応方針 (action_plan) はこのブックの公開範囲（customer）には見せていない値なので、"
        "ブックからは変更できません。issues.yml で変更してください"]
    assert refused.value.messages == [
        f"課題管理表!N{row}: action_plan: this cell was hidden from the customer audience the workbook was made "
        "for, so it cannot be changed from it; change it in issues.yml"]


def test_a_row_numbered_like_a_record_the_audience_cannot_see_is_refused(sample):
    content = downloads(sample, "customer")[("kansai-dx", "issues")]
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    row = ws.max_row + 1
    source = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "ISS-014")
    for col in range(1, ws.max_column + 1):
        ws.cell(row, col).value = ws.cell(source, col).value
    ws.cell(row, 1).value = "ISS-005"  # restricted in the data
    wb.save(sample / "issues.xlsx")
    repo = load_repository(sample / "data", sample / "pmo_templates")
    with pytest.raises(ImportRefused) as refused:
        import_registers(repo, "kansai-dx", [("issues", sample / "issues.xlsx")], force=True)
    assert refused.value.lines("ja") == [
        f"課題管理表!A{row}: 「ISS-005」はこのブックの公開範囲（customer）には見せていない記録ですが、issues.yml に"
        "あります。この行には新しい番号を付けてください"]


def test_an_unknown_audience_in_the_workbook_is_refused(sample):
    wb = openpyxl.load_workbook(io.BytesIO(downloads(sample, "internal")[("kansai-dx", "issues")]))
    wb.custom_doc_props["pmo-handbook audience"].value = "everyone"
    wb.save(sample / "issues.xlsx")
    repo = load_repository(sample / "data", sample / "pmo_templates")
    with pytest.raises(ImportRefused) as refused:
        import_registers(repo, "kansai-dx", [("issues", sample / "issues.xlsx")])
    assert refused.value.messages == ["issues.xlsx: the workbook says it was made for the audience 'everyone', "
                                      "which is not one of: public, customer, internal, restricted"]


def test_the_merge_rule_keeps_hidden_entries_where_they_were():
    from pmo_handbook.imports.merge import HiddenValue, keep_hidden
    assert keep_hidden(["RSK-003", "RSK-004"], ["RSK-004"], ["RSK-004", "RSK-005"]) == ["RSK-003", "RSK-004", "RSK-005"]
    assert keep_hidden(["RSK-003", "RSK-004"], ["RSK-004"], None) == ["RSK-003"]
    assert keep_hidden({"resolution": "restricted", "history": "internal"}, {"history": "internal"}, None) == {
        "resolution": "restricted"}
    assert keep_hidden({"risks": ["RSK-003"], "issues": []}, {"risks": [], "issues": []}, {"issues": ["ISS-002"]}) == {
        "issues": ["ISS-002"], "risks": ["RSK-003"]}
    assert keep_hidden("役員判断", None, None) == "役員判断"
    assert keep_hidden("same", "same", "new") == "new"
    with pytest.raises(HiddenValue):
        keep_hidden("役員判断", None, "上書き")
