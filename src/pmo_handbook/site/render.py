"""The Jinja environment shared by every generated page."""
from __future__ import annotations

import datetime as dt
import html
import re
from functools import lru_cache

import jinja2
from markupsafe import Markup

from pmo_handbook.i18n import labels
from pmo_handbook.site.html import labelled
from pmo_handbook.site.text import inline_html, markdown_html
from pmo_handbook.status.rag import RANK as RAG_RANK


@lru_cache(maxsize=4)
def environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pmo_handbook", "templates"),
        autoescape=True,  # data is untrusted: escape by default, opt in to sanitised HTML
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
        bytecode_cache=bytecode_cache(),
    )
    lab = labels(lang)
    env.globals.update(L=lab, ui=lab.ui, rag_rank=lambda rag: RAG_RANK.get(rag, -1))  # what RAG columns sort by
    env.filters.update(
        md=markdown_html, mdi=inline_html, date=format_date,
        enum=lambda value, domain: lab.enum(domain, value),
        title_meta=title_meta, num=format_number,
        labelled=lambda rows, headers: Markup(labelled(str(rows), headers)),
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


def render(lang: str, template: str, **context: object) -> str:
    return environment(lang).get_template(template).render(**context)


def format_date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def format_number(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


# What a YAML double-quoted scalar may hold as it is: YAML's printable characters less the
# quote, the backslash and the characters PyYAML reads as line breaks (NEL, U+2028, U+2029).
_YAML_RAW = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff"
_YAML_ESCAPE = re.compile(f'[^{_YAML_RAW}]|["\\\\]')


def title_meta(value: str) -> Markup:
    """A page title for the front matter, as a YAML double-quoted string that no character can
    break: MkDocs drops front matter it cannot parse, and the theme then prints the navigation
    title through `striptags`, which un-escapes it. Escaped for HTML here, as the theme prints
    the title as it is."""
    return Markup('"' + _YAML_ESCAPE.sub(_yaml_escape, html.escape(value, quote=False)) + '"')


def _yaml_escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in '"\\':
        return "\\" + char
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate is no character: YAML would pass it on
        return "\\ufffd"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
