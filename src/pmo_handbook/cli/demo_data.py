"""`pmo-handbook demo-data`: write a deterministic synthetic portfolio for demos and benchmarks."""
from __future__ import annotations

import argparse
from pathlib import Path

from pmo_handbook.cli import say
from pmo_handbook.authoring import demo
from pmo_handbook.cli.options import Subparsers, add_settings, settings_of
from pmo_handbook.loading.load import Loader
from pmo_handbook.source.atomic import WriteRefused


def register(sub: Subparsers, name: str) -> None:
    p = sub.add_parser(name, help="write a synthetic portfolio of N projects (Japanese text)")
    p.add_argument("--projects", type=_count, required=True, metavar="N", help="number of projects")
    p.add_argument("--seed", type=int, default=1, help="random seed; the same seed writes the same files")
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="data folder to create (organisation.yml + projects/); must be empty or absent")
    # The demo's date is its own (the same seed writes the same bytes), not PMO_AS_OF.
    add_settings(p, "templates_dir", "as_of",
                 meaning={"templates_dir": "standard templates the data refers to",
                          "as_of": "the date the portfolio is set around"},
                 default={"as_of": demo.DEMO_AS_OF.isoformat()})
    p.set_defaults(func=run)


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if not 1 <= n <= 5000:
        raise argparse.ArgumentTypeError(f"expected 1 to 5000 projects, got {n}")
    return n


def run(args: argparse.Namespace) -> int:
    s = settings_of(args)
    as_of = s.as_of
    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        raise say.usage(s.lang, "not_empty", path=args.out)
    templates = s.templates_dir
    loader = Loader(templates.parent, templates, max_bytes=s.max_file_bytes)
    standard = loader.standard()
    if standard is None:
        say.each(loader.errors, s.lang)
        raise say.usage(s.lang, "standard_broken", path=templates) from None
    try:
        count = demo.write(args.out, args.projects, args.seed, standard, as_of)
    except WriteRefused as exc:
        raise say.refused(s.lang, exc) from None
    say.say(s.lang, "demo_ok", count=args.projects, files=count, path=args.out, as_of=as_of)
    return 0
