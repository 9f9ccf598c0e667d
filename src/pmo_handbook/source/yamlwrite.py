"""YAML written the way people write the data files by hand: block style, lists indented under
their key, ids listed inline (`roles: [pm, pl]`), multi-line text as a literal block, Unicode kept,
keys in the order given, no &anchors. The one writer of the scaffold, the demo data and the import."""
from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

import yaml

SIMPLE = re.compile(r"^[A-Za-z0-9_-]+$")  # ids and codes: written inline when a list holds only these
Doc = dict[str, Any]  # a data file's mapping, or one record of it, as it is written


class Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)  # "  - item" under its key, as people indent

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a value used twice is written twice, never as an &anchor / *alias

    # An inline list of ids stays on its line however long, as the import's round trip writes it
    # (imports/yamlfile.py never folds): otherwise re-importing a download rewrites such lines.
    def expect_first_flow_sequence_item(self) -> None:
        self._unfolded(super().expect_first_flow_sequence_item)

    def expect_flow_sequence_item(self) -> None:
        self._unfolded(super().expect_flow_sequence_item)

    def _unfolded(self, step: Callable[[], None]) -> None:
        width, self.best_width = self.best_width, sys.maxsize
        try:
            step()
        finally:
            self.best_width = width


def _str(dumper: Dumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:  # a literal block; the models strip the final newline again
        text = value if value.endswith("\n") else value + "\n"
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_str(value)


def _list(dumper: Dumper, items: list[Any]) -> yaml.SequenceNode:
    flow = bool(items) and all(isinstance(i, str) and SIMPLE.match(i) for i in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


Dumper.add_representer(str, _str)
Dumper.add_representer(list, _list)


def dump(value: object, width: int = 100) -> str:
    """YAML text of value; width is where long plain text is folded onto the next line."""
    return yaml.dump(value, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=width,
                     default_flow_style=False)
