"""Write an import into a register's YAML file the way people write it by hand.

The file is rewritten with ruamel.yaml's round-trip mode, which keeps comments, key order,
quoting and block styles (every sample file reads and writes back byte-identical). Only the
fields the workbook changed are touched, where they stand; new records are appended. A pull
request of an import therefore shows exactly the cells that changed."""
from __future__ import annotations

import io
import re
from pathlib import Path

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString, ScalarString
from ruamel.yaml.util import load_yaml_guess_indent

SIMPLE = re.compile(r"^[A-Za-z0-9_-]+$")  # list items written in flow style: [RSK-001, RSK-002]
FIRST_KEYS = ("id", "visibility", "field_visibility")  # how records are written in data/


def schema_line(key: str) -> str:
    return f"# yaml-language-server: $schema=../../../schemas/{key}.schema.json"


def _yaml(sequence: int = 4, offset: int = 2) -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1_000_000  # never fold a long line: the diff would show lines nobody changed
    y.indent(mapping=2, sequence=sequence, offset=offset)
    return y


def plain(record: BaseModel) -> dict:
    """The record's values without defaults, in the order records are written in data/."""
    data = record.model_dump(mode="python", exclude_defaults=True)
    return {**{k: data[k] for k in FIRST_KEYS if k in data},
            **{k: v for k, v in data.items() if k not in FIRST_KEYS}}


def _empty(value) -> bool:
    return value is None or value == [] or value == {}


def node(value, like=None):
    """A value as ruamel writes it: multi-line text as a literal block, lists of ids in flow
    style, the quoting of the value it replaces kept."""
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            if not _empty(v):
                out[k] = node(v)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(node(v) for v in value)
        ids = bool(value) and all(isinstance(v, str) and SIMPLE.match(v) for v in value)
        was_flow = isinstance(like, CommentedSeq) and like.fa.flow_style()
        if ids or (was_flow and not any(isinstance(v, dict) for v in value)):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if "\n" in value:  # the model strips the final newline again
            return LiteralScalarString(value + "\n")
        if isinstance(like, ScalarString) and not isinstance(like, LiteralScalarString):
            return type(like)(value)
    return value


def merge(old, value):
    """old (a loaded node) changed to value in place, so what did not change keeps its text."""
    if isinstance(old, CommentedMap) and isinstance(value, dict):
        for k in [k for k in old if _empty(value.get(k))]:
            del old[k]
        for k, v in value.items():
            if not _empty(v):
                put(old, k, merge(old[k], v) if k in old else node(v), list(value))
        return old
    if isinstance(old, CommentedSeq) and isinstance(value, list) and any(isinstance(v, dict) for v in value):
        for i, v in enumerate(value):
            if i < len(old):
                old[i] = merge(old[i], v)
            else:
                old.append(node(v))
        del old[len(value):]
        return old
    same = old == value and isinstance(old, bool) == isinstance(value, bool)
    return old if same else node(value, old)


def put(mapping: CommentedMap, key: str, value, order: list[str]) -> None:
    """Set key, or insert it after the keys that come before it in order."""
    if key in mapping:
        if mapping[key] is not value:
            mapping[key] = value
        return
    rank = {k: n for n, k in enumerate(dict.fromkeys(order))}
    before = [i for i, k in enumerate(mapping) if rank.get(k, len(rank)) < rank.get(key, len(rank))]
    mapping.insert(before[-1] + 1 if before else 0, key, value)


def set_field(item: CommentedMap, record: dict, path: tuple[str, ...]) -> None:
    """Write the value at path of the record (plain, model order) into the item."""
    mapping, data = item, record
    for part in path[:-1]:
        parent = data
        data = data.get(part) or {}
        if not isinstance(mapping.get(part), CommentedMap):
            if all(_empty(v) for v in data.values()):
                mapping.pop(part, None)
                return
            put(mapping, part, CommentedMap(), _order(parent, mapping is item))
        mapping = mapping[part]
    value = data.get(path[-1])
    if _empty(value):
        mapping.pop(path[-1], None)
    else:
        put(mapping, path[-1], merge(mapping[path[-1]], value) if path[-1] in mapping else node(value),
            _order(data, mapping is item))
    if len(path) > 1 and not mapping:  # a nested field emptied: its parent goes too
        _drop_empty(item, path[:-1])


def _drop_empty(item: CommentedMap, path: tuple[str, ...]) -> None:
    parent = item
    for part in path[:-1]:
        parent = parent[part]
    parent.pop(path[-1], None)


def _order(data: dict, top: bool) -> list[str]:
    return [*FIRST_KEYS, *data] if top else list(data)


def updated_text(path: Path, key: str, changed: dict[int, tuple[dict, list[tuple[str, ...]]]],
                 append: list[BaseModel]) -> str:
    """The file's new text: in item i the fields at the given paths set from the plain record,
    new records appended. A missing file is created with its schema line."""
    if not path.exists():
        text = f"{schema_line(key)}\n{key}: []\n"
        doc, sequence, offset = None, 4, 2
    else:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        doc, sequence, offset = load_yaml_guess_indent(text)
    y = _yaml(sequence or 4, offset or 2)
    doc = y.load(text)
    if not isinstance(doc, CommentedMap):  # a file of comments only: the list goes below them
        doc = y.load(f"{text.rstrip()}\n{key}: []\n".lstrip())
    items = doc.get(key)
    for i, (record, paths) in changed.items():
        for field_path in paths:
            set_field(items[i], record, field_path)
    if append:
        if not isinstance(items, CommentedSeq) or items.fa.flow_style():
            items = doc[key] = CommentedSeq(list(items or []))
        items.extend(node(plain(r)) for r in append)
    out = io.StringIO()
    y.dump(doc, out)
    return out.getvalue()
