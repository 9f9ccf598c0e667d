"""Subcommands of `pmo-handbook`. Each module has register(subparsers) adding its parser with
set_defaults(func=...) where func(args) -> exit code."""
from . import validate

MODULES = [validate]
