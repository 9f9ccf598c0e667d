"""Typed entities. The models are the single source of validation and of the JSON Schema."""
from pmo_handbook.model.common import Model, Record, Visibility
from pmo_handbook.model.organisation import Organisation, RagThresholds
from pmo_handbook.model.people import Member, Members, Stakeholder, Stakeholders
from pmo_handbook.model.plan import (Meeting, Meetings, Milestone, Milestones, Onboarding, ProjectRaci, Report, Reports, Tailoring)
from pmo_handbook.model.project import Project
from pmo_handbook.model.registers import Change, Changes, Decision, Decisions, Issue, Issues, Risk, Risks
from pmo_handbook.model.standard import Checklists, Formats, Glossary, Process, Raci, Roles

# File name -> root model. One table drives loading, schema export and scaffolding.
PROJECT_FILES: dict[str, type[Model]] = {
    "project.yml": Project,
    "members.yml": Members,
    "stakeholders.yml": Stakeholders,
    "milestones.yml": Milestones,
    "issues.yml": Issues,
    "risks.yml": Risks,
    "decisions.yml": Decisions,
    "changes.yml": Changes,
    "meetings.yml": Meetings,
    "onboarding.yml": Onboarding,
    "reports.yml": Reports,
    "tailoring.yml": Tailoring,
    "raci.yml": ProjectRaci,
}
REQUIRED_PROJECT_FILES = ("project.yml", "members.yml")

TEMPLATE_FILES: dict[str, type[Model]] = {
    "roles.yml": Roles,
    "raci.yml": Raci,
    "onboarding.yml": Checklists,
    "formats.yml": Formats,
    "process.yml": Process,
    "glossary.yml": Glossary,
}

__all__ = [
    "Change", "Changes", "Checklists", "Decision", "Decisions", "Formats", "Glossary", "Issue", "Issues",
    "Meeting", "Meetings", "Member", "Members", "Milestone", "Milestones", "Model", "Onboarding",
    "Organisation", "PROJECT_FILES", "Process", "Project", "ProjectRaci", "REQUIRED_PROJECT_FILES",
    "Raci", "RagThresholds", "Record", "Report", "Reports", "Risk", "Risks", "Roles", "Stakeholder",
    "Stakeholders", "TEMPLATE_FILES", "Tailoring", "Visibility",
]
