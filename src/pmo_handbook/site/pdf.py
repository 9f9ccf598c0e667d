"""PDF from the report pack's HTML with the Chromium the browser tests use, driven by Playwright
(the optional `pdf` extra). Chromium lays out Japanese, tables and inline SVG exactly as the site
does, prints page numbers in its footer and embeds the fonts it uses; pypdf counts pages and
repairs the text layer."""
from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pmo_handbook.site.pack import Document

if TYPE_CHECKING:  # the optional `pdf` extra
    from playwright.sync_api import Page, PdfMargins
    from pypdf.generic import DictionaryObject

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MARGIN: PdfMargins = {"top": "10mm", "bottom": "14mm", "left": "10mm", "right": "10mm"}
SCALES = (1.0, 0.9, 0.8, 0.7, 0.6)  # a report longer than its page limit is printed smaller

# Japanese fonts draw some characters with one glyph (戸 and 戶, 赤 and ⾚ KANGXI RADICAL RED),
# and Chromium names such a glyph by one of its code points in the text layer, so copied or
# searched text reads 神戶 for 神戸. readable_text() names each glyph by the character the
# document itself used among those the embedded TrueType subset's cmap maps to it. Where that
# does not decide (Type 3 fonts have no cmap), radicals become ideographs: NFKC for the Kangxi
# radicals, and for the CJK Radicals Supplement (no NFKC mapping) the ones Japanese fonts share
# with a Jōyō kanji, from Unicode's EquivalentUnifiedIdeograph.txt.
SUPPLEMENT = {0x2EA0: 0x6C11, 0x2EC4: 0x897F, 0x2EC6: 0x89D2, 0x2ED8: 0x9752, 0x2EE4: 0x9B3C,
              0x2EE9: 0x9EC4, 0x2EEB: 0x6589, 0x2EED: 0x6B6F, 0x2EEF: 0x7ADC, 0x2EF2: 0x4E80}
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>(\s*)<([0-9A-Fa-f]+)>")  # glyph, then its character


class PdfUnavailable(RuntimeError):
    """Playwright or Chromium is missing; the message says how to install it."""


def chromium_path() -> str | None:
    configured = os.environ.get("PMO_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def write_pdfs(docs: list[Document], out: Path, messages: Callable[[str], str]) -> list[Path]:
    """Print every document to out/<name>.pdf (each written atomically). messages: the label
    catalogue's ui(), for the install hints."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfUnavailable(messages("pdf_missing_playwright")) from None
    executable = chromium_path()
    if executable is None:
        raise PdfUnavailable(messages("pdf_missing_chromium"))
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=ARGS)
        try:
            # No script runs and nothing is fetched: the HTML is complete in itself.
            context = browser.new_context(java_script_enabled=False, offline=True)
            context.route("**/*", lambda route: route.abort())
            tab = context.new_page()
            tab.emulate_media(media="print")
            for doc in docs:
                tab.set_content(doc.html, wait_until="load")
                pdf = readable_text(print_pdf(tab, doc), set(doc.html) | set(doc.footer))
                written.append(save(out / f"{doc.name}.pdf", pdf))
        finally:
            browser.close()
    return written


def print_pdf(tab: Page, doc: Document) -> bytes:
    for scale in SCALES:
        data = tab.pdf(format="A4", landscape=True, print_background=True, display_header_footer=True,
                       header_template="<span></span>", footer_template=doc.footer, margin=MARGIN,
                       scale=scale, prefer_css_page_size=False)
        if doc.max_pages is None or page_count(data) <= doc.max_pages:
            break
    return data


def page_count(data: bytes) -> int:
    from pypdf import PdfReader
    return len(PdfReader(io.BytesIO(data)).pages)


def unified(code: int) -> int:
    if 0x2F00 <= code <= 0x2FDF:
        return ord(unicodedata.normalize("NFKC", chr(code))[0])
    return SUPPLEMENT.get(code, code)


def readable_text(data: bytes, chars: set[str]) -> bytes:
    """The PDF with every font's ToUnicode map naming the characters the document used (chars)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    seen: set[int] = set()
    for pdf_page in writer.pages:
        fonts = pdf_page.get("/Resources", {}).get_object().get("/Font")
        for ref in (fonts.get_object().values() if fonts else ()):
            font = ref.get_object()
            if "/ToUnicode" not in font or id(font["/ToUnicode"].get_object()) in seen:
                continue
            stream = font["/ToUnicode"].get_object()
            seen.add(id(stream))
            used = used_characters(font)

            def pair(m: re.Match[bytes], used: dict[int, set[int]] = used) -> bytes:
                glyph, code = int(m.group(1), 16), m.group(3)
                if len(code) != 4:  # a surrogate pair or a ligature: left as it is
                    return m.group(0)
                chosen = named(glyph, int(code, 16), used, chars)
                return b"<%s>%s<%04X>" % (m.group(1), m.group(2), chosen)
            old = stream.get_data()
            new = _BFCHAR.sub(lambda blk: b"beginbfchar" + _PAIR.sub(pair, blk.group(1)) + b"endbfchar", old)
            if new != old:
                stream.set_data(new)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def named(glyph: int, code: int, used: dict[int, set[int]], chars: set[str]) -> int:
    """The character a glyph stands for: the one the document used, else the ideograph of a radical."""
    if chr(code) in chars:
        return code
    in_text = sorted(c for c in used.get(glyph, ()) if chr(c) in chars)
    if in_text:
        return in_text[0]
    if 0x2F00 <= code <= 0x2FDF:
        return ord(unicodedata.normalize("NFKC", chr(code))[0])
    return SUPPLEMENT.get(code, code)


def used_characters(font: DictionaryObject) -> dict[int, set[int]]:
    """glyph id -> every character the embedded TrueType subset maps to it ({} when unknown)."""
    try:
        from fontTools.ttLib import TTFont

        # pypdf types a dictionary's values as any PDF object; a missing or odd one raises below
        descendant = font["/DescendantFonts"][0].get_object()  # type: ignore[index]
        if descendant.get("/CIDToGIDMap", "/Identity") != "/Identity":
            return {}
        embedded = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
        tt = TTFont(io.BytesIO(embedded), lazy=True)
        out: dict[int, set[int]] = {}
        for code, name in tt.getBestCmap().items():
            out.setdefault(tt.getGlyphID(name), set()).add(code)
        return out
    except (ImportError, KeyError, IndexError, AttributeError, TypeError, ValueError, OSError):
        return {}  # no TrueType subset with a cmap: the fallback in named() applies


def save(path: Path, data: bytes) -> Path:
    """Write atomically: a reader never sees half a PDF."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # published as a download: readable like the site's other files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
