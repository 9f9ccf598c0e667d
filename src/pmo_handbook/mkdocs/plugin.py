"""HandbookPlugin: the state of one MkDocs build of the handbook and the events that fill it, in
the way Material's plugins are built (typed settings and state on the instance, nothing at module
level). `mkdocs serve` keeps the instance between rebuilds: on_config starts each build afresh."""
from __future__ import annotations

import gc
from functools import partial
import logging
import os
import threading
from html import escape
from pathlib import Path
from collections.abc import Callable
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from pmo_handbook import settings as config_reader
from pmo_handbook.errors import DataError, DataErrors
from pmo_handbook.i18n.messages import catalogue, located, reader_lang, setting, text
from pmo_handbook.loading.load import load_repository
from pmo_handbook.i18n import labels
from pmo_handbook.mkdocs.files import Reused, download_file, page_file
from pmo_handbook.mkdocs.language import pick_language, translated_nav
from pmo_handbook.mkdocs.nav import project_navs
from pmo_handbook.settings import Settings, SettingsError
from pmo_handbook.site import Download, Site, build_site
from pmo_handbook.site import Page as SitePage
from pmo_handbook.site.incremental import Session
from pmo_handbook.mkdocs.writes import Writes
from pmo_handbook.site.html import anchor_ids
from pmo_handbook.site.pagefind import Cancelled, SearchIndexError, write_search_index
from pmo_handbook.site.links import project_of
from pmo_handbook.site.render import bytecode_cache

log = logging.getLogger("mkdocs.hooks.pmo_handbook")


