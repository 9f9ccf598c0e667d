"""The message for a value that cannot be read, one builder per mistake: the YAML loader
(loading/schema_errors.py) and the Excel importer (imports/cells.py) both call these, so the same
word gets the same answer in a data file and in a workbook cell."""
from __future__ import annotations

import re

from pmo_handbook.errors import Message
from pmo_handbook.i18n.messages import Field, Noun, Shown, closest
from pmo_handbook.ids import PERSON_ID
from pmo_handbook.tabular import vocabulary
from pmo_handbook.tabular.vocabulary import People


def enum(path: Field, codes: tuple[str, ...], value: object) -> Message:
    """「ステータス (status) に「完了済み」は使えません。使える値: … 完了 (closed) の間違いでは…」"""
    return Message.of("enum", path=path, value=Shown(value), allowed=vocabulary.choices(codes),
                      hint=vocabulary.suggestion(codes, value))


def date(path: Field, value: object) -> Message:
    """A value that is no date; the English text says why (an impossible day, or no date at all)."""
    return Message.of("date", path=path, value=Shown(value), reason=_date_reason(value))


def _date_reason(value: object) -> str:
    try:
        vocabulary.date(str(value))
    except ValueError as exc:  # 2026/13/01: written as a date, but there is no such day
        return str(exc)
    return "write it as 2026-12-01"


def person(path: Field, value: str, people: People) -> Message:
    """A value where a member belongs that names none: a misspelt id (did you mean), or a name
    that matches several members, or nobody."""
    if re.fullmatch(PERSON_ID, value):
        return Message.of("unknown_ref", what=Noun("member"), value=Shown(value),
                          hint=closest(value, people.by_id))
    return Message.of("person", path=path, value=Shown(value), hint=people.hint(value))


def whole_number(path: Field, value: object) -> Message:
    return Message.of("whole_number", path=path, value=Shown(value))


def number(path: Field, value: object) -> Message:
    return Message.of("number", path=path, value=Shown(value))
