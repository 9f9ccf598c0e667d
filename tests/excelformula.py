"""A tiny evaluator for the conditional-formatting formulas our workbooks carry: AND, OR, NOT,
ISNUMBER, TODAY(), cell references, string and number literals, and comparisons, with Excel's
rules for blanks (0 or "") and for comparing a number with text (text is always greater).
It is enough to ask "is this row highlighted on that day?" of a downloaded workbook."""
from __future__ import annotations

import datetime as dt
import re

TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"]|"")*")|(?P<op><=|>=|<>|[<>=(),])'
                   r"|(?P<ref>\$?[A-Z]{1,3}\$?[0-9]+)|(?P<name>[A-Z]+)|(?P<num>[0-9]+(?:\.[0-9]+)?))")
EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (1900 date system)
BLANK = None


def serial(day: dt.date) -> int:
    return (day - EPOCH).days


def tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.lstrip("=")
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read the formula at {text[pos:]!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class Formula:
    """A formula written for the top-left cell `origin_row`; evaluated for any row below it."""

    def __init__(self, text: str, origin_row: int = 2):
        self.text, self.origin = text, origin_row
        self.tokens = tokens(text)

    def evaluate(self, ws, row: int, today: dt.date):
        self.ws, self.offset, self.today, self.pos = ws, row - self.origin, today, 0
        value = self._comparison()
        if self.pos != len(self.tokens):
            raise ValueError(f"unread tokens in {self.text!r}")
        return value

    def _next(self):
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def _peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def _comparison(self):
        left = self._operand()
        kind, op = self._peek()
        if kind == "op" and op in ("<", "<=", ">", ">=", "=", "<>"):
            self._next()
            return compare(left, op, self._operand())
        return left

    def _operand(self):
        kind, value = self._next()
        if kind == "str":
            return value[1:-1].replace('""', '"')
        if kind == "num":
            return float(value)
        if kind == "ref":
            return self._cell(value)
        if kind == "name":
            assert self._next() == ("op", "("), self.text
            args = []
            if self._peek() != ("op", ")"):
                args.append(self._comparison())
                while self._peek() == ("op", ","):
                    self._next()
                    args.append(self._comparison())
            assert self._next() == ("op", ")"), self.text
            return call(value, args, self.today)
        raise ValueError(f"unexpected {value!r} in {self.text!r}")

    def _cell(self, ref: str):
        m = re.fullmatch(r"(\$?)([A-Z]+)(\$?)([0-9]+)", ref)
        row = int(m.group(4)) + (0 if m.group(3) else self.offset)
        value = self.ws[f"{m.group(2)}{row}"].value
        if isinstance(value, dt.datetime):
            return float(serial(value.date()))
        if isinstance(value, dt.date):
            return float(serial(value))
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return float(value)
        return BLANK if value in (None, "") else str(value)


def call(name: str, args: list, today: dt.date):
    if name == "TODAY":
        return float(serial(today))
    if name == "AND":
        return all(truth(a) for a in args)
    if name == "OR":
        return any(truth(a) for a in args)
    if name == "NOT":
        return not truth(args[0])
    if name == "ISNUMBER":
        return isinstance(args[0], float)
    raise ValueError(f"function {name} is not known to this evaluator")


def truth(value) -> bool:
    if isinstance(value, str):
        raise TypeError(f"text {value!r} used as a condition")
    return bool(value)


def compare(a, op: str, b) -> bool:
    if a is BLANK:
        a = "" if isinstance(b, str) else 0.0
    if b is BLANK:
        b = "" if isinstance(a, str) else 0.0
    # Excel orders numbers before text, and compares text without regard to case.
    ka = (1, a.casefold()) if isinstance(a, str) else (0, float(a))
    kb = (1, b.casefold()) if isinstance(b, str) else (0, float(b))
    return {"<": ka < kb, "<=": ka <= kb, ">": ka > kb, ">=": ka >= kb, "=": ka == kb, "<>": ka != kb}[op]
