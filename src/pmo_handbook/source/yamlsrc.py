"""Read one YAML file safely into plain Python values plus a map of source positions.

We compose (never construct) so no tag can build an object, every node keeps its line and
column, duplicate keys are caught, and alias expansion and nesting depth are bounded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, Protocol

import yaml
from yaml.composer import Composer
from yaml.resolver import Resolver

from pmo_handbook.i18n.messages import error as keyed
from pmo_handbook.source import typos, yamlfast
from pmo_handbook.errors import DataError, Message
from pmo_handbook.settings import DEFAULT_MAX_FILE_BYTES

from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner


class _PyParser(Reader, Scanner, Parser):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


try:  # libyaml's parser: the events (and their marks) come from C
    from yaml._yaml import CParser as _Parser
    _LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _Parser = _PyParser  # type: ignore[misc, assignment]  # same interface, in Python
    _LIBYAML = False

DEFAULT_MAX_BYTES = DEFAULT_MAX_FILE_BYTES  # PMO_MAX_FILE_BYTES, given by the caller as limit
MAX_DEPTH = 64
MAX_NODES = 200_000
# What YAML calls non-printable: C0/C1 controls other than tab, newlines and NEL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# Line breaks to YAML 1.1 but not to editors, git or GitHub: every position after one would be off.
_BREAKS = re.compile("[\x85\u2028\u2029]")
# The one text policy, checked on every key and value once YAML has read it: no control
# character but newline and tab, however it was written — YAML escapes ("\0", "\e", "\x7f",
# "\N", "\L", "\ufeff") and the line separators YAML passes through included. Such characters
# break terminals, workbooks, calendars and front matter downstream.
# Bidirectional embeddings, overrides and isolates are refused too: they make a title display
# differently from what is stored and reviewed ("Trojan Source"); Japanese text never needs them.
BIDI_CONTROL = "\u202a-\u202e\u2066-\u2069"
TEXT_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff{BIDI_CONTROL}]")


class _Mark(Protocol):  # of PyYAML's parser or of libyaml's: 0-based
    line: int
    column: int


class _Refused(Exception):
    def __init__(self, mark: _Mark | None, msg: Message) -> None:
        super().__init__(msg.key)
        self.mark, self.msg = mark, msg


class _Bounded(Composer, Resolver):
    """PyYAML's Python composer over a parser. libyaml's own composer recurses in C and
    crashes the interpreter on a few hundred thousand nested brackets; this one stops at
    MAX_DEPTH, and counts what each alias repeats so an alias bomb stops at the alias that tips
    it over MAX_NODES — both before the rest of a hostile file is even parsed."""

    parser: ClassVar[type[_Parser] | type[_PyParser]] = _Parser

    if TYPE_CHECKING:  # given by the parser each loader below mixes in
        def peek_event(self) -> yaml.Event: ...
        def check_event(self, *choices: object) -> bool: ...

    def __init__(self, stream: str) -> None:
        self.parser.__init__(self, stream)  # type: ignore[arg-type]  # self is the parser it mixes in
        Composer.__init__(self)
        Resolver.__init__(self)
        self.depth = 0
        self.values = 0  # values in the document once every alias is expanded
        self.weights: dict[int, int] = {}  # node id -> values it expands to

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):  # an alias repeats its anchor's every value
            node = super().compose_node(parent, index)
            self.count(self.weights.get(id(node), 1), mark)
            return node
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(mark, _too_deep())
            self.count(1, mark)
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        children = node.value if isinstance(node, yaml.SequenceNode) else \
            [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else []
        self.weights[id(node)] = 1 + sum(self.weights.get(id(c), 1) for c in children)
        return node

    def count(self, values: int, mark: _Mark | None) -> None:
        self.values += values
        if self.values > MAX_NODES:
            raise _Refused(mark, Message.of("too_many_values", limit=f"{MAX_NODES:,}"))


class _Loader(_Bounded, _Parser):
    parser = _Parser


class _PyLoader(_Bounded, _PyParser):
    """Pure Python: some libyaml builds refuse ~1000 nested flow brackets in their scanner,
    before our composer could name the first level too deep; Python's scanner does not."""

    parser = _PyParser


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

    def lean(self) -> None:
        """Drop what only reading and checking the file need (its raw value, the marks of its
        keys): two thirds of a loaded portfolio's memory. Values keep their marks, so later
        messages (the plan warnings) still name their line."""
        self.value, self.key_marks = None, {}


class YamlFileError(Exception):
    def __init__(self, error: DataError):
        self.error = error
        super().__init__(str(error))


def read_text(path: Path, shown: str, limit: int = DEFAULT_MAX_BYTES) -> str:
    """Bytes -> text, refusing what is not a small UTF-8 text file (limit: the size limit in
    bytes, PMO_MAX_FILE_BYTES). Each refusal happens before YAML sees the text, so a hostile file
    costs no more than reading it."""
    text = _decode(_read_bytes(path, shown, limit), shown)
    _check_text(text, shown)
    return text


def _fail(shown: str, line: int, column: int, key: str, /, **params: Any) -> NoReturn:
    raise YamlFileError(keyed(shown, line, column, key, **params))


def _read_bytes(path: Path, shown: str, limit: int) -> bytes:
    size = path.stat().st_size
    with path.open("rb") as f:  # read no more than the limit, whatever stat says
        data = f.read(limit + 1)
    if size > limit or len(data) > limit:
        raise YamlFileError(oversize(shown, max(size, len(data)), limit))
    return data


