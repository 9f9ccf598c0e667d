"""`pmo-handbook export DIR`: the generated site as a plain docs tree with its own mkdocs.yml,
for Zensical, ProperDocs or MkDocs without the hooks (authoring/export.py)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pmo_handbook.authoring.export import ExportError, export
from pmo_handbook.errors import DataErrors


def register(sub: Any) -> None:
    cmd = sub.add_parser("export", help="write the generated site as a plain docs tree that Zensical, "
                         "ProperDocs and MkDocs build without hooks")
    cmd.add_argument("dir", type=Path, help="folder to write (DIR/mkdocs.yml, DIR/docs/); replaced "
                     "if an earlier export wrote it, else it must be empty or missing")
    cmd.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
                     help="the configuration of the hooks build to export: its settings (extra.pmo, "
                          "theme.language, else PMO_* variables) apply (default: mkdocs.yml)")
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.config_file.is_file():
        print(f"pmo-handbook: error: {args.config_file}: no such file", file=sys.stderr)
        return 2
    try:
        s = export(args.config_file, args.dir)
    except ExportError as exc:
        print(f"pmo-handbook: error: {exc}", file=sys.stderr)
        return 2
    except DataErrors as exc:
        for error in exc.errors:
            print(str(error), file=sys.stderr)
        print(f"pmo-handbook: {len(exc.errors)} data error(s); nothing was written", file=sys.stderr)
        return 1
    print(f"exported the {s.audience} site ({s.lang}) to {args.dir}: build it there with "
          "`zensical build`, `properdocs build` or `mkdocs build`")
    return 0
