"""Issue 16, pages: the sample site at a laptop's 1366 px and a phone's 390 px — no page scrolls
sideways, the issue log works as a table (sort, filter, folded records) and reads on a phone,
and no two labels of a chart overlap."""
from __future__ import annotations

import pytest

WIDTHS = (1366, 390)
ISSUES = "projects/kansai-dx/issues/"


def pages_of(site) -> list[str]:
    """Every built HTML page, as its URL path (404.html is not a page of the site)."""
    return sorted(p.relative_to(site).as_posix().removesuffix("index.html")
                  for p in site.rglob("*.html") if p.name != "404.html")


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def tab(request, browser):
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ja-JP",
                                  is_mobile=width < 600, has_touch=width < 600)
    page = context.new_page()
    page.width = width
    yield page
    context.close()


def test_no_page_scrolls_sideways(tab, sample_site, sample_url):
    wide = []
    for path in pages_of(sample_site):
        tab.goto(sample_url + path, wait_until="load")
        scroll, client = tab.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll > client:
            wide.append((path, scroll, client))
    assert len(pages_of(sample_site)) > 50  # the iteration really covers the site
    assert wide == []


def test_issue_log_owner_due_and_status_are_on_screen_for_every_row(tab, sample_url):
    tab.goto(sample_url + ISSUES, wait_until="load")
    table = tab.locator("table[data-pmo-filter]")
    headings = table.locator("thead th").all_inner_texts()
    columns = [headings.index(h) + 1 for h in ("担当者", "期限", "ステータス")]
    rows = table.locator("tbody tr")
    assert rows.count() == 35
    off = tab.evaluate("""([columns, width]) => {
        const bad = [];
        for (const row of document.querySelectorAll("table[data-pmo-filter] tbody tr")) {
          for (const n of columns) {
            const r = row.cells[n - 1].getBoundingClientRect();
            if (r.width === 0 || r.left < 0 || r.right > width)
              bad.push([row.cells[0].textContent, n, r.left, r.right]);
          }
        }
        return bad;
      }""", [columns, tab.width])
    assert off == []
    if tab.width < 600:  # a card: the cell says what it is
        due = table.locator("tbody tr").first.locator("td").nth(columns[1] - 1)
        assert due.get_attribute("data-label") == "期限"


def test_issue_log_sorts_and_filters_by_owner(page, sample_url):
    page.goto(sample_url + ISSUES, wait_until="load")
    table = page.locator("table[data-pmo-filter]")
    owner_col = table.locator("thead th").all_inner_texts().index("担当者")
    cells = table.locator(f"tbody tr:visible td:nth-child({owner_col + 1})")

    def owners() -> list[str]:
        return [t.strip() for t in cells.all_inner_texts()]
    everyone = owners()
    table.locator("thead th").nth(owner_col).locator("button").click()
    assert owners() == page.evaluate("xs => xs.slice().sort((a, b) => a.localeCompare(b, 'ja'))", everyone)
    assert owners() != everyone  # the data order is not already the sorted one
    name = "藤田 恵子"
    expected = everyone.count(name)
    assert expected >= 2
    page.locator(".pmo-filters label", has_text="担当者").locator("select").select_option(name)
    assert owners() == [name] * expected
    assert page.locator(".pmo-filter-count").inner_text() == f"{expected} / 35 件"
    ids = table.locator("tbody tr:visible td:first-child").all_inner_texts()
    page.locator(".pmo-filters input[type=checkbox]").check()  # and only the overdue ones
    overdue = table.locator("tbody tr.pmo-row-overdue:visible td:first-child").all_inner_texts()
    assert table.locator("tbody tr:visible").count() == len(overdue) and set(overdue) <= set(ids)
    page.locator(".pmo-filters label", has_text="担当者").locator("select").select_option("")
    page.locator(".pmo-filters input[type=checkbox]").uncheck()
    assert table.locator("tbody tr:visible").count() == 35


