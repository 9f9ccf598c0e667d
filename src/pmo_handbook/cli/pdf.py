"""`pmo-handbook pdf --out DIR [--project ID] [--as-of DATE]`: the steering meeting's report pack.

Writes portfolio.pdf (a cover with totals and the projects needing attention, then a page per
project) and <project-id>.pdf (each project's weekly report, at most two pages); with --project
only that project's report. For PMO_AUDIENCE's audience, like the site."""
from __future__ import annotations

from pmo_handbook.cli.options import Subparsers

import argparse
import sys
from pathlib import Path

from pmo_handbook.cli.options import add_settings, settings_of
from pmo_handbook.errors import DataErrors
from pmo_handbook.i18n import labels
from pmo_handbook.loading.load import load_repository
from pmo_handbook.site.pack import documents
from pmo_handbook.site.pdf import PdfUnavailable, write_pdfs


def register(sub: Subparsers) -> None:
    cmd = sub.add_parser("pdf", help="write the steering meeting's report pack as PDF (needs the pdf extra)")
    cmd.add_argument("--out", type=Path, required=True, help="folder to write the PDFs to")
    add_settings(cmd, "data_dir", "templates_dir", "as_of", "lang", "project",
                 meaning={"project": "only this project's weekly report",
                          "as_of": "the date of the figures"})
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_of(args)  # PMO_AUDIENCE and PMO_PROJECT apply as for the site
    if not settings.data_dir.is_dir():
        return _usage(f"data folder not found: {settings.data_dir}")
    try:
        repo = load_repository(settings.data_dir, settings.templates_dir, max_bytes=settings.max_file_bytes)
    except DataErrors as exc:
        for error in exc.errors:
            print(error)
        print(f"{len(exc.errors)} error(s): no PDF written", file=sys.stderr)
        return 1
    try:
        docs = documents(repo, settings, settings.project)
        written = write_pdfs(docs, args.out, labels(settings.lang).ui)
    except PdfUnavailable as exc:
        print(f"pmo-handbook: error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path.as_posix())
    return 0


def _usage(message: str) -> int:
    print(f"pmo-handbook: error: {message}", file=sys.stderr)
    return 2
