"""Command-line options for the declared settings (settings.DECLARED): each option's name and
meaning come from the declaration, and settings_of reads them through the one settings reader,
so an option wins over its environment variable exactly as mkdocs.yml does for a build."""
from __future__ import annotations

import argparse

from pmo_handbook import settings
from pmo_handbook.settings import BY_NAME, Settings


def add_settings(cmd: argparse.ArgumentParser, *names: str, meaning: dict[str, str] | None = None,
                 default: dict[str, str] | None = None) -> None:
    """Add the options of the named settings. meaning: a command's own wording of a setting;
    default: a command's own default, which then wins over the environment."""
    for name in names:
        d = BY_NAME[name]
        assert d.option, f"setting {name} has no command-line option"
        text = (meaning or {}).get(name, d.help)
        if default and name in default:
            cmd.add_argument(d.option, dest=name, metavar=d.metavar, default=default[name],
                             help=f"{text} (default: {default[name]})")
        else:
            fallback = d.shown_default.replace("`", "")
            cmd.add_argument(d.option, dest=name, metavar=d.metavar, default=None,
                             help=f"{text} (default: {d.env}, else {fallback})")


def settings_of(args: argparse.Namespace) -> Settings:
    """The command's settings: its options, then the environment, then the defaults. Raises
    SettingsError (a usage error) for a value that cannot be used."""
    given = {name: getattr(args, name) for name in BY_NAME if hasattr(args, name)}
    return settings.from_options(given)
