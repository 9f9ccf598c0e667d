"""Bring a register kept in Excel into a project's YAML. Every cell is read and every row is
validated by the same model and cross-file rules as `pmo-handbook validate`; the file is
written only when all rows are valid, and existing records change only with force.

A row of an existing record is merged field by field (imports/merge.py): cells that still show
what the download showed leave the YAML alone, so re-importing an unchanged download changes no
byte, and nothing the download could not show (its audience's hidden fields and links, fields
that are no column) is lost."""
from __future__ import annotations

import dataclasses
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from typing import Any

from pydantic import BaseModel, ValidationError

from pmo_handbook.errors import DataError, Message
from pmo_handbook.tabular.columns import Spec, Table, cell, column_letter, table, value_at as record_value
from pmo_handbook.tabular.vocabulary import People
from pmo_handbook.model.registry import IMPORTABLE as REGISTERS, Register, register_format
from pmo_handbook.loading.audience import project_for
from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.settings import AUDIENCES
from pmo_handbook.loading.schema_errors import field_at, message as schema_message, validate as schema_validate
from pmo_handbook.i18n.messages import Noun, Shown, located, render
from pmo_handbook.loading.rules import Checker, check_project
from pmo_handbook.source.atomic import WriteRefused, check_target, write_text_atomic
from pmo_handbook.source.yamlsrc import Loc, Source, YamlFileError, load as load_yaml
from pmo_handbook.imports.cells import CellError, blank, column_field, read
from pmo_handbook.imports.merge import HiddenValue, keep_hidden, same_cell, set_at, value_at
from pmo_handbook.imports.workbook import Sheet, WorkbookError, read_sheet
from pmo_handbook.imports.yamlfile import updated_text


@dataclass(frozen=True)
class CellProblem(DataError):
    """A problem in a sheet cell, also where the cross-file rules make DataErrors (_Locator):
    path holds the sheet's name, line the row."""

    @property
    def cell(self) -> str:
        return f"{column_letter(self.column)}{self.line}"

    @property
    def where(self) -> str:
        return f"{self.path}!{self.cell}"

    def place(self) -> tuple[int, int, str, str]:
        """Sort key: row by row, as the sheet reads."""
        return self.line, self.column, self.path, self.message


Problem = DataError | Message | str  # a located error, a keyed message, or a text from below (a refused write)


