"""Spreadsheet cells back to record values: the inverse of exports/columns.cell, tolerant of the
ways people fill registers in by hand (Excel dates, slash dates, status words, surnames)."""
from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
from typing import Any

from pmo_handbook.errors import Message
from pmo_handbook.i18n.messages import render
from pmo_handbook.tabular import vocabulary
from pmo_handbook.tabular.columns import (HISTORY_INDENT, PAIR_SEPARATOR, RECORD_MODELS, Spec, Table, id_prefix)
from pmo_handbook.tabular.vocabulary import People
from pmo_handbook.i18n import labels
from pmo_handbook.model.registers import Links
from pmo_handbook.imports.headers import accepted, normal


class CellError(ValueError):
    """A value that cannot be read; the message is shown after `Sheet!C5: `."""


# Every pattern here runs in linear time on a 32,767-character cell: no two neighbouring
# quantifiers can match the same characters (a cell is split on separators, then stripped).
SPLIT = re.compile(r"[、,，;；/／・\n]")
# \d also matches full-width digits: ２０２６／４／１ is read too
ENTRY_DATE = re.compile(r"\d{4}[-/.年／－]\d{1,2}[-/.月／－]\d{1,2}日?(?=\s)")
SHOWN = 60  # characters of a cell quoted in a message
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIALS = range(32874, 73051)  # Excel day numbers of 1990-01-01 … 2099-12-31


def text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def shown(text: str) -> str:
    """A cell's text as quoted in a message: a long cell is cut, not echoed whole."""
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if int(value) in SERIALS:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(f"{shown(text(value))} is not a date: write yyyy-mm-dd, yyyy/mm/dd or an Excel date")
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    if compact := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", raw):  # 20260401, as some sheets hold it
        raw = "-".join(compact.groups())
    try:
        found = vocabulary.date(raw)
    except ValueError as exc:
        raise CellError(f"'{shown(raw)}' is not a valid date: {exc}") from None
    if found is None:
        raise CellError(f"'{shown(raw)}' is not a date: write yyyy-mm-dd, yyyy/mm/dd or an Excel date")
    return found


def enum(table: Table, spec: Spec, value: object) -> str:
    """The code of a cell: its code or a label in either language, as the YAML loader reads it
    (tabular/vocabulary), and also a common variant (完了済み) of a workbook made elsewhere."""
    code = vocabulary.enum_code(spec.codes, text(value), variants=True)
    if code is None:
        hint = render(Message.of("rule", detail=vocabulary.suggestion(spec.codes, text(value))), "en")
        raise CellError(f"'{shown(text(value))}' is not allowed; expected one of: "
                        f"{'／'.join(table.choices(spec))}{hint}")
    return code


