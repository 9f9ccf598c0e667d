"""Driving the header's search dialog the way a reader does, with waits that say what went wrong."""
from __future__ import annotations


def open_search(page, key: str | None = None) -> None:
    """Open the header's search dialog, by its button or by a keyboard shortcut."""
    if key:
        page.keyboard.press(key)
    else:
        page.click("button.pmo-search-open")
    page.wait_for_function("document.getElementById('pmo-search').open", timeout=10_000)


def search_for(page, query: str, timeout: int = 30_000) -> None:
    """Type query into the open dialog (one input event, as an IME's confirmation gives) and wait
    until the list shows its results; a timeout names what the dialog said instead."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.locator(".pmo-search__input").fill(query)
    try:
        page.wait_for_function("q => document.getElementById('pmo-search').dataset.shown === q",
                               arg=query, timeout=timeout)
    except PlaywrightTimeout:
        status = page.locator(".pmo-search__status").inner_text()
        raise AssertionError(f"no results for {query!r} after {timeout} ms; the dialog says {status!r};"
                             f" page errors {page.watch.errors}") from None
