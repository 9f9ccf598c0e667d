"""Write imported records into a register's YAML file the way people write it by hand.

Records that the import leaves alone keep their exact text (comments included), changed
records are replaced where they stand, new ones are appended: the pull request shows only
what the workbook changed."""
from __future__ import annotations

import re

from pydantic import BaseModel

from pmo_handbook.source.yamlsrc import Source
from pmo_handbook.source.yamlwrite import dump


def schema_line(key: str) -> str:
    return f"# yaml-language-server: $schema=../../../schemas/{key}.schema.json"


def plain(record: BaseModel) -> dict:
    """The record's values without defaults, id first and visibility last."""
    data = record.model_dump(mode="python", exclude_defaults=True)
    if "visibility" in data:
        data["visibility"] = data.pop("visibility")
    return data


def item_text(record: BaseModel, indent: int) -> str:
    text = dump([plain(record)], width=1_000_000)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def new_file(key: str, records: list[BaseModel]) -> str:
    return f"{schema_line(key)}\n{key}:\n" + "".join(item_text(r, 2) for r in records)


def _is_note(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def spans(src: Source, key: str, count: int, lines: list[str]) -> list[tuple[int, int, int]] | None:
    """(first line, end line, dash column) of each block-style item, 0-based, end exclusive;
    None when the list is not written in block style (then the file is rewritten)."""
    starts = []
    for i in range(count):
        line, col = src.marks.get((key, i), (0, 0))
        if line < 1:
            return None
        before = lines[line - 1][: col - 1]
        if before.strip() != "-":
            return None
        starts.append((line - 1, before.index("-")))
    out = []
    for i, (start, dash) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < count else len(lines)
        while end > start + 1 and _is_note(lines[end - 1]):
            end -= 1  # comments and blank lines before the next item stay where they are
        out.append((start, end, dash))
    return out


def updated_file(src: Source | None, key: str, old: list[BaseModel], replace: dict[int, BaseModel],
                 append: list[BaseModel]) -> str:
    """The file's new text: items at the indexes in replace rewritten, append added at the end."""
    if src is None:
        return new_file(key, list(old) + list(append))
    text = src.path.read_text(encoding="utf-8").removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    found = spans(src, key, len(old), lines) if old else None
    if found is None:
        final = [replace.get(i, r) for i, r in enumerate(old)] + list(append)
        head = "".join(ln for ln in lines[: _key_line(lines, key)] if _is_note(ln))
        head = head if head.startswith("# yaml-language-server") else schema_line(key) + "\n" + head
        return head + f"{key}:\n" + "".join(item_text(r, 2) for r in final)
    out, pos = [], 0
    for i, (start, end, dash) in enumerate(found):
        if i in replace:
            out.append("".join(lines[pos:start]))
            out.append(item_text(replace[i], dash))
            pos = end
    rest = "".join(lines[pos:])
    if rest and not rest.endswith("\n"):
        rest += "\n"
    dash = found[-1][2]
    return "".join(out) + rest + "".join(item_text(r, dash) for r in append)


def _key_line(lines: list[str], key: str) -> int:
    for n, line in enumerate(lines):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return n
    return len(lines)
