"""`pmo-handbook import issues FILE.xlsx --project ID`: bring a register kept in Excel into the
project's YAML. Several registers may be given at once (`issues a.xlsx risks b.xlsx`) when their
records link to each other."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmo_handbook.errors import DataErrors, Message, printable
from pmo_handbook.i18n.messages import located, render
from pmo_handbook.model.registry import IMPORTABLE as REGISTERS
from pmo_handbook.imports import ImportRefused, import_registers
from pmo_handbook.cli.options import Subparsers, add_settings, settings_of
from pmo_handbook.loading.load import load_repository


def register(sub: Subparsers) -> None:
    cmd = sub.add_parser(
        "import", help="import an issue log, risk register, decision or change log from Excel (.xlsx)",
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


def _usage(message: str) -> int:
    print(f"pmo-handbook import: error: {message}", file=sys.stderr)
    return 2


def _pairs(items: list[str]) -> list[tuple[str, Path]] | str:
    if len(items) % 2:
        return "expected REGISTER FILE pairs, e.g. `issues 課題管理表.xlsx`"
    pairs = [(items[i], Path(items[i + 1])) for i in range(0, len(items), 2)]
    for key, path in pairs:
        if key not in REGISTERS:
            return f"unknown register '{key}' (expected one of: {', '.join(REGISTERS)})"
        if not path.is_file():
            return f"file not found: {path}"
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        return "each register may be given once"
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
    pairs = _pairs(args.items)
    if isinstance(pairs, str):
        return _usage(pairs)
    s = settings_of(args)
    if not s.data_dir.is_dir():
        return _usage(f"data folder not found: {s.data_dir}")
    try:
        repo = load_repository(s.data_dir, s.templates_dir, max_bytes=s.max_file_bytes)
    except DataErrors as exc:
        for error in exc.errors:
            print(located(error, s.lang))
        print(_say(s.lang, "import_data_errors", count=len(exc.errors)), file=sys.stderr)
        return 1
    if args.project not in repo.projects:
        return _usage(f"project '{args.project}' not found (projects: {', '.join(sorted(repo.projects)) or 'none'})")
    try:
        pairs = [(key, _standard_layout(key, path, args.sheet)) for key, path in pairs]
        outcomes = import_registers(repo, args.project, pairs, force=args.force, sheet=args.sheet, lang=s.lang)
    except ImportRefused as exc:
        for line in exc.lines(s.lang):
            print(printable(line))
        print(_say(s.lang, "import_refused", count=len(exc.problems)), file=sys.stderr)
        return 1
    for (_key, path), o in zip(pairs, outcomes, strict=True):
        print(_say(s.lang, "import_summary", file=path.name, sheet=o.sheet, target=o.path.as_posix(),
                   added=len(o.added), changed=len(o.changed), unchanged=len(o.unchanged)))
        if o.ignored:
            print(_say(s.lang, "import_ignored", columns=", ".join(o.ignored)))
    return 0


def _say(lang: str, key: str, /, **params: object) -> str:
    return render(Message.of(key, **params), lang)
