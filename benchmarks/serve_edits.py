#!/usr/bin/env python3
"""Edit -> rebuilt site in one `mkdocs serve` session, in this process (benchmarks/run.py runs it).

It builds the site as `mkdocs serve` does (on_startup with command "serve", then a fresh config
and MkDocs' build() per change, with the hooks' plugin instance kept), then makes each kind of
edit RUNS times (each edit undoes the one before, so every rebuild has a change to find) and
times the rebuild from the saved file to build() returning: pages, downloads and the search
index written. The watcher's own delay (livereload polls the files) is not included. Prints one
JSON object: kind -> list of seconds, and where the time went in the last rebuild of each kind.

usage: python benchmarks/serve_edits.py DATA TEMPLATES SITE RUNS [--dirty] [--only KIND]
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def toggle(path: Path, pattern: str, forth: Callable[[str], str], back: Callable[[str], str]) -> Callable[[int], None]:
    """An edit of the first match of pattern's group 1: forth on even runs, back on odd ones."""
    def apply(run: int) -> None:
        text = path.read_text(encoding="utf-8")
        m = re.search(pattern, text, re.MULTILINE)
        if m is None:
            raise SystemExit(f"{pattern!r} not in {path}")
        new = (back if run % 2 else forth)(m.group(1))
        path.write_text(text[:m.start(1)] + new + text[m.end(1):], encoding="utf-8")
    return apply


def edits(data: Path, templates: Path) -> dict[str, Callable[[int], None]]:
    """The kinds of edit the issue names, each in the first project (by folder name)."""
    first = sorted((data / "projects").iterdir())[0]
    days = dt.timedelta(days=30)
    return {
        "issue due date": toggle(first / "issues.yml", r"^    due: (\d{4}-\d\d-\d\d)$",
                                 lambda d: (dt.date.fromisoformat(d) - days).isoformat(),
                                 lambda d: (dt.date.fromisoformat(d) + days).isoformat()),
        "WBS task": toggle(first / "wbs.yml", r"^    planned_effort: (\d+)$",
                           lambda e: str(int(e) + 15), lambda e: str(int(e) - 15)),
        "member allocation": toggle(first / "members.yml", r"^        effort: ([\d.]+)$",
                                    lambda e: f"{float(e) + 0.5:g}", lambda e: f"{float(e) - 0.5:g}"),
        "standard template": toggle(templates / "glossary.yml", r"^    definition: >-\n      (.*)$",
                                    lambda t: t + "（改訂）", lambda t: t.removesuffix("（改訂）")),
    }


class Phases:
    """Seconds spent in the plugin's on_config (load + pages in memory) and the search index."""

    def __init__(self) -> None:
        from pmo_handbook.mkdocs import plugin

        self.seconds: dict[str, float] = {}
        for owner, name in ((plugin.HandbookPlugin, "on_config"), (plugin, "write_search_index")):
            setattr(owner, name, self.timed(name, getattr(owner, name)))

    def timed(self, name: str, f: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            start = time.perf_counter()
            try:
                return f(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
        return wrapper


def main() -> int:
    data, templates, site, runs = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
    dirty = "--dirty" in sys.argv  # `mkdocs serve --dirty`: only changed files are written
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    os.environ.update(PMO_DATA_DIR=str(data), PMO_TEMPLATES_DIR=str(templates), NO_MKDOCS_2_WARNING="1")
    phases = Phases()  # before the hooks module binds the plugin's methods
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    plugins: list[Any] = []

    def rebuild() -> tuple[float, float]:
        """(seconds to the rebuilt pages, seconds to the search index too)."""
        start = time.perf_counter()
        config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site))
        if not plugins:
            config.plugins.on_startup(command="serve", dirty=dirty)
            plugins.append(next(h._plugin for h in config.plugins.values() if hasattr(h, "_plugin")))
        build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty)
        pages = time.perf_counter() - start
        plugins[0].search_ready()
        return round(pages, 3), round(time.perf_counter() - start, 3)

    first = rebuild()
    times: dict[str, list[tuple[float, float]]] = {}
    where: dict[str, dict[str, float]] = {}
    for kind, apply in edits(data, templates).items():
        if only and kind != only:
            continue
        times[kind] = []
        for run in range(runs):
            apply(run)
            phases.seconds.clear()
            times[kind].append(rebuild())
        plugin = plugins[0]
        where[kind] = {**{k: round(v, 3) for k, v in phases.seconds.items()},
                       "parts made": len(plugin.session.memo.last_made),
                       "files written": len(plugin.writes.written) if plugin.writes else -1}
    print(json.dumps({"dirty": dirty, "first build": first, "edits": times, "phases": where}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
