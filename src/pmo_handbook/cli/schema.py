"""`pmo-handbook schema`: write the JSON Schemas editors use, or check they are current."""
from __future__ import annotations

import sys
from pathlib import Path

from pmo_handbook.model import jsonschema as schema
from pmo_handbook.source.atomic import WriteRefused, write_text_atomic


def register(sub) -> None:
    cmd = sub.add_parser("schema", help="write the JSON Schemas of the data files into schemas/")
    cmd.add_argument("--out", type=Path, default=Path("schemas"), help="schema folder (default: schemas)")
    cmd.add_argument("--check", action="store_true",
                     help="write nothing; exit 1 when the committed schemas differ from the models")
    cmd.set_defaults(func=run)


def run(args) -> int:
    if args.check:
        stale = schema.stale(args.out)
        for name in stale:
            print(f"{(args.out / name).as_posix()}: out of date; run `pmo-handbook schema`")
        if stale:
            print(f"{len(stale)} schema file(s) differ from the models", file=sys.stderr)
            return 1
        print(f"ok: {len(schema.schema_texts())} schema file(s) in {args.out.as_posix()} match the models")
        return 0
    try:
        changed = write(args.out)
    except OSError as exc:
        print(f"pmo-handbook: error: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return 2
    except WriteRefused as exc:
        print(f"pmo-handbook: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(schema.schema_texts())} schema file(s) to {args.out.as_posix()}"
          f" ({len(changed)} changed)")
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
