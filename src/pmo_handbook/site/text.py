"""Untrusted free text from data/ -> safe HTML. Markdown is kept, anything executable is not."""
from __future__ import annotations

import html
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

# What a register's free text may use: formatting, lists, links, code, small tables. No images
# (they would request outside the site), no forms, no frames, no style.
_TAGS = {"p", "br", "strong", "em", "b", "i", "code", "pre", "ul", "ol", "li", "a", "blockquote",
         "table", "thead", "tbody", "tr", "th", "td", "h4", "h5", "h6", "hr", "del", "s", "kbd"}
_ATTRS = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_SCHEMES = {"http", "https", "mailto"}

_md = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")


@lru_cache(maxsize=20_000)
def markdown_html(text: str | None) -> Markup:
    """Render Markdown and sanitise the result. Cached: registers repeat little text, but
    `mkdocs serve` renders the same text again on every rebuild."""
    if not text:
        return Markup("")
    html = _md.reset().convert(text)
    return Markup(sanitise(html))


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRS, url_schemes=_SCHEMES,
                     link_rel="noopener noreferrer")


def inline_html(text: str | None) -> Markup:
    """Single-line text: Markdown rendered, wrapping paragraph removed."""
    html = str(markdown_html(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def nav_title(text: str) -> str:
    """A navigation label from data. MkDocs themes print nav titles unescaped (and a page's nav
    title becomes its <title>), so escape it here, once."""
    return html.escape(text)
