"""The built site in a real browser: it opens cleanly, requests nothing outside itself, finds
Japanese words, runs nothing from data, and fits a phone."""
from __future__ import annotations

import pytest
from .searchbox import open_search, search_for


@pytest.mark.parametrize("path", ["", "projects/kansai-dx/", "projects/kansai-dx/issues/", "handbook/"])
def test_page_opens_without_errors_or_outside_requests(page, sample_url, path):
    page.goto(sample_url + path, wait_until="networkidle")
    assert page.locator("article h1").first.is_visible()
    assert page.watch.errors == []
    assert page.watch.requests and [u for u in page.watch.requests if not u.startswith(sample_url)] == []


def test_japanese_search_finds_an_issue_by_words_from_its_title(page, sample_url):
    page.goto(sample_url, wait_until="networkidle")
    open_search(page)
    search_for(page, "商品マスタ取込")  # words as a Japanese user types them, without spaces
    title = "ISS-010 商品マスタ取込で JAN コード重複により約2,100件がエラー"
    hit = page.locator("a.pmo-search__hit", has_text=title).first
    assert hit.locator(".pmo-search__tags").inner_text().split("\n") == [
        "課題", "関西フレッシュマート 店舗DX・需要予測基盤構築", "完了"]
    hit.click()
    page.wait_for_url("**/projects/kansai-dx/issues/#iss-010")
    assert page.watch.errors == []
    assert [u for u in page.watch.requests if not u.startswith(sample_url)] == []


def test_pages_built_from_hostile_text_fire_no_dialog(page, hostile_url, hostile_site):
    pages = sorted(p.relative_to(hostile_site).parent.as_posix() for p in hostile_site.rglob("index.html"))
    assert "projects/hostile/issues" in pages
    for path in pages:
        page.goto(hostile_url + ("" if path == "." else path + "/"), wait_until="networkidle")
        page.mouse.move(400, 400)
        page.mouse.move(600, 500)
    open_search(page)
    search_for(page, "onerror")  # the results show the payload text: as text
    assert page.locator("a.pmo-search__hit").count() > 0
    shown = page.locator(".pmo-search__results")
    assert "<img src=x onerror=alert(2)>" in shown.inner_text()
    assert shown.locator("img, script, iframe, svg, [onerror], [onclick]").count() == 0
    assert page.watch.dialogs == []
    assert page.watch.errors == []
    assert [u for u in page.watch.requests if not u.startswith(hostile_url)] == []


@pytest.mark.parametrize("path", [""])
def test_wide_tables_scroll_inside_their_box_at_phone_width(phone, sample_url, path):
    phone.goto(sample_url + path, wait_until="networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    boxes = phone.evaluate("""[...document.querySelectorAll('article .md-typeset__scrollwrap')]
        .filter(box => !box.parentElement.closest('.md-typeset__scrollwrap'))
        .map(box => [box.scrollWidth, box.clientWidth])""")
    assert boxes and all(client <= 360 for _, client in boxes)
    assert any(scroll > client for scroll, client in boxes)  # the table is wider: it scrolls in its box


@pytest.mark.parametrize("path", ["projects/kansai-dx/issues/", "projects/kansai-dx/risks/"])
def test_registers_are_cards_that_fit_a_phone(phone, sample_url, path):
    """Issue 16: a register's rows are cards at phone width, nothing to scroll sideways."""
    phone.goto(sample_url + path, wait_until="networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    boxes = phone.evaluate("""[...document.querySelectorAll('article table[data-pmo-register]')]
        .map(table => table.closest('.md-typeset__scrollwrap'))
        .map(box => [box.scrollWidth, box.clientWidth])""")
    assert boxes and all(scroll <= client <= 360 for scroll, client in boxes)
