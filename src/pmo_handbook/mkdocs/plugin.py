"""HandbookPlugin: the state of one MkDocs build of the handbook and the events that fill it, in
the way Material's plugins are built (typed settings and state on the instance, nothing at module
level). `mkdocs serve` keeps the instance between rebuilds: on_config starts each build afresh."""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from pmo_handbook import settings as config_reader
from pmo_handbook.errors import DataErrors
from pmo_handbook.loading.load import load_repository
from pmo_handbook.mkdocs.files import download_file, page_file
from pmo_handbook.mkdocs.nav import project_navs
from pmo_handbook.settings import Settings, SettingsError
from pmo_handbook.site import Site, build_site
from pmo_handbook.site.html import anchor_ids, search_sections
from pmo_handbook.site.links import project_of
from pmo_handbook.site.render import bytecode_cache

log = logging.getLogger("mkdocs.hooks.pmo_handbook")


class HandbookPlugin:
    """Reads the settings and the data in on_config (so bad data stops the build before a byte is
    written), then hands MkDocs the generated pages, downloads and navigation."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.settings: Settings | None = None
        self.root = Path()  # the folder of mkdocs.yml: relative settings and edit links start here
        self.site = Site()
        self.generated: set[str] = set()  # src_uri of every generated page
        self.html: dict[str, str] = {}  # a generated page's body, from on_page_markdown to on_page_content
        self.navs: dict[str, Navigation] = {}  # project id -> the navigation its pages show

    # --- configuration: settings and data, validated before anything is written ----------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        self.root = Path(config.config_file_path).resolve().parent
        try:
            s = config_reader.from_mkdocs(config.extra.get("pmo"), config.theme.get("language"), self.root)
            repo = load_repository(s.data_dir, s.templates_dir, only=s.project, max_bytes=s.max_file_bytes)
            self.site = build_site(repo, s, edit_root=self.root if s.edit_links else None)
        except SettingsError as exc:
            raise Abort(f"pmo-handbook: {exc}") from None
        except DataErrors as exc:
            for error in exc.errors:
                log.error(str(error))
            raise Abort(f"pmo-handbook: {len(exc.errors)} data error(s); the build stopped "
                        "before writing anything (run `pmo-handbook validate` for the same list)") from None
        self.settings = s
        if not s.edit_links:
            _without_git_links(config)
        config.nav = self.site.nav + list(config.nav or [])
        return config

    # --- files and navigation -----------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in self.site.pages:
            self.generated.add(page.src_uri)
            files.append(page_file(config, page, self.root))
        for download in self.site.downloads:
            files.append(download_file(config, download))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.navs = project_navs(nav)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.bytecode_cache = env.bytecode_cache or bytecode_cache()  # the theme's compiled templates too
        return env

    # --- pages: generated pages are HTML already ------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Python-Markdown would only re-parse every tag of a generated page: keep its body aside.
        if page.file.src_uri not in self.generated:
            return markdown
        self.html[page.file.src_uri] = markdown
        self._keep_out_of_search(page, config)
        return ""

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        body = self.html.pop(page.file.src_uri, None)
        if body is None:
            return html
        page.present_anchor_ids = anchor_ids(body)  # lets --strict check links to #iss-001
        return body

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        if page.file.src_uri in self.generated:
            self._index_records(page, config)
        project = project_of(page.file.src_uri)
        if project in self.navs:
            context["nav"] = self.navs[project]
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._rewrite_search_index(config)

    # --- search: Material's index, one entry per record -----------------------------------------

    @staticmethod
    def _search_index(config: MkDocsConfig) -> Any:
        """Material's search index, or None when its search plugin is not in use."""
        plugin = config.plugins.get("material/search")
        if plugin is None or not plugin.config.enabled:
            return None
        return getattr(plugin, "search_index", None)

    def _keep_out_of_search(self, page: Page, config: MkDocsConfig) -> None:
        """The search plugin would index a generated page from its HTML; _index_records does it."""
        if self._search_index(config) is not None:
            page.meta["search"] = {"exclude": True}

    def _index_records(self, page: Page, config: MkDocsConfig) -> None:
        index = self._search_index(config)
        if index is None:
            return
        title = str(page.meta.get("title", page.title))
        for section in search_sections(page.content or ""):  # one entry per record, e.g. #iss-001
            index.entries.append({"location": page.url + (f"#{section.anchor}" if section.anchor else ""),
                                  "title": section.title or title, "text": section.text})

    @staticmethod
    def _rewrite_search_index(config: MkDocsConfig) -> None:
        """Material writes the search index with Japanese as \\uXXXX escapes, twice the bytes a
        browser must download before the first search: write it again as UTF-8."""
        path = Path(config.site_dir) / "search" / "search_index.json"
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _without_git_links(config: MkDocsConfig) -> None:
    """Customer and public builds: no "edit this page" and no repository link, both of which lead
    to the internal git server."""
    config["edit_uri"] = None
    config["edit_uri_template"] = None
    config["repo_url"] = None
    config["repo_name"] = None
