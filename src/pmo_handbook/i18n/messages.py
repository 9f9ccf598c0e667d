"""Messages in the reader's language: a DataError carries a Message (key and parameters) and is
rendered here, when it is shown. Parameters that read differently per language (a field, a list
of allowed values, a hint) are small objects with render(lang); anything else is shown as given."""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pmo_handbook.errors import DataError, Message
from pmo_handbook.i18n import LANGUAGES, labels

_DIR = Path(__file__).parent


@cache
def catalogue(lang: str) -> dict[str, dict[str, str]]:
    lang = lang if lang in LANGUAGES else "ja"
    with open(_DIR / f"messages_{lang}.yml", encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh))


def _word(lang: str, key: str, /, **params: Any) -> str:
    return catalogue(lang)["words"][key].format(**params)


@dataclass(frozen=True)
class Field:
    """A field where the error is: 「影響範囲 (impact) の 1 番目」 / `impact item 1`."""

    model: str  # the i18n `fields` section: issue, risk, member …
    key: str
    items: tuple[int, ...] = ()  # 0-based positions in nested lists below the field

    def render(self, lang: str) -> str:
        label = labels(lang).field(self.model, self.key)
        text = _word(lang, "field", label=label, key=self.key) if label != self.key else self.key
        for index in self.items:
            text = _word(lang, "item", field=text, n=index + 1)
        return text


@dataclass(frozen=True)
class Choice:
    """One code of an enumerated field with its label: 「完了 (closed)」 / 'closed'."""

    domain: str | None
    code: str

    def render(self, lang: str) -> str:
        label = labels(lang).enum(self.domain, self.code) if self.domain else self.code
        return _word(lang, "choice", label=label, code=self.code)


@dataclass(frozen=True)
class Listing:
    """Several parameters shown as one list, in the language's separator."""

    items: tuple[Any, ...]

    def render(self, lang: str) -> str:
        return catalogue(lang)["words"]["list_separator"].join(_param(i, lang) for i in self.items)


@dataclass(frozen=True)
class Hint:
    """A hint appended to a message (hints: section); an empty key renders nothing."""

    key: str = ""
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, /, **params: Any) -> Hint:
        return cls(key, tuple(sorted(params.items())))

    def render(self, lang: str) -> str:
        if not self.key:
            return ""
        return catalogue(lang)["hints"][self.key].format(**{k: _param(v, lang) for k, v in self.params})


@dataclass(frozen=True)
class Noun:
    """A kind of record named in a message (member, role, issue …)."""

    key: str

    def render(self, lang: str) -> str:
        return str(catalogue(lang)["nouns"].get(self.key, self.key))


@dataclass(frozen=True)
class Named:
    """A field proposed in a hint: 「件名 (title)」 / 'title'."""

    model: str
    key: str

    def render(self, lang: str) -> str:
        return _word(lang, "choice", label=labels(lang).field(self.model, self.key), code=self.key)


@dataclass(frozen=True)
class Shown:
    """A value as found in the file, cut when long: '完了' / 「完了」 for text, 9 for a number."""

    value: Any

    def render(self, lang: str) -> str:
        text = self.value if isinstance(self.value, str) else repr(self.value)
        text = text if len(text) <= 60 else text[:57] + "..."
        return _word(lang, "quoted", text=text) if isinstance(self.value, str) else text


NO_HINT = Hint()


def closest(word: object, choices: Iterable[object]) -> Hint:
    """"did you mean 'x'?" naming the closest valid choice, or nothing when none is close."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return Hint.of("did_you_mean", choice=f"'{close[0]}'") if close else NO_HINT


def _param(value: Any, lang: str) -> str:
    if isinstance(value, Message):  # a message inside another: 「3 行目: …」
        return render(value, lang)
    draw = getattr(value, "render", None)
    return draw(lang) if callable(draw) else str(value)


def render(msg: Message, lang: str) -> str:
    template = catalogue(lang)["messages"][msg.key]
    return template.format(**{k: _param(v, lang) for k, v in msg.params})


class RuleError(ValueError):
    """A model's rule broken, raised by a validator with a keyed message so that it is shown in
    the reader's language (loading/schema_errors.py unwraps it from pydantic's error). at: the
    field the message points at, where the record as a whole is validated."""

    def __init__(self, msg: Message, at: str | None = None):
        self.msg, self.at = msg, at
        super().__init__(render(msg, "en"))


def date_order(model: str, later: str, later_value: object, earlier: str, earlier_value: object) -> Message:
    """"due 2026-01-01 is before raised_on 2026-02-01": two dates (or months) of one record out of order."""
    return Message.of("date_order", later_key=Field(model, later), later=later_value,
                      earlier_key=Field(model, earlier), earlier=earlier_value)


def needed_with(model: str, field: str, status_field: str, domain: str, code: str) -> Message:
    """"closed_on is required when status is 'closed'"."""
    return Message.of("needed_with", field=Field(model, field), status_field=Field(model, status_field),
                      status=Choice(domain, code))


def only_with(model: str, field: str, status_field: str, domain: str, code: str, current: str) -> Message:
    """"percent is only read when method is 'reported', not 'zero_hundred'"."""
    return Message.of("only_with", field=Field(model, field), status_field=Field(model, status_field),
                      status=Choice(domain, code), current=Choice(domain, current))


def error(shown: str, line: int, column: int, key: str, /, **params: Any) -> DataError:
    """A located error by catalogue key; its `message` is the English text."""
    msg = Message.of(key, **params)
    return DataError(shown, line, column, render(msg, "en"), msg)


def text(err: DataError, lang: str) -> str:
    """An error's message in lang (the English text where the error has no key)."""
    return render(err.msg, lang) if err.msg is not None else err.message


def located(err: DataError, lang: str) -> str:
    """`path:line:column: message` (a workbook's `Sheet!C5: message`) in lang."""
    return f"{err.where}: {text(err, lang)}"


def setting(key: str | None, params: Mapping[str, Any], lang: str, fallback: str) -> str:
    """A settings error (settings.SettingsError's key and params) in lang; fallback (its English
    text) when it has no key. A `reason` parameter is a (key, params) message of its own; a
    `close` one becomes the language's "did you mean"."""
    if key is None:
        return fallback
    section = catalogue(lang)["settings"]
    shown: dict[str, Any] = {}
    for name, value in params.items():
        if name == "reason":
            shown[name] = setting(value[0], value[1], lang, "") if value else ""
        elif name == "close":
            shown["hint"] = section["hint"].format(close=value) if value else ""
        else:
            shown[name] = value
    return str(section[key]).format(**shown)


def reader_lang(*candidates: object) -> str:
    """The first candidate that names a language (an option, PMO_LANG, theme.language), else ja:
    a settings error is worded before the settings, the language among them, could be read."""
    return next((str(c).strip() for c in candidates if str(c).strip() in LANGUAGES), "ja")
