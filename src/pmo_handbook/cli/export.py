"""`pmo-handbook export DIR`: the generated site as a plain docs tree with its own mkdocs.yml,
for Zensical, ProperDocs or MkDocs without the hooks (authoring/export.py)."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pmo_handbook.authoring.export import ExportError, export
from pmo_handbook.cli import say
from pmo_handbook.cli.options import settings_of
from pmo_handbook.errors import DataErrors


def register(sub: Any, name: str) -> None:
    cmd = sub.add_parser(name, help="write the generated site as a plain docs tree that Zensical, "
                         "ProperDocs and MkDocs build without hooks")
    cmd.add_argument("dir", type=Path, help="folder to write (DIR/mkdocs.yml, DIR/docs/); replaced "
                     "if an earlier export wrote it, else it must be empty or missing")
    cmd.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
                     help="the configuration of the hooks build to export: its settings (extra.pmo, "
                          "theme.language, else PMO_* variables) apply (default: mkdocs.yml)")
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lang = settings_of(args).lang  # until mkdocs.yml is read: PMO_LANG, else Japanese
    if not args.config_file.is_file():
        raise say.usage(lang, "no_such_file", path=args.config_file)
    try:
        s = export(args.config_file, args.dir)
    except ExportError as exc:
        raise say.refused(lang, exc) from None
    except DataErrors as exc:
        raise say.data_errors(exc.errors, lang, "errors_nothing_written") from None
    say.say(s.lang, "exported", audience=s.audience, lang=s.lang, path=args.dir)
    return 0
