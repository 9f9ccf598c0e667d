"""Command line: `pmo-handbook validate | …`. Exit 0 clean, 1 data errors, 2 usage errors."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import DataErrors
from .load import default_templates_dir, load_repository


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on usage errors; keep that, without a traceback
        self.print_usage(sys.stderr)
        print(f"pmo-handbook: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> Parser:
    parser = Parser(prog="pmo-handbook", description="PMO handbook engine")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    val = sub.add_parser("validate", help="check every data and template file")
    val.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    val.add_argument("--templates", type=Path, default=None, help="standard templates folder")
    val.set_defaults(func=cmd_validate)
    return parser


def cmd_validate(args) -> int:
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


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