class ImportRefused(Exception):
    """Nothing was written; the problems say why, in the reader's language (lines)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return self.lines("en")

    def lines(self, lang: str) -> list[str]:
        return [located(p, lang) if isinstance(p, DataError) else render(p, lang) if isinstance(p, Message)
                else p for p in self.problems]


def _refused(key: str, /, **params: object) -> ImportRefused:
    return ImportRefused([Message.of(key, **params)])


@dataclass
class Outcome:
    path: Path
    sheet: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # headers read as no column


@dataclass
class _Row:
    number: int  # sheet row
    record: BaseModel


def _id(record: BaseModel) -> str:
    """A register record's id: every importable record model has one (its format's id column)."""
    return str(record_value(record, ("id",)))


class _Reader:
    """Reads the rows of one sheet into records, collecting every problem."""

    def __init__(self, tbl: Table, reg: Register, sheet: Sheet, p: ProjectData, audience: str):
        self.tbl, self.reg, self.sheet, self.p = tbl, reg, sheet, p
        id_spec, model = tbl.spec("id"), reg.model
        if id_spec is None or model is None:  # the rows are matched to records by their id
            raise _refused("import_no_id_column", record=Noun(reg.record or reg.key))
        self.id_spec, self.model = id_spec, model
        self.people = People.of(p.members)
        self.problems: list[CellProblem] = []
        self.records: list[_Row] = []
        self.columns = {s: c for k, c in sheet.header.columns.items() if (s := tbl.spec(k)) is not None}
        # the records as the workbook's audience saw them, and the fields each row changed
        self.audience = audience
        seen = project_for(p, audience)
        self.existing: dict[str, BaseModel] = {_id(r): r for r in getattr(p, reg.key)}
        self.shown: dict[str, BaseModel] = {_id(r): r for r in getattr(seen, reg.key)}
        self.shown_people = People.of(seen.members)
        self.changed: dict[int, list[tuple[str, ...]]] = {}  # sheet row -> field paths

    def at(self, row: int, spec: Spec | None, msg: Message) -> CellProblem:
        col = self.columns.get(spec) if spec else None
        return CellProblem(self.sheet.name, row, col or self._first_column(), render(msg, "en"), msg)

    def problem(self, row: int, spec: Spec | None, msg: Message) -> None:
        self.problems.append(self.at(row, spec, msg))

    def _first_column(self) -> int:
        return self.columns.get(self.id_spec) or min(self.columns.values())

    def rows(self) -> list[_Row]:
        out: list[_Row] = []
        for number, values in enumerate(self.sheet.rows[self.sheet.header.row:], start=self.sheet.header.row + 1):
            cells = {spec: values[col - 1] if col - 1 < len(values) else None
                     for spec, col in self.columns.items() if spec.kind != "computed"}
            if all(blank(v) for v in cells.values()):
                continue  # empty or prepared rows
            rid = self.row_id(cells)
            record = self.merged(number, cells, rid) if rid in self.existing else self.record(number, cells)
            if record is not None:
                out.append(_Row(number, record))
        return out

    def record(self, number: int, cells: dict[Spec, object]) -> BaseModel | None:
        data: dict[str, Any] = {}
        ok = True
        for spec, value in cells.items():
            try:
                result = read(self.tbl, spec, value, self.people)
            except CellError as exc:
                self.problem(number, spec, exc.msg)
                ok = False
                continue
            if result is not None:
                _put(data, spec.path, result)
        return self.validated(number, data) if ok else None

    def row_id(self, cells: dict[Spec, object]) -> str | None:
        spec = self.id_spec
        try:
            rid = read(self.tbl, spec, cells.get(spec), self.people)
            return None if rid is None else str(rid)
        except CellError:
            return None  # reported when the row is read as a new record

    def merged(self, number: int, cells: dict[Spec, object], rid: str) -> BaseModel | None:
        """The existing record with the cells the row changed; what it could not show is kept."""
        old, as_shown, id_spec = self.existing[rid], self.shown.get(rid), self.id_spec
        if as_shown is None:
            self.problem(number, id_spec, Message.of("import_hidden_record", value=Shown(rid),
                                                     audience=self.audience, file=self.reg.file))
            return None
        data, seen = old.model_dump(mode="python"), as_shown.model_dump(mode="python")
        touched: list[tuple[str, ...]] = []
        ok = True
        for spec, value in cells.items():
            if spec is id_spec or same_cell(value, cell(self.tbl, spec, as_shown, self.shown_people)):
                continue
            try:
                new = read(self.tbl, spec, value, self.people)
                set_at(data, spec.path, keep_hidden(value_at(data, spec.path), value_at(seen, spec.path), new))
                touched.append(spec.path)
            except CellError as exc:
                self.problem(number, spec, exc.msg)
                ok = False
            except HiddenValue:
                self.problem(number, spec, Message.of("import_hidden_cell", field=column_field(self.tbl, spec),
                                                      audience=self.audience, file=self.reg.file))
                ok = False
        record = self.validated(number, data) if ok else None
        if record is not None:
            self.changed[number] = [path for path in touched
                                 if record_value(record, path) != record_value(old, path)]
        return record

    def validated(self, number: int, data: dict[str, Any]) -> BaseModel | None:
        try:
            return self.model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc, msg, _ = schema_message(self.model, err, people=self.people)
                spec = self.spec_at(loc, render(msg, "en"))
                if err["type"] == "missing":
                    key = "import_required_empty" if spec in self.columns else "import_required_column"
                    msg = Message.of(key, field=field_at(self.model, loc))
                self.problem(number, spec, msg)
            return None

    def spec_at(self, loc: Loc, text: str = "") -> Spec | None:
        """The column a model location (or a whole-record message naming a field) points at."""
        matches = [s for s in self.tbl.specs if tuple(loc[: len(s.path)]) == s.path]
        if not matches and not loc:
            matches = [s for s in self.tbl.specs if s in self.columns and s.kind != "computed"
                       and re.search(rf"\b{re.escape(s.path[-1])}\b", text)]
            return matches[0] if matches else None
        return max(matches, key=lambda s: len(s.path)) if matches else None


def _put(data: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


class _Locator(Source):
    """Stands in for the register's YAML source while the cross-file rules of validate.py run
    over the merged records: a location in an imported record becomes its sheet cell."""

    def __init__(self, reader: _Reader, rows: dict[int, int], src: Source | None):
        super().__init__(reader.p.dir / reader.reg.file, reader.reg.file, None)  # the rules only call error()
        self.reader, self.rows, self.src = reader, rows, src

    def error(self, loc: Loc, message: str, key: bool = False) -> DataError:
        """message: the English text; the rules attach its keyed form (Checker.add)."""
        row = self.rows.get(loc[1]) if len(loc) > 1 else None
        if row is None:
            return self.src.error(loc, message, key) if self.src else DataError(self.reader.reg.file, 1, 1, message)
        spec = self.reader.spec_at(tuple(loc[2:]), message)
        return self.reader.at(row, spec, Message.of("rule", detail=message))


@dataclass
class _Plan:
    """One register's import: what the workbook adds and changes, before anything is written."""

    reader: _Reader
    outcome: Outcome
    existing: list[BaseModel]
    replace: dict[int, BaseModel] = field(default_factory=dict)  # index in existing -> new record
    fields: dict[int, list[tuple[str, ...]]] = field(default_factory=dict)  # index in existing -> changed field paths
    append: list[BaseModel] = field(default_factory=list)
    at_row: dict[int, int] = field(default_factory=dict)      # index in final -> sheet row

    @property
    def final(self) -> list[BaseModel]:
        return [self.replace.get(i, r) for i, r in enumerate(self.existing)] + self.append


