"""The Jinja environment shared by every generated page."""
from __future__ import annotations

import datetime as dt
import html
import json
from functools import lru_cache

import jinja2
from markupsafe import Markup

from pmo_handbook.i18n import labels
from pmo_handbook.site.text import inline_html, markdown_html


@lru_cache(maxsize=4)
def environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pmo_handbook", "templates"),
        autoescape=True,  # data is untrusted: escape by default, opt in to sanitised HTML
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
        bytecode_cache=bytecode_cache(),
    )
    lab = labels(lang)
    env.globals.update(L=lab, ui=lab.ui)
    env.filters.update(
        md=markdown_html, mdi=inline_html, date=format_date,
        enum=lambda value, domain: lab.enum(domain, value),
        title_meta=title_meta, num=format_number,
    )
    return env


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds in a private folder under the system's temporary
    folder, keyed by each template's source: compiling is most of a one-project build's template
    time. None where that folder cannot be made."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def render(lang: str, template: str, **context) -> str:
    return environment(lang).get_template(template).render(**context)


def format_date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def format_number(value, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def title_meta(value: str) -> Markup:
    """A page title for the front matter: MkDocs themes print it unescaped, so escape it here,
    and quote it as JSON, which is valid YAML whatever the text holds."""
    return Markup(json.dumps(html.escape(value, quote=False), ensure_ascii=False))
