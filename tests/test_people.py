"""People across the portfolio (issue 14): the directory, capacity planning, plan against actual,
"my work" pages, warnings, the digest and what a customer build may show of people."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import AS_OF, REPO, cli, mkdocs_build
from helpers import article, line_of, page_text, replace
from pmo_handbook.loading.load import load_repository
from pmo_handbook.status import capacity

PEOPLE = (
    REPO / "tests" / "fixtures" / "people"
)  # two projects sharing 山田 太郎 (p-one: yamada, p-two: yamada-t)
TEMPLATES = REPO / "pmo_templates"
FIXTURE_AS_OF = dt.date(2026, 3, 15)


@pytest.fixture(scope="module")
def fixture_repo():
    return load_repository(PEOPLE, TEMPLATES)


@pytest.fixture
def people_copy(tmp_path: Path) -> Path:
    shutil.copytree(PEOPLE, tmp_path / "data")
    shutil.copytree(TEMPLATES, tmp_path / "pmo_templates")
    return tmp_path


# --- computations ---------------------------------------------------------------------------


def test_load_per_person_per_month_across_two_projects(fixture_repo):
    table = capacity.loads(fixture_repo.projects.values(), fixture_repo.people)
    # p-one: 0.6 from 2026-01 to 2026-03, 0.5 in 2026-04; p-two (as yamada-t): 0.5 from 2026-03 to 2026-05
    assert {m: c.load for m, c in table["yamada"].items()} == {
        "2026-01": 0.6,
        "2026-02": 0.6,
        "2026-03": 1.1,
        "2026-04": 1.0,
        "2026-05": 0.5,
    }
    assert table["yamada"]["2026-03"].by_project == {"p-one": 0.6, "p-two": 0.5}
    # kato: 0.5 every month of p-two, at a capacity of 0.5 from the directory: full, never over
    assert {c.load for c in table["kato"].values()} == {0.5}
    assert {c.capacity for c in table["kato"].values()} == {0.5}
    assert "sato" not in table and "ono" not in table  # no allocation, no load


def test_over_allocation_found(fixture_repo):
    table = capacity.loads(fixture_repo.projects.values(), fixture_repo.people)
    over = capacity.over_allocations(table)
    assert [(c.person, c.month, c.load, c.capacity) for c in over] == [("yamada", "2026-03", 1.1, 1.0)]
    assert [(c.person, c.month) for c in capacity.under_uses(table)] == [
        ("yamada", "2026-01"),
        ("yamada", "2026-02"),
        ("yamada", "2026-05"),
    ]


DAYS = 20  # 人日 in one 人月: the default of organisation.yml's person_days_per_month


def test_plan_against_actual_per_phase_with_cost(fixture_repo):
    # p-one keeps no WBS: its actuals are the members' monthly actuals in members.yml
    assert fixture_repo.organisation.person_days_per_month == DAYS
    rows = capacity.plan_vs_actual(fixture_repo.projects["p-one"], fixture_repo.people, FIXTURE_AS_OF, DAYS)
    got = [
        (r.phase, r.planned, r.planned_to_date, r.actual, r.variance, r.planned_cost, r.actual_cost)
        for r in rows
    ]
    # completed months before 2026-03: 2026-01 and 2026-02; actuals 0.6 and 0.8; unit cost 1,000,000
    assert got == [
        ("設計", 1.8, 1.2, 1.4, 0.2, 1_800_000, 1_400_000),
        ("開発", 0.5, 0.0, None, None, 500_000, None),
        ("total", 2.3, 1.2, 1.4, 0.2, 2_300_000, 1_400_000),
    ]


# p-two's WBS (tests/fixtures/people/projects/p-two/wbs.yml), as of 2026-03-15, 20 人日 = 1 人月:
#   TSK-002 kato, 10 人日 on the 10 weekdays 01-26..02-06: 5 in January, 5 in February
#   TSK-003 yamada-t (person yamada), unfinished, 12 人日 on the 15 weekdays 02-23..03-13 (the
#           as-of date is a Sunday): 4 in February, 8 in March, nothing later
#   TSK-004 no owner, 2 人日 in February: the project's, nobody's
#   TSK-005 kato, no actual_effort: nothing
#   TSK-006 kato, 2 人日 on a weekend (02-14, 02-15): no weekday, so its 2 calendar days
# yamada-t's monthly actual in members.yml (2026-03: 0.5) is not read: the WBS records actuals.


def test_actual_effort_per_person_per_month_from_the_wbs(fixture_repo):
    p_two = fixture_repo.projects["p-two"]
    got = {
        (person, month): capacity.actual_effort(p_two, person, month, FIXTURE_AS_OF, DAYS)
        for person in ("kato", "yamada", "sato")
        for month in ("2026-01", "2026-02", "2026-03", "2026-04")
    }
    assert got == {
        ("kato", "2026-01"): 0.25,  # 5 / 20
        ("kato", "2026-02"): 0.35,  # (5 + 2) / 20; TSK-005 has no actual_effort
        ("kato", "2026-03"): None,  # nothing recorded: unknown, not 0
        ("kato", "2026-04"): None,
        ("yamada", "2026-01"): None,
        ("yamada", "2026-02"): 0.2,  # 4 / 20, member yamada-t names person yamada
        ("yamada", "2026-03"): 0.4,  # 8 / 20, not members.yml's 0.5
        ("yamada", "2026-04"): None,  # after the as-of date
        ("sato", "2026-01"): None,
        ("sato", "2026-02"): None,
        ("sato", "2026-03"): None,
        ("sato", "2026-04"): None,
    }


def test_actual_effort_of_a_person_across_two_projects(fixture_repo):
    # p-one (no WBS): members.yml 2026-01 0.6, 2026-02 0.8; p-two (WBS): 2026-02 0.2, 2026-03 0.4
    got = capacity.actuals(fixture_repo.projects.values(), FIXTURE_AS_OF, DAYS)
    assert got["yamada"] == {
        "2026-01": {"p-one": 0.6},
        "2026-02": {"p-one": 0.8, "p-two": 0.2},
        "2026-03": {"p-two": 0.4},
    }
    assert got["kato"] == {"2026-01": {"p-two": 0.25}, "2026-02": {"p-two": 0.35}}
    assert set(got) == {"yamada", "kato"}  # TSK-004's effort is nobody's


def test_days_per_month_is_the_organisation_setting(fixture_repo):
    p_two = fixture_repo.projects["p-two"]
    assert capacity.actual_effort(p_two, "kato", "2026-01", FIXTURE_AS_OF, 25) == 0.2  # 5 / 25


def test_plan_against_actual_from_a_wbs(fixture_repo):
    rows = capacity.plan_vs_actual(fixture_repo.projects["p-two"], fixture_repo.people, FIXTURE_AS_OF, DAYS)
    got = [
        (r.phase, r.planned, r.planned_to_date, r.actual, r.variance, r.planned_cost, r.actual_cost)
        for r in rows
    ]
    # completed months: 2026-01 and 2026-02. kato plans 0.5 a month in 設計 from 2026-01, did 0.25 + 0.35;
    # yamada plans 0.5 a month in 開発 from 2026-03, so his February 0.2 (unit cost 1,000,000) and
    # TSK-004's unowned 0.1 fall under no phase; his March is not complete yet
    assert got == [
        ("開発", 1.5, 0.0, None, None, 1_500_000, None),
        ("設計", 3.0, 1.0, 0.6, -0.4, None, None),
        ("", 0.0, 0.0, 0.3, 0.3, None, 200_000),
        ("total", 4.5, 1.0, 0.9, -0.1, 1_500_000, 200_000),
    ]


def test_budget_view_rolls_projects_up(fixture_repo):
    view = {
        b.project: b
        for b in capacity.budget_view(fixture_repo.projects.values(), fixture_repo.people, FIXTURE_AS_OF, DAYS)
    }
    assert (view["p-two"].planned, view["p-two"].planned_to_date, view["p-two"].actual) == (4.5, 1.0, 0.9)
    assert view["p-two"].planned_cost == 1_500_000  # only yamada has a unit cost: 3 months × 0.5
    assert view["p-two"].actual_cost == 200_000  # his February 0.2 from the WBS
    assert (view["p-one"].actual, view["p-one"].actual_cost) == (1.4, 1_400_000)  # members.yml


@pytest.fixture(scope="module")
def people_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("people") / "site"
    result = mkdocs_build(site, PEOPLE, PMO_AS_OF=FIXTURE_AS_OF.isoformat())
    assert result.returncode == 0, result.stderr
    return site


def _table_after(html: str, anchor: str) -> list[list[str]]:
    """The cells of the first table after an element id, tags stripped."""
    start = html.index(f'id="{anchor}"')
    table = html[html.index("<table", start) : html.index("</table>", start)]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


def test_capacity_page_shows_plan_against_actual_from_the_wbs(people_site):
    html = article(people_site, "capacity/")
    assert _table_after(html, "pa-p-two")[1:] == [
        ["開発", "1.50", "0", "—", "—", "1,500,000", "—"],
        ["設計", "3", "1", "0.60", "-0.40", "—", "—"],
        ["—", "0", "0", "0.30", "+0.30", "—", "200,000"],
        ["合計", "4.50", "1", "0.90", "-0.10", "1,500,000", "200,000"],
    ]
    text = page_text(people_site, "capacity/")
    assert "実績：WBS の実績工数" in text and "実績：members.yml の月別実績" in text  # p-two, p-one
    assert "20 人日 = 1 人月" in text
    assert "「yamada-t」の月ごとの実績（actual）は使われません。" in text


def test_person_page_shows_actual_per_month_across_projects(people_site):
    rows = _table_after(article(people_site, "people/yamada/"), "load")
    # month, p-one, p-two, planned total, capacity, actual (p-one's members.yml + p-two's WBS)
    assert [(r[0], r[-1]) for r in rows[1:]] == [
        ("2026-01", "0.60"),
        ("2026-02", "1"),  # 0.8 + 0.2
        ("2026-03", "0.40"),
        ("2026-04", "—"),
        ("2026-05", "—"),
    ]


# --- validation ---------------------------------------------------------------------------


def test_validate_prints_warnings_and_exits_0(people_copy):
    result = cli(
        "validate",
        "--data",
        people_copy / "data",
        "--templates",
        people_copy / "pmo_templates",
        PMO_AS_OF="2026-03-15",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    members_one = people_copy / "data/projects/p-one/members.yml"
    issues_two = people_copy / "data/projects/p-two/issues.yml"
    lines = result.stdout.splitlines()
    assert (
        f"data/projects/p-one/members.yml:{line_of(members_one, 'from: 2026-01')}:9: warning: 山田 太郎 "
        "(yamada) は 2026-03 に 1.1 人月の計画で、稼働の上限 1.0 人月を超えています（p-one 0.6, p-two 0.5）"
    ) in lines
    assert (
        f"data/projects/p-two/issues.yml:{line_of(issues_two, 'ISS-001')}:5: warning: ISS-001 は未完了ですが、"
        "担当の 佐藤 次郎 は 2026-02-28 にプロジェクトを離れています。担当を引き継いでください"
    ) in lines
    assert any("メンバー「sato」（佐藤 次郎）に要員計画（allocation: 月ごとの計画人月）がありません" in line for line in lines)
    members_two = people_copy / "data/projects/p-two/members.yml"
    assert (
        f"data/projects/p-two/members.yml:{line_of(members_two, 'actual: {2026-03')}:13: warning: 「yamada-t」の"
        "月ごとの実績（actual）は使われません。このプロジェクトは WBS（wbs.yml）に実績工数を記録しているので、"
        "実績はそちらから集計します"
    ) in lines
    english = cli("validate", "--data", people_copy / "data", "--templates", people_copy / "pmo_templates",
                  "--lang", "en", PMO_AS_OF="2026-03-15").stdout.splitlines()
    assert any(line.endswith("warning: member 'sato' (佐藤 次郎) has no allocation (planned 人月 per month)")
               for line in english)
    assert lines[-1] == "OK: プロジェクト 2 件、標準テンプレート、組織の設定に誤りはありません（警告 4 件）"


def test_unknown_person_did_you_mean_by_id(people_copy):
    members = people_copy / "data/projects/p-two/members.yml"
    replace(members, "  - id: kato\n", "  - id: kato2\n")
    result = cli("validate", "--data", people_copy / "data", "--templates", people_copy / "pmo_templates")
    assert result.returncode == 1
    assert (
        f"data/projects/p-two/members.yml:{line_of(members, 'id: kato2')}:9: unknown person 'kato2' "
        "(not in data/people.yml); did you mean 'kato' (加藤 花子)?"
    ) in result.stdout.splitlines()


@pytest.mark.parametrize(
    "added, suggested",
    [
        ("  - id: taro\n", "'yamada' (山田 太郎)"),  # the id is the given name's romaji
        ("  - id: newbie\n    name: 山田 太郎\n", "'yamada' (山田 太郎)"),  # the name written the old way
        ("  - id: hana\n    name: かとう はなこ\n", "'kato' (加藤 花子)"),  # the name's reading
    ],
)
def test_unknown_person_did_you_mean_by_name_and_reading(people_copy, added, suggested):
    members = people_copy / "data/projects/p-one/members.yml"
    members.write_text(
        members.read_text(encoding="utf-8") + added + "    joined: 2026-01-01\n", encoding="utf-8"
    )
    result = cli("validate", "--data", people_copy / "data", "--templates", people_copy / "pmo_templates")
    assert result.returncode == 1
    mid = added.split()[2]
    assert (
        f"data/projects/p-one/members.yml:{line_of(members, 'id: ' + mid)}:9: unknown person '{mid}' "
        f"(not in data/people.yml); did you mean {suggested}?"
    ) in result.stdout.splitlines()


def test_personal_field_written_twice_is_an_error(people_copy):
    members = people_copy / "data/projects/p-one/members.yml"
    replace(members, "  - id: ono\n", "  - id: ono\n    name: 小野 誠\n")
    result = cli("validate", "--data", people_copy / "data", "--templates", people_copy / "pmo_templates")
    assert result.returncode == 1
    assert (
        f"data/projects/p-one/members.yml:{line_of(members, 'name: 小野 誠')}:11: 'name' of 'ono' is kept "
        "in data/people.yml; remove it here"
    ) in result.stdout


def test_allocation_entry_errors_are_located(people_copy):
    members = people_copy / "data/projects/p-one/members.yml"
    replace(
        members, "{month: 2026-04, effort: 0.5, phase: 開発}", "{month: 2026-13, effort: 0.5, phase: 開発}"
    )
    result = cli("validate", "--data", people_copy / "data", "--templates", people_copy / "pmo_templates")
    assert result.returncode == 1
    assert f"data/projects/p-one/members.yml:{line_of(members, '2026-13')}:" in result.stdout


# --- the sample data: pages, warnings, audiences --------------------------------------------

SAMPLE = REPO / "data"
OPEN_ISSUE = {"open", "in_progress", "resolved", "on_hold"}


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(str(value))


def expected_open_items(person: str, as_of: dt.date) -> set[tuple[str, str]]:
    """(project id, record or checklist item id) a person owns that is open, computed from the YAML
    directly (an internal build: restricted records are not shown)."""
    checklists = {c["id"]: c for c in _yaml(REPO / "pmo_templates/onboarding.yml")["checklists"]}
    out = set()
    for folder in sorted((SAMPLE / "projects").iterdir()):
        pid = folder.name
        members = {m["id"]: m for m in _yaml(folder / "members.yml")["members"]}
        mine = {mid for mid, m in members.items() if m.get("person", mid) == person}
        shown = lambda r: r.get("visibility", "internal") != "restricted"  # noqa: E731
        for it in _yaml(folder / "issues.yml").get("issues", []):
            raised, closed = _date(it["raised_on"]), _date(it.get("closed_on"))
            open_ = raised <= as_of and (
                it["status"] in OPEN_ISSUE or (closed is not None and closed > as_of)
            )
            if (
                shown(it)
                and open_
                and (it["owner"] in mine or (it.get("approved_by") in mine and it["status"] == "resolved"))
            ):
                out.add((pid, it["id"]))
        for r in _yaml(folder / "risks.yml").get("risks", []):
            if (
                shown(r)
                and r["owner"] in mine
                and _date(r["raised_on"]) <= as_of
                and r.get("status", "open") != "closed"
            ):
                out.add((pid, r["id"]))
        for ms in _yaml(folder / "milestones.yml").get("milestones", []):
            reached = ms.get("actual") is not None and _date(ms["actual"]) <= as_of
            if shown(ms) and ms["owner"] in mine and ms.get("status") != "cancelled" and not reached:
                out.add((pid, ms["id"]))
        for c in _yaml(folder / "changes.yml").get("changes", []):
            if shown(c) and c.get("approver") in mine and c["status"] in ("requested", "analysing"):
                out.add((pid, c["id"]))
        for rec in _yaml(folder / "onboarding.yml").get("records", []):
            if shown(rec) and rec["member"] in mine and shown(members[rec["member"]]):
                states = rec.get("items") or {}
                for item in checklists[rec.get("checklist", "standard")]["items"]:
                    if (states.get(item["id"]) or {}).get("status", "pending") == "pending":
                        out.add((pid, item["id"]))
    return out


def listed_open_items(site: Path, person: str) -> list[tuple[str, str]]:
    html = article(site, f"people/{person}/")
    start = html.index('id="open-items"')
    end = html.find("<h2", start + 10)
    section = html[start : end if end > 0 else len(html)]
    return re.findall(r'href="\.\./\.\./projects/([a-z0-9-]+)/[a-z]+/#[^"]*">([^<]+)</a>', section)


def test_every_sample_person_has_a_page_listing_exactly_their_open_items(sample_site):
    people = [p["id"] for p in _yaml(SAMPLE / "people.yml")["people"]]
    as_of = dt.date.fromisoformat(AS_OF)
    assert len(people) == 32
    seen_overdue = False
    for person in people:
        listed = listed_open_items(sample_site, person)
        assert len(listed) == len(set(listed)), person
        assert set(listed) == expected_open_items(person, as_of), person
        text = page_text(sample_site, f"people/{person}/")
        seen_overdue |= "期限超過" in text
    assert seen_overdue


def test_person_page_lists_overdue_first(sample_site):
    html = article(sample_site, "people/takahashi/")
    rows = re.findall(
        r'<tr class="([^"]*)"><td>', html[html.index('id="open-items"') : html.index('id="projects"')]
    )
    assert rows and rows[0] == "pmo-row-overdue"
    assert rows == sorted(rows, key=lambda c: c != "pmo-row-overdue")


def test_capacity_page_and_validate_show_the_same_over_allocation(sample_site):
    text = page_text(sample_site, "capacity/")
    said = "加藤 翔 (kato) は 2026-11 に 1.3 人月の計画で、稼働の上限 1.0 人月を超えています（kansai-dx 1.3）"
    assert said in text
    svg = article(sample_site, "capacity/")
    assert svg.count('class="pmo-svg-load-over"') == 2  # kato, 2026-11 and 2026-12
    result = cli("validate", PMO_AS_OF=AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    members = REPO / "data/projects/kansai-dx/members.yml"
    assert (
        f"data/projects/kansai-dx/members.yml:{line_of(members, 'effort: 1.3')}:9: warning: {said}"
    ) in result.stdout.splitlines()
    assert said in page_text(sample_site, "")  # the portfolio too


def _wbs_actual_to(folder: Path, until: dt.date, as_of: dt.date) -> float:
    """人月 of a sample WBS's actual effort up to a day, recomputed from the YAML: each leaf task's
    人日 spread evenly over the weekdays of its actual span (to the as-of date while unfinished)."""
    tasks = _yaml(folder / "wbs.yml")["wbs"]
    parents = {t["code"].rsplit(".", 1)[0] for t in tasks if "." in t["code"]}
    total = 0.0
    for t in tasks:
        if t["code"] in parents or "actual_effort" not in t or "actual_start" not in t:
            continue
        start, finish = _date(t["actual_start"]), _date(t.get("actual_finish")) or as_of
        days = [start + dt.timedelta(n) for n in range((finish - start).days + 1)]
        days = [d for d in days if d.weekday() < 5] or days
        total += t["actual_effort"] * sum(d <= min(until, as_of) for d in days) / len(days)
    return total / DAYS


@pytest.mark.parametrize("pid", ["kansai-dx", "kobe-portal", "hanshin-maint"])
def test_sample_plan_against_actual_comes_from_the_wbs(sample_site, pid):
    html = article(sample_site, "capacity/")
    section = html[html.index(f'id="pa-{pid}"') :]
    assert "実績：WBS の実績工数" in section[: section.index("<table")]
    total = _table_after(html, f"pa-{pid}")[-1]  # 合計, or the one phase row
    planned_to_date, actual = float(total[2].replace(",", "")), float(total[3].replace(",", ""))
    as_of = dt.date.fromisoformat(AS_OF)
    until = as_of.replace(day=1) - dt.timedelta(days=1)  # the last complete month: 2026-10
    assert actual == round(_wbs_actual_to(SAMPLE / "projects" / pid, until, as_of), 2)
    assert 0.8 * planned_to_date <= actual <= 1.2 * planned_to_date  # the sample WBS is staffed as planned


def test_member_names_link_to_their_person_page(sample_site):
    html = article(sample_site, "projects/kansai-dx/issues/")
    assert 'href="../../../people/takahashi/">高橋 誠</a>' in html
    html = article(sample_site, "projects/hanshin-maint/issues/")
    assert 'href="../../../people/kimura-t/">木村 達也</a>' in html  # member kimura, person kimura-t


def test_directory_page_groups_by_organisation(sample_site):
    text = page_text(sample_site, "people/")
    assert (
        text.index("株式会社ミライシステムズ")
        < text.index("株式会社ナニワソフト")
        < text.index("株式会社関西フレッシュマート")
    )
    assert "やまぐち だいすけ" in text


def test_personal_calendar(sample_site):
    ics = (sample_site / "downloads/people/takahashi.ics").read_bytes().decode("utf-8")
    assert "UID:iss-014.kansai-dx" not in ics  # due events have their own uid, never the project feed's
    assert "SUMMARY:【関西フレッシュマート 店舗DX・需要予測基盤構築】期限: ISS-014" in ics.replace(
        "\r\n ", ""
    )
    assert ics.count("BEGIN:VEVENT") >= 3


@pytest.fixture(scope="module")
def customer_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("customer") / "site"
    result = mkdocs_build(site, PMO_AUDIENCE="customer")
    assert result.returncode == 0, result.stderr
    return site


def test_customer_build_has_no_contact_cost_or_internal_only_person(customer_site):
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for p in customer_site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".ics", ".csv", ".md", ".xml")
    ]
    everything = "\n".join(texts)
    assert not re.search(r"[\w.+-]+@[\w-]+\.(?:example\.)?(?:co\.jp|com)", everything)
    assert not re.search(r"\b0\d{1,3}-\d{3,4}-\d{4}\b", everything)
    assert "単価" not in everything and "1,600,000" not in everything and "1600000" not in everything
    assert not (customer_site / "capacity").exists()
    people = _yaml(SAMPLE / "people.yml")["people"]

    def named_visibly(person_id: str) -> bool:
        return any(
            m.get("person", m["id"]) == person_id
            and m.get("visibility", "internal") in ("customer", "public")
            and _yaml(folder / "project.yml").get("visibility", "internal") in ("customer", "public")
            for folder in (SAMPLE / "projects").iterdir()
            for m in _yaml(folder / "members.yml")["members"]
        )

    visible_names = {p["name"] for p in people if named_visibly(p["id"])}
    hidden = [p for p in people if not named_visibly(p["id"])]
    assert {p["id"] for p in hidden} >= {"mori", "kimura-s", "yamaguchi-pc", "aoki"}
    for person in hidden:
        assert not (customer_site / "people" / person["id"]).exists(), person["id"]
        assert f"people/{person['id']}/" not in everything, person["id"]
        if (
            person["name"] not in visible_names
        ):  # 山口 大輔 of ポートクラウド shares the name of a visible person
            assert person["name"] not in everything, person["id"]


# --- digest ---------------------------------------------------------------------------------


def test_digest_lists_exactly_overdue_and_due_soon_items(people_copy, tmp_path):
    out = people_copy / "digest"
    result = cli(
        "digest",
        "--data",
        people_copy / "data",
        "--templates",
        people_copy / "pmo_templates",
        "--out",
        out,
        "--days",
        "7",
        "--since",
        "2026-03-10",
        PMO_AS_OF="2026-03-15",
    )
    assert result.returncode == 0, result.stderr
    body = json.loads((out / "yamada.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in body["overdue"]] == ["ISS-001"]  # due 2026-03-10
    assert [(i["project"], i["id"]) for i in body["due_soon"]] == [("p-one", "ISS-002"), ("p-two", "RSK-001")]
    assert [i["id"] for i in body["new"]] == ["ISS-002"]  # raised 2026-03-12
    md = (out / "yamada.md").read_text(encoding="utf-8")
    assert "ISS-003" not in md and "ISS-004" not in md and "ISS-005" not in md
    assert "- 課題 ISS-001 期限を過ぎた課題 — テスト案件 p-one (期限 2026-03-10)" in md
    ono = json.loads((out / "ono.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in ono["due_soon"]] == ["ISS-005"] and ono["overdue"] == []
    assert {row["person"] for row in json.loads((out / "index.json").read_text(encoding="utf-8"))} == {
        "yamada",
        "ono",
    }


# --- new-project with a directory -----------------------------------------------------------


def test_new_project_names_directory_people(people_copy):
    data = people_copy / "data"
    result = cli("new-project", "p-three", "--name", "第三案件", "--size", "M", "--data", data)
    assert result.returncode == 2
    assert "--pm PERSON_ID で PM を指定してください" in result.stderr
    result = cli(
        "new-project", "p-three", "--name", "第三案件", "--size", "M", "--data", data, "--pm", "yamda"
    )
    assert result.returncode == 2
    assert "--pm の「yamda」は data/people.yml にいません; did you mean 'yamada' (山田 太郎)?" in result.stderr
    result = cli(
        "new-project",
        "p-three",
        "--name",
        "第三案件",
        "--size",
        "M",
        "--data",
        data,
        "--pm",
        "yamada",
        "--pmo",
        "kato",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    members = yaml.safe_load((data / "projects/p-three/members.yml").read_text(encoding="utf-8"))["members"]
    assert [(m["id"], m["roles"]) for m in members] == [("yamada", ["pm"]), ("kato", ["pmo"])]
    assert all("name" not in m and "organisation" not in m for m in members)  # the directory keeps them
    repo = load_repository(data, people_copy / "pmo_templates")
    assert repo.projects["p-three"].member("yamada").name == "山田 太郎"


def _sample_members_named_only_in_the_directory() -> list[tuple[str, str, str, str]]:
    """(project, member id, directory name, its reading) of every sample member whose name comes
    from data/people.yml (members.yml gives only the id): drawn from the data, not picked."""
    people = {p["id"]: p for p in _yaml(REPO / "data/people.yml")["people"]}
    out = []
    for folder in sorted((REPO / "data/projects").iterdir()):
        for m in _yaml(folder / "members.yml")["members"]:
            person = people.get(m.get("person") or m["id"])
            if "name" not in m and person:
                out.append((folder.name, m["id"], person["name"], person.get("reading") or person["name"]))
    return out


def test_an_owner_written_as_a_directory_name_is_read_as_the_member(tmp_path):
    """The sample keeps names in data/people.yml; 「owner: 藤田 恵子」 (without the space too, or
    the reading ふじた けいこ) must read as fujita, as a name in members.yml does."""
    named = [(pid, mid, name, reading) for pid, mid, name, reading in _sample_members_named_only_in_the_directory()
             if pid == "kansai-dx"]
    assert len(named) >= 10
    shutil.copytree(REPO / "data", tmp_path / "data")
    issues = tmp_path / "data/projects/kansai-dx/issues.yml"
    text = issues.read_text(encoding="utf-8")
    owners = set(re.findall(r"^    owner: (\S+)$", text, flags=re.MULTILINE))
    owning = [(mid, name, reading) for _, mid, name, reading in named if mid in owners]
    assert len(owning) >= 6
    for n, (mid, name, reading) in enumerate(owning):  # each one's first issue: name, name without space, reading
        shown = (name, name.replace(" ", ""), reading)[n % 3]
        text = text.replace(f"    owner: {mid}\n", f"    owner: {shown}\n", 1)
    issues.write_text(text, encoding="utf-8")
    repo = load_repository(tmp_path / "data", REPO / "pmo_templates")
    read = [i.owner for i in repo.projects["kansai-dx"].issues]
    assert [i.owner for i in load_repository(REPO / "data", REPO / "pmo_templates").projects["kansai-dx"].issues] == read
