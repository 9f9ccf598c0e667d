"""The words people write for a value, read the same way by the YAML loader and the Excel
importer: an enumerated value by its code or its label in either language (完了, Closed, closed),
a person by id, name or reading, a date in the ways Japanese keyboards type one. Common variants
(完了済み, 済 …) are not guessed at: they get "did you mean 完了 (closed)?"."""
from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Protocol

from pydantic import BaseModel

from pmo_handbook.i18n import enum_domain, enum_words
from pmo_handbook.i18n.messages import Choice, Hint, Listing, Shown, closest
from pmo_handbook.model.common import Ref
from pmo_handbook.model.people import Member

# Words people use for the enumerated values besides the labels and codes: in a data file only
# suggested ("did you mean"), read as the code by the importer of workbooks made elsewhere.
ENUM_VARIANTS: dict[str, dict[str, tuple[str, ...]]] = {
    "issue_status": {
        "open": ("未着手", "未対応", "新規", "オープン", "起票", "未処理"),
        "in_progress": ("作業中", "進行中", "着手", "調査中", "wip"),
        "resolved": ("対応済", "対応済み", "確認待ち", "回答済", "回答済み", "確認中"),
        "closed": ("クローズ", "済", "済み", "完了済", "完了済み", "解決", "解決済", "解決済み",
                   "close", "done", "終了"),
        "on_hold": ("保留中", "ペンディング", "pending"),
        "withdrawn": ("取下げ", "取り下げ", "取下", "取消", "取り消し", "キャンセル", "対象外", "却下",
                      "cancelled", "canceled"),
    },
    "level3": {
        "high": ("大", "A", "H", "緊急", "至急", "最優先", "高い"),
        "medium": ("B", "M", "普通", "通常", "中程度"),
        "low": ("小", "C", "L", "低い"),
    },
    "risk_status": {
        "open": ("監視中", "オープン", "対応中", "監視", "未発生"),
        "occurred": ("顕在化", "発生", "発生(課題化)", "課題化", "顕在"),
        "closed": ("クローズ", "完了", "終了", "消滅", "close"),
    },
    "action_status": {
        "not_started": ("未実施", "未対応"),
        "in_progress": ("実施中", "対応中", "着手", "作業中"),
        "done": ("完了", "実施済", "実施済み", "済", "済み"),
    },
    "change_status": {
        "requested": ("起票", "受付", "新規", "申請", "申請中"),
        "analysing": ("影響分析中", "分析中", "影響分析", "検討中", "評価中"),
        "approved": ("承認", "承認済", "承認済み"),
        "rejected": ("却下", "否認", "不承認"),
        "implemented": ("反映済", "実施済", "実施済み", "完了", "対応済"),
        "withdrawn": ("取下げ", "取り下げ", "取消", "キャンセル"),
    },
    "issue_category": {
        "question": ("問合せ", "問い合わせ", "確認事項", "Q&A"),
        "request": ("要求", "改善要望"),
        "defect": ("バグ", "障害", "不良"),
        "specification": ("仕様確認", "仕様検討"),
        "progress": ("遅延", "進捗遅延", "スケジュール"),
        "organisation": ("要員", "体制・要員"),
    },
    "risk_strategy": {"mitigate": ("低減",), "transfer": ("移転",), "escalate": ("エスカレート", "上申")},
    "charge": {"paid": ("有料",), "free": ("無料",), "undecided": ("未確定", "検討中")},
    "side": {"own": ("当社", "社内"), "partner": ("協力会社", "ベンダー", "パートナー企業")},
}