def import_registers(repo: Repository, project_id: str, files: list[tuple[str, Path]],
                     force: bool = False, sheet: str | None = None, lang: str = "ja") -> list[Outcome]:
    """Import one workbook per register together: records may link to each other across them
    (an issue to the risk it came from and back), so they are checked, and written, as one."""
    p = repo.projects[project_id]
    plans = [_plan(repo, p, key, Path(path), sheet, lang) for key, path in files]
    problems = [x for plan in plans for x in plan.reader.problems] + _cross_check(repo, p, plans)
    if problems:
        cells = sorted((x for x in problems if isinstance(x, CellProblem)), key=CellProblem.place)
        raise ImportRefused([*cells, *(x for x in problems if x not in cells)])
    conflicts = [plan.outcome for plan in plans if plan.outcome.changed]
    if conflicts and not force:
        raise ImportRefused([Message.of("import_conflict", file=o.path.name, count=len(o.changed),
                                        ids=", ".join(o.changed)) for o in conflicts])
    texts = [(plan, _text(plan)) for plan in plans if plan.replace or plan.append]
    try:
        for plan, _ in texts:  # every target is checked before the first file is written
            check_target(plan.outcome.path, repo.data_dir)
        for plan, text in texts:
            write_text_atomic(plan.outcome.path, text, repo.data_dir)
    except WriteRefused as exc:
        raise ImportRefused([exc.text(lang)]) from None
    return [plan.outcome for plan in plans]


def import_register(repo: Repository, project_id: str, key: str, path: Path, force: bool = False,
                    sheet: str | None = None, lang: str = "ja") -> Outcome:
    return import_registers(repo, project_id, [(key, path)], force, sheet, lang)[0]


