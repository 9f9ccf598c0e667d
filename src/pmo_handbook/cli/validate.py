"""`pmo-handbook validate`: check every data and template file.

--format text prints `path:line:column: message`; github prints workflow annotations that GitHub
shows on the pull request's changed lines; json prints an array for other CI systems."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from pmo_handbook.source import gitinfo
from pmo_handbook.loading.parallel import check_data
from pmo_handbook.errors import DataError
from pmo_handbook.loading.load import default_templates_dir
from pmo_handbook.settings import SettingsError, parse_as_of

FORMATS = ("text", "github", "json")


def register(sub) -> None:
    val = sub.add_parser("validate", help="check every data and template file")
    val.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    val.add_argument("--templates", type=Path, default=None, help="standard templates folder")
    val.add_argument("--format", choices=FORMATS, default="text",
                     help="text (default), github (workflow annotations) or json")
    val.set_defaults(func=run)


def run(args) -> int:
    if not args.data.is_dir():
        print(f"pmo-handbook: error: data folder not found: {args.data}", file=sys.stderr)
        return 2
    templates = args.templates or default_templates_dir(args.data)
    # Annotations must name files from the repository root, wherever the command runs.
    root = None if args.format == "text" else (gitinfo.toplevel(args.data) or args.data.resolve().parent)
    try:
        as_of = parse_as_of(os.environ.get("PMO_AS_OF"))  # actual dates may not lie after it
        count, errors = check_data(args.data, templates, root=root, as_of=as_of)  # on every core
    except SettingsError as exc:  # e.g. PMO_MAX_FILE_BYTES=5MB
        print(f"pmo-handbook: error: {exc}", file=sys.stderr)
        return 2
    if errors:
        print(render(errors, args.format))
        print(f"{len(errors)} error(s)", file=sys.stderr)
        return 1
    if args.format == "json":
        print("[]")
    else:
        print(f"ok: {count} project(s), standard templates and organisation settings are valid")
    return 0


def render(errors: list[DataError], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([{"file": e.path, "line": e.line, "column": e.column, "message": e.message}
                           for e in errors], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(annotation(e) for e in errors)
    return "\n".join(str(e) for e in errors)


def annotation(e: DataError) -> str:
    """A GitHub workflow command; its values are escaped as the runner expects."""
    return (f"::error file={_escape(e.path, True)},line={e.line},col={e.column}"
            f"::{_escape(e.message, False)}")


def _escape(text: str, prop: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text
