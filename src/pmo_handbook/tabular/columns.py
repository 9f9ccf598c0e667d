"""A format of pmo_templates/formats.yml read against its record model: what each column holds,
which values it allows, and how a record becomes a row of cells. Every download (xlsx, csv, md)
and the importer use this one reading, so they cannot drift apart."""
from __future__ import annotations

import datetime as dt
import re
import types
import typing
import unicodedata
from dataclasses import dataclass
from functools import lru_cache, cache

from pydantic import BaseModel

from pmo_handbook.i18n import Labels, labels
from pmo_handbook.model import common
from pmo_handbook.model.people import Member
from pmo_handbook.model.registers import HistoryEntry, Links
from pmo_handbook.model.registry import REGISTERS, by_record
from pmo_handbook.model.standard import Column, Format

# formats.yml `record:` kind -> the model of one record, from the register table. A register's
# `flattened` dict field is spread out by its formats: onboarding `items` ({item id: state}) gives
# the columns item/status/done_on/note, RACI `assignments` ({role: code}) one column per role.
RECORD_MODELS: dict[str, type[BaseModel]] = {r.record: r.model for r in REGISTERS.values() if r.record}
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

    def label(self, spec: Spec, code) -> str:
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
    return Table(fmt, tuple(resolve(reg.model, c, i, reg.flattened) for i, c in enumerate(fmt.columns)),
                 lang)


def table(fmt: Format, lang: str = "ja") -> Table:
    return _table(fmt.model_dump_json(), lang)


# --- reading a column against the model ---------------------------------------------------

def _hints(model) -> dict:
    return typing.get_type_hints(model, include_extras=True)


def _optional(tp) -> tuple[typing.Any, bool]:
    """(inner type, was optional)."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def _pattern(tp) -> str | None:
    if typing.get_origin(tp) is typing.Annotated:
        for meta in typing.get_args(tp)[1:]:
            if getattr(meta, "pattern", None):
                return meta.pattern
    return None


def id_prefix(tp) -> str | None:
    """'ISS-' for IssueId: record ids are a fixed prefix and digits."""
    m = re.match(r"^\^([A-Z]+-)\\d", _pattern(tp) or "")
    return m.group(1) if m else None


def _kind(tp) -> tuple[str, tuple[str, ...]]:
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
    tp = None
    bounds: dict = {}
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
                raise ValueError(f"format column '{column.key}': '{part}' is not a field of "
                                 f"{current.__name__}")
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


def _through_dict(hints: dict, part: str, name: str | None):
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


@cache
def _domains(codes: frozenset) -> str | None:
    enums = labels("ja").data["enums"]
    found = [d for d, values in enums.items() if set(map(str, values)) == codes]
    return found[0] if len(found) == 1 else None


def enum_domain(codes: tuple) -> str | None:
    """The i18n enum domain listing exactly these codes: labels are derived, never repeated."""
    return _domains(frozenset(map(str, codes)))


# --- people -----------------------------------------------------------------------------------

def squash(text: str) -> str:
    """Compare names the way people type them: width, case and spaces ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


class People:
    """Member ids shown as names where the name is unique in the project, ids otherwise, so a
    name written by the export always maps back to the same id."""

    def __init__(self, members: list[Member] = ()):
        self.by_id = {m.id: m for m in members}
        counts: dict[str, int] = {}
        for m in members:
            counts[squash(m.name)] = counts.get(squash(m.name), 0) + 1
        ids = {squash(pid) for pid in self.by_id}
        self.unique = {m.id for m in members if counts[squash(m.name)] == 1 and squash(m.name) not in ids}

    def show(self, pid: str | None) -> str:
        if pid is None:
            return ""
        return self.by_id[pid].name if pid in self.unique else pid

    def names(self) -> list[str]:
        return [self.show(pid) for pid in self.by_id]

    def find(self, text: str) -> tuple[str | None, list[str]]:
        """(member id, candidates): an id, a full name, or a family name only when unique."""
        if text in self.by_id:
            return text, []
        key = squash(text)
        full = [m.id for m in self.by_id.values() if squash(m.name) == key
                or (m.romaji and squash(m.romaji) == key)]
        if len(full) == 1:
            return full[0], []
        if len(full) > 1:
            return None, full
        family = [m.id for m in self.by_id.values() if squash(m.name.split()[0]) == key]
        if len(family) == 1:
            return family[0], []
        return None, family


# --- records to cells -------------------------------------------------------------------------

def value_at(record, path: tuple[str, ...]):
    value = record
    for part in path:
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def link_ids(links: Links) -> list[str]:
    return [v for name in Links.model_fields for v in getattr(links, name)]


def history_text(entries, people: People) -> str:
    out = []
    for h in entries:
        first, *rest = h.note.split("\n")
        out.append(f"{h.date.isoformat()} {people.show(h.by)}: {first}")
        out.extend(HISTORY_INDENT + line for line in rest)
    return "\n".join(out)


def cell(table: Table, spec: Spec, record, people: People):
    """The value a spreadsheet cell shows for this column of the record (None = empty)."""
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
    return value


def row(table: Table, record, people: People) -> list:
    return [cell(table, spec, record, people) for spec in table.specs]
