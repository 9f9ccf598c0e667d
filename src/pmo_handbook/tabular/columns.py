"""A format of pmo_templates/formats.yml read against its record model: what each column holds,
which values it allows, and how a record becomes a row of cells. Every download (xlsx, csv, md)
and the importer use this one reading, so they cannot drift apart."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass
from functools import lru_cache, cache

from pydantic import BaseModel

from pmo_handbook.errors import Message
from pmo_handbook.i18n import Labels, enum_domain, labels
from pmo_handbook.i18n.messages import closest, render
from pmo_handbook.tabular.vocabulary import People
from pmo_handbook.model import common
from pmo_handbook.model.registers import HistoryEntry, Links
from pmo_handbook.model.registry import REGISTERS, by_record
from pmo_handbook.model.standard import Column, Format

# formats.yml `record:` kind -> the model of one record, from the register table. A register's
# `flattened` dict field is spread out by its formats: onboarding `items` ({item id: state}) gives
# the columns item/status/done_on/note, RACI `assignments` ({role: code}) one column per role.
RECORD_MODELS: dict[str, type[BaseModel]] = {r.record: r.model for r in REGISTERS.values() if r.record and r.model}
CODE_DOMAINS = {"raci_code"}  # RACI cells hold the letters themselves, as RACI charts always do
LIST_SEPARATOR = "、"
HISTORY_INDENT = "  "  # continuation lines of a history note: never mistaken for a new entry

# Column kinds: id, text, longtext, date, enum, enums, person, people, lines, int, number,
# links, history, fields (field name -> enum value), computed.
WRAPPED = {"text", "longtext", "lines", "history", "people", "links", "fields"}
PAIR_SEPARATOR = ": "  # in a fields cell: 対応経緯: 社内限定
# Custom document property of a project register download: the audience of the build that made
# it, so an import knows which fields and links the workbook could not show.
AUDIENCE_PROPERTY = "pmo-handbook audience"
Cell = str | int | float | dt.date | None  # what a cell of a download holds (None: empty)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per column
class Spec:
    """One column of a format, resolved against the record model."""

    column: Column
    index: int           # 0-based position in the format
    kind: str
    path: tuple[str, ...]  # attribute path in the record ("*" = one entry of a dict field)
    required: bool       # the model needs a value
    codes: tuple[str, ...] = ()  # allowed values of enum kinds
    domain: str | None = None    # i18n enum domain of the codes
    id_prefix: str | None = None  # the record's own id: ISS-, RSK-, …
    low: float | None = None     # numeric bounds from the model (ge / le)
    high: float | None = None

    @property
    def key(self) -> str:
        return self.column.key

    @property
    def letter(self) -> str:
        return column_letter(self.index + 1)



class ColumnError(ValueError):
    """A column of formats.yml that names no field of its record (a keyed message)."""

    def __init__(self, msg: Message) -> None:
        super().__init__(render(msg, "en"))
        self.msg = msg

def column_letter(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass(frozen=True)
class Table:
    """A format ready to be written: columns with their kinds, labels in one language."""

    format: Format
    specs: tuple[Spec, ...]
    lang: str = "ja"

    @property
    def L(self) -> Labels:
        return labels(self.lang)

    @property
    def name(self) -> str:
        return self.format.name if self.lang == "ja" else self.format.name_en

    def header(self, spec: Spec) -> str:
        return spec.column.label if self.lang == "ja" else spec.column.label_en

    def headers(self) -> list[str]:
        return [self.header(s) for s in self.specs]

    def spec(self, key: str) -> Spec | None:
        return next((s for s in self.specs if s.key == key), None)

    def label(self, spec: Spec, code: object) -> str:
        if code is None:
            return ""
        if spec.domain is None or spec.domain in CODE_DOMAINS:
            return str(code)
        return self.L.enum(spec.domain, code)

    def choices(self, spec: Spec) -> list[str]:
        return [self.label(spec, c) for c in spec.codes]

    def field_label(self, name: str) -> str:
        """A record field as people know it: its column's header, else its label on the site."""
        spec = next((s for s in self.specs if s.path == (name,)), None)
        return self.header(spec) if spec else self.L.field(self.format.record, name)


@lru_cache(maxsize=64)
def _table(fmt_json: str, lang: str) -> Table:
    fmt = Format.model_validate_json(fmt_json)
    reg = by_record(fmt.record)
    model = RECORD_MODELS[fmt.record]  # reg.model, the model of its records
    return Table(fmt, tuple(resolve(model, c, i, reg.flattened) for i, c in enumerate(fmt.columns)), lang)


def table(fmt: Format, lang: str = "ja") -> Table:
    return _table(fmt.model_dump_json(), lang)


# --- reading a column against the model ---------------------------------------------------
# Annotations are read at run time: typing's introspection gives and takes them as Any.

@cache
def _hints(model: type[BaseModel]) -> dict[str, Any]:  # a model's annotations do not change: read once
    return typing.get_type_hints(model, include_extras=True)


