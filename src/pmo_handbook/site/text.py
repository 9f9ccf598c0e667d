"""Untrusted free text from data/ -> safe HTML. Markdown is kept, anything executable is not.

The renderer is markdown-it-py (CommonMark + tables + strikethrough), not Python-Markdown: the
latter takes time quadratic or worse in the length of one paragraph on unbalanced brackets and
backticks (`[` x 20,000, one allowed field, took two minutes; Python-Markdown issue #798),
while markdown-it's parsers are linear on those inputs and cap how far a table pads its rows.
Raw HTML still passes the parser and nh3 alone decides what survives, as before."""
from __future__ import annotations

import html
import unicodedata
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markupsafe import Markup

# What a register's free text may use: formatting, lists, links, code, small tables. No images
# (they would request outside the site), no forms, no frames, no style.
_TAGS = {"p", "br", "strong", "em", "b", "i", "code", "pre", "ul", "ol", "li", "a", "blockquote",
         "table", "thead", "tbody", "tr", "th", "td", "h4", "h5", "h6", "hr", "del", "s", "kbd"}
_ATTRS = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_SCHEMES = {"http", "https", "mailto"}


def _wide(ch: str) -> bool:
    """Japanese script and full-width punctuation (（）「」、。)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


class _CjkState(StateInline):
    """CommonMark decides whether `**` opens or closes from the characters beside it: a run
    between punctuation and a letter opens only after a space. Japanese has no spaces, so
    `**標準（役割）**で` and `**4.8%**（…` would stay unbold. Here a wide character beside the
    run counts like a space for that rule (the idea of the markdown-cjk-friendly proposal), so
    such emphasis works as it did with Python-Markdown; text without wide characters is read as
    CommonMark says."""

    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:  # noqa: N802 - markdown-it's name
        src, pos, marker = self.src, start, self.src[start]
        while pos < self.posMax and src[pos] == marker:
            pos += 1
        last = src[start - 1] if start > 0 else " "  # a line's edges count as whitespace
        following = src[pos] if pos < self.posMax else " "
        last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
        next_punct = isMdAsciiPunct(ord(following)) or isPunctChar(following)
        last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(following))
        last_edge = last_space or last_punct or _wide(last)
        next_edge = next_space or next_punct or _wide(following)
        left = not (next_space or (next_punct and not last_edge))
        right = not (last_space or (last_punct and not next_edge))
        return Scanned(left and (canSplitWord or not right or last_punct),
                       right and (canSplitWord or not left or next_punct), pos - start)


class _Markdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        return True  # nh3 judges every URL (one policy, also for raw HTML)


def _parser() -> MarkdownIt:
    md = _Markdown("commonmark", {"html": True}).enable(["table", "strikethrough"])

    def parse(src: str, md_: MarkdownIt, env: EnvType, tokens: list[Token]) -> list[Token]:
        # ParserInline.parse with the state above
        state = _CjkState(src, md_, env, tokens)
        md_.inline.tokenize(state)
        for rule in md_.inline.ruler2.getRules(""):
            rule(state)
        return state.tokens

    # markdown-it has no setting for the inline state class: this instance's parse uses ours
    md.inline.parse = parse  # type: ignore[method-assign,assignment]
    return md


_md = _parser()


@lru_cache(maxsize=20_000)
def markdown_html(text: str | None) -> Markup:
    """Render Markdown and sanitise the result. Cached: registers repeat little text, but
    `mkdocs serve` renders the same text again on every rebuild."""
    if not text:
        return Markup("")
    return Markup(sanitise(_md.render(text)))


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRS, url_schemes=_SCHEMES,
                     link_rel="noopener noreferrer")


def inline_html(text: str | None) -> Markup:
    """Single-line text: Markdown rendered, wrapping paragraph removed."""
    html = str(markdown_html(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def nav_title(text: str) -> str:
    """A navigation label from data. MkDocs themes print nav titles unescaped (and a page's nav
    title becomes its <title>), so escape it here, once."""
    return html.escape(text)
