"""Facts read off the HTML of a generated page. Generated pages are HTML from our own templates
(text escaped by Jinja, free text cleaned by nh3), so regular expressions read them reliably and
many times faster than an HTML parser in Python."""
from __future__ import annotations

import re

_ID = re.compile(r"<[a-zA-Z][^<>]*?\sid=\"([^\"]+)\"")


def anchor_ids(html: str) -> set[str]:
    """Every id in the page: what links from hand-written pages may point at (#iss-001)."""
    return set(_ID.findall(html))