def test_issue_records_are_folded_and_a_link_opens_one(page, sample_url):
    page.goto(sample_url + ISSUES, wait_until="load")
    folds = page.locator("details.pmo-fold")
    assert folds.count() == 35 and page.locator("details.pmo-fold[open]").count() == 0
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 9000  # a table first (it was 21,644 px with every record inline)
    page.locator("table[data-pmo-filter] a[href='#iss-007']").click()
    record = page.locator("details.pmo-fold:has(#iss-007)")
    assert record.get_attribute("open") is not None
    assert record.locator("dl.pmo-record").is_visible()
    page.goto(sample_url + "projects/kansai-dx/#top")
    page.goto(sample_url + ISSUES + "#iss-012", wait_until="load")  # arriving from another page
    assert page.locator("details.pmo-fold:has(#iss-012)").get_attribute("open") is not None


def test_projects_tab_opens_the_list_of_all_projects(page, sample_url, sample_site):
    page.goto(sample_url, wait_until="load")
    page.locator(".md-tabs__link", has_text="プロジェクト").click()
    page.wait_for_load_state("load")
    assert page.url.rstrip("/").endswith("/projects")
    names = page.locator("table[data-pmo-register] tbody td:first-child").all_inner_texts()
    projects = sorted(p.name for p in (sample_site / "projects").iterdir() if p.is_dir())
    assert len(names) == len(projects) == 3
    for link in page.locator("table[data-pmo-register] tbody td:first-child a").all():
        assert link.get_attribute("href").strip("./").rstrip("/") in projects


CHART_PAGES = ["projects/kansai-dx/", "projects/kobe-portal/", "projects/hanshin-maint/",
               "projects/kansai-dx/team/", "projects/kansai-dx/milestones/", "projects/kansai-dx/risks/"]


@pytest.mark.parametrize("path", CHART_PAGES)
def test_chart_labels_do_not_overlap_or_leave_the_chart(page, sample_url, path):
    page.goto(sample_url + path, wait_until="load")
    clashes = page.evaluate("""() => {
      const out = [];
      for (const svg of document.querySelectorAll(".pmo-chart svg")) {
        const box = svg.getBoundingClientRect();
        const texts = [...svg.querySelectorAll("text")].map(t => [t.textContent, t.getBoundingClientRect()])
          .filter(([s, r]) => s.trim() && r.width > 0);
        for (const [s, r] of texts)
          if (r.left < box.left - 1 || r.right > box.right + 1) out.push(["outside", s]);
        for (let i = 0; i < texts.length; i++)
          for (let j = i + 1; j < texts.length; j++) {
            const [a, p] = texts[i], [b, q] = texts[j];
            const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
            const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
            if (w > 1 && h > 1) out.push([a, b]);
          }
        const today = svg.querySelector("line.pmo-svg-today");
        if (today) {
          const t = today.getBoundingClientRect();
          for (const [s, r] of texts)
            if (/^\\+\\d+$/.test(s) && r.left < t.right && r.right > t.left) out.push(["as-of line", s]);
        }
      }
      return out;
    }""")
    assert page.locator(".pmo-chart svg").count() >= 1
    assert clashes == []


@pytest.mark.parametrize("heading, order", [("優先度", ["高", "中", "低"]),
                                            ("ステータス", ["未対応", "対応中", "対応済(確認待ち)", "完了", "保留", "取下げ"])])
def test_a_column_of_labels_sorts_in_the_order_of_its_codes(page, sample_url, heading, order):
    """高・中・低 sort as high, medium, low (label text would give 中, 低, 高), statuses as their flow."""
    page.goto(sample_url + ISSUES, wait_until="load")
    table = page.locator("table[data-pmo-filter]")
    col = table.locator("thead th").all_inner_texts().index(heading)
    cells = table.locator(f"tbody tr td:nth-child({col + 1})")
    table.locator("thead th").nth(col).locator("button").click()
    shown = [t.strip() for t in cells.all_inner_texts()]
    assert len(set(shown)) >= 2
    assert shown == sorted(shown, key=order.index)
    table.locator("thead th").nth(col).locator("button").click()  # again: the other way
    assert [t.strip() for t in cells.all_inner_texts()] == sorted(shown, key=order.index, reverse=True)
