"""The weekly trend reads what the data alone cannot date from git: a throwaway repository holds
the steering fixture (project gamma) whose risks.yml changes in weekly commits, worked by hand:

  commit (committer's own date)   risks.yml                                    week it serves
  C1 2026-10-01 10:00+09:00       RSK-001 3×4=12, RSK-002 5×5=25 open          10-02: red, top 25
  C2 2026-10-09 23:30+09:00       RSK-001 4×4=16, RSK-002 closed, RSK-003 2×3  10-09: amber, top 16
                                  (14:30 UTC: the same day, on or before 10-09)
  C3 2026-10-10 00:30+09:00       RSK-001 5×4=20 (10-09 15:30 UTC, but the     (none: C4 is later)
                                  committer's 10-10: not 10-09's)
  C4 2026-10-14 09:00+09:00       RSK-001 probability 9: does not validate    10-16: "—", reason
  C5 2026-10-22 09:00+09:00       the fixture's own (4×4 open, 5×5 closed)     10-23 = as-of: the
                                                                               data as loaded: amber, 16
Thresholds: risk amber 13, red 20 (defaults). Today's data alone would give 10-02 a top score
of 16 (RSK-002 is closed today) and no risk colour at all.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO
from gitrepo import commit, git
from helpers import line_of, replace
from pmo_handbook.loading.load import load_repository
from pmo_handbook.loading.past import GitPast
from pmo_handbook.settings import Settings
from pmo_handbook.site.builder import build_site
from pmo_handbook.status import history, rag
from test_steering import EXPECTED, REPORT_DATES, STEERING, figures, portfolio_row, text

D = dt.date
AS_OF = D(2026, 10, 23)
RISKS = "projects/gamma/risks.yml"
RSK_001 = "    probability: 4\n    impact: 4\n"
RSK_002_CLOSED = "    raised_on: 2026-09-10\n    status: closed\n"
RSK_003 = """  - id: RSK-003
    title: 検証環境の遅れ
    event: 検証環境の準備が遅れる。
    category: technical
    probability: 2
    impact: 3
    strategy: accept
    owner: ito
    raised_on: 2026-10-05
