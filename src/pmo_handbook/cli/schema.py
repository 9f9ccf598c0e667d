"""`pmo-handbook schema`: write the JSON Schemas editors use, or check they are current."""
from __future__ import annotations

import argparse
from pathlib import Path

from pmo_handbook.cli import say
from pmo_handbook.cli.options import Subparsers, settings_of
from pmo_handbook.model import jsonschema as schema
from pmo_handbook.source.atomic import WriteRefused, write_text_atomic


def register(sub: Subparsers, name: str) -> None:
    cmd = sub.add_parser(name, help="write the JSON Schemas of the data files into schemas/")
    cmd.add_argument("--out", type=Path, default=Path("schemas"), help="schema folder (default: schemas)")
    cmd.add_argument("--check", action="store_true",
                     help="write nothing; exit 1 when the committed schemas differ from the models")
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lang = settings_of(args).lang
    if args.check:
        stale = schema.stale(args.out)
        for name in stale:
            say.say(lang, "out_of_date", path=args.out / name, command="pmo-handbook schema")
        if stale:
            say.note(lang, "schema_stale_count", count=len(stale))
            return 1
        say.say(lang, "schema_ok", count=len(schema.schema_texts()), path=args.out)
        return 0
    try:
        changed = write(args.out)
    except WriteRefused as exc:
        raise say.refused(lang, exc) from None
    except OSError as exc:
        raise say.usage(lang, "cannot_write", path=args.out, detail=exc.strerror) from None
    say.say(lang, "schema_wrote", count=len(schema.schema_texts()), path=args.out, changed=len(changed))
    return 0


def write(folder: Path) -> list[str]:
    """Write every schema and drop left-over ones; returns the names of the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = schema.stale(folder)
    expected = schema.schema_texts()
    for name, text in expected.items():
        write_text_atomic(folder / name, text, folder)  # atomic, never through a symlink
    for old in folder.glob("*.schema.json"):
        if old.name not in expected:
            old.unlink()
    return changed
