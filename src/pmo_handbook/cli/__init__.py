"""Command line: `pmo-handbook validate | …`. Exit 0 clean, 1 data errors, 2 usage errors."""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from pmo_handbook.cli import say
from pmo_handbook.cli.say import Stop
from pmo_handbook.i18n.messages import reader_lang, setting
from pmo_handbook.settings import SettingsError

# Each subcommand: its name -> its module, which has register(subparsers, name), adding its parser
# with set_defaults(func=...) where func(args) -> exit code. A command imports only its own module
# (openpyxl, git, the exports…): `validate` starts in a fraction of the time.
COMMANDS = {"validate": "validate", "demo-data": "demo_data", "schema": "schema", "new-project": "new_project",
            "diff": "diff", "codeowners": "codeowners", "import": "import_", "pdf": "pdf", "export": "export",
            "digest": "digest"}


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2, with the usage line and no traceback
        self.print_usage(sys.stderr)
        print(f"pmo-handbook: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser(command: str | None = None) -> Parser:
    """Every command's parser, or only the one named (the others are listed, not imported)."""
    parser = Parser(prog="pmo-handbook", description="PMO handbook engine")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for name, module in COMMANDS.items():
        if command in (None, name):
            importlib.import_module(f"pmo_handbook.cli.{module}").register(sub, name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
    try:
        code: int = args.func(args)  # the subcommand's run(), set by its register()
        return code
    except Stop as stop:  # the command has said why
        return stop.code
    except SettingsError as exc:  # e.g. PMO_AS_OF=yesterday: a usage error, before anything is read
        lang = reader_lang(getattr(args, "lang", None), os.environ.get("PMO_LANG"))
        print(say.line(lang, "error", text=setting(exc.key, exc.params, lang, str(exc))), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