"""
# week -> (risk area, top risk score, commit index or "today"), by hand from the table above
RISK_WEEKS = {D(2026, 10, 2): ("red", 25, 0), D(2026, 10, 9): ("amber", 16, 1),
              D(2026, 10, 16): (None, None, 3), D(2026, 10, 23): ("amber", 16, "today")}


def risks(data: Path, rsk_001: str, rsk_002_closed: bool, rsk_003: bool = False) -> None:
    text_ = (STEERING / RISKS).read_text(encoding="utf-8").replace(RSK_001, rsk_001)
    if not rsk_002_closed:
        text_ = text_.replace(RSK_002_CLOSED, "    raised_on: 2026-09-10\n")
    (data / RISKS).write_text(text_ + (RSK_003 if rsk_003 else ""), encoding="utf-8")


@pytest.fixture(scope="module")
def weekly_repo(tmp_path_factory) -> tuple[Path, list[str]]:
    """The repository and its commits, oldest first."""
    root = tmp_path_factory.mktemp("history")
    data = root / "data"
    shutil.copytree(STEERING, data)
    git(root, "init", "-q", "-b", "main")
    steps = [
        ("2026-10-01T10:00:00+09:00", "    probability: 3\n    impact: 4\n", False, False),
        ("2026-10-09T23:30:00+09:00", RSK_001, True, True),
        ("2026-10-10T00:30:00+09:00", "    probability: 5\n    impact: 4\n", True, True),
        ("2026-10-14T09:00:00+09:00", "    probability: 9\n    impact: 4\n", True, True),
    ]
    for date, rsk_001, closed, rsk_003 in steps:
        risks(data, rsk_001, closed, rsk_003)
        commit(root, f"risks as of {date}", date)
    shutil.copy(STEERING / RISKS, data / RISKS)
    commit(root, "risks as the fixture has them", "2026-10-22T09:00:00+09:00")
    shas = git(root, "log", "--reverse", "--format=%H").split()
    return data, shas


def build(data: Path, as_of: D = AS_OF, audience: str = "internal") -> dict[str, str]:
    templates = REPO / "pmo_templates"
    site = build_site(load_repository(data, templates),
                      Settings(data_dir=data, templates_dir=templates, as_of=as_of, audience=audience))
    return {p.src_uri: p.content for p in site.pages}


def area_rows(page: str) -> dict[str, list[str]]:
    """The dashboard's history table: row label -> the text of each week's cell."""
    table = re.search(r'class="md-typeset__scrollwrap pmo-area-history">.*?</table>', page, re.S).group(0)
    return {text(r.split("</td>", 1)[0]): [text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r.split("</td>", 1)[1])]
            for r in re.findall(r"<tr><td>.*?</tr>", table, re.S)}


def test_past_weeks_read_risks_from_the_last_commit_on_or_before_them(weekly_repo):
    data, shas = weekly_repo
    repo = load_repository(data, REPO / "pmo_templates")
    gamma = repo.projects["gamma"]
    t = rag.project_thresholds(gamma, repo.organisation)
    points = history.weekly(gamma, t, AS_OF, weeks=4, past=GitPast(data, "internal"))
    assert [pt.date for pt in points] == REPORT_DATES
    for pt in points:
        area, top, basis = RISK_WEEKS[pt.date]
        assert (pt.area("risk"), pt.counts.top_risk) == (area, top), pt.date
        assert (pt.basis.kind, pt.basis.commit) == (("today", None) if basis == "today" else ("git", shas[basis]))
        # every other area by the dashboard's own rules, on the data of the time (only risks.yml changed)
        today = rag.assess(gamma, t, pt.date)
        assert {a: pt.area(a) for a in rag.AREAS if a != "risk"} == \
            {a: today.areas[a].rag for a in rag.AREAS if a != "risk"}
    broken = points[2].assessment.areas["risk"].reasons[0]
    assert (broken.key, broken.params) == ("past_unreadable", {
        "file": "risks.yml", "line": line_of(STEERING / RISKS, "probability: 4"), "column": 18,
        "commit": shas[3][:7], "date": "2026-10-14"})


def test_the_dashboard_shows_each_weeks_risk_colour_score_and_source(weekly_repo):
    data, shas = weekly_repo
    rows = area_rows(build(data)["projects/gamma/index.md"])
    assert rows["リスク"][-4:] == ["赤", "黄", "—", "黄"]
    assert rows["最大リスクスコア"][-4:] == ["25", "16", "—", "16"]
    assert rows["データの時点"][-4:] == [shas[0][:7], shas[1][:7], shas[3][:7], "現在"]
    assert rows["リスク"][:4] == ["—"] * 4  # 09-04 … 09-25: before the first commit
    page = text(build(data)["projects/gamma/index.md"])
    line = line_of(STEERING / RISKS, "probability: 4")
    assert (f"リスク（10/16〜10/16、1 週）: risks.yml（2026-10-14 のコミット {shas[3][:7]}）が {line} 行 18 列で"
            "読めないため判定しません") in page
    assert "リスク（09/04〜09/25、4 週）: この日以前のコミットにこのプロジェクトのデータがないため、リスクは判定しません" in page


def test_the_portfolio_trend_carries_the_risk_colour_of_past_weeks(weekly_repo):
    data, _ = weekly_repo
    html = build(data, D(2026, 10, 9))["index.md"]
    row = portfolio_row(html, "ガンマ販売管理刷新")
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", row).group(1)
    # 10-02 assessed on C1's data like a dashboard: red (RSK-002's 25, and MS-02's forecast
    # 11-30 is 55 days late); 10-09 the data as loaded, red by the forecast. Today's data read by
    # its dates alone made 10-02 amber (tests/test_steering.py).
    assert desc.endswith("全体: 緑 緑 緑 緑 赤 赤。期限超過の課題: 0 0 0 0 1 1")
    assert "変化なし" in text(row)


def test_a_shallow_clone_falls_back_to_todays_data_and_says_why(weekly_repo, tmp_path):
    data, _ = weekly_repo
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{data.parent}", str(tmp_path / "c")],
                   check=True, capture_output=True)
    assert git(tmp_path / "c", "rev-parse", "--is-shallow-repository").strip() == "true"
    check_fallback(tmp_path / "c" / "data", "浅いクローン（shallow clone）で履歴がないため、リスクは判定しません")


def test_outside_git_falls_back_to_todays_data_and_says_why(tmp_path):
    shutil.copytree(STEERING, tmp_path / "data")
    check_fallback(tmp_path / "data", "データが git リポジトリの外にあり履歴を読めないため、リスクは判定しません")


def check_fallback(data: Path, why: str) -> None:
    """Today's behaviour (tests/test_steering.py's hand-worked weeks), and the page says why."""
    repo = load_repository(data, REPO / "pmo_templates")
    gamma = repo.projects["gamma"]
    past = GitPast(data, "internal")
    points = history.weekly(gamma, rag.project_thresholds(gamma, repo.organisation), AS_OF, weeks=4, past=past)
    assert {pt.date: figures(pt) for pt in points} == EXPECTED
    page = build(data)["projects/gamma/index.md"]
    assert area_rows(page)["データの時点"] == ["—"] * 8
    assert f"リスク（09/04〜10/23、8 週）: {why}" in text(page)


def test_a_customer_build_counts_only_the_risks_it_sees_then(weekly_repo, tmp_path):
    """The past is filtered for the build's audience like the present: RSK-002 (internal by
    default) never makes a customer's 10-02 red."""
    data, _ = weekly_repo
    clone = tmp_path / "c"
    subprocess.run(["git", "clone", "-q", f"file://{data.parent}", str(clone)], check=True, capture_output=True)
    data = clone / "data"
    replace(data / "projects/gamma/project.yml", "name: ガンマ販売管理刷新\n", "name: ガンマ販売管理刷新\nvisibility: customer\n")
    risks(data, "    probability: 3\n    impact: 4\n    visibility: customer\n", False)
    commit(clone, "gamma for the customer", "2026-10-01T12:00:00+09:00")
    past = GitPast(data, "customer")
    snap = past.at("gamma", D(2026, 10, 2))
    assert [r.id for r in snap.data.risks] == ["RSK-001"]
    rows = area_rows(build(data, D(2026, 10, 9), audience="customer")["projects/gamma/index.md"])
    assert rows["最大リスクスコア"][-2:] == ["12", "12"]  # an internal build: 25 on 10-02
    assert rows["リスク"][-2:] == ["緑", "緑"]


