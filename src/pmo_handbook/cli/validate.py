"""`pmo-handbook validate`: check every data and template file.

--format text prints `path:line:column: message`; github prints workflow annotations that GitHub
shows on the pull request's changed lines; json prints an array for other CI systems."""
from __future__ import annotations

import json
import sys

from pmo_handbook.source import gitinfo
from pmo_handbook.loading.parallel import check_data
from pmo_handbook.errors import DataError
from pmo_handbook.i18n.messages import located, text
from pmo_handbook.cli.options import add_settings, settings_of

FORMATS = ("text", "github", "json")


def register(sub) -> None:
    val = sub.add_parser("validate", help="check every data and template file")
    add_settings(val, "data_dir", "templates_dir", "lang",
                 meaning={"lang": "language of the messages, ja or en"})
    val.add_argument("--format", choices=FORMATS, default="text",
                     help="text (default), github (workflow annotations) or json")
    val.set_defaults(func=run)


def run(args) -> int:
    s = settings_of(args)
    if not s.data_dir.is_dir():
        print(f"pmo-handbook: error: data folder not found: {s.data_dir}", file=sys.stderr)
        return 2
    # Annotations must name files from the repository root, wherever the command runs.
    root = None if args.format == "text" else (gitinfo.toplevel(s.data_dir) or s.data_dir.resolve().parent)
    count, errors = check_data(s.data_dir, s.templates_dir, root=root,  # on every core
                               max_bytes=s.max_file_bytes)
    if errors:
        print(render(errors, args.format, s.lang))
        print(f"{len(errors)} error(s)", file=sys.stderr)
        return 1
    if args.format == "json":
        print("[]")
    else:
        print(f"ok: {count} project(s), standard templates and organisation settings are valid")
    return 0


def render(errors: list[DataError], fmt: str, lang: str = "en") -> str:
    if fmt == "json":
        return json.dumps([{"file": e.path, "line": e.line, "column": e.column, "message": text(e, lang)}
                           for e in errors], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(annotation(e, lang) for e in errors)
    return "\n".join(located(e, lang) for e in errors)


def annotation(e: DataError, lang: str = "en") -> str:
    """A GitHub workflow command; its values are escaped as the runner expects."""
    return (f"::error file={_escape(e.path, True)},line={e.line},col={e.column}"
            f"::{_escape(text(e, lang), False)}")


def _escape(text: str, prop: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text
