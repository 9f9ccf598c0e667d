"""`pmo-handbook validate`: check every data and template file."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import DataErrors
from ..load import default_templates_dir, load_repository


def register(sub) -> None:
    val = sub.add_parser("validate", help="check every data and template file")
    val.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    val.add_argument("--templates", type=Path, default=None, help="standard templates folder")
    val.set_defaults(func=run)


def run(args) -> int:
    if not args.data.is_dir():
        print(f"pmo-handbook: error: data folder not found: {args.data}", file=sys.stderr)
        return 2
    templates = args.templates or default_templates_dir(args.data)
    try:
        repo = load_repository(args.data, templates)
    except DataErrors as exc:
        for error in exc.errors:
            print(error)
        print(f"{len(exc.errors)} error(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(repo.projects)} project(s), standard templates and organisation settings are valid")
    return 0
