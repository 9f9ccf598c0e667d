"""`pmo-handbook pdf --out DIR [--project ID] [--as-of DATE]`: the steering meeting's report pack.

Writes portfolio.pdf (a cover with totals and the projects needing attention, then a page per
project) and <project-id>.pdf (each project's weekly report, at most two pages); with --project
only that project's report. For PMO_AUDIENCE's audience, like the site."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from pmo_handbook.cli.new_project import _date
from pmo_handbook.errors import DataErrors
from pmo_handbook.i18n import labels
from pmo_handbook.loading.load import default_templates_dir, load_repository
from pmo_handbook.settings import Settings, SettingsError, parse_project
from pmo_handbook.site.pack import documents
from pmo_handbook.site.pdf import PdfUnavailable, write_pdfs


def register(sub) -> None:
    cmd = sub.add_parser("pdf", help="write the steering meeting's report pack as PDF (needs the pdf extra)")
    cmd.add_argument("--out", type=Path, required=True, help="folder to write the PDFs to")
    cmd.add_argument("--project", help="only this project's weekly report (default: PMO_PROJECT)")
    cmd.add_argument("--as-of", type=_date, help="the date of the figures (default: PMO_AS_OF or today)")
    cmd.add_argument("--data", type=Path, default=None, help="data folder (default: PMO_DATA_DIR or data)")
    cmd.add_argument("--templates", type=Path, default=None, help="standard templates folder")
    cmd.set_defaults(func=run)


def run(args) -> int:
    try:
        settings = Settings.from_env(lang=os.environ.get("PMO_LANG", "ja"))
        project = parse_project(args.project) or settings.project  # PMO_PROJECT, as for the site
    except SettingsError as exc:
        return _usage(str(exc))
    data = args.data or settings.data_dir
    if not data.is_dir():
        return _usage(f"data folder not found: {data}")
    settings = Settings(data_dir=data, templates_dir=args.templates or default_templates_dir(data),
                        as_of=args.as_of or settings.as_of, lang=settings.lang, audience=settings.audience)
    try:
        repo = load_repository(settings.data_dir, settings.templates_dir)
    except DataErrors as exc:
        for error in exc.errors:
            print(error)
        print(f"{len(exc.errors)} error(s): no PDF written", file=sys.stderr)
        return 1
    try:
        docs = documents(repo, settings, project)
        written = write_pdfs(docs, args.out, labels(settings.lang).ui)
    except SettingsError as exc:
        return _usage(str(exc))
    except PdfUnavailable as exc:
        print(f"pmo-handbook: error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path.as_posix())
    return 0


def _usage(message: str) -> int:
    print(f"pmo-handbook: error: {message}", file=sys.stderr)
    return 2
