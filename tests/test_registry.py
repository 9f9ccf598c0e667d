"""The register table (model/registry.py) is the one place a register is declared: for every
entry, what a person meets follows from it — its pages and their order in the navigation, its
download, its JSON Schema, its import command, its duplicate-id error and its audience rules."""
from __future__ import annotations

import dataclasses
import re
import shutil
import typing

import pytest
from conftest import REPO, cli

from pmo_handbook.errors import DataErrors
from pmo_handbook.loading.audience import RANK, for_audience
from pmo_handbook.loading.load import load_repository
from pmo_handbook.loading.repository import ProjectData, Standard
from pmo_handbook.model.registry import REGISTERS, TEMPLATES, page_order
from pmo_handbook.model.standard import Format
from pmo_handbook.settings import AUDIENCES
from pmo_handbook.site.project import project_pages

SAMPLE = load_repository(REPO / "data", REPO / "pmo_templates")
PROJECTS = sorted(SAMPLE.projects)
WITH_PAGES = [r for r in REGISTERS.values() if r.pages]
NAV_LINK = re.compile(r'<a href="([^"]*)" class="md-nav__link')


def _page_dir(key: str) -> str:
    return "" if key == "dashboard" else f"{key}/"


# --- the table and the code that holds its records ----------------------------------------------

def _bookkeeping(cls) -> set[str]:
    return {"dir", "sources", "failed", "unparsed", "withheld"} & {f.name for f in dataclasses.fields(cls)}


def test_project_data_has_one_typed_attribute_per_register_and_no_other():
    hints = typing.get_type_hints(ProjectData)
    registers = {f.name for f in dataclasses.fields(ProjectData)} - _bookkeeping(ProjectData)
    assert registers == set(REGISTERS)
    for key, reg in REGISTERS.items():
        assert hints[key] == (list[reg.model] if reg.keeps == "records" else reg.root), key


def test_standard_has_one_typed_attribute_per_template_file():
    hints = typing.get_type_hints(Standard)
    assert {f.name for f in dataclasses.fields(Standard)} - {"sources"} == set(TEMPLATES)
    for key, t in TEMPLATES.items():
        assert hints[key] == t.root.model_fields[t.records].annotation, key


def test_every_record_kind_of_formats_yml_belongs_to_one_register():
    kinds = typing.get_args(Format.model_fields["record"].annotation)
    declared = [r.record for r in REGISTERS.values() if r.record]
    assert sorted(kinds) == sorted(declared)  # each kind once, none without its register
    assert {f.record for f in SAMPLE.standard.formats} <= set(kinds)


# --- what a reader of the built sample site sees ------------------------------------------------

@pytest.mark.parametrize("reg", WITH_PAGES, ids=[r.key for r in WITH_PAGES])
def test_every_page_of_a_register_is_built_for_every_project(sample_site, reg):
    for pid in PROJECTS:
        for key in reg.pages:
            assert (sample_site / "projects" / pid / _page_dir(key) / "index.html").is_file(), (pid, key)


def test_project_navigation_follows_the_declared_page_order(sample_site):
    expected = ["./"] + [_page_dir(key) for key, _ in page_order()][1:]
    for pid in PROJECTS:
        html = (sample_site / "projects" / pid / "index.html").read_text(encoding="utf-8")
        links = NAV_LINK.findall(html)
        start = links.index("./")
        assert links[start:start + len(expected)] == expected, pid


@pytest.mark.parametrize("reg", WITH_PAGES, ids=[r.key for r in WITH_PAGES])
def test_a_register_page_offers_the_excel_download_exactly_when_declared(sample_site, reg):
    for pid in PROJECTS:
        xlsx = sample_site / "downloads" / "projects" / pid / f"{reg.key}.xlsx"
        assert xlsx.is_file() == reg.download, (pid, reg.key)
        html = (sample_site / "projects" / pid / _page_dir(reg.pages[0]) / "index.html").read_text(encoding="utf-8")
        assert (f'downloads/projects/{pid}/{reg.key}.xlsx"' in html) == reg.download, (pid, reg.key)


def _handbook_dir(t) -> str:
    return "" if t.page == "index" else f"{t.page}/"


@pytest.mark.parametrize("t", TEMPLATES.values(), ids=list(TEMPLATES))
def test_every_standard_template_has_its_handbook_page(sample_site, t):
    assert (sample_site / "handbook" / _handbook_dir(t) / "index.html").is_file()
    for record in getattr(SAMPLE.standard, t.key) if t.record_pages else ():
        assert (sample_site / "handbook" / t.records / record.id / "index.html").is_file(), record.id


def test_handbook_navigation_follows_the_template_table(sample_site):
    expected = []
    for t in TEMPLATES.values():
        expected.append(_handbook_dir(t) or "./")
        if t.record_pages:  # a section of record pages: the navigation links its first page
            expected.append(f"{t.records}/{getattr(SAMPLE.standard, t.key)[0].id}/")
    links = NAV_LINK.findall((sample_site / "handbook" / "index.html").read_text(encoding="utf-8"))
    start = links.index("./")
    assert links[start:start + len(expected)] == expected


