"""`pmo-handbook pdf --out DIR [--project ID] [--as-of DATE]`: the steering meeting's report pack.

Writes portfolio.pdf (a cover with totals and the projects needing attention, then a page per
project) and <project-id>.pdf (each project's weekly report, at most two pages); with --project
only that project's report. For PMO_AUDIENCE's audience, like the site."""
from __future__ import annotations

from pmo_handbook.cli import say
from pmo_handbook.cli.options import Subparsers

import argparse
from pathlib import Path

from pmo_handbook.cli.options import add_settings, settings_of
from pmo_handbook.i18n import labels
from pmo_handbook.site.pack import documents
from pmo_handbook.site.pdf import PdfUnavailable, write_pdfs


def register(sub: Subparsers, name: str) -> None:
    cmd = sub.add_parser(name, help="write the steering meeting's report pack as PDF (needs the pdf extra)")
    cmd.add_argument("--out", type=Path, required=True, help="folder to write the PDFs to")
    add_settings(cmd, "data_dir", "templates_dir", "as_of", "lang", "project",
                 meaning={"project": "only this project's weekly report",
                          "as_of": "the date of the figures"})
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_of(args)  # PMO_AUDIENCE and PMO_PROJECT apply as for the site
    repo = say.load(settings, "errors_no_pdf")
    try:
        docs = documents(repo, settings, settings.project)
        written = write_pdfs(docs, args.out, labels(settings.lang).ui)
    except PdfUnavailable as exc:
        raise say.refused(settings.lang, exc) from None
    for path in written:
        print(path.as_posix())
    return 0

