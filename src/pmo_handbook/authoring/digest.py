"""The daily digest for owners: per person, what is overdue, what falls due within N days and
what was newly assigned since a date, as Markdown (for mail) and JSON (for a chat webhook).

Items are the person's open items of status/workload.py, so the digest says what their
/people/<id>/ page says. Sending is left to the organisation (.github/workflows/digest.yml)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from pmo_handbook.i18n import Labels
from pmo_handbook.loading.directory import members_of, person_id
from pmo_handbook.loading.repository import Repository
from pmo_handbook.status import workload


@dataclass
class Digest:
    person: str
    name: str
    overdue: list[workload.OwnedItem]
    due_soon: list[workload.OwnedItem]
    new: list[workload.OwnedItem]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.new)


def people_of(repo: Repository) -> dict[str, str]:
    """person id -> name: the directory, or the members where the data keeps no directory."""
    if repo.people:
        return {pid: p.name for pid, p in sorted(repo.people.items())}
    return {person_id(m): m.name or m.id for p in repo.projects.values() for m in p.members}


def digest(repo: Repository, person: str, name: str, as_of: dt.date, days: int, since: dt.date) -> Digest:
    items = workload.person_items(members_of(repo.projects, person), as_of, repo.standard)
    return Digest(
        person,
        name,
        [it for it in items if it.overdue],
        workload.due_soon(items, as_of, days),
        [it for it in items if it.raised_on is not None and it.raised_on >= since],
    )


def digests(repo: Repository, as_of: dt.date, days: int, since: dt.date) -> list[Digest]:
    return [digest(repo, pid, name, as_of, days, since) for pid, name in people_of(repo).items()]


def as_json(d: Digest, repo: Repository, as_of: dt.date, days: int, since: dt.date) -> str:
    def row(it: workload.OwnedItem) -> dict[str, str | None]:  # one JSON object
        return {
            "kind": it.kind,
            "project": it.project,
            "project_name": repo.projects[it.project].project.name,
            "id": it.id,
            "title": it.title,
            "due": it.due.isoformat() if it.due else None,
            "page": f"projects/{it.project}/{it.page}/#{it.anchor}",
        }

    body = {
        "person": d.person,
        "name": d.name,
        "as_of": as_of.isoformat(),
        "days": days,
        "since": since.isoformat(),
        "overdue": [row(i) for i in d.overdue],
        "due_soon": [row(i) for i in d.due_soon],
        "new": [row(i) for i in d.new],
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def as_markdown(d: Digest, repo: Repository, as_of: dt.date, days: int, since: dt.date, L: Labels) -> str:
    ui = L.ui
    lines = [f"# {ui('digest_title', name=d.name, date=as_of.isoformat())}", ""]
    for key, items in (("digest_overdue", d.overdue), ("digest_due_soon", d.due_soon), ("digest_new", d.new)):
        lines += [f"## {ui(key, days=days, since=since.isoformat())} ({len(items)})", ""]
        lines += [
            f"- {ui('item_kind_' + it.kind)} {it.id} {_line(it.title)}"
            f" — {repo.projects[it.project].project.name}"
            + (f" ({ui('due')} {it.due.isoformat()})" if it.due else "")
            for it in items
        ] or [f"- {ui('digest_none')}"]
        lines.append("")
    return "\n".join(lines)


def _line(text: str) -> str:
    """One line of Markdown text: data is untrusted, so no line break or markup start survives."""
    return " ".join(text.split()).replace("[", "［").replace("]", "］").replace("<", "＜")
