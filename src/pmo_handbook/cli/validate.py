"""`pmo-handbook validate`: check every data and template file.

--format text prints `path:line:column: message`; github prints workflow annotations that GitHub
shows on the pull request's changed lines; json prints an array for other CI systems."""
from __future__ import annotations

import json
import sys

from pmo_handbook.source import gitinfo
from pmo_handbook.loading.parallel import check_data
from pmo_handbook.errors import DataError
from pmo_handbook.cli.options import add_settings, settings_of

FORMATS = ("text", "github", "json")


def register(sub) -> None:
    val = sub.add_parser("validate", help="check every data and template file")
    add_settings(val, "data_dir", "templates_dir")
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
        print(render(errors, args.format))
        print(f"{len(errors)} error(s)", file=sys.stderr)
        return 1
    if args.format == "json":
        print("[]")
        return 0
    shown = plan_warnings(s, root)  # valid data may still need attention
    if shown:
        print("\n".join(str(w) if args.format == "text" else annotation(w, "warning") for w in shown))
    print(f"ok: {count} project(s), standard templates and organisation settings are valid"
          + (f"; {len(shown)} warning(s)" if shown else ""))
    return 0


def plan_warnings(s, root) -> list:
    """Over-allocations, open items of people who left, members with no allocation (as of PMO_AS_OF)."""
    from pmo_handbook.loading.load import load_repository
    from pmo_handbook.status.capacity_warnings import warnings

    repo = load_repository(s.data_dir, s.templates_dir, root=root, max_bytes=s.max_file_bytes)
    return warnings(repo, s.as_of)


def render(errors: list[DataError], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([{"file": e.path, "line": e.line, "column": e.column, "message": e.message}
                           for e in errors], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(annotation(e) for e in errors)
    return "\n".join(str(e) for e in errors)


def annotation(e, level: str = "error") -> str:
    """A GitHub workflow command; its values are escaped as the runner expects."""
    return (f"::{level} file={_escape(e.path, True)},line={e.line},col={e.column}"
            f"::{_escape(e.message, False)}")


def _escape(text: str, prop: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text
