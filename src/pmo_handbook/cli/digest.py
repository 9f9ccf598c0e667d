"""`pmo-handbook digest --out DIR [--days N] [--since DATE]`: per person, Markdown and JSON of
what is overdue, due within N days and newly assigned since a date (default: the day before)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from pmo_handbook.cli import say
from pmo_handbook.authoring import digest
from pmo_handbook.cli.options import Subparsers, add_settings, settings_of
from pmo_handbook.i18n import labels
from pmo_handbook.source.atomic import WriteRefused, write_text_atomic


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; expected YYYY-MM-DD") from None


def register(sub: Subparsers, name: str) -> None:
    cmd = sub.add_parser(
        name, help="write each person's overdue, due-soon and new items (Markdown and JSON)"
    )
    add_settings(cmd, "data_dir", "templates_dir", "as_of", "lang")
    cmd.add_argument(
        "--out", type=Path, required=True, help="folder to write <person>.md and <person>.json into"
    )
    cmd.add_argument(
        "--days", type=int, default=7, help="'due soon' means within this many days (default: 7)"
    )
    cmd.add_argument(
        "--since",
        type=_date,
        help="'newly assigned' means raised on or after this date (default: the day before the as-of date)",
    )
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    s = settings_of(args)
    if args.days < 0:
        raise say.usage(s.lang, "days_negative")
    repo = say.load(s)
    since = args.since or s.as_of - dt.timedelta(days=1)
    L, out = labels(s.lang), args.out
    index = []
    try:  # every file inside --out, atomically, never through a symlink
        for d in digest.digests(repo, s.as_of, args.days, since):
            if d.empty:
                continue
            write_text_atomic(
                out / f"{d.person}.md", digest.as_markdown(d, repo, s.as_of, args.days, since, L), out
            )
            write_text_atomic(
                out / f"{d.person}.json", digest.as_json(d, repo, s.as_of, args.days, since), out
            )
            index.append(
                {
                    "person": d.person,
                    "name": d.name,
                    "overdue": len(d.overdue),
                    "due_soon": len(d.due_soon),
                    "new": len(d.new),
                }
            )
        write_text_atomic(out / "index.json", json.dumps(index, ensure_ascii=False, indent=2) + "\n", out)
    except WriteRefused as exc:
        raise say.refused(s.lang, exc, code=1) from None
    say.say(s.lang, "digest_wrote", count=len(index), path=out)
    return 0
