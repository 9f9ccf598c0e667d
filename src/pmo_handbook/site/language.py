"""Section titles of mkdocs.yml's nav written as a Japanese label, in the site's language: used by
the MkDocs adapter and by the export, which writes the same nav without hooks."""
from __future__ import annotations

from typing import Any

from pmo_handbook.i18n import labels


def translated_nav(nav: list[Any], lang: str) -> list[Any]:
    """mkdocs.yml's nav with every title that is a Japanese label (使い方ガイド) in lang."""
    if lang == "ja":
        return nav
    ja, target = labels("ja").data["ui"], labels(lang).ui
    by_text = {str(text): key for key, text in ja.items()}

    def title(t: str) -> str:
        return target(by_text[t]) if t in by_text else t

    def walk(item: Any) -> Any:
        if isinstance(item, dict):
            return {title(k): walk(v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(i) for i in item]
        return item
    return list(walk(nav))
