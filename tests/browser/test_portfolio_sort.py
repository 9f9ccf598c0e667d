"""The portfolio table sorts by a column with the local script (assets/pmo-sort.js)."""
from __future__ import annotations


def test_portfolio_sorts_by_a_column(page, sample_url):
    page.goto(sample_url, wait_until="networkidle")
    column = 5  # open issues
    cells = page.locator(f"table[data-pmo-sort] tbody tr td:nth-child({column + 1})")
    heading = page.locator("table[data-pmo-sort] th").nth(column)
    heading.locator("button").click()  # first activation: ascending
    ascending = [int(t) for t in cells.all_inner_texts()]
    assert ascending == sorted(ascending) and heading.get_attribute("aria-sort") == "ascending"
    heading.locator("button").press("Enter")  # a real button: the keyboard sorts too
    assert [int(t) for t in cells.all_inner_texts()] == sorted(ascending, reverse=True)
    assert heading.get_attribute("aria-sort") == "descending"
    assert page.watch.errors == []
