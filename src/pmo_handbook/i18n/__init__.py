"""Label catalogues: one YAML file per language, every label in one place."""
from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("ja", "en")
_DIR = Path(__file__).parent


class Labels:
    def __init__(self, lang: str, data: dict[str, dict[str, Any]]):
        self.lang = lang
        self.data = data

    def enum(self, domain: str, value: object) -> str:
        if value is None:
            return ""
        return str(self.data["enums"].get(domain, {}).get(str(value), value))

    def rank(self, domain: str, value: object) -> int:
        """A code's place in its enumeration, as the catalogue lists it (high before low, open
        before closed): what a column of labels sorts by, since label text sorts meaninglessly."""
        codes = list(self.data["enums"].get(domain, {}))
        return codes.index(str(value)) if str(value) in codes else len(codes)

    def field(self, model: str, name: str) -> str:
        return str(self.data["fields"].get(model, {}).get(name, name))

    def ui(self, key: str, **kwargs: object) -> str:
        text = self.data["ui"].get(key)
        if text is None:
            raise KeyError(f"label ui.{key} missing from the {self.lang} catalogue")
        return str(text).format(**kwargs) if kwargs else str(text)


@cache
def labels(lang: str = "ja") -> Labels:
    lang = lang if lang in LANGUAGES else "ja"
    with open(_DIR / f"{lang}.yml", encoding="utf-8") as fh:
        return Labels(lang, yaml.safe_load(fh))


@cache
def _domain(codes: frozenset[str]) -> str | None:
    found = [d for d, values in labels("ja").data["enums"].items() if set(map(str, values)) == codes]
    return found[0] if len(found) == 1 else None


def enum_domain(codes: Iterable[object]) -> str | None:
    """The enum domain listing exactly these codes: their labels are derived, never repeated."""
    return _domain(frozenset(map(str, codes)))


def enum_words(domain: str | None, code: str) -> list[str]:
    """Every word that names code in a data file: the code, then its label in each language."""
    words = [code] + ([labels(lang).enum(domain, code) for lang in LANGUAGES] if domain else [])
    return list(dict.fromkeys(words))
