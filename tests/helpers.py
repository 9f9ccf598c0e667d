"""Small readers used by the tests: visible text of a page, and edits to data files."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def page_text(site: Path, url: str) -> str:
    """What a reader sees on the page at url (e.g. 'projects/alpha/issues/'), whitespace folded."""
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def article(site: Path, url: str) -> str:
    """The page's main content HTML (without navigation)."""
    html = (site / url / "index.html").read_text(encoding="utf-8")
    start = html.index('<article class="md-content__inner')
    return html[start: html.index("</article>", start)]


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


PAGEFIND = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter")


def pagefind_text(data: bytes) -> str:
    """A Pagefind index file as text: gzip, a signature, then JSON or CBOR. The index splits
    Japanese into one word per character with hair spaces (site/search.py): joined again."""
    import gzip

    return gzip.decompress(data).removeprefix(b"pagefind_dcd").decode("utf-8", "replace").replace("\u200a", "")


def search_documents(site: Path) -> dict[str, dict]:
    """url -> {content, meta, filters, ...} of every result the site's search can show (one
    Pagefind fragment per record or page)."""
    import json

    bundle = site / "pagefind"
    folders = [bundle] + [bundle / s for s in json.loads((bundle / "pmo-shards.json").read_text(encoding="utf-8"))]
    docs = [json.loads(pagefind_text(f.read_bytes())) for folder in folders for f in (folder / "fragment").iterdir()]
    found = {d["url"]: d for d in docs}
    assert len(found) == len(docs), "a document in two shards"
    return found
