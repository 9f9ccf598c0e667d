"""The .ics feeds parse with a standard iCalendar library: one event per milestone, one recurring
event per meeting, UIDs that stay the same from build to build."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import icalendar
import pytest
import yaml
from dateutil.rrule import rrulestr

from conftest import FIXTURE_DATA, REPO, mkdocs_build
from pmo_handbook.exports import ics
from pmo_handbook.i18n import labels
from pmo_handbook.loading.load import load_repository
from pmo_handbook.settings import Settings

STATUS_DATA = Path(__file__).parent / "fixtures" / "status"
SAMPLE_PROJECTS = sorted(p.name for p in (REPO / "data" / "projects").iterdir() if p.is_dir())
D = dt.date


def events(content: bytes) -> list:
    return icalendar.Calendar.from_ical(content).walk("VEVENT")


def by_uid(content: bytes) -> dict:
    return {str(e["UID"]): e for e in events(content)}


@pytest.fixture(scope="module")
def beta_ics():
    repo = load_repository(STATUS_DATA, REPO / "pmo_templates")
    settings = Settings(data_dir=STATUS_DATA, as_of=D(2026, 11, 26))
    [(uri, content, key, label)] = ics.project_calendar(repo.projects["beta"], repo, settings)
    assert (uri, key, label) == ("downloads/projects/beta/calendar.ics", "calendar", "カレンダー (.ics)")
    return content


def test_fixture_calendar_holds_each_milestone_and_meeting(fixture_site):
    content = (fixture_site / "downloads/projects/alpha/calendar.ics").read_bytes()
    found = by_uid(content)
    assert sorted(found) == ["ms-01.alpha@pmo-handbook", "ms-02.alpha@pmo-handbook", "mtg-01.alpha@pmo-handbook"]
    ms2 = found["ms-02.alpha@pmo-handbook"]
    assert ms2.decoded("DTSTART") == D(2026, 12, 28)  # the forecast, as an all-day event
    assert ms2.decoded("DTEND") == D(2026, 12, 29)
    assert str(ms2["SUMMARY"]) == "【アルファ受発注システム改修】MS-02 結合テスト完了"
    assert "計画日(基準): 2026-12-18" in str(ms2["DESCRIPTION"])
    weekly = found["mtg-01.alpha@pmo-handbook"]
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"] and weekly["RRULE"]["BYDAY"] == ["WE"]
    start = weekly.decoded("DTSTART")
    assert (start.date(), start.hour, str(start.tzinfo)) == (D(2026, 6, 3), 10, "Asia/Tokyo")
    assert weekly.decoded("DTEND") - start == dt.timedelta(minutes=60)


def test_every_sample_project_has_its_calendar(sample_site):
    total = 0
    for pid in SAMPLE_PROJECTS:
        content = (sample_site / f"downloads/projects/{pid}/calendar.ics").read_bytes()
        repo_dir = REPO / "data" / "projects" / pid
        found = events(content)
        milestones = yaml.safe_load((repo_dir / "milestones.yml").read_text(encoding="utf-8"))["milestones"]
        meetings = yaml.safe_load((repo_dir / "meetings.yml").read_text(encoding="utf-8"))["meetings"]
        # an internal build (the default audience) holds everything but restricted records
        milestones = [m for m in milestones if m.get("visibility", "internal") != "restricted"]
        meetings = [m for m in meetings if m.get("visibility", "internal") != "restricted"]
        recurring = [m for m in meetings if m["schedule"]["frequency"] != "once"]
        assert sum("RRULE" not in e and e["UID"].startswith("ms-") for e in found) == len(milestones), pid
        assert sum("RRULE" in e for e in found) == len(recurring), pid
        assert len(found) == len(milestones) + len(meetings), pid
        total += len(found)
    portfolio = events((sample_site / "downloads/portfolio.ics").read_bytes())
    assert len(portfolio) == total
    assert len({str(e["UID"]) for e in portfolio}) == total


def test_uids_are_stable_across_builds(tmp_path, fixture_site):
    """A later build (other date, other forecasts) must replace events, not add copies."""
    result = mkdocs_build(tmp_path / "later", FIXTURE_DATA, PMO_AS_OF="2026-12-31")
    assert result.returncode == 0, result.stderr
    first = (fixture_site / "downloads/projects/alpha/calendar.ics").read_bytes()
    later = (tmp_path / "later/downloads/projects/alpha/calendar.ics").read_bytes()
    assert sorted(by_uid(first)) == sorted(by_uid(later))
    assert first != later  # DTSTAMP follows the as-of date
    alpha = load_repository(FIXTURE_DATA, REPO / "pmo_templates").projects["alpha"]
    again = ics.calendar("x", ics.events(alpha, D(2026, 11, 26), labels("en")))  # labels do not matter
    assert sorted(by_uid(again)) == sorted(by_uid(first))


def test_recurrence_rules_expand_to_the_meeting_dates(beta_ics):
    found = by_uid(beta_ics)
    monthly = found["mtg-01.beta@pmo-handbook"]
    start = monthly.decoded("DTSTART")
    # first: 2026-04-10, day 15 -> the first occurrence is 2026-04-15; until 2027-03-31 in Japan
    assert start.date() == D(2026, 4, 15)
    rule = rrulestr(monthly["RRULE"].to_ical().decode(), dtstart=start)
    dates = [d.date() for d in rule]
    assert dates[:2] == [D(2026, 4, 15), D(2026, 5, 15)] and dates[-1] == D(2027, 3, 15) and len(dates) == 12
    standup = found["mtg-02.beta@pmo-handbook"]
    # daily = working days: first 2026-04-04 is a Saturday, so the series starts on Monday 04-06
    assert standup.decoded("DTSTART").date() == D(2026, 4, 6)
    week = list(rrulestr(standup["RRULE"].to_ical().decode(), dtstart=standup.decoded("DTSTART")).xafter(
        standup.decoded("DTSTART"), count=5, inc=True))
    assert [d.date().isoformat() for d in week] == ["2026-04-06", "2026-04-07", "2026-04-08", "2026-04-09",
                                                    "2026-04-10"]
    once = found["mtg-03.beta@pmo-handbook"]
    assert "RRULE" not in once
    assert str(once["LOCATION"]) == "本社 3F; 大会議室"  # the ; is escaped on the wire and read back


def test_cancelled_milestones_stay_in_the_feed_as_cancelled(beta_ics):
    found = by_uid(beta_ics)
    assert str(found["ms-02.beta@pmo-handbook"]["STATUS"]) == "CANCELLED"
    assert str(found["ms-01.beta@pmo-handbook"]["STATUS"]) == "CONFIRMED"


def test_the_file_follows_the_wire_format(beta_ics):
    assert beta_ics.startswith(b"BEGIN:VCALENDAR\r\n") and beta_ics.endswith(b"END:VCALENDAR\r\n")
    lines = beta_ics.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)  # folded by octets, never inside a character
    assert all(b"\n" not in line for line in lines)
    assert b"UNTIL=20270331T145959Z" in beta_ics  # 2027-03-31 23:59:59 in Japan, in UTC


@pytest.mark.parametrize("width", [1, 2, 3, 4])
def test_folding_keeps_every_character_whole_at_every_length(width):
    """Lines of 1- to 4-octet characters, every length up to 400 octets and every offset of a
    wide character against the 75-octet boundary: each folded line fits, continuation lines
    start with one space, and unfolding gives the line back."""
    wide = {1: "a", 2: "é", 3: "漢", 4: "😀"}[width]
    for length in range(0, 401):
        for lead in range(width):  # shift the wide characters against the boundary
            line = "x" * lead + wide * ((length - lead) // width) if length >= lead else ""
            parts = ics.fold(line)
            assert all(len(part.encode("utf-8")) <= 75 for part in parts), line
            assert all(part.startswith(" ") for part in parts[1:])
            assert parts[0] + "".join(part[1:] for part in parts[1:]) == line
            assert len(parts) == 1 or all(len(part.encode("utf-8")) > 75 - width for part in parts[:-1])


# --- control characters (issue 11, item 10) -------------------------------------------------------

HOSTILE = ("会議\x00室\x1b[2J\x0bX-INJ-VT:1\x0cX-INJ-FF:1\x85X-INJ-NEL:1\u2028X-INJ-LS:1"
           "\u2029X-INJ-PS:1\x1cX-INJ-FS:1\r\nX-INJ-CRLF:1\x7f\x9b\ufeff終")
HOSTILE_SHOWN = "会議室[2J\nX-INJ-VT:1\nX-INJ-FF:1\nX-INJ-NEL:1\nX-INJ-LS:1\nX-INJ-PS:1\nX-INJ-FS:1\nX-INJ-CRLF:1終"


def test_no_control_character_reaches_a_calendar_whatever_the_text():
    """The loader refuses such text; the calendar does not rely on it."""
    repo = load_repository(FIXTURE_DATA, REPO / "pmo_templates")
    alpha = repo.projects["alpha"]  # copied, not changed: loaded models are cached between loads
    p = dataclasses.replace(
        alpha, project=alpha.project.model_copy(update={"name": HOSTILE}),
        meetings=[alpha.meetings[0].model_copy(update=dict.fromkeys(("name", "location", "purpose"), HOSTILE)),
                  *alpha.meetings[1:]],
        milestones=[alpha.milestones[0].model_copy(update=dict.fromkeys(("name", "criteria"), HOSTILE)),
                    *alpha.milestones[1:]])
    settings = Settings(data_dir=FIXTURE_DATA, as_of=D(2026, 11, 26))
    [(_, content, _, _)] = ics.project_calendar(p, repo, settings)
    text = content.decode("utf-8")
    # a reader splitting on every Unicode line break sees only our properties and folded lines
    for line in text.splitlines():
        assert line.startswith(" ") or not line.startswith("X-INJ"), line
        assert not any(ch in line for ch in "\x00\x1b\x7f\x9b\ufeff"), repr(line)
    assert text.splitlines() == text.split("\r\n")[:-1]
    meeting = by_uid(content)["mtg-01.alpha@pmo-handbook"]
    assert str(meeting["LOCATION"]) == HOSTILE_SHOWN
    assert str(meeting["SUMMARY"]) == f"【{HOSTILE_SHOWN}】{HOSTILE_SHOWN}"
    cal = icalendar.Calendar.from_ical(content)
    assert str(cal["X-WR-CALNAME"]).startswith(HOSTILE_SHOWN.replace("\n", "\\n"))  # kept escaped
    assert [k for e in events(content) for k in e if k.startswith("X-INJ")] == []
