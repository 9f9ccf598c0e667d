"""One text policy at the loader: no control character but newline and tab in any text, raw or
written as a YAML escape; and whatever the CLI echoes reaches the terminal escaped (issue 11,
item 7)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import cli, mkdocs_build
from helpers import line_of, replace

from pmo_handbook.errors import DataError, DataErrors, printable
from pmo_handbook.loading.load import load_repository
from pmo_handbook.source import yamlfast, yamlsrc

ISSUES = Path("data/projects/alpha/issues.yml")
# YAML escape -> the character it writes
ESCAPES = {r"\0": 0x00, r"\a": 0x07, r"\e": 0x1B, r"\v": 0x0B, r"\f": 0x0C, r"\r": 0x0D,
           r"\x7f": 0x7F, r"\x80": 0x80, r"\x9b": 0x9B, r"\N": 0x85, r"\L": 0x2028, r"\P": 0x2029,
           r"\ufeff": 0xFEFF}


def errors_of(root: Path) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_repository(root / "data", root / "pmo_templates")
    return [str(e).replace(str(root) + "/", "") for e in caught.value.errors]


@pytest.mark.parametrize("escape", ESCAPES)
def test_escaped_control_character_in_a_value_is_refused_where_it_is(repo_copy, escape):
    issues = repo_copy / ISSUES
    replace(issues, "title: 在庫APIの仕様が未確定", f'title: "POS{escape}[2J"')
    assert errors_of(repo_copy) == [
        f"{ISSUES}:{line_of(issues, 'POS')}:12: control character U+{ESCAPES[escape]:04X} in text: "
        "only newline and tab are allowed"]


def test_newline_and_tab_escapes_stay_allowed(repo_copy):
    replace(repo_copy / ISSUES, "title: 在庫APIの仕様が未確定", r'title: "在庫\tAPI"')
    replace(repo_copy / ISSUES, "description: 在庫連携APIの項目定義が決まっていない。",
            r'description: "一行目\n二行目"')
    issue = load_repository(repo_copy / "data", repo_copy / "pmo_templates").projects["alpha"].issues[0]
    assert (issue.title, issue.description) == ("在庫\tAPI", "一行目\n二行目")


def test_escaped_control_character_in_a_key_is_refused(repo_copy):
    issues = repo_copy / ISSUES
    replace(issues, "    title: 在庫APIの仕様が未確定", '    "title\\e": x\n    title: 在庫APIの仕様が未確定')
    assert errors_of(repo_copy) == [
        f"{ISSUES}:{line_of(issues, 'title' + chr(92))}:5: control character U+001B in text: "
        "only newline and tab are allowed"]


def test_the_standard_follows_the_same_policy(repo_copy):
    roles = repo_copy / "pmo_templates" / "roles.yml"
    replace(roles, "    name: PL（プロジェクトリーダー）", '    name: "PL\\x7f</title><script>alert(1)</script>"')
    assert errors_of(repo_copy) == [
        f"pmo_templates/roles.yml:{line_of(roles, 'PL' + chr(92))}:11: control character U+007F in text: "
        "only newline and tab are allowed"]


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_raw_unicode_line_separators_are_refused_at_their_place(repo_copy, char):
    issues = repo_copy / ISSUES
    line = line_of(issues, "title: 在庫APIの仕様が未確定")
    replace(issues, "title: 在庫APIの仕様が未確定", f"title: 在庫{char}API")
    assert errors_of(repo_copy) == [
        f"{ISSUES}:{line}:14: character U+{ord(char):04X} is a line break to "
        "YAML but not to editors: use a newline"]


def test_both_readers_apply_the_policy(tmp_path):
    """The fast reader hands such a file to the careful one, which refuses it, also where the
    file uses what only the careful reader reads (an anchor)."""
    text = 'a: &x "ok"\nb: "bad\\e"\n'
    assert yamlfast.read(text.replace("&x ", ""), 64, 1000, yamlsrc._scalar, yamlsrc.TEXT_CONTROL.search) is None
    path = tmp_path / "f.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(yamlsrc.YamlFileError) as caught:
        yamlsrc.load(path, "f.yml")
    assert str(caught.value) == "f.yml:2:4: control character U+001B in text: only newline and tab are allowed"


def test_build_refuses_the_title_that_crashed_the_workbook_export(repo_copy, tmp_path):
    issues = repo_copy / ISSUES
    replace(issues, "title: 在庫APIの仕様が未確定", r'title: "POS\0\e[2J"')
    result = mkdocs_build(tmp_path / "site", repo_copy / "data",
                          PMO_TEMPLATES_DIR=repo_copy / "pmo_templates")
    assert result.returncode != 0
    assert f"issues.yml:{line_of(issues, 'POS')}:12: 文字列に制御文字 U+0000 があります。使えるのは改行とタブだけです" \
        in result.stderr
    assert "Traceback" not in result.stderr and "openpyxl" not in result.stderr


# --- what the CLI echoes --------------------------------------------------------------------------

def test_printable_writes_every_unprintable_character_as_an_escape():
    assert printable("a\x1b[2Jb\nc\td\r\x00\x85\x9b\u2028\u2029\u202e\u2066é日本") == \
        "a\\x1b[2Jb\\nc\\td\\r\\x00\\x85\\x9b\\u2028\\u2029\\u202e\\u2066é日本"


HOSTILE_FOLDER = "al\x1b[2Jpha\ndata:9:9: forged"
SHOWN = "al\\x1b[2Jpha\\ndata:9:9: forged"


@pytest.fixture
def hostile_folder(repo_copy) -> Path:
    (repo_copy / "data/projects/alpha").rename(repo_copy / "data/projects" / HOSTILE_FOLDER)
    return repo_copy


def test_text_format_cannot_be_forged_by_a_file_name(hostile_folder):
    result = cli("validate", "--data", "data", "--lang", "en", cwd=hostile_folder)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"data/projects/{SHOWN}:1:1: project folder name '{SHOWN}' is not a valid project id "
        "(lowercase letters, digits and '-')"]


def test_github_format_escapes_what_it_echoes(hostile_folder):
    result = cli("validate", "--data", "data", "--format", "github", "--lang", "en", cwd=hostile_folder)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=data/projects/al\\x1b[2Jpha\\ndata%3A9%3A9%3A forged,line=1,col=1::"
        "project folder name 'al\\x1b[2Jpha%0Adata:9:9: forged' is not a valid project id "
        "(lowercase letters, digits and '-')"]
    assert "\x1b" not in result.stdout


def test_json_format_escapes_what_it_echoes(hostile_folder):
    result = cli("validate", "--data", "data", "--format", "json", cwd=hostile_folder)
    assert result.returncode == 1
    (error,) = json.loads(result.stdout)
    assert error["file"] == f"data/projects/{SHOWN}"
    assert "\x1b" not in result.stdout


def test_a_located_error_prints_on_one_line():
    error = DataError("data/a\nb.yml", 1, 2, "value 'x\x1b[31m\ny' is wrong")
    assert str(error) == "data/a\\nb.yml:1:2: value 'x\\x1b[31m\\ny' is wrong"


BIDI = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]  # every one of them


@pytest.mark.parametrize("char", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
@pytest.mark.parametrize("written", ["raw", "escaped"])
def test_bidirectional_controls_are_refused_where_they_are(repo_copy, char, written):
    """Trojan Source: 'ISS-001 完了\u202e' shows one text and stores another."""
    issues = repo_copy / ISSUES
    text = char if written == "raw" else f"\\u{ord(char):04x}"
    replace(issues, "title: 在庫APIの仕様が未確定", f'title: "在庫API{text}未確定"')
    assert errors_of(repo_copy) == [
        f"{ISSUES}:{line_of(issues, '在庫API')}:12: bidirectional control character U+{ord(char):04X} in "
        "text: it makes the text display differently from what is stored; remove it"]
