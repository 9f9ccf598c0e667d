"""iCalendar feeds (RFC 5545) of milestones and meetings, to subscribe to from Outlook or Google.

Each project gets downloads/projects/<id>/calendar.ics and the portfolio gets
downloads/portfolio.ics with every project's events. A UID is made of the project and record
ids only, so a client that refreshes the feed replaces the event instead of adding a copy.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import partial

from pmo_handbook import status as st
from pmo_handbook.exports.each import Each, made
from pmo_handbook.i18n import Labels, labels
from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.model.plan import Meeting, Milestone, Schedule
from pmo_handbook.settings import Settings

TZID = "Asia/Tokyo"           # meeting times in data/ are local times in Japan (no daylight saving)
UTC_OFFSET = dt.timedelta(hours=9)
PRODID = "-//pmo-handbook//PMO handbook calendar//JA"
UID_DOMAIN = "pmo-handbook"
WEEKDAYS = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
WORKDAYS = "MO,TU,WE,TH,FR"   # a daily meeting (朝会) is held on working days
STATUS = {"done": "CONFIRMED", "cancelled": "CANCELLED"}

VTIMEZONE = ["BEGIN:VTIMEZONE", f"TZID:{TZID}", "BEGIN:STANDARD", "DTSTART:19700101T000000",
             "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "TZNAME:JST", "END:STANDARD", "END:VTIMEZONE"]


# RFC 5545 3.1 forbids control characters (but tab) in content; a reader that splits on
# Unicode line breaks (NEL, LS, PS, VT, FF, FS/GS/RS) would see a new property after one.
_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


def escape(text: str) -> str:
    """Every TEXT value (RFC 5545 3.3.11): line breaks of any kind become the escaped \\n,
    other control characters are dropped, then backslash, ';' and ',' are escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROL.sub("", _LINE_BREAKS.sub("\\\\n", text))


def fold(line: str) -> list[str]:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character
    (a continuation line starts with a space and holds at most 74 more)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return [line]
    out: list[str] = []
    start, room = 0, 75
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # inside a character: break before it
            end -= 1
        out.append(("" if start == 0 else " ") + data[start:end].decode("utf-8"))
        start, room = end, 74
    return out


def serialise(lines: list[str]) -> bytes:
    return "".join(part + "\r\n" for line in lines for part in fold(line)).encode("utf-8")


def ics_date(d: dt.date) -> str:
    return d.strftime("%Y%m%d")


def local(d: dt.datetime) -> str:
    return d.strftime("%Y%m%dT%H%M%S")


def uid(project_id: str, record_id: str) -> str:
    return f"{record_id.lower()}.{project_id}@{UID_DOMAIN}"


def stamp(as_of: dt.date) -> str:
    """DTSTAMP from the build's as-of date: the same data gives byte-identical feeds."""
    return f"{ics_date(as_of)}T000000Z"


def milestone_event(p: ProjectData, ms: Milestone, as_of: dt.date, L: Labels) -> list[str]:
    F = L.field
    date = st.milestone_date(ms)
    slip = st.slip_on(ms, as_of)
    owner = p.member(ms.owner)
    details = [f"{F('milestone', 'kind')}: {L.enum('milestone_kind', ms.kind)}",
               f"{F('milestone', 'status')}: {L.enum('milestone_status', ms.status)}",
               f"{F('milestone', 'baseline')}: {ms.baseline.isoformat()}"]
    if ms.forecast:
        details.append(f"{F('milestone', 'forecast')}: {ms.forecast.isoformat()}")
    if ms.actual:
        details.append(f"{F('milestone', 'actual')}: {ms.actual.isoformat()}")
    if slip:
        details.append(f"{L.ui('slip_days')}: {slip:+d}")
    details.append(f"{F('milestone', 'owner')}: {owner.name if owner else ms.owner}")
    if ms.criteria:
        details.append(f"{F('milestone', 'criteria')}: {ms.criteria}")
    return ["BEGIN:VEVENT", f"UID:{uid(p.id, ms.id)}", f"DTSTAMP:{stamp(as_of)}",
            f"DTSTART;VALUE=DATE:{ics_date(date)}", f"DTEND;VALUE=DATE:{ics_date(date + dt.timedelta(days=1))}",
            f"SUMMARY:{escape(f'【{p.project.name}】{ms.id} {ms.name}')}",
            f"DESCRIPTION:{escape(chr(10).join(details))}",
            f"CATEGORIES:{escape(L.enum('milestone_kind', ms.kind))}",
            f"STATUS:{STATUS.get(ms.status, 'TENTATIVE')}", "TRANSP:TRANSPARENT", "END:VEVENT"]


def occurs_on(s: Schedule, d: dt.date) -> bool:
    if s.frequency in ("weekly", "biweekly") and s.weekday:
        return d.weekday() == list(WEEKDAYS).index(s.weekday)
    if s.frequency == "monthly" and s.day:
        return d.day == s.day
    if s.frequency == "daily":
        return d.weekday() < 5
    return True


def first_occurrence(s: Schedule) -> dt.date:
    """The first date on or after schedule.first that the rule produces: RFC 5545 wants DTSTART
    to be an occurrence."""
    days = (s.first + dt.timedelta(days=n) for n in range(32))
    return next((d for d in days if occurs_on(s, d)), s.first)


