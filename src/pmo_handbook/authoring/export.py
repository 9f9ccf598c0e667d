"""`pmo-handbook export DIR`: the generated site as a plain docs tree that any MkDocs-compatible
generator builds without our hooks (Zensical, ProperDocs, MkDocs): DIR/docs holds the generated
pages, the downloads and the hand-written docs; DIR/mkdocs.yml is the repository's configuration
with the navigation written out and no `hooks:`; the theme's custom_dir (overrides/), which the
pages are rendered with, is copied beside it.

A generated page is HTML already. The hooks build hands it to the theme as it is; a plain build
runs it through Markdown first, so each body goes inside one block-level <div>: Markdown passes
a raw HTML block through untouched, and no line of it is read as Markdown."""
from __future__ import annotations

import os
import posixpath
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from pmo_handbook.i18n import LANGUAGES, labels
from pmo_handbook.loading.load import load_repository
from pmo_handbook.settings import Settings
from pmo_handbook.settings import from_mkdocs as settings_from_mkdocs
from pmo_handbook.site import Site, build_site
from pmo_handbook.site.language import translated_nav

MARKER = ".pmo-export"  # names a folder this command wrote, which it may replace
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
PLAIN_SUFFIX = ".txt"  # appended to a Markdown download so a plain build copies it, not renders it
WRAPPER = '<div class="pmo-page" markdown="0">'


class ExportError(Exception):
    """Nothing was written; the message says why."""


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (!ENV resolved), without validating the plugins it names."""
    with open(config_file, encoding="utf-8") as f:
        config = yaml_load(f)
    if not isinstance(config, dict):
        raise ExportError(f"{config_file}: not a MkDocs configuration")
    return config


def settings_of(config: dict[str, Any], root: Path) -> Settings:
    """The settings the hooks build of this configuration would use (mkdocs.yml, then environment)."""
    return settings_from_mkdocs((config.get("extra") or {}).get("pmo"),
                                (config.get("theme") or {}).get("language"), root)


def plain_download_uri(src_uri: str) -> str:
    """Where a download lands in the export: a Markdown file would become a page, so it gets
    .txt appended (issue_log.md -> issue_log.md.txt); every other download keeps its URL."""
    return src_uri + PLAIN_SUFFIX if src_uri.lower().endswith(MARKDOWN_SUFFIXES) else src_uri


def plain_page_uri(src_uri: str) -> str:
    """Where a generated page lands in the export: issues.md becomes issues/index.md, the same
    URL (issues/) from a file in that folder. The pages link relative to their URL; Zensical
    reads links in raw HTML relative to the source file and rewrites them, so the two must agree."""
    if src_uri == "index.md" or src_uri.endswith("/index.md"):
        return src_uri
    return src_uri.removesuffix(".md") + "/index.md"


_MD_LINK = re.compile(r"\]\(([^)\s#:]+\.md)(#[^)\s]*)?\)")


def relink(markdown: str, src_uri: str, moved: dict[str, str]) -> str:
    """A hand-written page's Markdown links to generated pages, pointed at where they moved."""
    here = posixpath.dirname(src_uri)

    def fix(m: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(here, m.group(1)))
        if target not in moved:
            return m.group(0)
        return f"]({posixpath.relpath(moved[target], here or '.')}{m.group(2) or ''})"
    return _MD_LINK.sub(fix, markdown)


def pick_language(docs: Path, lang: str) -> None:
    """The hand-written pages in the build's language, as the hooks serve them
    (mkdocs/language.py): guide/reading.en.md replaces guide/reading.md in an English export;
    no language's variant stays a page of its own."""
    for lang_code in LANGUAGES:
        for variant in sorted(docs.rglob(f"*.{lang_code}.md")):
            base = variant.with_name(variant.name.removesuffix(f".{lang_code}.md") + ".md")
            if lang_code == lang != "ja" and base.is_file():  # ja: the page itself
                variant.replace(base)
            else:
                variant.unlink()