# --- schemas, import, validation ----------------------------------------------------------------

@pytest.mark.parametrize("reg", REGISTERS.values(), ids=list(REGISTERS))
def test_every_project_file_has_its_schema_and_the_sample_file_names_it(reg):
    schema = REPO / "schemas" / f"{reg.key}.schema.json"
    assert schema.is_file()
    if reg.records:
        assert f'"{reg.records}"' in schema.read_text(encoding="utf-8")
    for pid in PROJECTS:
        path = REPO / "data" / "projects" / pid / reg.file
        if path.exists():
            assert path.read_text(encoding="utf-8").startswith(
                f"# yaml-language-server: $schema=../../../schemas/{reg.key}.schema.json\n"), path


@pytest.mark.parametrize("t", TEMPLATES.values(), ids=list(TEMPLATES))
def test_every_template_file_has_its_schema(t):
    assert (REPO / "schemas" / f"template-{t.file.removesuffix('.yml')}.schema.json").is_file()


def test_import_accepts_exactly_the_importable_registers(tmp_path):
    missing = tmp_path / "missing.xlsx"
    importable = [r.key for r in REGISTERS.values() if r.importable]
    for key, reg in REGISTERS.items():
        result = cli("import", key, missing, "--project", PROJECTS[0])
        assert result.returncode == 2
        if reg.importable:
            assert result.stderr == f"pmo-handbook: エラー: ファイルがありません: {missing}\n", key
        else:
            assert result.stderr == (f"pmo-handbook: エラー: 「{key}」という台帳はありません（使える台帳: "
                                     f"{', '.join(importable)}）\n"), key


def test_every_register_with_ids_reports_a_duplicate_id_with_its_line(tmp_path):
    shutil.copytree(REPO / "data", tmp_path / "data")
    folder = tmp_path / "data" / "projects" / "kansai-dx"
    expected = []
    for reg in (r for r in REGISTERS.values() if r.id_field):
        path = folder / reg.file
        lines = path.read_text(encoding="utf-8").split("\n")
        at = [n for n, line in enumerate(lines) if line.startswith(f"  - {reg.id_field}: ")]
        first = lines[at[0]].split(": ", 1)[1]
        lines[at[1]] = f"  - {reg.id_field}: {first}"
        path.write_text("\n".join(lines), encoding="utf-8")
        expected.append(f"data/projects/kansai-dx/{reg.file}:{at[1] + 1}:")
    with pytest.raises(DataErrors) as caught:
        load_repository(tmp_path / "data", REPO / "pmo_templates")
    messages = [str(e) for e in caught.value.errors]
    for where in expected:
        assert any(m.startswith(where) and "duplicate id" in m and "(first used by item 1)" in m
                   for m in messages), where


# --- audience rules -----------------------------------------------------------------------------

def _opened(p: ProjectData, key: str, visibility: str) -> ProjectData:
    """p with every record of one register marked visibility."""
    return dataclasses.replace(p, **{key: [r.model_copy(update={"visibility": visibility})
                                           for r in getattr(p, key)]})


@pytest.mark.parametrize("reg", [r for r in REGISTERS.values() if r.floor != "public"],
                         ids=lambda r: r.key)
def test_a_register_stays_hidden_below_its_floor_even_when_records_say_public(reg):
    for pid in PROJECTS:
        p = SAMPLE.projects[pid]
        assert getattr(p, reg.key), f"sample project {pid} has no {reg.key} to hide"
        p = _opened(dataclasses.replace(p, project=p.project.model_copy(update={"visibility": "public"})),
                    reg.key, "public")
        repo = dataclasses.replace(SAMPLE, projects={pid: p})
        for audience in AUDIENCES:
            shown = for_audience(repo, audience).projects[pid]
            pages = [key for key, _ in project_pages(shown)]
            if RANK[audience] < RANK[reg.floor]:
                assert getattr(shown, reg.key) == [] and not set(reg.pages) & set(pages), (pid, audience)
            else:
                assert len(getattr(shown, reg.key)) == len(getattr(p, reg.key)), (pid, audience)
                assert set(reg.pages) <= set(pages), (pid, audience)


@pytest.mark.parametrize("reg", [r for r in REGISTERS.values() if r.follows_member], ids=lambda r: r.key)
def test_records_about_a_hidden_member_go_with_the_member(reg):
    def about(repo, pid) -> list[str]:
        return [getattr(r, reg.follows_member) for r in getattr(for_audience(repo, "internal").projects[pid], reg.key)]

    for pid in PROJECTS:
        before = about(SAMPLE, pid)
        assert before, f"sample project {pid} has no {reg.key}"
        hidden = before[0]
        p = SAMPLE.projects[pid]
        members = [m.model_copy(update={"visibility": "restricted"}) if m.id == hidden else m for m in p.members]
        after = about(dataclasses.replace(SAMPLE, projects={pid: dataclasses.replace(p, members=members)}), pid)
        assert after == [who for who in before if who != hidden]
