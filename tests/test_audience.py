"""Audiences: a build holds only what its audience may see, and leaves no trace of the rest."""
from __future__ import annotations

import gzip
import html
import json
import re
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, mkdocs_build
from helpers import PAGEFIND, article, line_of, page_text, pagefind_text, replace, search_documents
from pmo_handbook.loading.audience import PLACEHOLDER, for_audience
from pmo_handbook.model.registry import listed
from pmo_handbook.errors import DataErrors
from pmo_handbook.loading.load import load_repository
from pmo_handbook.site.project import project_pages

ALPHA = Path("data/projects/alpha")
LISTED = [reg.key for reg in listed()]  # registers filtered record by record


def load(root: Path):
    return load_repository(root / "data", root / "pmo_templates")


def mark(path: Path, record_line: str, *lines: str) -> None:
    """Add lines (e.g. 'visibility: customer') to the record that starts with record_line."""
    indent = " " * (len(record_line) - len(record_line.lstrip(" -")))
    replace(path, record_line + "\n", record_line + "\n" + "".join(f"{indent}{x}\n" for x in lines))


def open_to_customer(root: Path) -> None:
    """alpha for a customer: the project, two issues (one overdue and high), a milestone, the PM."""
    replace(root / ALPHA / "project.yml", "id: alpha\n", "id: alpha\nvisibility: customer\n")
    mark(root / ALPHA / "issues.yml", "  - id: ISS-001", "visibility: customer")
    mark(root / ALPHA / "issues.yml", "  - id: ISS-002", "visibility: customer")
    mark(root / ALPHA / "milestones.yml", "  - id: MS-02", "visibility: customer")
    mark(root / ALPHA / "members.yml", "  - id: tanaka", "visibility: customer")


def errors_of(root: Path) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load(root)
    return [str(e).replace(str(root) + "/", "") for e in caught.value.errors]


# --- the filter ----------------------------------------------------------------------------------

def test_records_are_internal_by_default(repo_copy):
    repo = load(repo_copy)
    assert list(for_audience(repo, "internal").projects) == ["alpha"]
    assert for_audience(repo, "customer").projects == {}
    assert for_audience(repo, "public").projects == {}


def test_restricted_records_are_left_out_of_the_internal_build(repo_copy):
    mark(repo_copy / ALPHA / "issues.yml", "  - id: ISS-002", "visibility: restricted")
    repo = load(repo_copy)
    assert [i.id for i in for_audience(repo, "internal").projects["alpha"].issues] == \
        ["ISS-001", "ISS-003", "ISS-004", "ISS-005"]
    assert len(for_audience(repo, "restricted").projects["alpha"].issues) == 5


def test_audiences_are_ordered(repo_copy):
    replace(repo_copy / ALPHA / "project.yml", "id: alpha\n", "id: alpha\nvisibility: public\n")
    issues = repo_copy / ALPHA / "issues.yml"
    for issue, visibility in (("ISS-001", "public"), ("ISS-002", "customer"), ("ISS-003", "restricted")):
        mark(issues, f"  - id: {issue}", f"visibility: {visibility}")
    repo = load(repo_copy)
    seen = {a: [i.id for i in for_audience(repo, a).projects["alpha"].issues]
            for a in ("public", "customer", "internal", "restricted")}
    assert seen == {"public": ["ISS-001"], "customer": ["ISS-001", "ISS-002"],
                    "internal": ["ISS-001", "ISS-002", "ISS-004", "ISS-005"],
                    "restricted": ["ISS-001", "ISS-002", "ISS-003", "ISS-004", "ISS-005"]}


def test_references_to_hidden_records_are_dropped(repo_copy):
    open_to_customer(repo_copy)
    mark(repo_copy / ALPHA / "issues.yml", "  - id: ISS-001", "links: {risks: [RSK-001], issues: [ISS-002, ISS-005]}")
    mark(repo_copy / ALPHA / "issues.yml", "  - id: ISS-003", "visibility: customer")
    p = for_audience(load(repo_copy), "customer").projects["alpha"]
    first, second, third = p.issues
    assert (first.owner, first.raised_by) == ("tanaka", PLACEHOLDER)  # suzuki is internal
    assert (first.links.risks, first.links.issues) == ([], ["ISS-002"])
    assert third.approved_by == "tanaka" and third.owner == PLACEHOLDER
    assert second.history[0].by == PLACEHOLDER
    assert [mem.id for mem in p.members] == ["tanaka"]
    assert (p.project.sponsor, p.project.pm, p.project.pmo) == (None, "tanaka", None)