class HandbookPlugin:
    """Reads the settings and the data in on_config (so bad data stops the build before a byte is
    written), then hands MkDocs the generated pages, downloads and navigation."""

    def __init__(self) -> None:
        self.serving = False  # `mkdocs serve`: broken data shows an error page instead of stopping
        self.watched: list[Path] = []  # the data and templates folders, rebuilt on change when serving
        self.known: set[str] = set()  # dest paths of the pages of the last good build (serve)
        self.session: Session | None = None  # serve: what rebuilds reuse (site/incremental.py)
        self.writes: Writes | None = None  # serve --dirty: write only what changed (mkdocs/writes.py)
        self.reused: Reused | None = None  # serve: the File objects of replayed pages (mkdocs/files.py)
        self.indexing: threading.Thread | None = None  # serve: the search index, written after the pages
        self.outdated = threading.Event()  # serve: set when a newer build makes that index useless
        self.settled = False  # serve: the first good build's objects are frozen (_settle)
        self._reset()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.session = Session() if self.serving else None
        self.writes = Writes() if self.serving and dirty else None
        self.reused = Reused() if self.serving else None
        self.settled = False

    def on_shutdown(self) -> None:
        self.search_ready()
        gc.enable()

    def search_ready(self, cancel: bool = False) -> None:
        """Wait for the search index of the last build (serve writes it after the pages);
        cancel: stop it instead (a minute at 200 projects), the site keeps the index before it."""
        if self.indexing is not None:
            if cancel:
                self.outdated.set()
            self.indexing.join()
            self.indexing = None

    def _reset(self) -> None:
        self.settings: Settings | None = None
        self.root = Path()  # the folder of mkdocs.yml: relative settings and edit links start here
        self.site = Site()
        self.generated: set[str] = set()  # src_uri of every generated page
        self.html: dict[str, str] = {}  # a generated page's body, from on_page_markdown to on_page_content
        self.navs: dict[str, Navigation] = {}  # project id -> the navigation its pages show
        self.failure: str | None = None  # serve with broken data: the error page, served for every page
        self.nav: Navigation | None = None

    # --- configuration: settings and data, validated before anything is written ----------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.search_ready(cancel=True)  # no index is being written while this build writes the site
        if self.serving and self.settled:  # no garbage collection inside a rebuild (_settle)
            gc.disable()
        self._reset()
        self.root = Path(config.config_file_path).resolve().parent
        try:
            s = config_reader.from_mkdocs(config.extra.get("pmo"), config.theme.get("language"), self.root)
            repo = (self.session.load(s, self.root) if self.session else
                    load_repository(s.data_dir, s.templates_dir, only=s.project, max_bytes=s.max_file_bytes, lean=True))
            self.site = build_site(repo, s, edit_root=self.root if s.edit_links else None, session=self.session)
        except SettingsError as exc:
            lang = reader_lang(config.theme.get("language"), os.environ.get("PMO_LANG"))  # as settings.py reads them
            raise Abort(f"pmo-handbook: {setting(exc.key, exc.params, lang, str(exc))}") from None
        except DataErrors as exc:
            self.watched = [s.data_dir, s.templates_dir]
            for error in exc.errors:
                log.error(located(error, s.lang))
            if self.serving:  # keep serving: every page shows the located errors until they are fixed
                self.failure = error_page(exc.errors, s.lang)
                config.nav = []
                return config
            said = catalogue(s.lang)["messages"]["build_stopped"].format(count=len(exc.errors))
            raise Abort(f"pmo-handbook: {said}") from None
        self.settings = s
        self.watched = [s.data_dir, s.templates_dir]
        if not s.edit_links:
            _without_git_links(config)
        config.nav = self.site.nav + translated_nav(list(config.nav or []), s.lang)
        if config.site_name == labels("ja").ui("site_name"):  # the default name, not one chosen
            config.site_name = labels(s.lang).ui("site_name")
        return config

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when the data changes, not only the docs: a fixed file replaces the error page."""
        for folder in self.watched:
            if folder.is_dir():
                server.watch(str(folder))
        return server

    # --- files and navigation -----------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.failure is not None:  # no page is built; on_post_build writes the error page
            return Files([f for f in files if not f.is_documentation_page()])
        pick_language(files, self.settings.lang if self.settings else "ja")
        if self.reused is not None:
            self.reused.start(config)
        for page in self.site.pages:
            self.generated.add(page.src_uri)
            files.append(self._file(page, partial(page_file, config, page, self.root)))
        for download in self.site.downloads:
            files.append(self._file(download, partial(download_file, config, download)))
        if self.reused is not None:
            self.reused.finished()
        self.known = {f.dest_uri for f in files if f.is_documentation_page()}
        if self.writes is not None:
            self.writes.track(files)
        if not self.serving:  # the files hold them now; serve keeps them for the next rebuild
            self.site.pages, self.site.downloads = [], []
        return files

    def _file(self, item: SitePage | Download, make: Callable[[], File]) -> File:
        return self.reused.file(item, make) if self.reused is not None else make()

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.navs = project_navs(nav)
        self.nav = nav
        if self.writes is not None and self.failure is None:  # unchanged pages come back as read
            self.writes.restore(files)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.bytecode_cache = env.bytecode_cache or bytecode_cache()  # the theme's compiled templates too
        if self.writes is not None and self.failure is None and self.nav is not None:  # MkDocs writes next
            self.writes.start_writing(config, self.nav, files)
        return env

    # --- pages: generated pages are HTML already ------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Python-Markdown would only re-parse every tag of a generated page: keep its body aside.
        if page.file.src_uri not in self.generated:
            return markdown
        self.html[page.file.src_uri] = markdown
        if not self.serving:  # read once: a build keeps one copy of each page, not two
            page.file.content_string = ""
        return ""

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        body = self.html.pop(page.file.src_uri, None)
        if body is None:
            return html
        page.present_anchor_ids = anchor_ids(body)  # lets --strict check links to #iss-001
        if self.writes is not None:
            self.writes.was_read(page, body)
        return body

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if not self.serving and page.file.src_uri in self.generated:  # written next; nothing reads it again
            page.content = None
        return output

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        project = project_of(page.file.src_uri)
        if project in self.navs:
            context["nav"] = self.navs[project]
        return context

    def on_build_error(self, *, error: Exception) -> None:
        gc.enable()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.writes is not None:
            self.writes.finished(good=self.failure is None)
        if self.failure is not None:
            gc.enable()
            site = Path(config.site_dir)
            for dest in self.known | {"index.html", "404.html"}:  # 404.html: MkDocs serves it for the rest
                target = site / dest
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(self.failure, encoding="utf-8")
            return
        if self.serving:  # the rebuilt pages are served at once; the search follows in seconds
            self._settle()
            self.outdated = threading.Event()
            self.indexing = threading.Thread(target=self._write_search_index, args=(config, self.outdated),
                                             daemon=True)
            self.indexing.start()
        else:
            self._write_search_index(config)

    def _settle(self) -> None:
        """After serve's first good build: what it keeps for the rebuilds (a large portfolio's
        data, pages and parts, millions of objects) moves out of the garbage collector's sight.
        Otherwise a full collection, about a second at 200 projects, falls inside later
        rebuilds. Only the first build's own leftovers in reference cycles are never freed.
        Later rebuilds run with the collector paused (0.2-0.3 s at 200 projects): from the
        start of a rebuild until its search index is written (_write_search_index), when the
        site is served already."""
        if not self.settled:
            gc.collect()
            gc.freeze()
            self.settled = True

    def _write_search_index(self, config: MkDocsConfig, cancel: threading.Event | None = None) -> None:
        """The search index (Pagefind) of the site just written, one entry per record, also in
        `mkdocs serve`: site/search.py says what is indexed, site/pagefind.py runs the indexer."""
        lang = self.settings.lang if self.settings else "ja"
        try:
            counts = write_search_index(Path(config.site_dir), self.site.search, lang, cancel)
        except Cancelled:  # the newer build has paused the collector again: it stays paused
            log.info("search index: left for the newer build")
            return
        except SearchIndexError as exc:
            gc.enable()
            if self.serving:  # a thread: nothing to abort, the site is served without a new index
                log.error("pmo-handbook: %s", exc)
                return
            raise Abort(f"pmo-handbook: {exc}") from None
        if self.serving and self.settled:  # paused since on_config; the rebuilt site is served already
            gc.enable()
            gc.collect()  # now, not at the first allocation of the next rebuild
        log.info("search index: %(pages)d pages and %(records)d records in %(seconds).1f s", counts)


def error_page(errors: list[DataError], lang: str) -> str:
    """The page `mkdocs serve` shows while the data has errors: every located error, escaped; it
    reloads itself, so it gives way to the site once the data is fixed (a 404 page gets no
    livereload script from MkDocs)."""
    words = catalogue(lang)["messages"]
    items = "\n".join(f"<li><code>{escape(f'{e.path}:{e.line}:{e.column}')}</code> "
                      f"{escape(text(e, lang))}</li>" for e in errors)
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="2"><title>{escape(words["serve_title"])}</title></head>\n'
            f'<body><h1>{escape(words["serve_title"])}</h1>\n'
            f'<p>{escape(words["serve_intro"].format(count=len(errors)))}</p>\n<ol>\n{items}\n</ol></body></html>\n')


def _without_git_links(config: MkDocsConfig) -> None:
    """Customer and public builds: no "edit this page" and no repository link, both of which lead
    to the internal git server."""
    config["edit_uri"] = None
    config["edit_uri_template"] = None
    config["repo_url"] = None
    config["repo_name"] = None
