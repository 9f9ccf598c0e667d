"""The common case of yamlsrc.load in one pass over libyaml's events, without a node tree.

A data file is nearly always plain: one mapping of maps, lists and untagged scalars. For such a
file this builds the same value, marks and key marks as yamlsrc's composer + converter, about
three times faster, which is most of the load time of a large portfolio. Anything else (an
anchor or alias, an explicit tag, a merge or duplicate key, a complex key, deep nesting, a
syntax error, too many values) returns None, and yamlsrc reads the file the careful way, which
also words the error."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.resolver import Resolver

try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML without libyaml: always the careful way
    CParser = None  # type: ignore[assignment, misc]

Loc = tuple[Any, ...]
Marks = dict[Loc, tuple[int, int]]
Read = tuple[Any, Marks, Marks]  # value, marks of values, marks of keys
Scalar = Callable[[Any], Any]  # yamlsrc._scalar: a resolved scalar's Python value
Unsafe = Callable[[str], object]  # truthy for text the careful reader refuses

_STD = "tag:yaml.org,2002:"
_MERGE, _STR = _STD + "merge", _STD + "str"
_Scalar, _MapStart, _MapEnd = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SeqStart, _SeqEnd = yaml.SequenceStartEvent, yaml.SequenceEndEvent


# Plain scalars whose first character starts no implicit resolver (most text: Japanese, names,
# codes) are strings without asking the resolver, as Resolver.resolve would find. An empty
# scalar's key is "". A wildcard resolver (key None) would apply to every scalar: then always ask.
_FIRST = None if None in Resolver.yaml_implicit_resolvers else frozenset(Resolver.yaml_implicit_resolvers)


class _Fallback(Exception):
    pass


class _Tagged:
    """What yamlsrc._scalar reads of a scalar node."""

    __slots__ = ("tag", "value")

    def __init__(self, tag: str, value: str):
        self.tag, self.value = tag, value


def _build(parser: CParser, max_depth: int, max_nodes: int, scalar: Scalar, unsafe: Unsafe) -> Read:
    """The value, marks and key marks of the mapping whose start event comes next."""
    get: Callable[[], Any] = parser.get_event  # events: libyaml's marks are never None
    marks: Marks = {}
    key_marks: Marks = {}
    resolve: Callable[[type, str, tuple[bool, bool]], str] = Resolver().resolve
    tags: dict[str, str] = {}  # plain scalar -> resolved tag
    count = 0

    def tag(value: str) -> str:
        if _FIRST is not None and value[:1] not in _FIRST:
            return _STR
        found = tags.get(value)
        if found is None:
            found = tags[value] = resolve(yaml.ScalarNode, value, (True, False))
        return found

    def node(event: Any, loc: Loc, depth: int) -> Any:
        nonlocal count
        count += 1
        if count > max_nodes or depth >= max_depth or event.anchor is not None or event.tag is not None:
            raise _Fallback
        mark = event.start_mark
        marks[loc] = (mark.line + 1, mark.column + 1)
        kind = type(event)
        if kind is _Scalar:
            value = event.value
            if unsafe(value):  # the careful reader words the error
                raise _Fallback
            resolved = tag(value) if event.implicit[0] else _STR
            return value if resolved == _STR else scalar(_Tagged(resolved, value))
        if kind is _SeqStart:
            out, i = [], 0
            while type(item := get()) is not _SeqEnd:
                out.append(node(item, loc + (i,), depth + 1))
                i += 1
            return out
        if kind is not _MapStart:
            raise _Fallback  # an alias
        mapping = {}
        while type(key := get()) is not _MapEnd:
            if type(key) is not _Scalar or key.anchor is not None or key.tag is not None:
                raise _Fallback
            name = key.value
            if name in mapping or unsafe(name) or (key.implicit[0] and tag(name) == _MERGE):
                raise _Fallback
            at: Any = key.start_mark
            key_marks[loc + (name,)] = (at.line + 1, at.column + 1)
            mapping[name] = node(get(), loc + (name,), depth + 1)
        return mapping

    return node(get(), (), 0), marks, key_marks


def _never(text: str) -> None:
    return None


def read(text: str, max_depth: int, max_nodes: int, scalar: Scalar, unsafe: Unsafe) -> Read | None:
    """(value, marks, key_marks) of a plain file whose top is a mapping, or None. unsafe(text)
    is true for text the careful reader refuses."""
    if CParser is None:
        return None
    if not unsafe(text) and "\\" not in text:
        # Without an escape no value holds a character its file lacks (libyaml turns line
        # breaks into "\n" only): one look at the whole text instead of one per value.
        unsafe = _never
    parser = CParser(text)
    try:
        if type(parser.get_event()) is not yaml.StreamStartEvent or \
                type(parser.get_event()) is not yaml.DocumentStartEvent or \
                type(parser.peek_event()) is not _MapStart:
            return None
        found = _build(parser, max_depth, max_nodes, scalar, unsafe)
        if type(parser.get_event()) is not yaml.DocumentEndEvent or \
                type(parser.get_event()) is not yaml.StreamEndEvent:
            return None
        return found
    except (_Fallback, yaml.YAMLError):
        return None
    finally:
        parser.dispose()
