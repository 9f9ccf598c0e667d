"""JSON Schemas from the models: committed, current, used by editors, and in agreement with the
validation that builds use."""
from __future__ import annotations

import json
import shutil

import jsonschema
import pytest

from conftest import FIXTURE_DATA, REPO, cli
from helpers import replace
from pmo_handbook import model as m
from pmo_handbook.model.jsonschema import MODELINE, schema_name
from pmo_handbook.loading.schema_errors import validate as model_validate
from pmo_handbook.source.yamlsrc import load

SCHEMAS = REPO / "schemas"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _data_files():
    data = REPO / "data"
    yield data / "organisation.yml", "organisation.schema.json"
    for path in sorted((data / "projects").glob("*/*.yml")):
        yield path, schema_name("project", path.name)
    for path in sorted((REPO / "pmo_templates").glob("*.yml")):
        yield path, schema_name("template", path.name)


def test_committed_schemas_match_the_models():
    result = cli("schema", "--check", "--out", SCHEMAS)
    assert result.returncode == 0, result.stdout
    assert result.stdout == f"OK: {SCHEMAS.as_posix()} のスキーマファイル 22 個はモデルと一致しています\n"


def test_every_schema_is_draft_2020_12():
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", path.name
        jsonschema.Draft202012Validator.check_schema(schema)


def test_check_lists_stale_missing_and_left_over_schemas(tmp_path):
    out = tmp_path / "schemas"
    assert cli("schema", "--out", out).returncode == 0
    assert cli("schema", "--check", "--out", out).returncode == 0
    replace(out / "issues.schema.json", '"^ISS-', '"^ISSUE-')
    (out / "risks.schema.json").unlink()
    (out / "old.schema.json").write_text("{}\n", encoding="utf-8")
    result = cli("schema", "--check", "--out", out)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{(out / name).as_posix()}: 最新ではありません。`pmo-handbook schema` を実行してください"
        for name in ("issues.schema.json", "risks.schema.json", "old.schema.json")]
    assert cli("schema", "--out", out).returncode == 0
    assert not (out / "old.schema.json").exists()
    assert cli("schema", "--check", "--out", out).returncode == 0


def test_schema_output_is_deterministic(tmp_path):
    cli("schema", "--out", tmp_path / "a")
    cli("schema", "--out", tmp_path / "b")
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
        assert path.read_bytes().endswith(b"}\n")


def test_every_data_file_names_its_schema_for_the_editor():
    for path, name in _data_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(MODELINE), path
        target = (path.parent / first.removeprefix(MODELINE)).resolve()
        assert target == (SCHEMAS / name).resolve(), path


def test_every_sample_and_fixture_file_validates_against_its_schema():
    files = list(_data_files()) + [(FIXTURE_DATA / "organisation.yml", "organisation.schema.json")]
    files += [(p, schema_name("project", p.name)) for p in sorted(FIXTURE_DATA.glob("projects/*/*.yml"))]
    for path, name in files:
        errors = [e.message for e in _validator(name).iter_errors(load(path, path.name).value)]
        assert errors == [], path


BAD = [  # the same broken value must fail both the schema (in the editor) and the build
    ("status: open", "status: close"),            # value outside the allowed list
    ("    title: 在庫APIの仕様が未確定\n", "    titel: 在庫APIの仕様が未確定\n"),  # unknown key (typo)
    ("id: ISS-001", "id: ISS-1"),                 # id pattern
    ("raised_on: 2026-10-01", "raised_on: 2026/13/01"),  # not a date (2026/10/01 builds; the schema
    # asks editors for the canonical 2026-10-01)
    ("    priority: high\n", ""),                 # missing required key
    ("due: 2026-11-20", "due: [2026-11-20]"),     # wrong type
]


BAD += [  # words the build does not read as a code: a variant (did you mean 完了?), a label of another field
    ("status: open", "status: 完了済み"),
    ("priority: high", "priority: 完了"),
    ("category: specification", "category: バグ"),
]
# what the site shows is what a data file may say: a label in either language builds, and the
# editor must not flag it
GOOD = [
    ("status: open", "status: 対応中"),
    ("status: open", "status: In progress"),
    ("priority: high", "priority: 高"),
    ("priority: high", "priority: Medium"),
    ("category: specification", "category: 仕様"),
    ("category: specification", "category: Specification"),
]


def _both(tmp_path, old, new):
    path = tmp_path / "issues.yml"
    shutil.copy(FIXTURE_DATA / "projects/alpha/issues.yml", path)
    replace(path, old, new)
    src = load(path, "issues.yml")
    schema_errors = [e.message for e in _validator("issues.schema.json").iter_errors(src.value)]
    _, model_errors = model_validate(src, m.Issues)
    return schema_errors, model_errors


@pytest.mark.parametrize("old, new", BAD)
def test_schema_and_model_reject_the_same_bad_values(tmp_path, old, new):
    schema_errors, model_errors = _both(tmp_path, old, new)
    assert schema_errors and model_errors


@pytest.mark.parametrize("old, new", GOOD)
def test_schema_and_model_accept_the_labels_the_site_shows(tmp_path, old, new):
    assert _both(tmp_path, old, new) == ([], [])


def test_the_editor_is_told_which_code_a_label_stands_for():
    schema = json.loads((SCHEMAS / "issues.schema.json").read_text(encoding="utf-8"))
    status = schema["$defs"]["Issue"]["properties"]["status"]
    described = dict(zip(status["enum"], status["markdownEnumDescriptions"], strict=True))
    assert described["完了"] == described["closed"] == described["Closed"] == "closed: 完了 / Closed"


@pytest.mark.parametrize("time, ok", [('"14:00"', True), ('"09:30:00"', True), ('"25:00"', False),
                                      ('"2pm"', False)])
def test_meeting_times_agree(tmp_path, time, ok):
    path = tmp_path / "meetings.yml"
    shutil.copy(FIXTURE_DATA / "projects/alpha/meetings.yml", path)
    text = path.read_text(encoding="utf-8")
    start = text.index("time: ") + len("time: ")
    path.write_text(text[:start] + time + text[text.index("\n", start):], encoding="utf-8")
    src = load(path, "meetings.yml")
    assert _validator("meetings.schema.json").is_valid(src.value) is ok
    assert (model_validate(src, m.Meetings)[0] is not None) is ok