def normal(word: object) -> str:
    """A word as compared: width, case and spaces ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(word))).casefold()


squash = normal  # names are compared the same way


# --- enumerated values --------------------------------------------------------------------------

@cache
def _words(codes: tuple[str, ...]) -> dict[str, str]:
    domain = enum_domain(codes)
    words: dict[str, str] = {}
    for code in codes:
        for word in enum_words(domain, code):
            words.setdefault(normal(word), code)
    return words


def enum_code(codes: tuple[str, ...], word: object, variants: bool = False) -> str | None:
    """The code written as word: the code itself or one of its labels (ja or en), else None.
    variants: also a common variant (the importer reads workbooks made elsewhere with them;
    a data file is the source of truth, where a variant is suggested, not guessed at)."""
    key = normal(word)
    code = _words(tuple(codes)).get(key)
    if code is None and variants:
        code = next((c for c, words in ENUM_VARIANTS.get(enum_domain(codes) or "", {}).items()
                     if c in codes and key in map(normal, words)), None)
    return code


def choices(codes: tuple[str, ...]) -> Listing:
    domain = enum_domain(codes)
    return Listing(tuple(Choice(domain, c) for c in codes))


def suggestion(codes: tuple[str, ...], word: object) -> Hint:
    """"did you mean 完了 (closed)?" for a variant or a near miss of a label or code."""
    domain = enum_domain(codes)
    key = normal(word)
    for code, variants in ENUM_VARIANTS.get(domain or "", {}).items():
        if code in codes and key in map(normal, variants):
            return Hint.of("did_you_mean", choice=Choice(domain, code))
    words = _words(tuple(codes))
    close = difflib.get_close_matches(key, list(words), n=1, cutoff=0.6) if len(key) <= 60 else []
    return Hint.of("did_you_mean", choice=Choice(domain, words[close[0]])) if close else Hint()


# --- dates --------------------------------------------------------------------------------------

_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}
# Read after spaces are removed; no two neighbouring quantifiers match the same characters, so
# a long cell costs linear time.
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[(（][^)）][)）])?")
_ERA_DATE = re.compile(r"(令和|平成|R|H)(\d{1,2}|元)[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[(（][^)）][)）])?")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")


def date(text: str) -> dt.date | None:
    """A date written as 2026-12-01, 2026/12/01, ２０２６／１２／０１, 2026年12月1日 or 令和8年12月1日
    (a weekday in brackets and a time of day are let go); None when text is not written as a
    date. Raises ValueError for an impossible one (2026/13/01)."""
    parts = unicodedata.normalize("NFKC", text).split()
    if len(parts) > 1 and _TIME.fullmatch(parts[-1]):
        parts.pop()
    raw = "".join(parts)
    if m := _DATE.fullmatch(raw):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := _ERA_DATE.fullmatch(raw):
        year = 1 if m[2] == "元" else int(m[2])
        return dt.date(_ERAS[m[1]] + year, int(m[3]), int(m[4]))
    return None


# --- people -------------------------------------------------------------------------------------

class Named(Protocol):
    """What People reads of a member."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def romaji(self) -> str | None: ...


@dataclass(frozen=True)
class Name:
    """A member's names as read before members.yml is validated (loading/load.py)."""

    id: str
    name: str
    romaji: str | None
    reading: str | None = None  # ふりがな, from data/people.yml


class People:
    """Member ids shown as names where the name is unique in the project, ids otherwise, so a
    name written by the export always maps back to the same id."""

    def __init__(self, members: Iterable[Named] = ()):
        self.by_id = {m.id: m for m in members}
        counts: dict[str, int] = {}
        for m in self.by_id.values():
            counts[squash(m.name)] = counts.get(squash(m.name), 0) + 1
        ids = {squash(pid) for pid in self.by_id}
        self.unique = {m.id for m in self.by_id.values()
                       if counts[squash(m.name)] == 1 and squash(m.name) not in ids}

    @classmethod
    def of(cls, members: Iterable[Member], directory: Mapping[str, Any] | None = None) -> People:
        """A loaded project's members: loading fills every name (from the directory) or reports
        it missing; a member still without one is shown by its id. directory: data/people.yml's
        people, whose readings (ふりがな) name them too."""
        def reading(m: Member) -> str | None:
            person = (directory or {}).get(m.person or m.id)
            return getattr(person, "reading", None)
        return cls(Name(m.id, m.name or m.id, m.romaji, reading(m)) for m in members)

    def show(self, pid: str | None) -> str:
        if pid is None:
            return ""
        return self.by_id[pid].name if pid in self.unique else pid

    def names(self) -> list[str]:
        return [self.show(pid) for pid in self.by_id]

    def find(self, text: str) -> tuple[str | None, list[str]]:
        """(member id, candidates): an id, a full name or reading, or a family name when unique."""
        if text in self.by_id:
            return text, []
        key = squash(text)
        full = [m.id for m in self.by_id.values() if squash(m.name) == key
                or any(alias and squash(alias) == key for alias in (m.romaji, getattr(m, "reading", None)))]
        if len(full) == 1:
            return full[0], []
        if len(full) > 1:
            return None, full
        family = [m.id for m in self.by_id.values() if m.name.split() and squash(m.name.split()[0]) == key]
        if len(family) == 1:
            return family[0], []
        return None, family

    def hint(self, text: str) -> Hint:
        """What to tell someone who wrote text where a member id belongs."""
        pid, candidates = self.find(text)
        if pid:
            return Hint.of("is_member", name=text, ids=pid)
        if candidates:
            return Hint.of("several_members", value=Shown(text), ids=Listing(tuple(candidates)))
        near = closest(text, self.by_id)  # a misspelt id
        return near if near.key else Hint.of("no_member")


