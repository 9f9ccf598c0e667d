"""A full build makes the projects' downloads in a forked worker (exports/ahead.py): the site it
gives must be the one made in turn, byte for byte, and the worker must be used at all."""
from __future__ import annotations

import datetime as dt

from conftest import REPO

from pmo_handbook.authoring import demo
from pmo_handbook.exports import ahead
from pmo_handbook.loading.load import Loader, load_repository
from pmo_handbook.settings import from_options
from pmo_handbook.site.builder import build_site

AS_OF = dt.date(2026, 11, 26)


def site_of(data, monkeypatch, in_turn: bool):
    monkeypatch.setattr(ahead, "MIN_PROJECTS", 10**6 if in_turn else 2)
    repo = load_repository(data, REPO / "pmo_templates", as_of=AS_OF)
    settings = from_options({"data_dir": str(data), "as_of": AS_OF.isoformat()})
    return build_site(repo, settings)


def test_downloads_made_ahead_are_the_ones_made_in_turn(tmp_path, monkeypatch):
    standard = Loader(REPO, REPO / "pmo_templates").standard()
    demo.write(tmp_path / "data", 9, 3, standard, AS_OF)
    here = []  # calls made in this process (the worker's land in its own copy of the list)
    real = ahead.project_downloads
    monkeypatch.setattr(ahead, "project_downloads", lambda p, *args: here.append(p.id) or real(p, *args))
    forked = site_of(tmp_path / "data", monkeypatch, in_turn=False)
    assert here == []  # every project's downloads came from the worker
    sequential = site_of(tmp_path / "data", monkeypatch, in_turn=True)
    assert len(here) == 9
    assert len(forked.downloads) == len(sequential.downloads) > 9 * 5
    assert [(d.src_uri, d.content) for d in forked.downloads] == [(d.src_uri, d.content) for d in sequential.downloads]
    assert [(p.src_uri, p.content) for p in forked.pages] == [(p.src_uri, p.content) for p in sequential.pages]
