"""The importer matches sheet rows to records by the format's id column (pmo_templates/formats.yml)."""
from __future__ import annotations

from pathlib import Path

from conftest import cli
from pmo_handbook.exports.downloads import project_registers
from pmo_handbook.loading.load import load_repository
from pmo_handbook.settings import Settings

ID_COLUMN = """      - {key: id, label: "No", label_en: "No.", width: 10, required: true,
         description: "ISS-001 形式の通し番号。取下げた課題も欠番として残し、番号を再利用しない"}
"""


def test_a_format_without_an_id_column_is_refused_naming_the_formats_file(repo_copy: Path) -> None:
    data, templates = repo_copy / "data", repo_copy / "pmo_templates"
    repo = load_repository(data, templates)
    book = repo_copy / "issues.xlsx"
    book.write_bytes({key: content for _, content, key, _ in
                      project_registers(repo.projects["alpha"], repo, Settings(audience="restricted"))}["issues"])
    formats = templates / "formats.yml"
    text = formats.read_text(encoding="utf-8")
    assert ID_COLUMN in text
    formats.write_text(text.replace(ID_COLUMN, "", 1), encoding="utf-8")
    before = (data / "projects" / "alpha" / "issues.yml").read_bytes()
    result = cli("import", "issues", book, "--project", "alpha", "--data", data, "--templates", templates)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stdout + result.stderr
    assert result.stdout == "pmo_templates/formats.yml: 課題の書式に ID の列がありません\n"
    assert (data / "projects" / "alpha" / "issues.yml").read_bytes() == before
