"""Ids are ASCII: a digit that only looks like 0-9 is refused with its place and the reason
(issue 11, item 9)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pmo_handbook.errors import DataErrors
from pmo_handbook.loading.load import load_repository
from pmo_handbook.model import common
from pmo_handbook.model.people import TEAM_PAGE_ANCHORS

ALPHA = Path("data/projects/alpha")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
MATH_BOLD = str.maketrans("0123456789", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def errors_of(root: Path) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_repository(root / "data", root / "pmo_templates")
    return [str(e).replace(str(root) + "/", "") for e in caught.value.errors]


@pytest.mark.parametrize("digits", [FULL_WIDTH, MATH_BOLD, ARABIC_INDIC], ids=["fullwidth", "math", "arabic"])
def test_issue_id_with_non_ascii_digits_is_refused(repo_copy, digits):
    issues = repo_copy / ALPHA / "issues.yml"
    bad = "ISS-001".translate(digits)
    issues.write_text(issues.read_text(encoding="utf-8").replace("  - id: ISS-001\n", f"  - id: {bad}\n"),
                      encoding="utf-8")
    assert f"{ALPHA}/issues.yml:2:9: id: '{bad}' does not match the id pattern ^ISS-[0-9]{{3,5}}$ " \
           f"('{bad[4]}' is not an ASCII digit: write 0-9)" in errors_of(repo_copy)


# Every record id of the fixture: its file, its first id, and the id type that checks it.
RECORD_IDS = [("risks.yml", "RSK-001", common.RiskId), ("decisions.yml", "DEC-001", common.DecisionId),
              ("changes.yml", "CR-001", common.ChangeId), ("milestones.yml", "MS-01", common.MilestoneId),
              ("meetings.yml", "MTG-01", common.MeetingId)]


@pytest.mark.parametrize("file, good, kind", RECORD_IDS, ids=[r[0] for r in RECORD_IDS])
def test_every_record_id_pattern_is_ascii(repo_copy, file, good, kind):
    path = repo_copy / ALPHA / file
    bad = good.translate(FULL_WIDTH)
    path.write_text(path.read_text(encoding="utf-8").replace(f"  - id: {good}\n", f"  - id: {bad}\n", 1),
                    encoding="utf-8")
    pattern = next(c.pattern for c in kind.__metadata__ if getattr(c, "pattern", None))
    assert f"{ALPHA}/{file}:2:9: id: '{bad}' does not match the id pattern {pattern} " \
           f"('{bad[bad.index('-') + 1]}' is not an ASCII digit: write 0-9)" in errors_of(repo_copy)


def test_no_id_pattern_uses_a_unicode_class():
    patterns = [c.pattern for name in dir(common) if name.endswith("Id")
                for c in getattr(getattr(common, name), "__metadata__", ()) if getattr(c, "pattern", None)]
    assert len(patterns) >= 10
    assert [p for p in patterns + [common.PROJECT_ID] if re.search(r"\\[dwsDWS]", p)] == []


def test_project_folder_with_a_trailing_newline_is_not_an_id(repo_copy):
    (repo_copy / ALPHA).rename(repo_copy / "data/projects/alpha\n")
    assert errors_of(repo_copy) == [
        "data/projects/alpha\\n:1:1: project folder name 'alpha\\n' is not a valid project id "
        "(lowercase letters, digits and '-')"]


# --- member ids and the team page's anchors (issue 11, item 11) -----------------------------------


@pytest.mark.parametrize("reserved", TEAM_PAGE_ANCHORS)
def test_member_id_that_is_a_team_page_anchor_is_refused(repo_copy, reserved):
    members = repo_copy / ALPHA / "members.yml"
    members.write_text(members.read_text(encoding="utf-8").replace("  - id: tanaka\n", f"  - id: {reserved}\n", 1),
                       encoding="utf-8")
    assert f"{ALPHA}/members.yml:2:9: id '{reserved}' is reserved: the team page links its sections as " \
           "#roles, #org-chart, #raci, #members; choose another id" in errors_of(repo_copy)


def test_team_page_anchors_are_the_reserved_ids_and_member_rows_keep_theirs(fixture_site):
    html = (fixture_site / "projects/alpha/team/index.html").read_text(encoding="utf-8")
    article = html[html.index('<article class="md-content__inner'):html.index("</article>")]
    assert tuple(re.findall(r'<h2 id="([^"]+)"', article)) == TEAM_PAGE_ANCHORS
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert '<tr id="tanaka"' in article and 'href="#tanaka"' in article  # team/#tanaka still works