def test_field_visibility_hides_single_fields(repo_copy):
    open_to_customer(repo_copy)
    mark(repo_copy / ALPHA / "issues.yml", "  - id: ISS-002", "field_visibility: {history: internal}")
    repo = load(repo_copy)
    customer = for_audience(repo, "customer").projects["alpha"].issues[1]
    assert (customer.history, customer.field_visibility) == ([], {})
    assert customer.description == "結合テスト環境の準備が遅れている。"
    internal = for_audience(repo, "internal").projects["alpha"].issues[1]
    assert [h.note for h in internal.history] == ["インフラ担当に督促した。"]


def test_field_visibility_names_a_field_of_the_record(repo_copy):
    issues = repo_copy / ALPHA / "issues.yml"
    mark(issues, "  - id: ISS-002", "field_visibility: {histroy: internal}")
    assert errors_of(repo_copy) == [
        f"data/projects/alpha/issues.yml:{line_of(issues, 'histroy')}:23: field_visibility: 'histroy' is not "
        "a field of this record; did you mean 'history'?"]


def test_a_required_field_cannot_be_hidden(repo_copy):
    issues = repo_copy / ALPHA / "issues.yml"
    mark(issues, "  - id: ISS-002", "field_visibility: {title: restricted}")
    assert errors_of(repo_copy) == [
        f"data/projects/alpha/issues.yml:{line_of(issues, 'field_visibility')}:23: field_visibility: 'title' is "
        "required, so it cannot be hidden; set the record's visibility instead"]


STAKEHOLDER = """stakeholders:
  - id: SH-01
    visibility: customer
    name: 山本 部長
    organisation: 株式会社アルファ商事
    category: user
    expectations: 入力作業の削減
    influence: high
    interest: high
    current: resistant
    target: supportive
    work_impact: 受注入力の手順が変わる
"""


def test_the_stakeholder_register_never_leaves_the_company(repo_copy):
    (repo_copy / ALPHA / "stakeholders.yml").write_text(STAKEHOLDER, encoding="utf-8")
    assert errors_of(repo_copy) == [
        "data/projects/alpha/stakeholders.yml:3:17: visibility: 'customer' is not allowed; expected one of: "
        "'internal', 'restricted'"]


def test_stakeholder_page_disappears_below_internal(repo_copy):
    open_to_customer(repo_copy)
    (repo_copy / ALPHA / "stakeholders.yml").write_text(STAKEHOLDER.replace("    visibility: customer\n", ""),
                                                        encoding="utf-8")
    repo = load(repo_copy)
    customer = for_audience(repo, "customer").projects["alpha"]
    assert customer.stakeholders == []
    assert [key for key, _ in project_pages(customer)] == [
        "dashboard", "charter", "team", "milestones", "issues"]
    internal = for_audience(repo, "internal").projects["alpha"]
    assert [key for key, _ in project_pages(internal)] == [
        "dashboard", "charter", "team", "stakeholders", "onboarding", "milestones", "wbs", "issues", "risks",
        "decisions", "changes", "meetings", "reports", "tailoring"]


def test_contact_details_follow_their_own_visibility(repo_copy):
    open_to_customer(repo_copy)
    members = repo_copy / ALPHA / "members.yml"
    mark(members, "  - id: tanaka", "contact: {email: tanaka@example.co.jp}")
    repo = load(repo_copy)
    assert for_audience(repo, "customer").projects["alpha"].members[0].contact is None
    assert for_audience(repo, "internal").projects["alpha"].members[0].contact.email == "tanaka@example.co.jp"
    replace(members, "contact: {email: tanaka@example.co.jp}",
            "contact: {email: tanaka@example.co.jp, visibility: customer}")
    assert load(repo_copy).projects["alpha"].members[0].contact.visibility == "customer"
    assert for_audience(load(repo_copy), "customer").projects["alpha"].members[0].contact.email == \
        "tanaka@example.co.jp"


def test_pmo_checks_of_the_initiative_stay_internal(repo_copy):
    open_to_customer(repo_copy)
    replace(repo_copy / ALPHA / "project.yml", "  kind: it\n",
            "  kind: it\n  checks:\n    - {checked_on: 2026-11-20, checked_by: suzuki, verdict: still_dx, note: 社内判定}\n")
    repo = load(repo_copy)
    assert for_audience(repo, "customer").projects["alpha"].project.initiative.checks == []
    assert len(for_audience(repo, "internal").projects["alpha"].project.initiative.checks) == 1


