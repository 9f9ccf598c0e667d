"""Spreadsheet cells back to record values: the inverse of exports/columns.cell, tolerant of the
ways people fill registers in by hand (Excel dates, slash dates, status words, surnames)."""
from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
from collections.abc import Callable
from typing import Any

from pmo_handbook.errors import Message
from pmo_handbook.i18n.messages import Field, Shown, render
from pmo_handbook.loading.schema_errors import field_at
from pmo_handbook.tabular import refusals, vocabulary
from pmo_handbook.tabular.columns import (HISTORY_INDENT, PAIR_SEPARATOR, RECORD_MODELS, Spec, Table, id_prefix)
from pmo_handbook.tabular.vocabulary import People
from pmo_handbook.i18n import labels
from pmo_handbook.model.registers import Links
from pmo_handbook.imports.headers import accepted, normal


class CellError(ValueError):
    """A value that cannot be read: its keyed message is shown after `Sheet!C5: `."""

    def __init__(self, msg: Message):
        self.msg = msg
        super().__init__(render(msg, "en"))


# Every pattern here runs in linear time on a 32,767-character cell: no two neighbouring
# quantifiers can match the same characters (a cell is split on separators, then stripped).
SPLIT = re.compile(r"[、,，;；/／・\n]")
# \d also matches full-width digits: ２０２６／４／１ is read too
ENTRY_DATE = re.compile(r"\d{4}[-/.年／－]\d{1,2}[-/.月／－]\d{1,2}日?(?=\s)")
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIALS = range(32874, 73051)  # Excel day numbers of 1990-01-01 … 2099-12-31
HISTORY = ("history_entry", "date"), ("history_entry", "by")  # the fields of a 対応経緯 line


def text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_field(table: Table, spec: Spec) -> Field:
    """The field a column fills, named as the YAML loader names it: 「ステータス (status)」."""
    return field_at(RECORD_MODELS[table.format.record], spec.path)


def date(value: object, path: Field) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if int(value) in SERIALS:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(refusals.date(path, text(value)))
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    if compact := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", raw):  # 20260401, as some sheets hold it
        raw = "-".join(compact.groups())
    try:
        found = vocabulary.date(raw)
    except ValueError:
        found = None
    if found is None:
        raise CellError(refusals.date(path, text(value)))
    return found


def enum(spec: Spec, value: object, path: Field) -> str:
    """The code of a cell: its code or a label in either language, as the YAML loader reads it
    (tabular/vocabulary), and also a common variant (完了済み) of a workbook made elsewhere."""
    code = vocabulary.enum_code(spec.codes, text(value), variants=True)
    if code is None:
        raise CellError(refusals.enum(path, spec.codes, text(value)))
    return code


def integer(value: object, path: Field) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = unicodedata.normalize("NFKC", text(value)).replace(",", "")
    if not isinstance(value, bool) and re.fullmatch(r"[-+]?\d{1,18}", raw):  # longer: no count of anything
        return int(raw)
    raise CellError(refusals.whole_number(path, value if isinstance(value, bool) else text(value)))


def number(value: object, path: Field) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raw = unicodedata.normalize("NFKC", text(value)).replace(",", "")
    try:
        return float(raw)
    except ValueError:
        raise CellError(refusals.number(path, text(value))) from None


def record_id(spec: Spec, value: object) -> str:
    """'ISS-001'; a plain number such as 12 becomes ISS-012, ISS-1 becomes ISS-001."""
    raw = unicodedata.normalize("NFKC", text(value)).upper()
    digits = re.fullmatch(r"(?:" + re.escape(spec.id_prefix or "") + r")?(\d{1,9})", raw)
    if spec.id_prefix and digits:
        return f"{spec.id_prefix}{int(digits[1]):03d}"
    return raw


def person(people: People, value: object, path: Field) -> str:
    """A member's id, full name, reading or unique family name -> the id (as the YAML loader)."""
    raw = text(value)
    pid, _ = people.find(raw)
    if pid:
        return pid
    raise CellError(refusals.person(path, raw, people))


def links(value: object) -> dict[str, list[str]]:
    kinds = {prefix: name for name, f in Links.model_fields.items()
             if (prefix := id_prefix(typing.get_args(f.annotation)[0]))}
    out: dict[str, list[str]] = {}
    for token in re.split(r"[\s、,，;；/／]+", unicodedata.normalize("NFKC", text(value)).upper()):
        if not token:
            continue
        m = re.fullmatch(r"([A-Z]+-)(\d{1,9})", token)
        if not m or m[1] not in kinds:
            raise CellError(Message.of("import_link", value=Shown(token),
                                       examples=", ".join(p + "001" for p in kinds)))
        out.setdefault(kinds[m[1]], []).append(f"{m[1]}{int(m[2]):03d}")
    return out


