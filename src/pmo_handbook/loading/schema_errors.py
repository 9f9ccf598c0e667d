"""Turn pydantic's errors into located, human messages with the expected values."""
from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from pmo_handbook.errors import DataError, did_you_mean
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


def type_at(root: type[BaseModel], loc: tuple) -> Any:
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


def allowed_keys(root: type[BaseModel], loc: tuple) -> list[str]:
    tp = type_at(root, loc)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "...'"


def _expected(ctx: dict | None) -> str:
    expected = (ctx or {}).get("expected", "")
    return expected.replace(" or ", ", ")


def message(root: type[BaseModel], err: dict) -> tuple[tuple, str, bool]:
    """(loc, message, points-at-key) for one pydantic error."""
    loc = tuple(p for p in err["loc"] if p != "[key]")
    kind, value, field = err["type"], err.get("input"), str(loc[-1]) if loc else "file"
    if kind == "extra_forbidden":
        keys = allowed_keys(root, loc[:-1])
        return loc, (f"unknown key '{field}'{did_you_mean(field, keys)}"
                     f" (allowed: {', '.join(keys)})"), True
    if kind == "missing":
        return loc, f"missing required key '{field}'", False
    if kind == "literal_error":
        return loc, f"{field}: {_show(value)} is not allowed; expected one of: {_expected(err.get('ctx'))}" \
            + did_you_mean(value, _expected(err.get("ctx")).replace("'", "").split(", ")), False
    if kind.startswith("date_") or kind.startswith("datetime_"):
        reason = err["msg"].split(",", 1)[-1].strip() if "," in err["msg"] else err["msg"]
        return loc, f"{field}: {_show(value)} is not a valid date (YYYY-MM-DD): {reason}", False
    if kind == "string_pattern_mismatch":
        pattern = (err.get("ctx") or {}).get("pattern", "")
        return loc, f"{field}: {_show(value)} does not match the id pattern {pattern}", False
    if kind == "value_error":
        return loc, err["msg"].removeprefix("Value error, "), False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return loc, f"{field}: expected a mapping (key: value), got {type(value).__name__} {_show(value)}", False
    if kind == "list_type":
        return loc, f"{field}: expected a list (- item), got {type(value).__name__} {_show(value)}", False
    return loc, f"{field}: {err['msg']} (got {_show(value)})", False


def validate(src: Source, root: type[BaseModel]) -> tuple[Any, list[DataError]]:
    """Validate a parsed file against its root model; on failure return every located error."""
    if not isinstance(src.value, dict):
        return None, [src.error((), f"expected a mapping at the top of the file, "
                                    f"got {type(src.value).__name__}")]
    try:
        return root.model_validate(src.value), []
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):
            loc, text, at_key = message(root, err)
            out.append(src.error(loc, text, key=at_key))
        return None, out
