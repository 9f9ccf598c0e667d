"""Where the data still holds scaffold placeholders （要記入）: one located warning per value, for
`pmo-handbook validate` (warnings; errors with --strict-placeholders)."""
from __future__ import annotations

from pmo_handbook.source.yamlsrc import Loc

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pmo_handbook.errors import DataError, display_path
from pmo_handbook.model.placeholders import MARKERS, holds
from pmo_handbook.model.registry import REGISTERS
from pmo_handbook.source.yamlsrc import DEFAULT_MAX_BYTES, YamlFileError, load as load_yaml

MAX_SHOWN = 40  # characters of the placeholder quoted in the message


def scan(data_dir: Path, root: Path | None = None, limit: int = DEFAULT_MAX_BYTES) -> list[DataError]:
    """A located warning for every text value of a project file that still holds a placeholder.
    Comments are not values, so the scaffold's guidance at the top of each file is not counted.
    Files that do not read are skipped: validate reports them as errors already."""
    found: list[DataError] = []
    projects = Path(data_dir) / "projects"
    if not projects.is_dir():
        return found
    for folder in sorted(p for p in projects.iterdir() if p.is_dir()):
        for reg in REGISTERS.values():
            path = folder / reg.file
            found += scan_file(path, display_path(path, root), limit)
    return found


def scan_file(path: Path, shown: str, limit: int = DEFAULT_MAX_BYTES) -> list[DataError]:
    if path.is_symlink() or not path.is_file():
        return []  # symbolic links are the loader's to judge (it refuses those leading outside)
    try:
        if path.stat().st_size > limit:
            return []  # refused by the loader, unread
        if not any(marker.encode() in path.read_bytes() for marker in MARKERS.values()):
            return []  # the usual case, without parsing
        src = load_yaml(path, shown, limit)
    except (OSError, YamlFileError):
        return []
    return [src.error(loc, message(text)) for loc, text in strings(src.value, ()) if holds(text)]


def strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, loc + (key,))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from strings(item, loc + (n,))


def message(text: str) -> str:
    shown = text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"
    return f"placeholder not filled in yet: {shown!r}"