def test_every_register_of_a_project_goes_through_the_filter():
    """A list of records in ProjectData that the register table does not declare would pass the
    audience filter untouched and reach every build."""
    import dataclasses

    from pmo_handbook.model import Record

    repo = load_repository(REPO / "data", REPO / "pmo_templates")
    for p in repo.projects.values():
        for f in dataclasses.fields(p):
            value = getattr(p, f.name)
            if isinstance(value, list) and any(isinstance(x, Record) for x in value):
                assert f.name in LISTED, f.name


# --- a customer build of the fixture --------------------------------------------------------------

@pytest.fixture(scope="module")
def customer_site(tmp_path_factory) -> Path:
    import shutil

    root = tmp_path_factory.mktemp("customer")
    shutil.copytree(REPO / "tests" / "fixtures" / "data", root / "data")
    shutil.copytree(REPO / "pmo_templates", root / "pmo_templates")
    open_to_customer(root)
    result = mkdocs_build(root / "site", root / "data", PMO_AUDIENCE="customer",
                          PMO_TEMPLATES_DIR=root / "pmo_templates")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_counts_come_from_visible_records_only(customer_site):
    row = re.search(r"アルファ受発注システム改修</a>.*?</tr>", article(customer_site, ""), re.S).group(0)
    assert re.findall(r'<td class="pmo-num[^"]*"[^>]*>(\d+)</td>', row)[-3:] == ["2", "1", "1"]
    text = page_text(customer_site, "projects/alpha/issues/")
    assert "未完了の課題 2 期限超過 1 優先度「高」 1 全課題 2" in text
    assert "ISS-001" in text and "ISS-002" in text and "ISS-003" not in text and "受注番号の採番ルール" not in text


def test_withheld_registers_have_no_page_and_no_nav_entry(customer_site):
    pages = sorted(p.name for p in (customer_site / "projects" / "alpha").iterdir() if p.is_dir())
    assert pages == ["charter", "issues", "milestones", "team"]
    html_text = (customer_site / "projects/alpha/index.html").read_text(encoding="utf-8")
    for gone in ("risks/", "decisions/", "onboarding/", "reports/", "tailoring/", "stakeholders/"):
        assert f'href="{gone}"' not in html_text and f"alpha/{gone}" not in html_text
    locations = {url.split("#")[0] for url in search_documents(customer_site)}
    assert "/projects/alpha/issues/" in locations and "/projects/alpha/risks/" not in locations


# --- the sample data: no byte of a hidden record anywhere --------------------------------------------

def readable(site: Path) -> dict[str, str]:
    """Every file of a built site as text a reader or a program gets out of it: spreadsheets
    unzipped, the search index (every Pagefind file) and sitemap decoded, calendars unfolded, entities resolved."""
    out = {}
    for f in sorted(site.rglob("*")):
        if not f.is_file():
            continue
        data = f.read_bytes()
        if f.suffix in (".xlsx", ".docx", ".zip"):
            with zipfile.ZipFile(f) as z:
                data = b"\n".join(z.read(n) for n in z.namelist())
        elif f.suffix == ".gz":
            data = gzip.decompress(data)
        text = pagefind_text(data) if f.suffix in PAGEFIND else data.decode("utf-8", "replace")
        if f.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False)
        elif f.suffix == ".ics":
            text = re.sub(r"\r?\n[ \t]", "", text).replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")
        out[f.relative_to(site).as_posix()] = html.unescape(text)
    return out


def hidden_texts(audience: str) -> list[tuple[str, str]]:
    """(record, text) for the name or title of every sample record the audience may not see,
    leaving out text that a visible record, the standard or the guide also holds."""
    repo = load_repository(REPO / "data", REPO / "pmo_templates")
    shown = for_audience(repo, audience)
    visible = " ".join(r.model_dump_json() for p in shown.projects.values()
                       for r in [p.project] + [x for attr in LISTED for x in getattr(p, attr)])
    visible = json.loads(json.dumps(visible))  # \\u escapes -> characters
    common = " ".join(f.read_text(encoding="utf-8") for folder in ("pmo_templates", "docs")
                      for f in (REPO / folder).rglob("*") if f.suffix in (".yml", ".md"))
    out = []
    for pid, p in repo.projects.items():
        kept = shown.projects.get(pid)
        if kept is None:
            out.append((pid, p.project.name))
        for attr in LISTED:
            kept_keys = {_key(r) for r in (getattr(kept, attr) if kept else [])}
            for r in getattr(p, attr):
                key = _key(r)
                if key in kept_keys:
                    continue
                label = getattr(r, "title", None) if attr in ("issues", "risks", "decisions", "changes") \
                    else (r.done[0] if attr == "reports" and r.done else getattr(r, "name", None))
                if label and len(label) >= 5 and label not in visible and label not in common:
                    out.append((f"{pid}/{attr}/{key}", label))
    return out


