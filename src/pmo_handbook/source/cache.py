"""Parsed files kept between loads in one process, keyed by file content.

`mkdocs serve` reloads the data on every save but keeps this module: an unchanged file is read
and hashed (cheap) instead of parsed and validated again (most of a load's time)."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
MAX_ENTRIES = 20_000  # about eight data folders of 200 projects

_entries: dict[tuple[object, ...], tuple[bytes, object]] = {}


def parsed(path: Path, key: tuple[object, ...], limit: int, parse: Callable[[], T]) -> T:
    """parse() for path, or its earlier result when the file's bytes are unchanged. key holds
    whatever else the result depends on (shown path, model); limit is the size limit in bytes."""
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError:
        return parse()  # parse() reports the error
    if len(data) > limit:
        return parse()
    full_key = (os.fspath(path), limit) + key
    digest = hashlib.sha1(data).digest()
    hit = _entries.get(full_key)
    if hit is not None and hit[0] == digest:
        return hit[1]  # type: ignore[return-value]
    result = parse()
    if len(_entries) >= MAX_ENTRIES:
        for old in list(_entries)[: MAX_ENTRIES // 2]:  # oldest first: dicts keep insertion order
            del _entries[old]
    _entries[full_key] = (digest, result)
    return result


def clear() -> None:
    _entries.clear()
