"""PMO_LANG=en gives an English site (issue 16): the site name, the navigation, the guide pages and
the page templates' labels are English. Data text (project names, titles of records, the standard's
own wording) stays as it was written."""
from __future__ import annotations

import re

import pytest

from conftest import REPO, mkdocs_build
from helpers import article, page_text

JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
GUIDE = sorted(p.stem for p in (REPO / "docs" / "guide").glob("*.md") if p.stem.count(".") == 0)


@pytest.fixture(scope="module")
def en_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("en") / "site"
    result = mkdocs_build(site, PMO_LANG="en")
    assert result.returncode == 0, result.stderr
    return site


def guide_url(stem: str) -> str:
    return "guide/" if stem == "index" else f"guide/{stem}/"


def between(html: str, start: str, end: str) -> str:
    i = html.index(start)
    return html[i: html.index(end, i)]


def test_every_guide_page_has_an_english_text():
    for stem in GUIDE:
        english = REPO / "docs" / "guide" / f"{stem}.en.md"
        assert english.is_file(), english
        assert not JAPANESE.search(english.read_text(encoding="utf-8")), english


@pytest.mark.parametrize("stem", GUIDE)
def test_each_english_guide_page_is_the_whole_japanese_page(stem):
    """A translation, not a summary: the same sections in the same order, the same tables and code."""
    def outline(path):
        text = path.read_text(encoding="utf-8")
        return ([len(h) for h in re.findall(r"^(#+) ", text, re.M)], text.count("```"),
                len(re.findall(r"^\|[-| ]+\|$", text, re.M)))
    guide = REPO / "docs" / "guide"
    assert outline(guide / f"{stem}.en.md") == outline(guide / f"{stem}.md")


@pytest.mark.parametrize("stem", GUIDE)
def test_guide_pages_are_english_from_header_to_footer(en_site, stem):
    text = page_text(en_site, guide_url(stem))
    assert JAPANESE.findall(text) == []
    assert "PMO Handbook" in text


def test_language_variants_are_not_pages_of_their_own(en_site, sample_site):
    for site in (en_site, sample_site):
        assert not list((site / "guide").glob("*.en*")), site
        assert not (site / "guide" / "index.en").exists()
    # the Japanese build keeps its Japanese guide at the same address
    assert "このハンドブックについて" in article(sample_site, "guide/")
    assert "About this handbook" in article(en_site, "guide/")


@pytest.mark.parametrize("url", ["", "projects/", "projects/kansai-dx/", "projects/kansai-dx/issues/",
                                 "handbook/"])
def test_site_name_tabs_and_page_labels_are_english(en_site, url):
    html = (en_site / url / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]*PMO Handbook</title>", html)
    tabs = re.sub(r"<[^>]+>", " ", between(html, '<nav class="md-tabs"', "</nav>"))
    assert JAPANESE.findall(tabs) == []
    assert "Guide" in tabs and "Projects" in tabs
    if url.startswith("handbook/"):
        return  # its table headings are the standard's role names: data, written in Japanese
    headings = re.findall(r"<th\b[^>]*>(.*?)</th>", article(en_site, url), re.S)
    assert JAPANESE.findall(" ".join(re.sub(r"<[^>]+>", "", h) for h in headings)) == []