def test_the_budget_keeps_the_newest_weeks_and_reads_the_older_from_todays_data(weekly_repo):
    """A budget of exactly the files of 10-16's commit: 10-09 and 10-02 would add new versions
    of risks.yml, so they are read from today's data, and say so."""
    data, shas = weekly_repo
    files = [f"data/{RISKS.rsplit('/', 1)[0]}/{f}.yml" for f in ("project", "members", "milestones", "risks")]
    budget = sum(int(git(data.parent, "cat-file", "-s", f"{shas[3]}:{f}")) for f in [*files, "data/organisation.yml"])
    repo = load_repository(data, REPO / "pmo_templates")
    gamma = repo.projects["gamma"]
    past = GitPast(data, "internal", budget=budget)
    past.prefetch(["gamma"], REPORT_DATES[:-1])
    points = history.weekly(gamma, rag.project_thresholds(gamma, repo.organisation), AS_OF, weeks=4, past=past)
    assert [(pt.basis.kind, pt.basis.why) for pt in points] == [
        ("dated", "budget"), ("dated", "budget"), ("git", None), ("today", None)]
    assert points[0].assessment.areas["risk"].reasons[0].key == "no_risk_history_budget"
    short = GitPast(data, "internal", budget=budget - 1)
    assert short.at("gamma", D(2026, 10, 16)) != "budget"  # no plan (no prefetch): no budget
    short.prefetch(["gamma"], REPORT_DATES[:-1])
    assert [short.at("gamma", d) for d in REPORT_DATES[:-1]] == ["budget"] * 3
