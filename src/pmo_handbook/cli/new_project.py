"""`pmo-handbook new-project ID --name NAME --size S|M|L`: start a project the standard way."""
from __future__ import annotations

from pmo_handbook.cli import say
from pmo_handbook.cli.options import Subparsers

import argparse
import datetime as dt
import typing

from pmo_handbook import model as m
from pmo_handbook.errors import DataErrors
from pmo_handbook.cli.options import add_settings, settings_of
from pmo_handbook.loading.load import Loader, load_repository
from pmo_handbook.authoring.scaffold import PM_ID, PMO_ID, NewProject, ScaffoldError, check, create
from pmo_handbook.loading import directory
from pmo_handbook.model.directory import Person
from pmo_handbook.model.registry import REGISTERS
from pmo_handbook.source.atomic import WriteRefused


def _choices(literal: typing.Any) -> list[str]:  # a Literal[...] annotation
    return list(typing.get_args(literal))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; expected YYYY-MM-DD") from None


def register(sub: Subparsers, name: str) -> None:
    project = m.Project.model_fields
    cmd = sub.add_parser(name, help="create data/projects/ID/ from the standard templates")
    cmd.add_argument("id", help="project id: the folder name and URL, e.g. osaka-crm")
    cmd.add_argument("--name", required=True, help="project name")
    cmd.add_argument("--size", required=True, choices=_choices(project["size"].annotation))
    cmd.add_argument("--type", default="new_development", choices=_choices(project["type"].annotation))
    cmd.add_argument("--customer", help="customer name (default: a placeholder to fill in)")
    cmd.add_argument("--contract", default="contract", choices=_choices(project["contract"].annotation))
    cmd.add_argument("--lifecycle", default="waterfall", choices=_choices(project["lifecycle"].annotation))
    cmd.add_argument("--initiative", default="it", choices=_choices(m.project.InitiativeKind),
                     help="dx: changes how the business works; it: replaces manual work; cloud: moves to cloud")
    cmd.add_argument("--start", type=_date, help="start date (default: PMO_AS_OF or today)")
    cmd.add_argument("--end", type=_date, help="end date (default: 3, 6 or 12 months after start by size)")
    cmd.add_argument("--pm", help="the PM: a person id of data/people.yml (required when it exists)")
    cmd.add_argument("--pmo", help="the PMO (M and L projects): a person id of data/people.yml")
    add_settings(cmd, "data_dir", "templates_dir", "lang", meaning={"lang": "language of the placeholders"})
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    s = settings_of(args)
    data = say.data_dir(s)
    start = args.start or s.as_of
    loader = Loader(data, s.templates_dir, max_bytes=s.max_file_bytes)
    people, _ = directory.read(loader, data)
    problem = people_problem(people, args.pm, args.pmo)
    if problem:
        key, params = problem
        raise say.usage(s.lang, key, **params)
    spec = NewProject(id=args.id, name=args.name, size=args.size, type=args.type, customer=args.customer,
                      contract=args.contract, lifecycle=args.lifecycle, initiative=args.initiative,
                      start=start, end=args.end, pm=args.pm or PM_ID,
                      pmo=args.pmo or (None if people is not None else PMO_ID),
                      directory=people is not None)
    try:
        check(spec, data)
    except ScaffoldError as exc:
        raise say.refused(s.lang, exc) from None
    std = loader.standard()
    org_path = data / "organisation.yml"
    org = loader.parse(org_path, m.Organisation)[0] if org_path.exists() else m.Organisation(name="PMO")
    if loader.errors or std is None or org is None:
        say.each(loader.errors, s.lang)
        say.note(s.lang, "standard_or_org_broken")
        return 1
    try:
        folder = create(spec, data, std, org, s.lang)
    except WriteRefused as exc:
        raise say.refused(s.lang, exc) from None
    try:  # the scaffold must be valid as created; say so plainly if the standard makes it not
        load_repository(data, s.templates_dir, only=spec.id, max_bytes=s.max_file_bytes)
    except DataErrors as exc:
        say.each(exc.errors, s.lang)
        say.note(s.lang, "created_invalid", path=folder)
        return 1
    rename = "" if args.pm else say.line(s.lang, "created_rename")
    say.say(s.lang, "created", path=folder, count=len(REGISTERS), rename=rename)
    return 0


def people_problem(people: dict[str, Person] | None, pm: str | None,
                   pmo: str | None) -> tuple[str, dict[str, str]] | None:
    """Why --pm/--pmo cannot be used (a message key and its parameters), or None. With
    data/people.yml the members name its people."""
    if people is None:
        return None
    if pm is None:
        return "pm_required", {}
    for option, value in (("--pm", pm), ("--pmo", pmo)):
        if value is not None and value not in people:
            return "not_a_person", {"option": option, "value": value,
                                    "hint": directory.suggest(value, None, people)}
    if pmo is not None and pmo == pm:
        return "pmo_same_as_pm", {}
    return None