def integer(value: object) -> int:
    if isinstance(value, bool):
        raise CellError(f"'{value}' is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = unicodedata.normalize("NFKC", text(value)).replace(",", "")
    if re.fullmatch(r"[-+]?\d{1,18}", raw):  # longer digit strings are no count of anything
        return int(raw)
    raise CellError(f"'{shown(text(value))}' is not a whole number")


def number(value: object) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raw = unicodedata.normalize("NFKC", text(value)).replace(",", "")
    try:
        return float(raw)
    except ValueError:
        raise CellError(f"'{shown(text(value))}' is not a number") from None


def record_id(spec: Spec, value: object) -> str:
    """'ISS-001'; a plain number such as 12 becomes ISS-012, ISS-1 becomes ISS-001."""
    raw = unicodedata.normalize("NFKC", text(value)).upper()
    digits = re.fullmatch(r"(?:" + re.escape(spec.id_prefix or "") + r")?(\d{1,9})", raw)
    if spec.id_prefix and digits:
        return f"{spec.id_prefix}{int(digits[1]):03d}"
    return raw


def person(people: People, value: object, project: str) -> str:
    raw = text(value)
    pid, candidates = people.find(raw)
    if pid:
        return pid
    hint = render(Message.of("rule", detail=people.hint(raw)), "en")  # as the YAML loader says it
    if candidates:
        raise CellError(f"'{shown(raw)}' is not a member id{hint}")
    if hint.startswith("; did you mean"):
        raise CellError(f"'{shown(raw)}' is not a member of project {project}{hint}")
    raise CellError(f"'{shown(raw)}' is not a member of project {project}; add the person to members.yml "
                    "or write a member's name or id")


def links(value: object) -> dict[str, list[str]]:
    kinds = {prefix: name for name, f in Links.model_fields.items()
             if (prefix := id_prefix(typing.get_args(f.annotation)[0]))}
    out: dict[str, list[str]] = {}
    for token in re.split(r"[\s、,，;；/／]+", unicodedata.normalize("NFKC", text(value)).upper()):
        if not token:
            continue
        m = re.fullmatch(r"([A-Z]+-)(\d{1,9})", token)
        if not m or m[1] not in kinds:
            raise CellError(f"'{shown(token)}' is not a number of an issue, risk, decision or change "
                            f"({', '.join(p + '001' for p in kinds)})")
        out.setdefault(kinds[m[1]], []).append(f"{m[1]}{int(m[2]):03d}")
    return out


def history(people: People, value: object, project: str) -> list[dict[str, Any]]:  # plain data of HistoryEntry
    """Entries 'yyyy-mm-dd 記入者: note'; lines indented by two spaces (or any other line not
    starting with a date) continue the note above."""
    entries: list[dict[str, Any]] = []
    for n, line in enumerate(text(value).split("\n"), start=1):
        m = None if line.startswith(HISTORY_INDENT) else entry(line)
        if m:
            try:
                entries.append({"date": date(m[0]), "by": person(people, m[1], project), "note": m[2]})
            except CellError as exc:
                raise CellError(f"line {n}: {exc}") from None
        elif entries:
            entries[-1]["note"] += "\n" + line.removeprefix(HISTORY_INDENT)
        elif line.strip():
            raise CellError(f"line {n} '{line[:30]}' does not start with a date and an author: "
                            "write one entry per line as 'yyyy-mm-dd 記入者: 内容'")
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


def fields(table: Table, spec: Spec, value: object) -> dict[str, str]:
    """'対応方針: 社内限定、対応経緯: 社内限定' -> {action_plan: internal, history: internal}."""
    names, out = field_names(table), {}
    for part in (p.strip() for p in re.split(r"[、,，;；\n]", text(value))):
        m = _pair(part)
        if part and not m:
            optional = next(s for s in table.specs if not s.required and len(s.path) == 1)
            example = f"{table.header(optional)}{PAIR_SEPARATOR}{table.choices(spec)[-2]}"
            raise CellError(f"'{shown(part)}' should be a column and a level, such as '{example}'")
        if m and normal(m[0]) not in names:
            raise CellError(f"'{shown(m[0])}' is not a column of the {table.format.name}")
        if m:
            out[names[normal(m[0])]] = enum(table, spec, m[1])
    return out


def _pair(part: str) -> tuple[str, str] | None:
    """'対応経緯: 社内限定' -> (対応経緯, 社内限定): split at the first of : ： =."""
    cuts = [i for i in (part.find(":"), part.find("："), part.find("=")) if i >= 0]
    if not cuts:
        return None
    name, level = part[: min(cuts)].strip(), part[min(cuts) + 1:].strip()
    return (name, level) if name and level else None


def read(table: Table, spec: Spec, value: object, people: People, project: str) -> object:
    """The record value of one cell, or None for an empty cell. Raises CellError."""
    if blank(value) or spec.kind == "computed":
        return None
    kind = spec.kind
    if kind == "id":
        return record_id(spec, value)
    if kind == "date":
        return date(value)
    if kind == "enum":
        return enum(table, spec, value)
    if kind == "enums":
        return [enum(table, spec, v) for v in SPLIT.split(text(value)) if v.strip()]
    if kind == "person":
        return person(people, value, project)
    if kind == "people":
        return [person(people, v, project) for v in SPLIT.split(text(value)) if v.strip()]
    if kind == "lines":
        return [line.strip() for line in text(value).split("\n") if line.strip()]
    if kind == "int":
        return integer(value)
    if kind == "number":
        return number(value)
    if kind == "links":
        return links(value)
    if kind == "history":
        return history(people, value, project)
    if kind == "fields":
        return fields(table, spec, value)
    return text(value)
