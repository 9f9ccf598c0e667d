"""Read one YAML file safely into plain Python values plus a map of source positions.

We compose (never construct) so no tag can build an object, every node keeps its line and
column, duplicate keys are caught, and alias expansion and nesting depth are bounded.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError

try:  # the C composer keeps marks too and is several times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000
_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}

Loc = tuple[Any, ...]


@dataclass
class Source:
    """A parsed file: its value and where each part of it came from."""

    path: Path
    shown: str  # path as shown in messages
    value: Any
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        """Line and column of loc, or of its nearest located parent."""
        loc = tuple(loc)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc not in self.marks and loc:
            loc = loc[:-1]
        return self.marks.get(loc, (1, 1))

    def error(self, loc: Loc, message: str, key: bool = False) -> DataError:
        line, col = self.where(loc, key)
        return DataError(self.shown, line, col, message)


class YamlFileError(Exception):
    def __init__(self, error: DataError):
        self.error = error
        super().__init__(str(error))


def max_bytes() -> int:
    try:
        return int(os.environ.get("PMO_MAX_FILE_BYTES", DEFAULT_MAX_BYTES))
    except ValueError:
        return DEFAULT_MAX_BYTES


def read_text(path: Path, shown: str) -> str:
    """Bytes -> text, refusing what is not a small UTF-8 text file."""
    limit = max_bytes()
    size = path.stat().st_size
    if size > limit:
        raise YamlFileError(DataError(shown, 1, 1, f"file is {size:,} bytes, over the limit of "
                                      f"{limit:,} bytes (PMO_MAX_FILE_BYTES); split it"))
    data = path.read_bytes()
    if b"\x00" in data:
        line, col = _position(data, data.index(b"\x00"))
        raise YamlFileError(DataError(shown, line, col, "binary content (NUL byte): "
                                      "expected a UTF-8 YAML text file"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise YamlFileError(DataError(shown, line, col, _encoding_message(data, shown))) from None
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(ln.lstrip().startswith("#") or not ln.strip()
                                for ln in text.splitlines()):
        raise YamlFileError(DataError(shown, 1, 1, "file is empty: expected a YAML mapping"))
    for number, ln in enumerate(text.splitlines(), 1):
        indent = ln[: len(ln) - len(ln.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlFileError(DataError(shown, number, indent.index("\t") + 1,
                                          "tab used for indentation: YAML indents with spaces"))
    return text


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def _encoding_message(data: bytes, shown: str) -> str:
    try:
        data.decode("cp932")
        guess = "it looks like Shift_JIS/CP932"
    except UnicodeDecodeError:
        guess = "its encoding is unknown"
    return (f"file is not UTF-8 ({guess}); save it as UTF-8, for example "
            f"`iconv -f CP932 -t UTF-8 {shown} > tmp && mv tmp {shown}`")


def load(path: Path, shown: str) -> Source:
    """Parse one file. Raises YamlFileError with a located message."""
    text = read_text(path, shown)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        raise YamlFileError(DataError(shown, line, col, f"YAML syntax error: {what}")) from None
    except yaml.YAMLError as exc:
        raise YamlFileError(DataError(shown, 1, 1, f"YAML error: {exc}")) from None
    src = Source(path, shown, None)
    if node is None:
        raise YamlFileError(DataError(shown, 1, 1, "file is empty: expected a YAML mapping"))
    src.value = _Converter(src).convert(node, (), 0)
    return src


class _Converter:
    def __init__(self, src: Source):
        self.src = src
        self.count = 0

    def fail(self, node: yaml.Node, message: str):
        raise YamlFileError(DataError(self.src.shown, node.start_mark.line + 1,
                                      node.start_mark.column + 1, message))

    def convert(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            self.fail(node, f"document expands to more than {MAX_NODES:,} values "
                            "(alias bomb?): refusing to read it")
        if depth > MAX_DEPTH:
            self.fail(node, f"nesting deeper than {MAX_DEPTH} levels: refusing to read it")
        if node.tag not in _ALLOWED_TAGS:
            self.fail(node, f"tag {node.tag!r} is not allowed: data files hold plain values only")
        self.src.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, loc + (i,), depth + 1) for i, item in enumerate(node.value)]
        return _scalar(node)

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict:
        out: dict = {}
        firsts: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _STD + "merge":
                self.fail(key_node, "merge keys (<<) are not supported: write the keys out")
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a key must be a plain text value")
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in firsts:
                self.fail(key_node, f"duplicate key '{key}' (first given on line {firsts[key]})")
            firsts[key] = line
            self.src.key_marks[loc + (key,)] = (line, key_node.start_mark.column + 1)
            out[key] = self.convert(value_node, loc + (key,), depth + 1)
        return out


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, value = node.tag[len(_STD):], node.value
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() in ("true", "yes", "on")
    if tag == "int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    # timestamps stay text: the model parses dates and reports impossible ones with a location
    return value