# --- reading a file's values against its model ---------------------------------------------------

Loc = tuple[Any, ...]


@cache
def _hints(model: type[BaseModel]) -> dict[str, Any]:
    return typing.get_type_hints(model, include_extras=True)


def normalise(value: Any, root: type[BaseModel], people: People | None) -> dict[Loc, Hint]:
    """Rewrite, in place, what the model would refuse but the vocabulary reads unambiguously:
    labels to codes, Japanese dates to ISO dates, a member's name to the id (when people is
    given). Returns a hint for each person value it could not read, by location."""
    hints: dict[Loc, Hint] = {}
    _walk(value, root, (), people, hints)
    return hints


# What a type asks of a value: walk a model's fields, a list's items or a dict's values, read
# a label as its code, a Japanese date, a member's name; None: nothing (most text and numbers).
_WALK_MODEL, _WALK_LIST, _WALK_DICT, _WALK_LITERAL, _WALK_DATE, _WALK_MEMBER = range(6)
Shape = tuple[int | None, Any, Any]  # (kind, its argument, the Ref the type carries)
_SHAPES: dict[int, tuple[Any, Shape]] = {}  # id(type) -> (type, shape)


def _shape(tp: Any) -> Shape:
    """Worked out once per type object, found by identity (hashing a typing alias hashes its
    arguments every time)."""
    found = _SHAPES.get(id(tp))
    if found is None or found[0] is not tp:
        found = _SHAPES[id(tp)] = (tp, _kind(*_unwrap(tp)))
    return found[1]


def _kind(tp: Any, origin: Any, ref: Any) -> Shape:
    if tp is None:
        return None, None, None  # a real union: left to the model
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        hints = _hints(tp)
        return _WALK_MODEL, {key: hints[key] for key in tp.model_fields}, ref
    if origin is list:
        return _WALK_LIST, typing.get_args(tp)[0], ref
    if origin is dict:
        return _WALK_DICT, typing.get_args(tp)[1], ref
    if origin is Literal:
        return _WALK_LITERAL, tuple(map(str, typing.get_args(tp))), ref
    if tp is dt.date:
        return _WALK_DATE, None, ref
    if ref is not None and ref.register == "members":
        return _WALK_MEMBER, None, ref
    return None, None, None


def _unwrap(tp: Any) -> tuple[Any, Any, Any]:
    """(the type under Annotated/Optional, its origin, the Ref it carries)."""
    ref = None
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            args = typing.get_args(tp)
            ref = next((a for a in args[1:] if isinstance(a, Ref)), ref)
            tp = args[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(options) != 1:
                return None, None, None
            tp = options[0]
        else:
            return tp, origin, ref


def _walk(value: Any, tp: Any, loc: Loc, people: People | None, hints: dict[Loc, Hint]) -> Any:
    kind, arg, ref = _shape(tp)
    if kind is None or value is None:
        return value
    if kind == _WALK_MODEL and isinstance(value, dict):
        for key in list(value):
            field = arg.get(key)
            if field is not None and _shape(field)[0] is not None:
                value[key] = _walk(value[key], field, loc + (key,), people, hints)
        return value
    if kind == _WALK_LIST and isinstance(value, list):
        if _shape(arg)[0] is not None:
            for i in range(len(value)):
                value[i] = _walk(value[i], arg, loc + (i,), people, hints)
        return value
    if kind == _WALK_DICT and isinstance(value, dict):
        if _shape(arg)[0] is not None:
            for key in list(value):
                value[key] = _walk(value[key], arg, loc + (key,), people, hints)
        return value
    if not isinstance(value, str):
        return value
    if kind == _WALK_LITERAL:
        return value if value in arg else enum_code(arg, value) or value
    if kind == _WALK_DATE:
        try:
            found = date(value)
        except ValueError:
            return value  # the model words the impossible date, at its position
        return found.isoformat() if found else value
    if ref is not None and ref.register == "members" and people is not None and value not in people.by_id:
        pid, _ = people.find(value)
        if pid:
            return pid
        hints[loc] = people.hint(value)
    return value
