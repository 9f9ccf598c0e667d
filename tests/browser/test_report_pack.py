"""The steering meeting's report pack: `pmo-handbook pdf` on the sample data, read back with pypdf
and compared with the site; and the site's own print stylesheet in Chromium's print media."""
from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import AS_OF, REPO, cli
from helpers import article
from test_audience import hidden_texts

ARTIFACTS = REPO / "tests" / "artifacts"  # screenshots for a person to look at (not committed)
RAG = {"green": "緑(順調)", "amber": "黄(注意)", "red": "赤(要対策)"}


def pdf_dir(tmp_path_factory, audience: str) -> Path:
    out = tmp_path_factory.mktemp(f"pdf-{audience}")
    result = cli("pdf", "--out", out, PMO_AUDIENCE=audience)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def internal_pdfs(tmp_path_factory) -> Path:
    return pdf_dir(tmp_path_factory, "internal")


@pytest.fixture(scope="module")
def customer_pdfs(tmp_path_factory) -> Path:
    return pdf_dir(tmp_path_factory, "customer")


def pages_text(path: Path) -> list[str]:
    return [p.extract_text() for p in PdfReader(path).pages]


def site_rows(site: Path) -> dict[str, dict]:
    """Each project's name, overall RAG and overdue count as the portfolio page shows them."""
    body = article(site, "")
    table = body[body.index("<table data-pmo-sort>"):body.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr><td data-sort-value=.*?</tr>", table, re.S):
        cells = re.findall(r"<td\b[^>]*>(.*?)</td>", row, re.S)
        pid = re.search(r'href="projects/([^/]+)/"', cells[0]).group(1)
        rag = re.search(r'class="pmo-rag pmo-rag-(\w+)"', cells[2]).group(1)
        rows[pid] = {"name": htmllib.unescape(re.sub(r"<[^>]+>", "", cells[0].split("<br>")[0])),
                     "rag": RAG[rag], "overdue": int(cells[6])}
    return rows


def overdue_figure(page: str) -> int:
    """The 期限超過 figure at the top of a project's page (the first number after the label)."""
    return int(re.search(r"期限超過\s+(\d+)\s", page).group(1))


def test_the_pack_holds_every_project_as_the_site_shows_it(internal_pdfs, sample_site):
    rows = site_rows(sample_site)
    names = sorted(p.name for p in internal_pdfs.iterdir())
    assert names == sorted(["portfolio.pdf"] + [f"{p}.pdf" for p in rows])
    portfolio = pages_text(internal_pdfs / "portfolio.pdf")
    assert len(portfolio) == 1 + len(rows)  # a cover, then a page per project
    for pid, row in rows.items():
        own = [t for t in portfolio[1:] if row["name"] in t]
        assert len(own) == 1, pid
        assert row["rag"] in own[0] and overdue_figure(own[0]) == row["overdue"], pid
        assert row["name"] in portfolio[0]  # every sample project needs attention (red or amber)
        report = pages_text(internal_pdfs / f"{pid}.pdf")
        assert 1 <= len(report) <= 2, pid
        assert row["name"] in report[0] and row["rag"] in report[0]
        assert overdue_figure(report[0]) == row["overdue"], pid
    total = sum(r["overdue"] for r in rows.values())
    assert re.search(rf"期限超過\s+{total}\s", portfolio[0])


def test_every_page_has_its_number_and_the_as_of_date(internal_pdfs):
    for path in internal_pdfs.glob("*.pdf"):
        pages = pages_text(path)
        for n, text in enumerate(pages, 1):
            assert f"{AS_OF} 時点 · {n} / {len(pages)}" in text, (path.name, n)


def fonts(path: Path):
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            yield font


def test_fonts_are_embedded(internal_pdfs):
    for path in internal_pdfs.glob("*.pdf"):
        files = []
        for font in fonts(path):
            if font["/Subtype"] == "/Type3":
                continue  # glyphs drawn inside the PDF itself
            descriptor = font["/FontDescriptor"].get_object()
            embedded = [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor]
            assert embedded, (path.name, font.get("/BaseFont"))
            files += embedded
        assert "/FontFile2" in files or "/FontFile3" in files, path.name


def test_copied_text_reads_as_written(internal_pdfs):
    """Glyphs shared by a kanji and a radical or variant (神戸/神戶, 赤/⾚, 黄/⻩) read as written."""
    text = "".join(pages_text(internal_pdfs / "portfolio.pdf"))
    assert "神戸みなと信用金庫" in text and "赤(要対策)" in text and "黄(注意)" in text
    assert not re.search(r"[\u2e80-\u2fdf]", text)


def test_a_customer_pack_holds_nothing_the_customer_may_not_see(customer_pdfs, internal_pdfs):
    assert sorted(p.name for p in customer_pdfs.iterdir()) == ["kansai-dx.pdf", "portfolio.pdf"]
    hidden = hidden_texts("customer")
    assert len(hidden) > 60

    def squeeze(s):  # lines break anywhere in a PDF's text
        return re.sub(r"\s+", "", s)
    customer = squeeze("".join(t for p in customer_pdfs.glob("*.pdf") for t in pages_text(p)))
    assert [label for label, text in hidden if squeeze(text) in customer] == []
    # the check is live: the internal pack names what the customer's leaves out
    internal = squeeze("".join(t for p in internal_pdfs.glob("*.pdf") for t in pages_text(p)))
    assert sum(squeeze(text) in internal for _, text in hidden) >= 10
    assert "関西フレッシュマート" in customer
    # the customer sees no weekly report: their age is not the customer's business, nor told wrongly
    assert "週次報告なし" not in customer and "未更新" not in customer


def test_one_project_only(tmp_path):
    result = cli("pdf", "--out", tmp_path, "--project", "kobe-portal")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["kobe-portal.pdf"]
    missing = cli("pdf", "--out", tmp_path, "--project", "nowhere")
    assert (missing.returncode, missing.stderr) == (
        2, "pmo-handbook: エラー: プロジェクト nowhere はないか、公開範囲 internal には見えません\n")


def test_a_missing_chromium_is_named(tmp_path):
    result = cli("pdf", "--out", tmp_path, PMO_CHROMIUM="/nonexistent/chromium")
    assert result.returncode == 2
    assert "Chromium が必要です" in result.stderr and "PMO_CHROMIUM" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_printed_portfolio_keeps_the_rag_colours(page, sample_url):
    page.set_viewport_size({"width": 1123, "height": 794})  # A4 landscape at 96 dpi
    page.goto(sample_url, wait_until="networkidle")
    page.emulate_media(media="print")
    badge = page.locator("table[data-pmo-sort] .pmo-rag-red").first
    style = badge.evaluate("e => { const s = getComputedStyle(e); return [s.backgroundColor, s.color, "
                           "s.printColorAdjust || s.webkitPrintColorAdjust]; }")
    assert style == ["rgb(198, 40, 40)", "rgb(255, 255, 255)", "exact"]
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator(".md-sidebar--primary").evaluate("e => getComputedStyle(e).display") == "none"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "portfolio-print.png"), full_page=True)
