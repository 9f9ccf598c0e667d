"""Turn pydantic's errors into located, human messages with the expected values."""
from __future__ import annotations

from pmo_handbook.source.yamlsrc import Loc

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from pmo_handbook.errors import DataError, Message
from pmo_handbook.i18n import labels
from pmo_handbook.i18n.messages import NO_HINT, Field, Hint, Listing, Named, RuleError, Shown, error, render
from pmo_handbook.model.registry import REGISTERS
from pmo_handbook.tabular import refusals, vocabulary
from pmo_handbook.source.yamlsrc import Source


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp


def type_at(root: type[BaseModel], loc: Loc) -> Any:
    """The annotation reached by following loc from root (None when lost)."""
    tp: Any = root
    for part in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(part, int) and origin is list:
            tp = typing.get_args(tp)[0]
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and part in tp.model_fields:
            tp = tp.model_fields[part].annotation
        else:
            return None
    return _unwrap(tp)


def allowed_keys(root: type[BaseModel], loc: Loc) -> list[str]:
    tp = type_at(root, loc)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# A register's record model is labelled under its record's name (Task under `wbs`)
_SECTIONS = {r.model: r.record for r in REGISTERS.values() if r.model and r.record in labels("ja").data["fields"]}


def _section(model: type[BaseModel]) -> str:
    """The i18n `fields` section that labels a model's fields."""
    return _SECTIONS.get(model) or _snake(model.__name__)


def field_at(root: type[BaseModel], loc: tuple[Any, ...]) -> Field:
    """The field loc ends in, as people know it: its model's i18n section, its key, and the
    positions in the lists below it (impact の 1 番目)."""
    tp: Any = root
    model, key, items = _section(root), "", []
    for part in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(part, int):
            items.append(part)
            tp = typing.get_args(tp)[0] if origin is list else None
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and part in tp.model_fields:
            model, key, items = _section(tp), str(part), []
            tp = tp.model_fields[part].annotation
        else:
            key, items = str(part), []
            tp = typing.get_args(tp)[1] if origin is dict else None
    return Field(model, key or "file", tuple(items))


def _codes(ctx: dict[str, Any] | None) -> tuple[str, ...]:
    expected = (ctx or {}).get("expected", "")
    return tuple(re.findall(r"'([^']*)'", expected))


# pydantic's kinds of a value that is no number, by what the field wants
_NUMBERS = {**dict.fromkeys(("int_parsing", "int_from_float", "int_type"), refusals.whole_number),
            **dict.fromkeys(("float_parsing", "float_type"), refusals.number)}


def message(root: type[BaseModel], err: Any, hints: dict[Any, Hint] | None = None,
            people: vocabulary.People | None = None) -> tuple[tuple[Any, ...], Message, bool]:
    """(loc, message, points-at-key) for one pydantic error; hints: the locations where a
    person value could not be read (vocabulary.normalise), people: the project's members."""
    loc = tuple(p for p in err["loc"] if p != "[key]")
    kind, value = err["type"], err.get("input")
    path = field_at(root, loc)
    key = str(loc[-1]) if loc else "file"
    if kind == "extra_forbidden":
        keys = allowed_keys(root, loc[:-1])
        close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
        owner = type_at(root, loc[:-1])
        model = _section(owner) if isinstance(owner, type) else path.model
        return loc, Message.of("unknown_key", key=key, keys=Listing(tuple(Field(model, k) for k in keys)),
                               hint=Hint.of("did_you_mean", choice=Named(model, close[0])) if close
                               else NO_HINT), True
    if kind == "missing":
        return loc, Message.of("missing_key", key=key, field=path), False
    if kind == "literal_error":
        return loc, refusals.enum(path, _codes(err.get("ctx")), value), False
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return loc, refusals.date(path, value), False
    if kind in _NUMBERS:
        return loc, _NUMBERS[kind](path, value), False
    if kind == "string_pattern_mismatch":
        pattern = (err.get("ctx") or {}).get("pattern", "")
        if people is not None and loc in (hints or {}):
            return loc, refusals.person(path, str(value), people), False
        return loc, Message.of("id_pattern", path=path, value=Shown(value), pattern=pattern,
                               hint=_id_hint(value, pattern)), False
    if kind == "value_error":
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, RuleError):  # a model rule, keyed (i18n/messages.py)
            return loc + ((cause.at,) if cause.at else ()), cause.msg, False
        return loc, Message.of("rule", detail=err["msg"].removeprefix("Value error, ")), False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return loc, Message.of("mapping", path=path, got=Shown(value)), False
    if kind == "list_type":
        return loc, Message.of("list", path=path, got=Shown(value)), False
    return loc, Message.of("other", path=path, detail=err["msg"], value=Shown(value)), False


def _id_hint(value: Any, pattern: str) -> Hint:
    """The digit that looks right but is not 0-9 (full-width ０, mathematical 𝟎, ٠), else an example."""
    found = next((c for c in str(value) if c.isdigit() and not c.isascii()), None)
    return Hint.of("ascii_digit", digit=found) if found else _id_example(pattern)


def _id_example(pattern: str) -> Hint:
    """"write it as ISS-001" for a record id pattern such as ^ISS-\\d{3,5}$."""
    m = re.fullmatch(r"\^([A-Z]+-)\[0-9\]\{(\d),\d\}\$", pattern)
    return Hint.of("id_example", example=m[1] + "0" * (int(m[2]) - 1) + "1") if m else NO_HINT


def validate(src: Source, root: type[BaseModel], people: vocabulary.People | None = None
             ) -> tuple[Any, list[DataError]]:
    """Validate a parsed file against its root model; on failure return every located error.
    Labels, Japanese dates and (given people) members' names are read first (tabular/vocabulary)."""
    if not isinstance(src.value, dict):
        line, col = src.where(())
        return None, [error(src.shown, line, col, "top_not_mapping", got=Shown(src.value))]
    hints = vocabulary.normalise(src.value, root, people)
    try:
        return root.model_validate(src.value), []
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):
            loc, msg, at_key = message(root, err, hints, people)
            line, col = src.where(loc, at_key)
            out.append(DataError(src.shown, line, col, render(msg, "en"), msg))
        return None, out
