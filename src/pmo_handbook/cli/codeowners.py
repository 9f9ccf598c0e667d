"""`pmo-handbook codeowners`: GitHub CODEOWNERS from each project's pm and pmo."""
from __future__ import annotations

import argparse
from pathlib import Path

from pmo_handbook.cli import say
from pmo_handbook.authoring import codeowners
from pmo_handbook.source import gitinfo
from pmo_handbook.source.atomic import WriteRefused, write_text_atomic
from pmo_handbook.cli.options import Subparsers, add_settings, settings_of


def register(sub: Subparsers, name: str) -> None:
    cmd = sub.add_parser(name, help="print or write CODEOWNERS from each project's pm and pmo")
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


def run(args: argparse.Namespace) -> int:
    s = settings_of(args)
    data, templates = say.data_dir(s), s.templates_dir
    if args.check and not args.output:
        raise say.usage(s.lang, "check_needs_output")
    repo = say.load(s)
    root = gitinfo.toplevel(data) or data.resolve().parent
    text = codeowners.render(repo, _rel(data, root), _rel(templates, root), args.default_owner)
    if args.output is None:
        print(text, end="")
        return 0
    current = args.output.read_text(encoding="utf-8") if args.output.is_file() else None
    if args.check:
        if current != text:
            say.say(s.lang, "out_of_date", path=args.output,
                    command=f"pmo-handbook codeowners --output {args.output.as_posix()}")
            return 1
        say.say(s.lang, "up_to_date", path=args.output)
        return 0
    try:  # inside the repository, atomically, never through a symlink
        write_text_atomic(args.output, text, root)
    except WriteRefused as exc:
        raise say.refused(s.lang, exc) from None
    say.say(s.lang, "wrote", path=args.output)
    return 0