def _key(record):
    return getattr(record, "id", None) or getattr(record, "period_end", None) or getattr(record, "member", None)


@pytest.fixture(scope="module")
def audience_sites(tmp_path_factory, sample_site) -> dict[str, dict[str, str]]:
    sites = {"internal": readable(sample_site)}
    for audience in ("customer", "restricted"):
        site = tmp_path_factory.mktemp(audience) / "site"
        result = mkdocs_build(site, PMO_AUDIENCE=audience)
        assert result.returncode == 0, result.stderr
        sites[audience] = readable(site)
    return sites


def found_in(site: dict[str, str], text: str) -> list[str]:
    return [name for name, content in site.items() if text in content]


def test_customer_build_holds_no_byte_of_any_internal_record(audience_sites):
    hidden = hidden_texts("customer")
    assert len(hidden) > 60  # whole projects, registers and single records
    customer = audience_sites["customer"]
    assert "sitemap.xml" in customer
    index = [name for name in customer if name.startswith("pagefind/") and name.endswith(PAGEFIND)]
    assert len(index) > 50 and any(name.endswith(".pf_fragment") for name in index)
    assert any(name.endswith(".xlsx") for name in customer) and any(name.endswith(".ics") for name in customer)
    leaks = {label: found_in(customer, text) for label, text in hidden if found_in(customer, text)}
    assert leaks == {}
    # The check is live: every one of those texts is in the build for the most trusted audience.
    restricted = audience_sites["restricted"]
    assert [label for label, text in hidden if not found_in(restricted, text)] == []


def test_the_same_check_finds_internal_records_in_the_internal_build(audience_sites):
    internal = audience_sites["internal"]
    for label, text in hidden_texts("customer"):
        if (label, text) not in hidden_texts("internal"):
            assert found_in(internal, text), label
    assert found_in(internal, "データエンジニア（森）異動に伴う後任の不在")  # an internal issue
    assert found_in(internal, "projects/hanshin-maint/")  # an internal project


def test_internal_build_holds_no_byte_of_restricted_records(audience_sites):
    restricted = hidden_texts("internal")
    assert [label for label, _ in restricted] == ["kansai-dx/issues/ISS-005", "kansai-dx/risks/RSK-003"]
    for label, text in restricted:
        assert found_in(audience_sites["internal"], text) == [], label
        assert found_in(audience_sites["restricted"], text), label


def test_hidden_fields_of_a_visible_record_leave_no_trace(audience_sites):
    customer, internal = audience_sites["customer"], audience_sites["internal"]
    shown = "POS保守ベンダーからのデータ抽出CSVの提供が遅延・不安定"  # ISS-009, shared with the customer
    history = "定例会で増員（林さん 11/16〜、山口さん 11/9〜）を決定（DEC-012）。"
    plan = "体制：ナニワソフトから1名増員、当社クラウド要員を追加（DEC-012）"
    assert found_in(customer, shown)
    assert found_in(internal, history) and found_in(internal, plan)
    assert found_in(customer, history) == [] and found_in(customer, plan) == []


def test_customer_build_shows_the_customer_project(audience_sites):
    customer = audience_sites["customer"]
    # projects/<id>/…: the project folders (projects/index.html is the list of them)
    projects = sorted({n.split("/")[1] for n in customer if n.startswith("projects/") and n.count("/") >= 2})
    assert projects == ["kansai-dx"]
    assert "projects/kansai-dx/issues/index.html" in customer
    assert "projects/kansai-dx/stakeholders/index.html" not in customer
    nav = customer["projects/kansai-dx/issues/index.html"]
    assert 'href="../issues/"' not in nav and 'href="../risks/"' in nav  # the nav links siblings
    assert 'href="../stakeholders/"' not in nav and 'href="../reports/"' not in nav


def test_one_project_build_of_a_project_hidden_from_the_audience_is_refused(tmp_path):
    from conftest import mkdocs_build

    result = mkdocs_build(tmp_path / "site", PMO_PROJECT="hanshin-maint", PMO_AUDIENCE="customer")
    assert result.returncode == 1
    assert ("pmo-handbook: PMO_PROJECT=hanshin-maint は PMO_AUDIENCE=customer の公開範囲には見えないので、"
            "作るものがありません") in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "site").exists()