def _optional(tp: Any) -> tuple[Any, bool]:
    """(inner type, was optional)."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def _pattern(tp: Any) -> str | None:
    if typing.get_origin(tp) is typing.Annotated:
        for meta in typing.get_args(tp)[1:]:
            if getattr(meta, "pattern", None):
                pattern: str = meta.pattern
                return pattern
    return None


def id_prefix(tp: Any) -> str | None:
    """'ISS-' for IssueId: record ids are a fixed prefix and digits."""
    m = re.match(r"^\^([A-Z]+-)\[0-9\]", _pattern(tp) or "")
    return m.group(1) if m else None


def _kind(tp: Any) -> tuple[str, tuple[str, ...]]:
    """(kind, codes) of a field's annotation."""
    if tp is common.PersonId:
        return "person", ()
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return "enum", tuple(typing.get_args(tp))
    if origin is list:
        inner = typing.get_args(tp)[0]
        if inner is common.PersonId:
            return "people", ()
        if typing.get_origin(inner) is typing.Literal:
            return "enums", tuple(typing.get_args(inner))
        if inner is HistoryEntry:
            return "history", ()
        return "lines", ()
    if origin is dict and typing.get_origin(typing.get_args(tp)[1]) is typing.Literal:
        return "fields", tuple(typing.get_args(typing.get_args(tp)[1]))  # field -> level
    if tp is Links:
        return "links", ()
    if tp is dt.date:
        return "date", ()
    if tp is int:
        return "int", ()
    if tp is float:
        return "number", ()
    if tp is common.Text:
        return "longtext", ()
    return "text", ()


def resolve(model: type[BaseModel], column: Column, index: int, flattened: str | None = None) -> Spec:
    """Follow the column's dotted key through the model to the annotation it names."""
    parts = tuple(column.key.split("."))
    path: list[str] = []
    required = True
    current = model
    tp: Any = None
    bounds: dict[str, float] = {}
    for n, part in enumerate(parts):
        hints = _hints(current)
        if part in current.model_fields:
            tp, _ = _optional(hints[part])
            field = current.model_fields[part]
            required = required and field.is_required()
            bounds = {k: getattr(meta, k) for meta in field.metadata for k in ("ge", "le")
                      if getattr(meta, k, None) is not None}
            path.append(part)
        elif isinstance(getattr(current, part, None), property) and n == len(parts) - 1:
            return Spec(column, index, "computed", tuple(path + [part]), False)
        else:
            tp, via = _through_dict(hints, part, flattened) if current is model else (None, [])
            if tp is None:
                raise ColumnError(Message.of("format_column", column=column.key, part=part,
                                             model=current.__name__,
                                             hint=closest(part, current.model_fields)))
            path.extend(via)
            required = False
        if n < len(parts) - 1:
            current = tp
    kind, codes = _kind(tp)
    prefix = id_prefix(tp) if path == ["id"] else None
    if prefix:
        kind = "id"
    return Spec(column, index, kind, tuple(path), required, codes,
                enum_domain(codes) if codes else None, prefix, bounds.get("ge"), bounds.get("le"))


def _through_dict(hints: dict[str, Any], part: str, name: str | None) -> tuple[Any, list[str]]:
    """A column of a flattened dict field: its key (item) or a part of its value."""
    if name is None:
        return None, []
    key_t, value_t = typing.get_args(_optional(hints[name])[0])
    if part == name.rstrip("s"):
        return key_t, [name, "*"]
    if isinstance(value_t, type) and issubclass(value_t, BaseModel):
        if part in value_t.model_fields:
            return _optional(_hints(value_t)[part])[0], [name, "*", part]
        return None, []
    return value_t, [name, part]


# --- records to cells -------------------------------------------------------------------------

def value_at(record: object, path: tuple[str, ...]) -> Any:
    """The value at path; a dict field is read by key ({role: code}), and "*" stands for the one
    entry a row of a flattened dict holds (exports/prefill.py): its key, or its value's parts."""
    value = record
    for i, part in enumerate(path):
        if part == "*":
            if not isinstance(value, dict) or len(value) != 1:
                return None
            key, value = next(iter(value.items()))
            if i == len(path) - 1:
                return key
            continue
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
        if value is None:
            return None
    return value


def link_ids(links: Links) -> list[str]:
    return [v for name in Links.model_fields for v in getattr(links, name)]


def history_text(entries: Iterable[HistoryEntry], people: People) -> str:
    out = []
    for h in entries:
        first, *rest = h.note.split("\n")
        out.append(f"{h.date.isoformat()} {people.show(h.by)}: {first}")
        out.extend(HISTORY_INDENT + line for line in rest)
    return "\n".join(out)


def cell(table: Table, spec: Spec, record: object, people: People) -> Cell:
    """The value a spreadsheet cell shows for this column of the record (None = empty); record is
    a register model or a template row read like one (exports/prefill.py), by attribute."""
    value = value_at(record, spec.path)
    if value is None:
        return None
    kind = spec.kind
    if kind == "enum":
        return table.label(spec, value)
    if kind == "enums":
        return LIST_SEPARATOR.join(table.label(spec, v) for v in value) or None
    if kind == "person":
        return people.show(value)
    if kind == "people":
        return LIST_SEPARATOR.join(people.show(v) for v in value) or None
    if kind == "lines":
        return "\n".join(value) or None
    if kind == "links":
        return " ".join(link_ids(value)) or None
    if kind == "history":
        return history_text(value, people) or None
    if kind == "fields":
        return LIST_SEPARATOR.join(f"{table.field_label(name)}{PAIR_SEPARATOR}{table.label(spec, code)}"
                                   for name, code in value.items()) or None
    plain: Cell = value  # id, text, date or number, as the model holds it
    return plain


def row(table: Table, record: object, people: People) -> list[Cell]:
    return [cell(table, spec, record, people) for spec in table.specs]
