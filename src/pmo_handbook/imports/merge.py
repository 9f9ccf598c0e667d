"""Merging a workbook row into the record it came from, without losing what it could not show.

A download is made for one audience: the audience filter (loading/audience.py) left out the
fields, links and list entries above it, and some fields are no column at all. So a row is read
against the record as that audience saw it: a cell that still shows what the download showed is
left alone, and a changed cell replaces only what was shown, keeping every hidden entry."""
from __future__ import annotations

from pmo_handbook.imports.cells import blank, text


class HiddenValue(Exception):
    """A cell changed whose value the workbook could not show: it cannot be changed from it."""


def same_cell(value, shown) -> bool:
    """Does the cell still show what the download wrote there (Excel's types read back)?"""
    def norm(v) -> str:
        return "" if blank(v) else text(v)
    return norm(value) == norm(shown)


def keep_hidden(old, shown, new):
    """The new value of a field (plain data) with what the audience did not see of old kept:
    entries of lists and mappings are put back where they were; a scalar the audience did not
    see cannot be overwritten unknowingly (HiddenValue)."""
    if old == shown:
        return new
    if isinstance(old, dict):
        seen = shown if isinstance(shown, dict) else {}
        out = dict(new or {})
        for key, value in old.items():
            if key not in seen:
                out.setdefault(key, value)
            elif value != seen[key]:
                out[key] = keep_hidden(value, seen[key], out.get(key))
        return out
    if isinstance(old, list):
        seen = shown if isinstance(shown, list) else []
        out = list(new or [])
        for i, item in enumerate(old):
            if item not in seen and item not in out:
                out.insert(min(i, len(out)), item)
        return out
    if new == shown:
        return old
    raise HiddenValue


def value_at(data: dict | None, path: tuple[str, ...]):
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def set_at(data: dict, path: tuple[str, ...], value) -> None:
    """Set a field of plain record data; None removes it (the model's default applies), and a
    nested field left with nothing removes its parent."""
    parents = [data]
    for part in path[:-1]:
        child = parents[-1].get(part)
        if not isinstance(child, dict):
            if value is None:
                return
            child = parents[-1][part] = {}
        parents.append(child)
    if value is None:
        parents[-1].pop(path[-1], None)
    else:
        parents[-1][path[-1]] = value
    for depth in range(len(path) - 1, 0, -1):
        if all(v is None or v == [] for v in parents[depth].values()):
            parents[depth - 1].pop(path[depth - 1], None)
