"""The four project registers that travel to and from Excel: where each lives and its format."""
from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from pmo_handbook import model as m
from pmo_handbook.model.standard import Format


@dataclass(frozen=True)
class Register:
    key: str                # page / download / command name: issues
    record: str             # Format.record: issue
    model: type[BaseModel]  # one record
    root: type[BaseModel]   # the file's model
    id_field: str = "id"

    @property
    def file(self) -> str:
        return f"{self.key}.yml"


REGISTERS: dict[str, Register] = {r.key: r for r in (
    Register("issues", "issue", m.Issue, m.Issues),
    Register("risks", "risk", m.Risk, m.Risks),
    Register("decisions", "decision", m.Decision, m.Decisions),
    Register("changes", "change", m.Change, m.Changes),
)}


def register_format(formats: list[Format], register: Register) -> Format | None:
    """The standard format of a register: the first format written for its record type."""
    return next((f for f in formats if f.record == register.record), None)
