"""`pmo-handbook validate`: check every data and template file.

--format text prints `path:line:column: message`; github prints workflow annotations that GitHub
shows on the pull request's changed lines; json prints an array for other CI systems."""
from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from functools import partial

from pmo_handbook.cli import say
from pmo_handbook.cli.options import Subparsers, add_settings, settings_of
from pmo_handbook.errors import DataError, printable
from pmo_handbook.i18n.messages import located, text
from pmo_handbook.loading.parallel import check_data
from pmo_handbook.loading.placeholders import scan as scan_placeholders
from pmo_handbook.model.directory import Person
from pmo_handbook.source import gitinfo
from pmo_handbook.status.capacity_warnings import ProjectPlan, combined, project_plan

FORMATS = ("text", "github", "json")


def register(sub: Subparsers, name: str) -> None:
    val = sub.add_parser(name, help="check every data and template file")
    add_settings(val, "data_dir", "templates_dir", "lang",
                 meaning={"lang": "language of the messages, ja or en"})
    val.add_argument("--format", choices=FORMATS, default="text",
                     help="text (default), github (workflow annotations) or json")
    val.add_argument("--strict-placeholders", action="store_true",
                     help="treat unfilled placeholders （要記入） as errors "
                          "(for CI before a project goes live)")
    val.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    s = settings_of(args)
    say.data_dir(s)
    # Annotations must name files from the repository root, wherever the command runs.
    root = None if args.format == "text" else (gitinfo.toplevel(s.data_dir) or s.data_dir.resolve().parent)
    # On every core; actual dates may not lie after as_of; each project's share of the plan
    # warnings is made where it was read.
    count, errors, plans, people = check_data(s.data_dir, s.templates_dir, root=root, max_bytes=s.max_file_bytes,
                                      as_of=s.as_of, collect=partial(project_plan, as_of=s.as_of))
    # A freshly scaffolded project is valid but unfilled: warn, or refuse when asked to.
    placeholders = scan_placeholders(s.data_dir, root, s.max_file_bytes)
    if args.strict_placeholders:
        errors, warnings = sorted(set(errors + placeholders)), []
    else:
        warnings = placeholders
    if errors or warnings:
        print(render(errors, args.format, warnings, s.lang))
    if warnings:
        say.note(s.lang, "validate_placeholders", count=len(warnings))
    if errors:
        say.note(s.lang, "validate_errors", count=len(errors))
        return 1
    if args.format == "json" and not warnings:
        print("[]")
        return 0
    if args.format == "json":
        return 0
    shown = plan_warnings(list(plans.values()), people)  # valid data may still need attention
    if shown:
        print(render([], args.format, shown, s.lang))
    ok = say.line(s.lang, "validate_ok", count=count)
    print(say.line(s.lang, "validate_ok_warnings", ok=ok, count=len(shown)) if shown else ok)
    return 0


def plan_warnings(plans: list[ProjectPlan], people: Mapping[str, Person]) -> list[DataError]:
    """Over-allocations, open items of people who left, members with no allocation (as of PMO_AS_OF)."""
    return [DataError(w.path, w.line, w.column, w.message, w.msg) for w in combined(plans, people)]


def render(errors: list[DataError], fmt: str, warnings: Sequence[DataError] = (), lang: str = "en") -> str:
    """Errors (and warnings) in the chosen language; whatever came from a file is escaped, so no
    control character reaches the terminal and no newline forges another error line."""
    if fmt == "json":  # warnings carry "severity"; errors keep the fields they always had
        def entry(e: DataError) -> dict[str, object]:
            return {"file": printable(e.path), "line": e.line, "column": e.column,
                    "message": printable(text(e, lang))}
        return json.dumps([entry(e) for e in errors] + [{**entry(e), "severity": "warning"} for e in warnings],
                          ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join([annotation(e, "error", lang) for e in errors]
                         + [annotation(e, "warning", lang) for e in warnings])
    return "\n".join([printable(located(e, lang)) for e in errors]
                     + [f"{printable(e.path)}:{e.line}:{e.column}: warning: {printable(text(e, lang))}"
                        for e in warnings])


def annotation(e: DataError, level: str = "error", lang: str = "en") -> str:
    """A GitHub workflow command; its values are escaped as the runner expects. A line break in
    the message stays one (%0A, shown inside the same annotation); anything else unprintable is
    written as an escape."""
    return (f"::{level} file={_escape(printable(e.path), True)},line={e.line},col={e.column}"
            f"::{_escape(chr(10).join(map(printable, text(e, lang).split(chr(10)))), False)}")


def _escape(text: str, prop: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text