def oversize(shown: str, size: int, limit: int) -> DataError:
    """The error of a file over the size limit (also of one read from git, never fetched)."""
    return keyed(shown, 1, 1, "file_too_big", size=f"{size:,}", limit=f"{limit:,}")


def _decode(data: bytes, shown: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        _fail(shown, 1, 1, "utf16")
    if b"\x00" in data:
        _fail(shown, *_position(data, data.index(b"\x00")), "nul_byte")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _fail(shown, *_position(data, exc.start), *_encoding(data), file=shown)
    return text.removeprefix("\ufeff")


def _check_text(text: str, shown: str) -> None:
    control = _CONTROL.search(text)
    if control:
        at = control.start()
        _fail(shown, text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at), "binary_control",
              code=f"{ord(control.group()):04X}")
    brk = _BREAKS.search(text)
    if brk:
        at = brk.start()
        _fail(shown, text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at), "line_separator",
              code=f"{ord(brk.group()):04X}")
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        _fail(shown, 1, 1, "empty_file")
    for number, ln in enumerate(text.splitlines(), 1):
        indent = ln[: len(ln) - len(ln.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlFileError(keyed(shown, number, indent.index("\t") + 1, "tab_indent"))


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def _encoding(data: bytes) -> tuple[str]:
    """The message key for text that is not UTF-8: Shift_JIS, with the command that converts it."""
    try:
        data.decode("cp932")
    except UnicodeDecodeError:
        return ("not_utf8",)
    return ("shift_jis",)


def load(path: Path, shown: str, limit: int = DEFAULT_MAX_BYTES) -> Source:
    """Parse one file of at most limit bytes. Raises YamlFileError with a located message."""
    text = read_text(path, shown, limit)
    if typo := typos.indentation(text, shown):
        raise YamlFileError(typo)
    return _parse(text, path, shown)


def load_bytes(data: bytes, path: Path, shown: str, limit: int = DEFAULT_MAX_BYTES) -> Source:
    """Parse a file's content read elsewhere (e.g. from git), with the same checks as load."""
    if len(data) > limit:
        raise YamlFileError(oversize(shown, len(data), limit))
    text = _decode(data, shown)
    _check_text(text, shown)
    return _parse(text, path, shown)


def _parse(text: str, path: Path, shown: str) -> Source:
    fast = yamlfast.read(text, MAX_DEPTH, MAX_NODES, _scalar, TEXT_CONTROL.search)  # the plain case
    if fast is not None:
        return Source(path, shown, *fast)
    try:
        node = _compose(text)
    except _Refused as exc:
        line, col = (exc.mark.line + 1, exc.mark.column + 1) if exc.mark else (1, 1)
        raise YamlFileError(keyed(shown, line, col, exc.msg.key, **dict(exc.msg.params))) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        typo = typos.colon(text, shown, line)  # the cause, often a line above where YAML noticed
        raise YamlFileError(typo or keyed(shown, line, col, "yaml_syntax", detail=what)) from None
    except yaml.YAMLError as exc:
        raise YamlFileError(keyed(shown, 1, 1, "yaml_syntax", detail=str(exc))) from None
    src = Source(path, shown, None)
    if node is None or node.tag == _STD + "null":  # `---` or `~` alone
        _fail(shown, 1, 1, "empty_file")
    src.value = _Converter(src).convert(node, (), 0)
    return src


def _compose(text: str) -> yaml.Node | None:
    # PyYAML's stubs accept only its own loaders; ours are its Composer over its parsers.
    try:
        return yaml.compose(text, Loader=_Loader)  # type: ignore[arg-type]
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" not in str(exc.problem) or not _LIBYAML:
            raise
    return yaml.compose(text, Loader=_PyLoader)  # type: ignore[arg-type]  # locates the first level that is too deep


def _too_deep() -> Message:
    return Message.of("too_deep", depth=MAX_DEPTH)


class _Converter:
    def __init__(self, src: Source):
        self.src = src

    def fail(self, node: yaml.Node, msg: Message) -> NoReturn:
        raise YamlFileError(keyed(self.src.shown, node.start_mark.line + 1, node.start_mark.column + 1,
                                  msg.key, **dict(msg.params)))

    def convert(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        if depth > MAX_DEPTH:  # an alias to its own ancestor nests without end
            self.fail(node, _too_deep())
        if node.tag not in _ALLOWED_TAGS:
            self.fail(node, Message.of("yaml_tag", tag=repr(node.tag)))
        self.src.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, loc + (i,), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # the third and last kind of YAML node
        self.check_text(node)
        return _scalar(node)

    def check_text(self, node: yaml.ScalarNode) -> None:
        found = TEXT_CONTROL.search(node.value)
        if found:
            self.fail(node, control_message(found.group()))

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        firsts: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _STD + "merge":
                self.fail(key_node, Message.of("merge_key"))
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, Message.of("key_not_text"))
            self.check_text(key_node)
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in firsts:
                raise YamlFileError(keyed(self.src.shown, line, key_node.start_mark.column + 1,
                                          "duplicate_key", key=key, first=firsts[key]))
            firsts[key] = line
            self.src.key_marks[loc + (key,)] = (line, key_node.start_mark.column + 1)
            out[key] = self.convert(value_node, loc + (key,), depth + 1)
        return out


def control_message(char: str) -> Message:
    key = "bidi_char" if re.match(f"[{BIDI_CONTROL}]", char) else "control_char"
    return Message.of(key, code=f"{ord(char):04X}")


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