def history(people: People, value: object) -> list[dict[str, Any]]:  # plain data of HistoryEntry
    """Entries 'yyyy-mm-dd 記入者: note'; lines indented by two spaces (or any other line not
    starting with a date) continue the note above."""
    entries: list[dict[str, Any]] = []
    when, who = (Field(*f) for f in HISTORY)
    for n, line in enumerate(text(value).split("\n"), start=1):
        m = None if line.startswith(HISTORY_INDENT) else entry(line)
        if m:
            try:
                entries.append({"date": date(m[0], when), "by": person(people, m[1], who), "note": m[2]})
            except CellError as exc:
                raise CellError(Message.of("import_history_line", n=n, detail=exc.msg)) from None
        elif entries:
            entries[-1]["note"] += "\n" + line.removeprefix(HISTORY_INDENT)
        elif line.strip():
            raise CellError(Message.of("import_history_entry", n=n, value=Shown(line[:30])))
    return entries


def entry(line: str) -> tuple[str, str, str] | None:
    """(date, author, note) of 'yyyy-mm-dd 記入者: note', or None. Read by position, not by a
    backtracking pattern: the author runs from after the date to the first colon."""
    date_part = ENTRY_DATE.match(line)
    if not date_part:
        return None
    rest = line[date_part.end():]
    colons = [i for i in (rest.find(":"), rest.find("：")) if i >= 0]
    cut = min(colons) if colons else -1
    if cut < 2 or not rest[:cut].strip():  # whitespace, then at least one character of the author
        return None
    note = rest[cut + 1:]
    return date_part[0], rest[:cut].strip(), note[1:] if note[:1].isspace() else note


def field_names(table: Table) -> dict[str, str]:
    """Every way of naming a record field -> its name: headers, site labels, the name itself."""
    model_fields = RECORD_MODELS[table.format.record].model_fields
    names: dict[str, str] = {}
    for spec in table.specs:
        if len(spec.path) == 1:
            for name in accepted(table, spec):
                names.setdefault(normal(name), spec.path[0])
    for name in model_fields:
        for word in (table.field_label(name), *(labels(lang).field(table.format.record, name)
                                                for lang in ("ja", "en")), name):
            names.setdefault(normal(word), name)
    return names


def fields(table: Table, spec: Spec, value: object, path: Field) -> dict[str, str]:
    """'対応方針: 社内限定、対応経緯: 社内限定' -> {action_plan: internal, history: internal}."""
    names, out = field_names(table), {}
    for part in (p.strip() for p in re.split(r"[、,，;；\n]", text(value))):
        m = _pair(part)
        if part and not m:
            optional = next(s for s in table.specs if not s.required and len(s.path) == 1)
            example = f"{table.header(optional)}{PAIR_SEPARATOR}{table.choices(spec)[-2]}"
            raise CellError(Message.of("import_pair", value=Shown(part), example=Shown(example)))
        if m and normal(m[0]) not in names:
            raise CellError(Message.of("import_not_a_column", value=Shown(m[0]), register=table.name))
        if m:
            out[names[normal(m[0])]] = enum(spec, m[1], path)
    return out


def _pair(part: str) -> tuple[str, str] | None:
    """'対応経緯: 社内限定' -> (対応経緯, 社内限定): split at the first of : ： =."""
    cuts = [i for i in (part.find(":"), part.find("："), part.find("=")) if i >= 0]
    if not cuts:
        return None
    name, level = part[: min(cuts)].strip(), part[min(cuts) + 1:].strip()
    return (name, level) if name and level else None


def read(table: Table, spec: Spec, value: object, people: People) -> object:
    """The record value of one cell, or None for an empty cell. Raises CellError."""
    if blank(value) or spec.kind == "computed":
        return None
    kind, path = spec.kind, column_field(table, spec)
    if kind in ("enums", "people"):
        items = [v for v in SPLIT.split(text(value)) if v.strip()]
        one: Callable[[str, Field], object] = ((lambda v, at: enum(spec, v, at)) if kind == "enums"
                                              else (lambda v, at: person(people, v, at)))
        return [one(v, _item(path, i)) for i, v in enumerate(items)]
    readers: dict[str, Callable[[], object]] = {
        "id": lambda: record_id(spec, value), "date": lambda: date(value, path),
        "enum": lambda: enum(spec, value, path), "person": lambda: person(people, value, path),
        "lines": lambda: [line.strip() for line in text(value).split("\n") if line.strip()],
        "int": lambda: integer(value, path), "number": lambda: number(value, path),
        "links": lambda: links(value), "history": lambda: history(people, value),
        "fields": lambda: fields(table, spec, value, path)}
    return readers.get(kind, lambda: text(value))()


def _item(path: Field, index: int) -> Field:
    """「影響範囲 (impact) の 2 番目」: an entry of a cell holding several values."""
    return Field(path.model, path.key, path.items + (index,))