def rrule(s: Schedule) -> str | None:
    if s.frequency == "once":
        return None
    parts = {"daily": ["FREQ=WEEKLY", f"BYDAY={WORKDAYS}"],
             "weekly": ["FREQ=WEEKLY"], "biweekly": ["FREQ=WEEKLY", "INTERVAL=2"],
             "monthly": ["FREQ=MONTHLY"]}[s.frequency]
    if s.frequency in ("weekly", "biweekly") and s.weekday:
        parts.append(f"BYDAY={WEEKDAYS[s.weekday]}")
    if s.frequency == "monthly":
        parts.append(f"BYMONTHDAY={s.day or s.first.day}")
    if s.until:
        # With a local DTSTART, UNTIL must be in UTC: the end of that day in Japan.
        end = dt.datetime.combine(s.until, dt.time(23, 59, 59)) - UTC_OFFSET
        parts.append(f"UNTIL={end.strftime('%Y%m%dT%H%M%S')}Z")
    return "RRULE:" + ";".join(parts)


def meeting_event(p: ProjectData, mt: Meeting, as_of: dt.date, L: Labels) -> list[str]:
    F, s = L.field, mt.schedule
    start = dt.datetime.combine(first_occurrence(s), s.time.replace(tzinfo=None))
    end = start + dt.timedelta(minutes=s.minutes)
    chair = p.member(mt.chair)
    attendees = [member.name or a if (member := p.member(a)) else a for a in mt.attendees]
    details = [f"{F('meeting', 'kind')}: {L.enum('meeting_kind', mt.kind)}",
               f"{F('meeting', 'schedule')}: {schedule_text(s, L)}",
               f"{F('meeting', 'chair')}: {chair.name if chair else mt.chair}"]
    if attendees:
        details.append(f"{F('meeting', 'attendees')}: {'、'.join(attendees)}")
    details.append(f"{F('meeting', 'purpose')}: {mt.purpose}")
    lines = ["BEGIN:VEVENT", f"UID:{uid(p.id, mt.id)}", f"DTSTAMP:{stamp(as_of)}",
             f"DTSTART;TZID={TZID}:{local(start)}", f"DTEND;TZID={TZID}:{local(end)}"]
    rule = rrule(s)
    if rule:
        lines.append(rule)
    lines += [f"SUMMARY:{escape(f'【{p.project.name}】{mt.name}')}",
              f"DESCRIPTION:{escape(chr(10).join(details))}",
              f"CATEGORIES:{escape(L.enum('meeting_kind', mt.kind))}"]
    if mt.location:
        lines.append(f"LOCATION:{escape(mt.location)}")
    return lines + ["END:VEVENT"]


def schedule_text(s: Schedule, L: Labels) -> str:
    text = L.enum("frequency", s.frequency)
    if s.day and s.frequency == "monthly":
        day = L.ui("day_of_month", day=s.day)
        text = day if day.startswith(text) else f"{text} {day}"  # "毎月15日" already says monthly
    if s.weekday and s.frequency in ("weekly", "biweekly"):
        text += " " + L.enum("weekday", s.weekday)
    return text + " " + s.time.strftime("%H:%M")


def events(p: ProjectData, as_of: dt.date, L: Labels) -> list[str]:
    lines: list[str] = []
    for ms in sorted(p.milestones, key=lambda m: (m.baseline, m.id)):
        lines += milestone_event(p, ms, as_of, L)
    for mt in sorted(p.meetings, key=lambda m: m.id):
        lines += meeting_event(p, mt, as_of, L)
    return lines


def calendar(name: str, body: list[str], ready: bytes = b"") -> bytes:
    """ready: events serialised already, placed before body."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            f"NAME:{escape(name)}", f"X-WR-CALNAME:{escape(name)}", f"X-WR-TIMEZONE:{TZID}",
            "REFRESH-INTERVAL;VALUE=DURATION:PT12H", "X-PUBLISHED-TTL:PT12H", *VTIMEZONE]
    return serialise(head) + ready + serialise(body + ["END:VCALENDAR"])


def project_calendar(p: ProjectData, repo: Repository, settings: Settings) -> list[tuple[str, bytes, str, str]]:
    L = labels(settings.lang)
    content = calendar(f"{p.project.name} ({L.ui('calendar')})", events(p, settings.as_of, L))
    return [(f"downloads/projects/{p.id}/calendar.ics", content, "calendar", L.ui("calendar_download"))]


def portfolio_calendar(repo: Repository, settings: Settings,
                       each: Each = made) -> list[tuple[str, bytes, str, str]]:
    L = labels(settings.lang)
    def serialised(p: ProjectData) -> bytes:
        return serialise(events(p, settings.as_of, L))

    ready = b"".join(each("ics", p, partial(serialised, p)) for _, p in sorted(repo.projects.items()))
    content = calendar(f"{repo.organisation.name} ({L.ui('calendar')})", [], ready)
    return [("downloads/portfolio.ics", content, "calendar", L.ui("portfolio_calendar_download"))]
