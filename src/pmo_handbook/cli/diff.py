"""`pmo-handbook diff BASE HEAD`: a Markdown summary, for a pull-request comment, of what the
data change between two git revisions does to project status. Exits 0 whenever it can compare,
also when a revision's data is invalid (the summary says so: the validate job fails the PR)."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from markupsafe import Markup

from pmo_handbook.authoring import changes as changes_summary
from pmo_handbook.errors import printable
from pmo_handbook.source import gitinfo
from pmo_handbook import status as st
from pmo_handbook.loading.load import default_templates_dir
from pmo_handbook.site.render import render
from pmo_handbook.settings import SettingsError, parse_as_of

MAX_ERRORS = 10  # errors quoted per revision; the validate job lists them all
_MD_SPECIAL = re.compile(r"([\\`*_\[\]~|#])")


def register(sub) -> None:
    cmd = sub.add_parser("diff", help="summarise, in Markdown, how the data changed between two git revisions")
    cmd.add_argument("base", help="base revision, e.g. origin/main")
    cmd.add_argument("head", help="head revision, e.g. HEAD")
    cmd.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    cmd.add_argument("--templates", type=Path, default=None, help="standard templates folder")
    cmd.add_argument("--as-of", default=os.environ.get("PMO_AS_OF"),
                     help="date of the computed RAG (default: PMO_AS_OF or today)")
    lang = os.environ.get("PMO_LANG", "ja")
    cmd.add_argument("--lang", choices=["ja", "en"], default=lang if lang in ("ja", "en") else "ja")
    cmd.set_defaults(func=run)


def run(args) -> int:
    try:
        as_of = parse_as_of(args.as_of)
    except SettingsError as exc:
        return _usage(str(exc))
    top = gitinfo.toplevel(args.data)
    if top is None:
        return _usage(f"{args.data} is not inside a git checkout")
    templates = args.templates or default_templates_dir(args.data)
    try:
        data_rel, templates_rel = (_inside(top, args.data), _inside(top, templates))
        base = changes_summary.snapshot_at(top, args.base, data_rel, templates_rel)
        head = changes_summary.snapshot_at(top, args.head, data_rel, templates_rel)
    except ValueError as exc:
        return _usage(str(exc))
    except gitinfo.GitError as exc:
        return _usage(str(exc))
    summary = changes_summary.compare(base, head, as_of)
    print(render(args.lang, "diff.md.j2", s=summary, st=st, as_of=as_of, esc=escape,
                 max_errors=MAX_ERRORS).rstrip() + "\n", end="")
    return 0


def _inside(top: Path, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(top).as_posix()
    except ValueError:
        raise ValueError(f"{path} is not inside the git checkout {top}") from None


def escape(text) -> Markup:
    """Data text inside Markdown: no HTML, emphasis, links or code spans of its own, one line.
    Quotes stay as they are: the comment is read raw in a terminal too."""
    text = printable(" ".join(str(text).split())).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))


def _usage(message: str) -> int:
    print(f"pmo-handbook: error: {message}", file=sys.stderr)
    return 2
