"""`pmo-handbook import issues FILE.xlsx --project ID`: bring a register kept in Excel into the
project's YAML. Several registers may be given at once (`issues a.xlsx risks b.xlsx`) when their
records link to each other."""
from __future__ import annotations

import argparse
from pathlib import Path

from pmo_handbook.cli import say
from pmo_handbook.errors import printable
from pmo_handbook.model.registry import IMPORTABLE as REGISTERS
from pmo_handbook.imports import ImportRefused, import_registers
from pmo_handbook.cli.options import Subparsers, add_settings, settings_of


def register(sub: Subparsers, name: str) -> None:
    cmd = sub.add_parser(
        name, help="import an issue log, risk register, decision or change log from Excel (.xlsx)",
        description="Reads the workbook's register (headers in any order, common Japanese variants "
                    "accepted), checks every cell and writes data/projects/ID/<register>.yml only when "
                    "every row is valid.")
    cmd.add_argument("items", nargs="+", metavar="REGISTER FILE",
                     help=f"register ({'|'.join(REGISTERS)}) and workbook; repeat the pair to import "
                          "registers that link to each other together")
    cmd.add_argument("--project", required=True, help="project id (the folder under data/projects/)")
    add_settings(cmd, "data_dir", "templates_dir", "lang", meaning={"lang": "language of the messages, ja or en"})
    cmd.add_argument("--sheet", default=None,
                     help="sheet to read (default: the first sheet with the register's headers)")
    cmd.add_argument("--force", action="store_true", help="overwrite existing records with the same number")
    cmd.set_defaults(func=run)


def _pairs(items: list[str], lang: str) -> list[tuple[str, Path]]:
    if len(items) % 2:
        raise say.usage(lang, "import_pairs")
    pairs = [(items[i], Path(items[i + 1])) for i in range(0, len(items), 2)]
    for key, path in pairs:
        if key not in REGISTERS:
            raise say.usage(lang, "import_unknown_register", key=key, keys=", ".join(REGISTERS))
        if not path.is_file():
            raise say.usage(lang, "no_such_file", path=path)
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise say.usage(lang, "import_register_twice")
    return pairs


def _standard_layout(key: str, path: Path, sheet: str | None) -> Path:
    """A WBS kept as 大項目/中項目/小項目 or an indented 作業名 is read in the standard layout."""
    if key != "wbs":
        return path
    from pmo_handbook.imports.wbs_layout import WorkbookError, foreign_layout
    try:
        return foreign_layout(path, sheet) or path
    except WorkbookError as exc:
        raise ImportRefused(list(exc.msgs)) from None


def run(args: argparse.Namespace) -> int:
    s = settings_of(args)
    pairs = _pairs(args.items, s.lang)
    repo = say.load(s, "errors_before_import")
    if args.project not in repo.projects:
        raise say.usage(s.lang, "unknown_project", project=args.project,
                        projects=", ".join(sorted(repo.projects)) or say.line(s.lang, "none"))
    try:
        pairs = [(key, _standard_layout(key, path, args.sheet)) for key, path in pairs]
        outcomes = import_registers(repo, args.project, pairs, force=args.force, sheet=args.sheet, lang=s.lang)
    except ImportRefused as exc:
        for line in exc.lines(s.lang):
            print(printable(line))
        say.note(s.lang, "import_problems", count=len(exc.messages))
        return 1
    for (_key, path), o in zip(pairs, outcomes, strict=True):
        say.say(s.lang, "import_done", file=path.name, sheet=o.sheet, path=o.path, added=len(o.added),
                changed=len(o.changed), unchanged=len(o.unchanged))
        if o.ignored:
            say.say(s.lang, "import_ignored", columns=", ".join(o.ignored))
    return 0

