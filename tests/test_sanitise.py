"""Untrusted text: Markdown formatting survives, nothing executable does, and the built site loads
nothing from outside itself."""
from __future__ import annotations

import re
import shutil
import typing
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pydantic import BaseModel, StringConstraints

from conftest import REPO, mkdocs_build
from helpers import article, replace, search_documents
from pmo_handbook import model as m
from pmo_handbook.loading.load import load_repository
from pmo_handbook.model.registry import REGISTERS
from pmo_handbook.site.text import inline_html, markdown_html

HOSTILE_DATA = REPO / "tests" / "fixtures" / "hostile" / "data"
LINE_PAYLOAD = (HOSTILE_DATA / "organisation.yml").read_text(encoding="utf-8").split("name: &line |-\n  ")[1] \
    .split("\n")[0]
URL_ATTRS = {"href", "src", "srcset", "action", "formaction", "data", "poster", "xlink:href", "background"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
LOADING_TAGS = {"link", "script", "img", "iframe", "frame", "source", "video", "audio", "embed", "object",
                "image", "use", "track", "input"}


class Scan(HTMLParser):
    """Everything in a page that could run, or load, something."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.handlers, self.bad_urls, self.frames, self.script_text, self.loads = [], [], [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value!r}>")
            squashed = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name in URL_ATTRS and squashed.startswith(BAD_SCHEMES):
                self.bad_urls.append(f"<{tag} {name}={value!r}>")
            if tag in LOADING_TAGS and name in URL_ATTRS and re.match(r"(https?:)?//", squashed):
                self.loads.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "frame", "object", "embed"):
            self.frames.append(tag)
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def scan(html: str) -> Scan:
    parser = Scan()
    parser.feed(html)
    parser.close()
    return parser


# --- the sanitiser ------------------------------------------------------------------------------

def test_markdown_formatting_is_kept():
    html = str(markdown_html("**太字** と `コード` と [リンク](https://example.com/a?b=1)\n\n- 一\n- 二\n\n"
                             "1. いち\n2. に\n\n```\n<b>そのまま</b>\n```"))
    assert "<strong>太字</strong>" in html and "<code>コード</code>" in html
    assert '<a href="https://example.com/a?b=1" rel="noopener noreferrer">リンク</a>' in html
    assert "<ul>\n<li>一</li>\n<li>二</li>\n</ul>" in html and "<ol>\n<li>いち</li>" in html
    assert "<pre><code>&lt;b&gt;そのまま&lt;/b&gt;\n</code></pre>" in html


@pytest.mark.parametrize("text, expected", [
    # a line that starts with a tag is an HTML block in CommonMark: no paragraph around it
    ("<script>alert(1)</script>本文", "本文"),
    ("<img src=x onerror=alert(1)>", ""),
    ("<iframe src=https://evil.example/></iframe>", ""),
    ("[x](javascript:alert(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
    ("[x](JaVaScRiPt:alert(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
    ('<a href="&#106;avascript:alert(1)">x</a>', '<p><a rel="noopener noreferrer">x</a></p>'),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", '<p><a rel="noopener noreferrer">x</a></p>'),
    ("[x](vbscript:msgbox(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
    ("<b onmouseover=alert(1)>太字</b>", "<p><b>太字</b></p>"),
    ('"><svg onload=alert(1)>', "<p>\"&gt;</p>"),
    ("<details open ontoggle=alert(1)>x</details>", "x"),
    ("<style>body{display:none}</style>", ""),
    ("<form action=https://evil.example/><input name=q></form>", ""),
    ("![pixel](https://evil.example/p.png)", "<p></p>"),  # an image would be an outside request
    ("<p style='position:fixed'>x</p>", "<p>x</p>"),
    ("<!-- <script>alert(1)</script> -->", ""),
])
def test_executable_and_loading_markup_is_removed(text, expected):
    assert str(markdown_html(text)).strip() == expected


def test_single_line_text_loses_only_its_paragraph():
    assert str(inline_html("**重要** <script>alert(1)</script>")) == "<strong>重要</strong> "
    assert str(inline_html("[x](javascript:alert(1))")) == '<a rel="noopener noreferrer">x</a>'


# --- a fixture whose every free-text field is hostile ---------------------------------------------

def _str_constraints(metadata) -> list:
    return [x for x in metadata if isinstance(x, StringConstraints)]


def free_text_fields(cls: type[BaseModel], seen=None) -> set[tuple[str, str]]:
    """(model, field) for every field reachable from cls that holds text a person typed: a str
    with no id pattern."""
    seen = set() if seen is None else seen
    if cls in seen:
        return set()
    seen.add(cls)
    found = set()
    for name, info in cls.model_fields.items():
        for kind, metadata in _leaves(info.annotation, list(info.metadata)):
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                found |= free_text_fields(kind, seen)
            elif kind is str and not any(c.pattern for c in _str_constraints(metadata)):
                found.add((cls.__name__, name))
    return found


def _leaves(annotation, metadata):
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        yield from _leaves(inner, metadata + extra)
    elif origin is dict:
        yield from _leaves(typing.get_args(annotation)[1], [])
    elif origin is not None and origin is not typing.Literal:
        for arg in typing.get_args(annotation):
            yield from _leaves(arg, metadata)
    else:
        yield annotation, metadata


def filled_fields(obj, found: set) -> None:
    """(model, field) of every free-text value in obj that holds the payloads."""
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if isinstance(value, str) and "alert(" in value or \
                    isinstance(value, list) and any(isinstance(v, str) and "alert(" in v for v in value):
                found.add((type(obj).__name__, name))
            filled_fields(value, found)
    elif isinstance(obj, list):
        for item in obj:
            filled_fields(item, found)
    elif isinstance(obj, dict):
        for item in obj.values():
            filled_fields(item, found)


def test_hostile_fixture_fills_every_free_text_field():
    repo = load_repository(HOSTILE_DATA, REPO / "pmo_templates")
    p = repo.projects["hostile"]
    found: set = set()
    filled_fields(repo.organisation, found)
    for key in REGISTERS:
        filled_fields(getattr(p, key), found)
    expected = free_text_fields(m.Organisation)
    for reg in REGISTERS.values():
        expected |= free_text_fields(reg.root)
    assert expected - found == set()
    assert len(expected) > 80


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The hostile fixture built with a standard whose role names are hostile too (they become
    navigation labels)."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(REPO / "pmo_templates", root / "pmo_templates")
    roles = root / "pmo_templates" / "roles.yml"
    replace(roles, "    name: PMO（プロジェクトマネジメントオフィス）", "    name: '<img src=x onerror=alert(31)>'")
    result = mkdocs_build(root / "site", HOSTILE_DATA, PMO_TEMPLATES_DIR=root / "pmo_templates")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_no_payload_is_executable_in_any_page(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = scan(html)
        assert found.handlers == [], page
        assert found.bad_urls == [], page
        assert found.frames == [], page
        assert not [t for t in found.script_text if "alert(" in t], page
        assert "<img" not in html, page


def test_payloads_are_shown_as_text(hostile_site):
    html = article(hostile_site, "projects/hostile/issues/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert 'onclick="alert(8)" }' not in html  # attr_list syntax in data is text, not an attribute
    nav = (hostile_site / "handbook" / "roles" / "pmo" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(31)&gt;" in nav


def test_formatting_in_hostile_text_is_kept(hostile_site):
    html = article(hostile_site, "projects/hostile/charter/")
    assert "<strong>太字</strong>" in html and "<code>コード</code>" in html
    assert '<a href="https://example.com/" rel="noopener noreferrer">正しいリンク</a>' in html
    assert "<li>箇条書き</li>" in html


def test_search_index_holds_data_as_plain_text(hostile_site):
    """The index holds the hostile text as characters; the search box writes them as text
    (tests/browser/test_site.py), so nothing in them becomes markup."""
    docs = search_documents(hostile_site)
    hits = {url: d for url, d in docs.items() if "alert(" in d["content"] + d["meta"].get("title", "")}
    assert len(hits) > 10
    record = docs["/projects/hostile/team/#tanaka"]
    assert record["meta"]["title"].startswith('=HYPERLINK("http://evil.example/","x")<script>alert(1)</script>')


def test_spreadsheet_cells_from_data_are_never_formulas(hostile_site):
    import zipfile

    books = sorted((hostile_site / "downloads").rglob("*.xlsx"))
    assert books
    for book in books:
        with zipfile.ZipFile(book) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    formulas = re.findall(r"<f>(.*?)</f>", z.read(name).decode("utf-8"))
                    assert not [f for f in formulas if "HYPERLINK" in f or "evil" in f], (book, name)


# --- no outside requests --------------------------------------------------------------------------

def test_built_pages_load_nothing_from_outside(sample_site):
    pages = sorted(sample_site.rglob("*.html"))
    for page in pages:
        assert scan(page.read_text(encoding="utf-8")).loads == [], page
    for css in sample_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text), css


def test_theme_fonts_are_not_fetched():
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+font: false\b", config, re.M)