def read_workbook(tbl: Table, path: Path, p: ProjectData, sheet: str | None = None) -> _Reader:
    """Read the register of a workbook for project p: reader.records holds (sheet row, record)
    in row order, an existing record merged with the cells its row changed (reader.changed: the
    field paths), reader.problems every cell that could not be read. Raises ImportRefused when
    the workbook or its header row cannot be used at all."""
    reg = next(r for r in REGISTERS.values() if r.record == tbl.format.record)
    try:
        found = read_sheet(tbl, Path(path), sheet)
    except WorkbookError as exc:
        raise ImportRefused(list(exc.msgs)) from None
    if found.audience is not None and found.audience not in AUDIENCES:
        raise _refused("import_bad_audience", file=Path(path).name, value=Shown(found.audience),
                       allowed=", ".join(AUDIENCES))
    # A workbook from elsewhere shows whatever its columns hold: read it as seen by everyone.
    reader = _Reader(tbl, reg, found, p, found.audience or AUDIENCES[-1])
    reader.records = reader.rows()
    _duplicates(reader, reader.records)
    return reader


def _plan(repo: Repository, p: ProjectData, key: str, path: Path, sheet: str | None, lang: str) -> _Plan:
    reg = REGISTERS[key]
    fmt = register_format(repo.standard.formats, reg)
    if fmt is None:
        raise _refused("import_no_format", record=Noun(reg.record or reg.key))
    reader = read_workbook(table(fmt, lang), path, p, sheet)
    rows, found = reader.records, reader.sheet
    plan = _Plan(reader, Outcome(p.dir / reg.file, found.name, ignored=[
        f"{found.header.headers[c]} ({column_letter(c)})" for c in found.header.ignored]),
        list(getattr(p, key)))
    index = {_id(r): i for i, r in enumerate(plan.existing)}
    for row in rows:
        i = index.get(_id(row.record))
        if i is None:
            plan.at_row[len(plan.existing) + len(plan.append)] = row.number
            plan.append.append(row.record)
            plan.outcome.added.append(_id(row.record))
        elif not reader.changed.get(row.number):
            plan.outcome.unchanged.append(_id(row.record))
        else:
            plan.replace[i], plan.at_row[i] = row.record, row.number
            plan.fields[i] = reader.changed[row.number]
            plan.outcome.changed.append(_id(row.record))
    return plan


def _duplicates(reader: _Reader, rows: list[_Row]) -> None:
    seen: dict[str, int] = {}
    for row in list(rows):
        rid = _id(row.record)
        first = seen.setdefault(rid, row.number)
        if first != row.number:
            reader.problem(row.number, reader.id_spec, Message.of(
                "import_duplicate_row", field=column_field(reader.tbl, reader.id_spec), value=Shown(rid), first=first))
            rows.remove(row)


def _cross_check(repo: Repository, p: ProjectData, plans: list[_Plan]) -> list[DataError]:
    """validate.py's rules (members, links, dates in order) over the project as it would be."""
    changes: dict[str, Any] = {}  # register key -> its records: each register's own record list
    sources: dict[str, Source] = dict(p.sources)
    for plan in plans:
        reg = plan.reader.reg
        changes[reg.key] = plan.final
        sources[reg.file] = _Locator(plan.reader, plan.at_row, p.sources.get(reg.file))
    checker = Checker()
    check_project(checker, repo.standard, dataclasses.replace(p, sources=sources, **changes))
    return checker.errors


def _text(plan: _Plan) -> str:
    reg, path = plan.reader.reg, plan.outcome.path
    changed = {i: (plan.replace[i].model_dump(mode="python"), plan.fields[i]) for i in plan.replace}
    text = updated_text(path, reg.key, changed, plan.append)
    _verify(text, reg, plan.final, path)
    return text


def _verify(text: str, reg: Register, final: list[BaseModel], path: Path) -> None:
    """The text must read back as exactly the records intended, or nothing is written."""
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / path.name
        probe.write_text(text, encoding="utf-8")
        try:
            value, errors = schema_validate(load_yaml(probe, str(path)), reg.root)
        except YamlFileError as exc:
            value, errors = None, [exc.error]
    if errors or value is None or getattr(value, reg.key) != final:
        raise ImportRefused([Message.of("import_not_round_trip", file=str(path)), *errors])
