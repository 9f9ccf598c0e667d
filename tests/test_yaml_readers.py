"""The fast YAML reader (source/yamlfast.py) and the careful one (yamlsrc's composer path) agree
on value, marks and key marks, over generated documents written as people write data files:
nested mappings and lists, block and flow style, indentless lists, Japanese keys and text,
quoted and plain scalars, ints in several notations, dates, booleans, nulls, literal blocks,
and comments on their own lines and after values."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmo_handbook.source import yamlfast, yamlsrc

CHARS = list("abcxyzABZ019 _-:#'\"{}[],&*!|>%@`?./\\")
CHARS += list("あいうえおアイウエオ課題管理表期限超過、。「」（）ー・\u3000漢😀")  # U+3000 is no YAML space
TEXT = st.text(st.sampled_from(CHARS), max_size=10)
WORD = st.text(st.sampled_from(CHARS), min_size=1, max_size=8)
# A key line that starts with U+3000 is refused on purpose: to a Japanese keyboard it is a
# full-width space used as indentation (source/typos.py), so keys here do not start with one.
KEY = WORD.filter(lambda w: not w.startswith("\u3000"))
BOOLS = {"true": True, "false": False, "True": True, "FALSE": False, "yes": True, "no": False,
         "on": True, "Off": False}
NULLS = ("null", "~", "Null", "NULL")
MAX_DEPTH = 3


def inline(value: Any, style: str | None = None) -> str:
    """value as PyYAML writes it inside a flow collection, on one line."""
    text = yaml.dump([value], default_flow_style=True, allow_unicode=True, width=10**9, default_style=style)
    return text.strip()[1:-1]


@st.composite
def scalars(draw) -> tuple[Any, str]:
    """(value the readers must return, its YAML text on one line)."""
    kind = draw(st.sampled_from(["str", "str", "int", "bool", "null", "date"]))
    if kind == "str":
        text = draw(TEXT)
        return text, inline(text, draw(st.sampled_from([None, "'", '"'])))
    if kind == "int":
        n = draw(st.integers(-(10**6), 10**12))
        form = draw(st.sampled_from(["{:d}", "{:_d}", "0x{:X}"] if n >= 0 else ["{:d}", "{:_d}"]))
        return n, form.format(n)
    if kind == "bool":
        word = draw(st.sampled_from(sorted(BOOLS)))
        return BOOLS[word], word
    if kind == "null":
        return None, draw(st.sampled_from(NULLS))
    day = draw(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)))
    return day.isoformat(), day.isoformat()  # timestamps stay text: the models parse dates


@st.composite
def flow_collections(draw) -> tuple[Any, str]:
    simple = st.one_of(TEXT, st.integers(-1000, 10**9))
    value = draw(st.one_of(st.lists(simple, max_size=4), st.dictionaries(WORD, simple, max_size=3)))
    return value, inline(value)


def comment(draw) -> str:
    return f"  # {draw(TEXT)}" if draw(st.booleans()) else ""


@st.composite
def values(draw, depth: int, indent: int) -> tuple[Any, str, list[str]]:
    """(expected value, form, lines): form 'inline' (lines[0] is the text), 'empty' (nothing after
    the key or dash), 'literal' (lines[0] the header, then the block's lines) or 'mapping' /
    'sequence' (lines already indented by `indent`)."""
    forms = ["scalar", "scalar", "flow", "empty", "literal"]
    forms += ["mapping", "sequence"] * 2 if depth < MAX_DEPTH else []
    form = draw(st.sampled_from(forms))
    if form == "scalar":
        value, text = draw(scalars())
        return value, "inline", [text]
    if form == "flow":
        value, text = draw(flow_collections())
        return value, "inline", [text]
    if form == "empty":
        return None, "empty", []
    if form == "literal":
        lines = draw(st.lists(WORD.map(str.strip).filter(bool), min_size=1, max_size=3))
        keep = draw(st.booleans())
        return "\n".join(lines) + ("\n" if keep else ""), "literal", ["|" if keep else "|-", *lines]
    if form == "mapping":
        return draw(mappings(depth + 1, indent))
    return draw(sequences(depth + 1, indent))


def attach(head: str, pad: str, indent: int, form: str, lines: list[str], draw) -> list[str]:
    """A key's or a dash's value after head ('key:' or '-')."""
    if form == "inline":
        return [f"{head} {lines[0]}{comment(draw)}"]
    if form == "empty":
        return [f"{head}{comment(draw)}"]
    if form == "literal":
        return [f"{head} {lines[0]}"] + [" " * (indent + 2) + line for line in lines[1:]]
    return [f"{head}{comment(draw)}", *lines]


@st.composite
def mappings(draw, depth: int, indent: int) -> tuple[Any, str, list[str]]:
    keys = draw(st.lists(KEY, min_size=1, max_size=4, unique=True))
    pad, out, value = " " * indent, [], {}
    for n, key in enumerate(keys):
        if n and draw(st.booleans()):  # a comment line between two keys, at any column
            out.append(draw(st.sampled_from(["", pad])) + "# " + draw(TEXT))
        if n and draw(st.integers(0, 4)) == 0:
            out.append("")
        child_indent = indent + 2
        child, form, lines = draw(values(depth, child_indent))
        if form == "sequence" and draw(st.booleans()):  # "key:\n- item", as YAML allows
            child, form, lines = draw(sequences(depth + 1, indent))
        value[key] = child
        head = pad + inline(key, draw(st.sampled_from([None, "'", '"']))) + ":"
        out += attach(head, pad, indent, form, lines, draw)
    return value, "mapping", out


@st.composite
def sequences(draw, depth: int, indent: int) -> tuple[Any, str, list[str]]:
    pad, out, value = " " * indent, [], []
    for _ in range(draw(st.integers(1, 3))):
        child, form, lines = draw(values(depth, indent + 2))
        value.append(child)
        if form == "mapping":  # "- key: value" with the first key on the dash's line
            out.append(pad + "- " + lines[0][indent + 2:])
            out += lines[1:]
        else:
            out += attach(pad + "-", pad, indent, form, lines, draw)
    return value, "sequence", out


@st.composite
def documents(draw) -> tuple[Any, str]:
    value, _, lines = draw(mappings(0, 0))
    head = draw(st.sampled_from(["", "# yaml-language-server: $schema=x.json\n", "---\n"]))
    return value, head + "\n".join(lines) + "\n"


def read_both(path: Path, text: str) -> tuple[Any, Any, bool]:
    """(fast outcome, careful outcome, whether the fast path took the file)."""
    path.write_text(text, encoding="utf-8")
    taken = []
    fast_read = yamlfast.read

    def spy(*args: Any) -> Any:
        found = fast_read(*args)
        taken.append(found is not None)
        return found

    def outcome() -> Any:
        try:
            src = yamlsrc.load(path, "f.yml")
        except yamlsrc.YamlFileError as exc:
            return str(exc.error)
        return src.value, src.marks, src.key_marks

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(yamlfast, "read", spy)
        fast = outcome()
        mp.setattr(yamlfast, "read", lambda *args: None)
        careful = outcome()
    return fast, careful, taken == [True]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents())
def test_fast_and_careful_readers_agree(doc, tmp_path_factory):
    expected, text = doc
    fast, careful, took_fast_path = read_both(tmp_path_factory.mktemp("y") / "f.yml", text)
    assert isinstance(careful, tuple), f"not readable: {careful}\n{text}"
    assert careful[0] == expected, text  # the document says what it was generated to say
    assert took_fast_path, text  # a plain document: no anchor, tag or duplicate key
    assert fast == careful, text


def test_marks_point_at_keys_and_values(tmp_path: Path):
    """A hand-written case pins what the marks mean, so agreeing is not agreeing on nonsense."""
    text = "# 課題\nissues:\n  - id: ISS-001  # 最初\n    title: 「期限」超過\n    tags: [a, b]\n"
    fast, careful, took = read_both(tmp_path / "f.yml", text)
    assert took and fast == careful
    value, marks, key_marks = careful
    assert value == {"issues": [{"id": "ISS-001", "title": "「期限」超過", "tags": ["a", "b"]}]}
    assert marks[("issues",)] == (3, 3) and marks[("issues", 0)] == (3, 5)
    assert key_marks[("issues", 0, "title")] == (4, 5) and marks[("issues", 0, "title")] == (4, 12)
    assert marks[("issues", 0, "tags", 1)] == (5, 15)


def test_a_document_with_an_anchor_takes_the_careful_path(tmp_path: Path):
    fast, careful, took = read_both(tmp_path / "f.yml", "a: &x 1\nb: *x\n")
    assert not took and fast == careful and careful[0] == {"a": 1, "b": 1}
