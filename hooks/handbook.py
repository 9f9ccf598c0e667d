"""MkDocs hooks: translate MkDocs events into pmo_handbook engine calls. Keep this file thin:
`mkdocs serve` does not reload hook modules, but it does reload the engine's data."""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, Section

from pmo_handbook.errors import DataErrors
from pmo_handbook.loading.load import load_repository
from pmo_handbook.site import build_site
from pmo_handbook.site.html import anchor_ids, search_sections
from pmo_handbook.site.render import bytecode_cache
from pmo_handbook.settings import Settings, SettingsError

log = logging.getLogger("mkdocs.hooks.pmo_handbook")


class Download(File):
    """A file copied as it is: a Markdown template download must not become a page."""

    def is_documentation_page(self) -> bool:
        return False

_site = None
_generated: set[str] = set()  # src_uri of every generated page
_html: dict[str, str] = {}  # generated page body between on_page_markdown and on_page_content
_project_navs: dict[str, Navigation] = {}


def on_config(config):
    """Load and validate everything before MkDocs writes a byte: bad data aborts the build."""
    global _site
    root = Path(config.config_file_path).resolve().parent
    try:
        settings = Settings.from_mapping(config.extra.get("pmo") or {}, config.theme.get("language", "ja"), root)
        repo = load_repository(settings.data_dir, settings.templates_dir, only=settings.project,
                               as_of=settings.as_of)
        site = build_site(repo, settings, edit_root=root)
    except SettingsError as exc:
        raise Abort(f"pmo-handbook: {exc}") from None
    except DataErrors as exc:
        for error in exc.errors:
            log.error(str(error))
        raise Abort(f"pmo-handbook: {len(exc.errors)} data error(s); the build stopped "
                    "before writing anything (run `pmo-handbook validate` for the same list)") from None
    _site = site
    config.nav = _site.nav + list(config.nav or [])
    return config


def on_files(files, config):
    docs = Path(config.docs_dir).resolve()
    root = Path(config.config_file_path).resolve().parent
    _generated.clear()
    for page in _site.pages:
        _generated.add(page.src_uri)
        f = File.generated(config, page.src_uri, content=page.content)
        # "Edit this page" opens the YAML file behind the page, not a generated Markdown file.
        f.edit_uri = Path(os.path.relpath(root / page.edit_path, docs)).as_posix() if page.edit_path else None
        files.append(f)
    for download in _site.downloads:
        files.append(Download.generated(config, download.src_uri, content=download.content))
    return files


def on_nav(nav, config, files):
    """Each project's pages get a navigation holding only their own project: Material renders
    the whole navigation into every page, which made the build quadratic in the project count."""
    _project_navs.clear()
    for item in nav.items:
        for section in (item.children or []) if item.is_section else []:
            index = next((c for c in section.children or [] if c.is_page), None)
            parts = index.file.src_uri.split("/") if index else []
            if section.is_section and len(parts) == 3 and parts[0] == "projects":
                items = [_Only(item.title, [section]) if i is item else i for i in nav.items]
                _project_navs[parts[1]] = Navigation(items, nav.pages)
    return nav


class _Only(Section):
    """A top-level section showing one of its children; active when that child is."""

    @property
    def active(self) -> bool:
        return any(child.active for child in self.children)

    @active.setter
    def active(self, value) -> None:
        pass


def on_env(env, config, files):
    env.bytecode_cache = env.bytecode_cache or bytecode_cache()  # the theme's compiled templates too
    return env


def on_page_markdown(markdown, page, config, files):
    # Generated pages are already HTML: Python-Markdown would only re-parse every tag of them.
    if page.file.src_uri in _generated:
        _html[page.file.src_uri] = markdown
        if _search_index(config) is not None:  # indexed by on_page_context, without a parser
            page.meta["search"] = {"exclude": True}
        return ""
    return markdown


def on_page_content(html, page, config, files):
    body = _html.pop(page.file.src_uri, None)
    if body is None:
        return html
    page.present_anchor_ids = anchor_ids(body)  # lets --strict check links to #iss-001
    return body


def _search_index(config):
    """Material's search index, or None when its search plugin is not in use."""
    plugin = config.plugins.get("material/search")
    if plugin is None or not plugin.config.enabled:
        return None
    return getattr(plugin, "search_index", None)


def on_page_context(context, page, config, nav):
    index = _search_index(config)
    if page.file.src_uri in _generated and index is not None:
        title = str(page.meta.get("title", page.title))
        for section in search_sections(page.content):  # one entry per record, e.g. #iss-001
            index.entries.append({"location": page.url + (f"#{section.anchor}" if section.anchor else ""),
                                  "title": section.title or title, "text": section.text})
    parts = page.file.src_uri.split("/")
    if parts[0] == "projects" and len(parts) == 3 and parts[1] in _project_navs:
        context["nav"] = _project_navs[parts[1]]
    return context


def on_post_build(config):
    """Material writes the search index with Japanese as \\uXXXX escapes, twice the bytes a
    browser must download before the first search: write it again as UTF-8."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