def plain_nav(nav: Any) -> Any:
    """The navigation with every generated page at its place in the export."""
    if isinstance(nav, list):
        return [plain_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {title: plain_nav(value) for title, value in nav.items()}
    return plain_page_uri(nav) if isinstance(nav, str) else nav


def plain_page(content: str) -> str:
    """A generated page (front matter + HTML) as a Markdown page whose body Markdown leaves alone."""
    front, body = "", content
    if content.startswith("---\n"):
        end = content.index("\n---\n", 4) + len("\n---\n")
        front, body = content[:end], content[end:]
    return f"{front}\n{WRAPPER}\n{body.strip()}\n</div>\n"


def theme_dir(config: dict[str, Any], root: Path) -> tuple[Path, str] | None:
    """The theme's custom_dir (Material's overrides) named by the configuration, and where it
    goes in the export: the same relative path when it is inside the repository, else its
    folder name. None when the configuration names none."""
    theme = config.get("theme")
    named = theme.get("custom_dir") if isinstance(theme, dict) else None
    if not named:
        return None
    source = (root / str(named)).resolve()
    if not source.is_dir():
        raise ExportError(f"theme.custom_dir {named!r}: no such folder ({source})")
    try:
        place = source.relative_to(root.resolve()).as_posix()
    except ValueError:
        place = source.name
    if place in (".", "docs") or place.startswith("docs/"):
        raise ExportError(f"theme.custom_dir {named!r}: cannot be exported beside the docs folder")
    return source, place


def export_config(config: dict[str, Any], site: Site, settings: Settings,
                  custom_dir: str | None = None) -> dict[str, Any]:
    """The configuration of the exported tree: no hooks, the navigation written out, the docs
    folder beside it, the build's language, and no links to the git server where the audience
    must not see them. The engine's settings are spent: the pages are computed already."""
    out = {k: v for k, v in config.items() if k not in ("hooks", "watch", "docs_dir", "site_dir")}
    out["docs_dir"] = "docs"
    out["nav"] = plain_nav(site.nav) + translated_nav(list(config.get("nav") or []), settings.lang)
    if out.get("site_name") == labels("ja").ui("site_name"):  # the default name, as the hooks do
        out["site_name"] = labels(settings.lang).ui("site_name")
    out["theme"] = dict(config.get("theme") or {}, language=settings.lang)
    if custom_dir is not None:  # copied into the export (theme_dir)
        out["theme"]["custom_dir"] = custom_dir
    extra = {k: v for k, v in (config.get("extra") or {}).items() if k != "pmo"}
    out["extra"] = extra
    # A generated page is edited in a YAML file under data/, which a plain build cannot know:
    # no "edit this page" in the export (MkDocs would link docs/projects/..., which does not exist).
    for key in ("edit_uri", "edit_uri_template"):
        out.pop(key, None)
    if not settings.edit_links:
        for key in ("repo_url", "repo_name"):
            out.pop(key, None)
    # md_in_html honours markdown="0" on the page wrapper (and drops the attribute from the output).
    extensions = list(out.get("markdown_extensions") or [])
    if not any(e == "md_in_html" or (isinstance(e, dict) and "md_in_html" in e) for e in extensions):
        extensions.append("md_in_html")
    out["markdown_extensions"] = extensions
    return out


def build_tree(config_file: Path, target: Path, settings: Settings, config: dict[str, Any]) -> None:
    root = config_file.parent
    repo = load_repository(settings.data_dir, settings.templates_dir, only=settings.project,
                           max_bytes=settings.max_file_bytes)
    site = build_site(repo, settings, download_uri=plain_download_uri)
    docs = target / "docs"
    shutil.copytree(root / config.get("docs_dir", "docs"), docs, symlinks=False)
    pick_language(docs, settings.lang)
    moved = {page.src_uri: plain_page_uri(page.src_uri) for page in site.pages}
    for written in sorted(docs.rglob("*.md")):
        uri = written.relative_to(docs).as_posix()
        written.write_text(relink(written.read_text(encoding="utf-8"), uri, moved), encoding="utf-8")
    for page in site.pages:
        _write(docs, moved[page.src_uri], plain_page(page.content).encode("utf-8"))
    for download in site.downloads:
        _write(docs, download.src_uri, download.content)
    custom_dir: str | None = None
    overrides = theme_dir(config, root)
    if overrides is not None:
        source, custom_dir = overrides
        shutil.copytree(source, target / custom_dir, symlinks=False)
    text = yaml.safe_dump(export_config(config, site, settings, custom_dir),
                          allow_unicode=True, sort_keys=False)
    (target / "mkdocs.yml").write_text(
        "# Written by `pmo-handbook export`: build with zensical, properdocs or mkdocs; do not edit.\n"
        + text, encoding="utf-8")
    (target / MARKER).write_text("", encoding="utf-8")


def _write(docs: Path, src_uri: str, content: bytes) -> None:
    path = docs / src_uri
    if not path.resolve().is_relative_to(docs.resolve()):  # ids are checked; this is the last guard
        raise ExportError(f"refusing to write {src_uri}: outside the export")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def export(config_file: Path, target: Path) -> Settings:
    """Write the export to target in one step: built in a fresh folder beside it, then renamed
    into place, so target holds the old export or the new one, never half of each. Refuses a
    target that exists and was not written by this command."""
    config_file = Path(config_file).resolve()
    config = read_config(config_file)
    settings = settings_of(config, config_file.parent)
    target = Path(os.path.abspath(target))
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise ExportError(f"{target}: not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise ExportError(f"{target}: the folder is not empty and was not written by `pmo-handbook export`")
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        build_tree(config_file, fresh, settings, config)
        old = None
        if target.exists():
            old = target.with_name(fresh.name + ".old")
            target.rename(old)
        fresh.rename(target)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return settings
