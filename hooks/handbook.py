"""MkDocs hooks: translate MkDocs events into pmo_handbook engine calls. Keep this file thin:
`mkdocs serve` does not reload hook modules, but it does reload the engine's data."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from pmo_handbook.errors import DataErrors
from pmo_handbook.load import load_repository
from pmo_handbook.pages import build_site
from pmo_handbook.settings import Settings, SettingsError

log = logging.getLogger("mkdocs.hooks.pmo_handbook")
_site = None


def on_config(config):
    """Load and validate everything before MkDocs writes a byte: bad data aborts the build."""
    global _site
    root = Path(config.config_file_path).resolve().parent
    try:
        settings = Settings.from_mapping(config.extra.get("pmo") or {}, config.theme.get("language", "ja"), root)
        repo = load_repository(settings.data_dir, settings.templates_dir, only=settings.project)
    except SettingsError as exc:
        raise Abort(f"pmo-handbook: {exc}") from None
    except DataErrors as exc:
        for error in exc.errors:
            log.error(str(error))
        raise Abort(f"pmo-handbook: {len(exc.errors)} data error(s); the build stopped "
                    "before writing anything (run `pmo-handbook validate` for the same list)") from None
    _site = build_site(repo, settings, edit_root=root)
    config.nav = _site.nav + list(config.nav or [])
    return config


def on_files(files, config):
    docs = Path(config.docs_dir).resolve()
    root = Path(config.config_file_path).resolve().parent
    for page in _site.pages:
        f = File.generated(config, page.src_uri, content=page.content)
        # "Edit this page" opens the YAML file behind the page, not a generated Markdown file.
        f.edit_uri = Path(os.path.relpath(root / page.edit_path, docs)).as_posix() if page.edit_path else None
        files.append(f)
    for download in _site.downloads:
        files.append(File.generated(config, download.src_uri, content=download.content))
    return files
