"""Search as a reader uses it: the header's search box in Chromium over the built sample site.

The Japanese queries are drawn from the sample data by a rule, not picked by hand: every run of
4 to 6 kanji or katakana in an issue title, a risk's event or a standard role's name, every issue
and risk id, and every member's name. Each must bring the record it came from into the first
ten results, as a link to the record's own anchor. A run that more than ten records contain
(システム, フェーズ) cannot single one out among ten: for those, every result shown must hold it.
Names and ids always must find their record."""
from __future__ import annotations

import datetime as dt

import re
from collections import defaultdict

import pytest
from conftest import REPO

from .searchbox import open_search, search_for

from pmo_handbook.loading.audience import for_audience
from pmo_handbook.loading.load import load_repository
from pmo_handbook.site.links import project_page_uri
from pmo_handbook.site.search import SEP, search_records

RUN = re.compile(r"[\u3005\u4e00-\u9fff]+|[\u30a1-\u30ff]+")  # kanji (with 々), katakana (with ー)


def _runs(text: str) -> list[str]:
    return [m.group(0) for m in RUN.finditer(text) if 4 <= len(m.group(0)) <= 6]


def sample_queries() -> dict[str, set[str]]:
    """query -> the URLs of the records it was taken from (what the internal sample build shows)."""
    repo = for_audience(load_repository(REPO / "data", REPO / "pmo_templates"), "internal")
    out: dict[str, set[str]] = defaultdict(set)
    for pid, p in sorted(repo.projects.items()):
        for i in p.issues:
            url = f"projects/{pid}/issues/#{i.id.lower()}"
            for q in [*_runs(i.title), i.id]:
                out[q].add(url)
        for r in p.risks:
            url = f"projects/{pid}/risks/#{r.id.lower()}"
            for q in [*_runs(r.event), r.id]:
                out[q].add(url)
        for m in p.members:
            out[m.name].add(f"projects/{pid}/team/#{m.id}")
    for role in repo.standard.roles:
        for q in _runs(role.name):
            out[q].add(f"handbook/roles/{role.id}/")
    return dict(out)


def records_holding(query: str) -> int:
    """How many search records of the internal sample build hold query in their text."""
    repo = for_audience(load_repository(REPO / "data", REPO / "pmo_templates"), "internal")
    return sum(query in r.html.replace(SEP, "") for r in search_records(repo, "ja", project_page_uri, dt.date(2026, 12, 1)))


QUERIES = sample_queries()
COMMON = {q for q in QUERIES if RUN.fullmatch(q) and records_holding(q) > 10}  # not names, ids
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_the_rule_draws_enough_japanese_queries():
    distinct = [q for q in QUERIES if JAPANESE.search(q) and q not in COMMON]
    assert len(distinct) >= 25
    assert {"要件定義", "配車計画画面", "高橋 誠", "ISS-014"} <= set(QUERIES) - COMMON
    assert len(COMMON) < len(QUERIES) / 10


def search(page, base: str, query: str) -> list[str]:
    """Type query into the open search dialog; the site-relative hrefs of the results shown."""
    search_for(page, query)
    hrefs = page.eval_on_selector_all("a.pmo-search__hit", "links => links.map(a => a.href)")
    return [h.removeprefix(base) for h in hrefs]


def shown_texts(page) -> list[str]:
    return page.eval_on_selector_all("a.pmo-search__hit", "links => links.map(a => a.textContent)")


@pytest.mark.parametrize("site", ["sample_url", "sharded_url"])
def test_every_query_drawn_from_the_data_finds_its_record(page, request, site):
    """Also over the index written in shards (a large portfolio's): the same records found."""
    sample_url = request.getfixturevalue(site)
    page.goto(sample_url + "projects/kansai-dx/", wait_until="networkidle")
    open_search(page)
    missed = {}
    for query, urls in sorted(QUERIES.items()):
        first_ten = search(page, sample_url, query)[:10]
        if query in COMMON:
            if not first_ten or any(query not in text for text in shown_texts(page)[:10]):
                missed[query] = (["every result holding it"], shown_texts(page)[:10])
        elif not urls <= set(first_ten):
            missed[query] = (sorted(urls - set(first_ten)), first_ten)
    assert not missed, "\n".join(f"{q}: {want} not in {got}" for q, (want, got) in missed.items())
    assert page.watch.errors == []
    assert [u for u in page.watch.requests if not u.startswith(sample_url)] == []


def test_slash_and_s_open_the_search_and_escape_closes_it(page, sample_url):
    page.goto(sample_url + "projects/kansai-dx/issues/", wait_until="networkidle")
    for key in ("/", "s"):
        open_search(page, key)
        assert page.evaluate("document.activeElement.classList.contains('pmo-search__input')")
        assert page.locator(".pmo-search__input").input_value() == ""  # the key itself is not typed
        page.keyboard.press("Escape")
        page.wait_for_function("!document.getElementById('pmo-search').open")
    search_box = page.locator(".pmo-search__input")
    assert not search_box.is_visible()
