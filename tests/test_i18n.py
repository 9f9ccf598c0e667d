"""The label catalogues (i18n/ja.yml, en.yml) hold the same keys with the same placeholders, and
every label the code and the templates name by a literal key is in them.

Keys built at run time (ui(f"page_{key}"), the scaffold's todo(...)) are not seen by the scan;
the ja builds of the other tests raise on a missing one, and the parity below carries it to en."""
from __future__ import annotations

import re
import string
import typing
from pathlib import Path

import pytest
import yaml

from conftest import REPO

I18N = REPO / "src" / "pmo_handbook" / "i18n"
SOURCES = [p for p in sorted((REPO / "src" / "pmo_handbook").rglob("*")) if p.suffix in (".py", ".j2")]
SOURCES += sorted((REPO / "hooks").glob("*.py"))

KEY = r"""\(\s*['"]([A-Za-z0-9_]+)['"](?=\s*[,)])"""  # a whole literal key, not 'page_' ~ key
UI = re.compile(r"\bui" + KEY)  # ui('x'), L.ui("x"), self.ui("x"), table.L.ui("x")
TODO = re.compile(r"\btodo" + KEY)  # scaffold placeholders: ui.scaffold_<key>
ENUM = re.compile(r"""(?:\benum|\bbadge)""" + KEY)  # L.enum("d", v), |enum('d'), m.badge('d', v)
FIELD = re.compile(r"""\bfield\(\s*['"]([a-z0-9_]+)['"]\s*,\s*['"]([a-z0-9_]+)['"]""")


def catalogue(lang: str) -> dict:
    return yaml.safe_load((I18N / f"{lang}.yml").read_text(encoding="utf-8"))


def leaves(tree: dict, prefix: str = "") -> dict[str, str]:
    """Dotted key -> label text, for every label of a catalogue."""
    out = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(leaves(value, path + "."))
        else:
            out[path] = value
    return out


def placeholders(text: object) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(str(text)) if name}


def used(pattern: re.Pattern[str]) -> dict[tuple[str, ...], list[str]]:
    """Each literal key the sources pass to pattern's call -> where ("file:line")."""
    found: dict[tuple[str, ...], list[str]] = {}
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for m in pattern.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            found.setdefault(m.groups(), []).append(f"{path.relative_to(REPO)}:{line}")
    return found


@pytest.fixture(scope="module")
def ja() -> dict:
    return catalogue("ja")


@pytest.fixture(scope="module")
def en() -> dict:
    return catalogue("en")


def test_ja_and_en_hold_the_same_keys(ja, en):
    ja_keys, en_keys = leaves(ja), leaves(en)
    assert len(ja_keys) > 500
    assert sorted(ja_keys.keys() - en_keys.keys()) == [], "in ja.yml only"
    assert sorted(en_keys.keys() - ja_keys.keys()) == [], "in en.yml only"


def test_every_label_is_text_with_the_same_placeholders_in_both(ja, en):
    ja_keys, en_keys = leaves(ja), leaves(en)
    empty = [k for k, v in {**ja_keys, **en_keys}.items() if not isinstance(v, str) or not v.strip()]
    assert empty == []
    differ = {k: (placeholders(ja_keys[k]), placeholders(en_keys[k])) for k in ja_keys.keys() & en_keys.keys()
              if placeholders(ja_keys[k]) != placeholders(en_keys[k])}
    assert differ == {}


def test_every_ui_label_the_sources_name_exists(ja):
    keys = used(UI)
    assert len(keys) > 150  # the scan sees the templates and the code
    missing = {k[0]: where for k, where in keys.items() if k[0] not in ja["ui"]}
    todo = {f"scaffold_{k[0]}": where for k, where in used(TODO).items()
            if f"scaffold_{k[0]}" not in ja["ui"]}
    assert missing == {} and todo == {}


def test_every_enum_domain_and_field_label_the_sources_name_exists(ja):
    domains = used(ENUM)
    assert len(domains) > 20
    assert {k[0]: where for k, where in domains.items() if k[0] not in ja["enums"]} == {}
    fields = used(FIELD)
    assert len(fields) > 5
    # Labels.field falls back to the raw name: a missing one would show an English identifier.
    assert {k: where for k, where in fields.items() if k[1] not in ja["fields"].get(k[0], {})} == {}


def test_the_scan_reports_a_key_that_is_missing(ja, tmp_path: Path, monkeypatch):
    """The check can fail: a template naming an unknown label is reported with file and line."""
    bad = tmp_path / "bad.md.j2"
    bad.write_text("{{ ui('open_issues') }}\n{{ L.ui(\"no_such_label\") }}\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "SOURCES", [bad])
    monkeypatch.setattr(__import__(__name__), "REPO", tmp_path)
    keys = used(UI)
    assert sorted(k[0] for k in keys) == ["no_such_label", "open_issues"]
    assert [k[0] for k in keys if k[0] not in ja["ui"]] == ["no_such_label"]
    assert keys[("no_such_label",)] == ["bad.md.j2:2"]


@pytest.mark.parametrize("domain, literal", [("level3", "Level3"), ("issue_status", "IssueStatus"),
                                             ("risk_status", "RiskStatus")])
def test_catalogues_list_the_codes_of_an_enumeration_in_the_models_order(domain, literal):
    """Columns of labels sort by the catalogue's order (i18n.Labels.rank): it must be the model's."""
    from pmo_handbook.model import common, registers
    codes = typing.get_args(getattr(common, literal, None) or getattr(registers, literal))
    for lang in ("ja", "en"):
        assert tuple(catalogue(lang)["enums"][domain]) == codes
