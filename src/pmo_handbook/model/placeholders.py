"""The placeholder marker of unfilled text: one definition for the scaffold that writes it and the
checks that find it (validate's warnings, the 未記入 status of a project)."""
from __future__ import annotations

from pydantic import BaseModel

# Per language of the scaffold; a project may be scaffolded in one language and built in another,
# so the checks look for every marker.
MARKERS = {"ja": "（要記入）", "en": "(to fill in)"}


def mark(text: str, lang: str = "ja") -> str:
    """text as a placeholder: the marker, then what to write."""
    lang = lang if lang in MARKERS else "ja"
    return MARKERS[lang] + ("" if lang == "ja" else " ") + text


def holds(text: object) -> bool:
    return isinstance(text, str) and any(m in text for m in MARKERS.values())


def found_in(value: object) -> bool:
    """True when any text inside a model or a list of them is still a placeholder. Models are
    read as their JSON (pydantic writes it natively, text unescaped): fast on 200 projects."""
    if isinstance(value, str):
        return holds(value)
    if isinstance(value, BaseModel):
        return holds(value.model_dump_json())
    if isinstance(value, (list, tuple)):
        return any(found_in(v) for v in value)
    if isinstance(value, dict):
        return any(found_in(v) for v in value.values())
    return False
