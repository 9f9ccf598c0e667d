"""Real-browser fixtures: Debian's Chromium driven by Playwright, the built site served from
127.0.0.1. Every test here is skipped, with the reason, only where Chromium is not installed."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from conftest import AS_OF, REPO, mkdocs_build

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
HOSTILE_DATA = REPO / "tests" / "fixtures" / "hostile" / "data"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.browser)
            if CHROMIUM is None:
                item.add_marker(pytest.mark.skip(
                    reason="Chromium is not installed (apt-get install chromium fonts-noto-cjk)"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright  # a test dependency: missing means failing

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path):
    """Serve site on 127.0.0.1; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def sample_url(sample_site):
    yield from serve(sample_site)


@pytest.fixture(scope="session")
def sharded_url(sample_site, tmp_path_factory):
    """The sample site with its search index written in three shards, as a large portfolio's is
    (site/pagefind.py: SHARD_DOCUMENTS), from the records the build indexed."""
    import datetime as dt

    from pmo_handbook.loading.load import load_repository
    from pmo_handbook.settings import Settings
    from pmo_handbook.site import build_site, pagefind

    site = tmp_path_factory.mktemp("sharded") / "site"
    shutil.copytree(sample_site, site)
    settings = Settings(data_dir=REPO / "data", as_of=dt.date.fromisoformat(AS_OF))
    records = build_site(load_repository(REPO / "data", REPO / "pmo_templates"), settings).search
    documents = len(records) + len(list(pagefind.prose_pages(site)))
    size, pagefind.SHARD_DOCUMENTS = pagefind.SHARD_DOCUMENTS, -(-documents // 3)
    try:
        assert pagefind.write_search_index(site, records, "ja")["shards"] == 3
    finally:
        pagefind.SHARD_DOCUMENTS = size
    yield from serve(site)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("hostile-browser") / "site"
    result = mkdocs_build(site, HOSTILE_DATA)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def hostile_url(hostile_site):
    yield from serve(hostile_site)


class Watch:
    """What a page did: requests, console errors, uncaught exceptions and dialogs."""

    def __init__(self, page):
        self.requests, self.errors, self.dialogs = [], [], []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    tab = context.new_page()
    tab.watch = Watch(tab)
    yield tab
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="ja-JP",
                                  is_mobile=True, has_touch=True, device_scale_factor=2)
    tab = context.new_page()
    tab.watch = Watch(tab)
    yield tab
    context.close()

