"""`pmo-handbook import issues FILE.xlsx --project ID`: bring a register kept in Excel into the
project's YAML. Several registers may be given at once (`issues a.xlsx risks b.xlsx`) when their
records link to each other."""
from __future__ import annotations

import sys
from pathlib import Path

from pmo_handbook.errors import DataErrors
from pmo_handbook.model.registry import IMPORTABLE as REGISTERS
from pmo_handbook.imports import ImportRefused, import_registers
from pmo_handbook.cli.options import add_settings, settings_of
from pmo_handbook.loading.load import load_repository


def register(sub) -> None:
    cmd = sub.add_parser(
        "import", help="import an issue log, risk register, decision or change log from Excel (.xlsx)",
        description="Reads the workbook's register (headers in any order, common Japanese variants "
                    "accepted), checks every cell and writes data/projects/ID/<register>.yml only when "
                    "every row is valid.")
    cmd.add_argument("items", nargs="+", metavar="REGISTER FILE",
                     help=f"register ({'|'.join(REGISTERS)}) and workbook; repeat the pair to import "
                          "registers that link to each other together")
    cmd.add_argument("--project", required=True, help="project id (the folder under data/projects/)")
    add_settings(cmd, "data_dir", "templates_dir")
    cmd.add_argument("--sheet", default=None, help="sheet to read (default: the first sheet with the register's headers)")
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


def run(args) -> int:
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
            print(error)
        print(f"{len(exc.errors)} error(s) in the data folder; fix them before importing "
              "(`pmo-handbook validate` lists the same)", file=sys.stderr)
        return 1
    if args.project not in repo.projects:
        return _usage(f"project '{args.project}' not found (projects: {', '.join(sorted(repo.projects)) or 'none'})")
    try:
        outcomes = import_registers(repo, args.project, pairs, force=args.force, sheet=args.sheet)
    except ImportRefused as exc:
        for message in exc.messages:
            print(message)
        print(f"{len(exc.messages)} problem(s); nothing was written", file=sys.stderr)
        return 1
    for (_key, path), o in zip(pairs, outcomes, strict=True):
        print(f"{path.name} ({o.sheet}) -> {o.path.as_posix()}: {len(o.added)} added, "
              f"{len(o.changed)} changed, {len(o.unchanged)} unchanged")
        if o.ignored:
            print(f"  columns not imported: {', '.join(o.ignored)}")
    return 0
