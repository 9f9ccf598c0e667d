"""`pmo-handbook codeowners`: GitHub CODEOWNERS from each project's pm and pmo."""
from __future__ import annotations

import sys
from pathlib import Path

from pmo_handbook.authoring import codeowners
from pmo_handbook.source import gitinfo
from pmo_handbook.source.atomic import WriteRefused, write_text_atomic
from pmo_handbook.errors import DataErrors
from pmo_handbook.cli.options import add_settings, settings_of
from pmo_handbook.loading.load import load_repository


def register(sub) -> None:
    cmd = sub.add_parser("codeowners", help="print or write CODEOWNERS from each project's pm and pmo")
    add_settings(cmd, "data_dir", "templates_dir")
    cmd.add_argument("--default-owner", help="owner of everything else, e.g. @pmo/pmo-team")
    cmd.add_argument("--output", type=Path, help="write this file (e.g. .github/CODEOWNERS) instead of printing")
    cmd.add_argument("--check", action="store_true", help="with --output: exit 1 when the file is out of date")
    cmd.set_defaults(func=run)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.name


def run(args) -> int:
    s = settings_of(args)
    data, templates = s.data_dir, s.templates_dir
    if not data.is_dir():
        return _usage(f"data folder not found: {data}")
    if args.check and not args.output:
        return _usage("--check needs --output FILE")
    try:
        repo = load_repository(data, templates, max_bytes=s.max_file_bytes)
    except DataErrors as exc:
        for error in exc.errors:
            print(error)
        print(f"{len(exc.errors)} error(s): fix the data first", file=sys.stderr)
        return 1
    root = gitinfo.toplevel(data) or data.resolve().parent
    text = codeowners.render(repo, _rel(data, root), _rel(templates, root), args.default_owner)
    if args.output is None:
        print(text, end="")
        return 0
    current = args.output.read_text(encoding="utf-8") if args.output.is_file() else None
    if args.check:
        if current != text:
            print(f"{args.output.as_posix()}: out of date; run `pmo-handbook codeowners --output "
                  f"{args.output.as_posix()}`")
            return 1
        print(f"ok: {args.output.as_posix()} is up to date")
        return 0
    try:  # inside the repository, atomically, never through a symlink
        write_text_atomic(args.output, text, root)
    except WriteRefused as exc:
        return _usage(str(exc))
    print(f"wrote {args.output.as_posix()}")
    return 0


def _usage(message: str) -> int:
    print(f"pmo-handbook: error: {message}", file=sys.stderr)
    return 2
