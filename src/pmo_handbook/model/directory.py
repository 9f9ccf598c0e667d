"""The organisation-wide directory of people (data/people.yml).

A person exists once here, whichever projects they work on; a project's members.yml names them
by id and keeps only what belongs to the project (roles, reports_to, join/leave, allocation).
"""

from __future__ import annotations


from pydantic import Field

from pmo_handbook.model.common import Line, Model, Record, RoleId, Side, listed
from pmo_handbook.model.allocation import Effort
from pmo_handbook.model.people import Contact, DirectoryRef, GithubLogin

# A person's id in the directory: the same alphabet as member ids, since both end up in URLs
# (/people/<id>/) and file names (/downloads/people/<id>.ics).
DirectoryId = DirectoryRef


class Person(Record):
    """One person of the organisation, a partner or a customer, across every project."""

    id: DirectoryId
    name: Line
    reading: Line | None = Field(None, description="Reading of the name in kana (ふりがな).")
    romaji: Line | None = None
    organisation: Line
    kind: Side = Field(description="own: our company; partner: subcontractor; customer: customer side.")
    department: Line | None = None
    title: Line | None = None
    location: Line | None = None
    contact: Contact | None = None
    skills: list[Line] = listed("Skills, e.g. Azure, 需要予測.")
    role_families: list[RoleId] = listed("Standard role ids (pmo_templates/roles.yml) this person can take.")
    capacity: Effort = Field(1.0, description="人月 this person can work in a month (1.0 = full time).")
    unit_cost: float | None = Field(
        None, ge=0, description="Cost of one 人月 in the budget unit (internal: never shown below internal)."
    )
    grade: Line | None = Field(None, description="Cost grade when no unit cost is kept (internal).")
    github: GithubLogin | None = Field(None, description="GitHub login, for CODEOWNERS.")


class Directory(Model):
    people: list[Person] = listed("Everyone who appears on a project, once.")
