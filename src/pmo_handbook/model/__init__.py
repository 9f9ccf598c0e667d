"""Typed entities. The models are the single source of validation and of the JSON Schema;
model/registry.py declares which file holds which model."""
from pmo_handbook.model.common import Model, Record, Visibility
from pmo_handbook.model.organisation import Organisation, RagThresholds
from pmo_handbook.model.people import Member, Members, Stakeholder, Stakeholders
from pmo_handbook.model.plan import (Meeting, Meetings, Milestone, Milestones, Onboarding, ProjectRaci, Report, Reports,
                                     Tailoring)
from pmo_handbook.model.project import Project
from pmo_handbook.model.registers import Change, Changes, Decision, Decisions, Issue, Issues, Risk, Risks
from pmo_handbook.model.standard import Checklists, Formats, Glossary, Process, Raci, Roles
from pmo_handbook.model.wbs import Task, Wbs

__all__ = [
    "Change", "Changes", "Checklists", "Decision", "Decisions", "Formats", "Glossary", "Issue", "Issues",
    "Meeting", "Meetings", "Member", "Members", "Milestone", "Milestones", "Model", "Onboarding",
    "Organisation", "Process", "Project", "ProjectRaci", "Raci", "RagThresholds", "Record", "Report",
    "Reports", "Risk", "Risks", "Roles", "Stakeholder", "Stakeholders", "Tailoring", "Task", "Visibility", "Wbs",
]
