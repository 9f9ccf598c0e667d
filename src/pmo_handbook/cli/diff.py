"""`pmo-handbook diff BASE HEAD`: a Markdown summary, for a pull-request comment, of what the
data change between two git revisions does to project status. Exits 0 whenever it can compare,
also when a revision's data is invalid (the summary says so: the validate job fails the PR)."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from markupsafe import Markup

from pmo_handbook.cli import say
from pmo_handbook.exports import changes as changes_summary
from pmo_handbook.errors import printable
from pmo_handbook.source import gitinfo
from pmo_handbook import status as st
from pmo_handbook.cli.options import Subparsers, add_settings, settings_of
from pmo_handbook.site.render import render

MAX_ERRORS = 10  # errors quoted per revision; the validate job lists them all
_MD_SPECIAL = re.compile(r"([\\`*_\[\]~|#])")


def register(sub: Subparsers, name: str) -> None:
    cmd = sub.add_parser(name, help="summarise, in Markdown, how the data changed between two git revisions")
    cmd.add_argument("base", help="base revision, e.g. origin/main")
    cmd.add_argument("head", help="head revision, e.g. HEAD")
    add_settings(cmd, "data_dir", "templates_dir", "as_of", "lang",
                 meaning={"as_of": "date of the computed RAG", "lang": "language of the summary, ja or en"})
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    s = settings_of(args)
    top = gitinfo.toplevel(s.data_dir)
    if top is None:
        raise say.usage(s.lang, "not_git", path=s.data_dir)
    try:
        data_rel, templates_rel = (_inside(top, s.data_dir), _inside(top, s.templates_dir))
        base = changes_summary.snapshot_at(top, args.base, data_rel, templates_rel, s.max_file_bytes)
        head = changes_summary.snapshot_at(top, args.head, data_rel, templates_rel, s.max_file_bytes)
    except (ValueError, gitinfo.GitError) as exc:
        raise say.refused(s.lang, exc) from None
    summary = changes_summary.compare(base, head, s.as_of)
    print(render(s.lang, "diff.md.j2", s=summary, st=st, as_of=s.as_of, esc=escape,
                 max_errors=MAX_ERRORS).rstrip() + "\n", end="")
    return 0


def _inside(top: Path, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(top).as_posix()
    except ValueError:
        raise ValueError(f"{path} is not inside the git checkout {top}") from None


def escape(text: object) -> Markup:
    """Data text inside Markdown: no HTML, emphasis, links or code spans of its own, one line.
    Quotes stay as they are: the comment is read raw in a terminal too."""
    text = printable(" ".join(str(text).split())).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))

