"""Every link of the built site resolves: each relative href and src names a file of the site, and
each #anchor, on the same page or another, is an id of the page it points at. The generated pages
are included: `mkdocs build --strict` checks only the Markdown links of hand-written pages.

Built four ways, since each drops pages that others still have: the whole site for the internal
audience, the customer and public builds (registers and records withheld), and one project's own site."""
from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO, mkdocs_build

LINKING = {"a": "href", "link": "href", "area": "href", "img": "src", "script": "src",
           "source": "src", "iframe": "src", "use": "href", "image": "href"}


class Page(HTMLParser):
    """The ids a page defines and the (tag, line, url) of every link it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name] or "")
        attr = LINKING.get(tag)
        url = values.get(attr) or values.get("xlink:href") if attr else None
        if url is not None:
            self.links.append((tag, self.getpos()[0], url))

    handle_startendtag = handle_starttag


def read_site(site: Path) -> dict[str, Page]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = page
    return pages


def target_of(site: Path, page: str, path: str) -> str | None:
    """Site-relative file a relative URL path leads to from page, or None when it leaves the site."""
    joined = PurePosixPath(page).parent / unquote(path)
    parts: list[str] = []
    for part in joined.parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    rel = "/".join(parts)
    if path.endswith("/") or (site / rel).is_dir():
        rel = f"{rel}/index.html".lstrip("/")
    return rel


def broken_links(site: Path) -> list[str]:
    pages = read_site(site)
    problems = []
    for name, page in pages.items():
        for tag, line, url in page.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue  # an external URL: not ours to check
            if url.startswith("/") and name != "404.html":  # MkDocs' 404 page is served at any depth
                problems.append(f"{name}:{line}: <{tag}> {url}: absolute path, breaks under a sub-path")
                continue
            if not parts.path:
                target = name  # "#anchor" on the same page
            else:
                base = "index.html" if parts.path.startswith("/") else name
                target = target_of(site, base, parts.path.lstrip("/") or ".")
                if target is None or not (site / target).is_file():
                    problems.append(f"{name}:{line}: <{tag}> {url}: no such file in the site")
                    continue
            anchor = unquote(parts.fragment)
            if anchor and target.endswith(".html") and anchor not in pages[target].ids:
                problems.append(f"{name}:{line}: <{tag}> {url}: no id '{anchor}' in {target}")
    return problems


def built_name(md: PurePosixPath) -> str:
    """The HTML file MkDocs makes of a Markdown page (directory URLs)."""
    folder = md.parent if md.stem == "index" else md.parent / md.stem
    return (folder / "index.html").as_posix()


HAND_WRITTEN = {built_name(PurePosixPath(md.relative_to(REPO / "docs").as_posix()))
                for md in (REPO / "docs").rglob("*.md")}

BUILDS = {
    "internal": {},
    "customer": {"PMO_AUDIENCE": "customer"},
    "public": {"PMO_AUDIENCE": "public"},
    "one project": {"PMO_PROJECT": "kansai-dx"},
}


@pytest.fixture(scope="module", params=sorted(BUILDS))
def built_site(request, sample_site: Path, tmp_path_factory) -> Path:
    if not BUILDS[request.param]:
        return sample_site
    site = tmp_path_factory.mktemp("links") / "site"
    result = mkdocs_build(site, **BUILDS[request.param])
    assert result.returncode == 0, result.stderr
    return site


def test_every_relative_link_and_anchor_resolves(built_site: Path):
    pages = read_site(built_site)
    generated = [n for n in pages if n != "404.html" and n not in HAND_WRITTEN]
    assert len(generated) >= 10, f"the generated pages are missing from the build: {sorted(pages)}"
    links = sum(len(p.links) for p in pages.values())
    assert links > 20 * len(pages)  # navigation alone links every page many times
    problems = broken_links(built_site)
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(problems[:60])


def test_the_checker_finds_a_missing_page_and_a_missing_anchor(tmp_path: Path):
    """The check itself can fail: a link to a page that is not there and an anchor that is not."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="here">x</h2><a href="#here">ok</a><a href="../b/">gone</a><a href="#nowhere">x</a>'
        '<a href="../c.html#top">ok</a><a href="../c.html#bottom">x</a><img src="../img/x.png">'
        '<a href="https://example.org/x">external</a>', encoding="utf-8")
    (tmp_path / "c.html").write_text('<a name="top"></a><a href="a/">ok</a>', encoding="utf-8")
    found = broken_links(tmp_path)
    by_url: dict[str, list[str]] = defaultdict(list)
    for problem in found:
        by_url[problem.split(": ")[1].split(" ", 1)[1]].append(problem)
    assert sorted(by_url) == ["#nowhere", "../b/", "../c.html#bottom", "../img/x.png"], found
