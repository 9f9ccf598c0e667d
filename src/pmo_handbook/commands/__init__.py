"""Subcommands of `pmo-handbook`. Each module has register(subparsers) adding its parser with
set_defaults(func=...) where func(args) -> exit code."""
from . import codeowners, demo_data, diff, import_, new_project, schema, validate

MODULES = [validate, demo_data, schema, new_project, diff, codeowners, import_]
