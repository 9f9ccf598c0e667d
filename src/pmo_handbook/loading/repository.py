"""The loaded, validated contents of a data folder and the standard templates.

The register attributes of ProjectData and Standard are typed for the code that reads them, and
filled from the table of model/registry.py: tests/test_registry.py fails when the two disagree."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pmo_handbook import model as m
from pmo_handbook.model.registry import REGISTERS, TEMPLATES
from pmo_handbook.source.yamlsrc import Source


@dataclass
class Standard:
    roles: list[m.standard.Role]
    raci: list[m.standard.RaciActivity]
    checklists: list[m.standard.Checklist]
    formats: list[m.standard.Format]
    process: list[m.standard.ProcessItem]
    glossary: list[m.standard.Term]
    sources: dict[str, Source] = field(default_factory=dict, repr=False)

    def source(self, key: str) -> Source | None:
        """The parsed file of a template, by its key in model/registry.py."""
        return self.sources.get(TEMPLATES[key].file)

    def role(self, role_id: str) -> m.standard.Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def checklist(self, checklist_id: str) -> m.standard.Checklist | None:
        return next((c for c in self.checklists if c.id == checklist_id), None)

    def format(self, format_id: str) -> m.standard.Format | None:
        return next((f for f in self.formats if f.id == format_id), None)


@dataclass
class ProjectData:
    dir: Path
    project: m.Project
    members: list[m.Member] = field(default_factory=list)
    stakeholders: list[m.Stakeholder] = field(default_factory=list)
    milestones: list[m.Milestone] = field(default_factory=list)
    wbs: list[m.wbs.Task] = field(default_factory=list)
    issues: list[m.Issue] = field(default_factory=list)
    risks: list[m.Risk] = field(default_factory=list)
    decisions: list[m.Decision] = field(default_factory=list)
    changes: list[m.Change] = field(default_factory=list)
    meetings: list[m.Meeting] = field(default_factory=list)
    onboarding: list[m.plan.OnboardingRecord] = field(default_factory=list)
    reports: list[m.Report] = field(default_factory=list)
    tailoring: m.Tailoring = field(default_factory=m.Tailoring)
    raci: m.ProjectRaci = field(default_factory=m.ProjectRaci)
    sources: dict[str, Source] = field(default_factory=dict, repr=False)
    failed: set[str] = field(default_factory=set)  # files that did not parse: their references are not checked
    # register -> ids of records that failed their schema
    unparsed: dict[str, set[str]] = field(default_factory=dict, repr=False)
    withheld: set[str] = field(default_factory=set)  # files the audience filter emptied: their pages are left out

    @property
    def id(self) -> str:
        return self.project.id

    def source(self, key: str) -> Source | None:
        """The parsed file of a register, by its key in model/registry.py."""
        return self.sources.get(REGISTERS[key].file)

    def readable(self, key: str) -> bool:
        """False when the register's file exists but did not parse: it looks empty, and is not."""
        return REGISTERS[key].file not in self.failed

    def member(self, person_id: str | None) -> m.Member | None:
        return self.people.get(person_id) if person_id else None

    @property
    def people(self) -> dict[str, m.Member]:
        cached = self.__dict__.get("_people")
        if cached is None:
            cached = self.__dict__["_people"] = {p.id: p for p in self.members}
        return cached


@dataclass
class Repository:
    data_dir: Path
    templates_dir: Path
    organisation: m.Organisation
    standard: Standard
    projects: dict[str, ProjectData]
    sources: dict[str, Source] = field(default_factory=dict, repr=False)
    people: dict[str, m.directory.Person] = field(default_factory=dict)  # data/people.yml by id; {} without one
