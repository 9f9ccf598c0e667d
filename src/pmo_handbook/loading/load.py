"""Find and parse every data and template file; collect all errors before giving up."""
from __future__ import annotations

from pmo_handbook.ids import PROJECT_ID

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from pmo_handbook.source import cache
from pmo_handbook import model as m
from pmo_handbook.model.registry import REGISTERS, TEMPLATES, Register, by_file
from pmo_handbook.errors import DataError, DataErrors, display_path
from pmo_handbook.loading import directory
from pmo_handbook.loading.repository import ProjectData, Repository, Standard
from pmo_handbook.model.directory import Person
from pmo_handbook.loading.schema_errors import validate
from pmo_handbook.tabular.vocabulary import Name, People
from pmo_handbook.i18n.messages import Listing, Shown, closest, error as keyed
from pmo_handbook.settings import DEFAULT_MAX_FILE_BYTES, default_templates_dir
from pmo_handbook.source.yamlsrc import Loc, Source, YamlFileError, load as load_yaml

M = TypeVar("M", bound=BaseModel)
Marks = dict[Loc, tuple[int, int]]
PROJECT_DIR = re.compile(PROJECT_ID)  # a folder name is the project id
FILES = [reg.file for reg in REGISTERS.values()]


class Loader:
    """One load run: remembers every error so the user sees them all at once."""

    def __init__(self, data_dir: Path, templates_dir: Path, root: Path | None = None,
                 max_bytes: int = DEFAULT_MAX_FILE_BYTES):
        self.data_dir = Path(data_dir)
        self.templates_dir = Path(templates_dir)
        self.root = Path(root) if root else self.data_dir.resolve().parent
        self.max_bytes = max_bytes  # size limit of one file (PMO_MAX_FILE_BYTES)
        self.errors: list[DataError] = []
        self._bases: list[Path] | None = None  # escapes(): where files may really live

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def escapes(self, path: Path) -> bool:
        """True when a symbolic link (the file or a folder on its way) leads out of the repository.
        A data or templates folder configured outside the repository is trusted as given."""
        if self._bases is None:  # resolved once a run, not once a file
            lexical_root = Path(os.path.abspath(self.root))
            self._bases = [b.resolve() for b in [self.root] + [d for d in (self.data_dir, self.templates_dir)
                                                               if not _inside(Path(os.path.abspath(d)), lexical_root)]]
        real = path.resolve()
        return not any(_inside(real, base) for base in self._bases)

    def parse(self, path: Path, root_model: type[M], people: People | None = None
              ) -> tuple[M | None, Source | None]:
        """(model or None, Source or None) for one file; errors are recorded. people: the
        project's members, so that a member's name reads as the id."""
        shown = self.shown(path)
        if self.escapes(path):  # refused unread: no byte of the target reaches a message or page
            self.errors.append(keyed(shown, 1, 1, "link_escapes"))
            return None, None
        known = tuple(sorted((m.id, m.name, m.romaji or "") for m in people.by_id.values())) if people else ()
        value, src, errors = cache.parsed(path, (shown, root_model, known), self.max_bytes,
                                          lambda: _parse(path, shown, root_model, self.max_bytes, people))
        self.errors.extend(errors)
        return value, src

    def standard(self) -> Standard | None:
        # Filled from the template table; Standard's typed attributes are checked against it by a test.
        parts: dict[str, Any] = {}
        sources: dict[str, Source] = {}
        for key, t in TEMPLATES.items():
            path = self.templates_dir / t.file
            if not path.exists():
                self.errors.append(keyed(self.shown(path), 1, 1, "missing_template"))
                continue
            value, src = self.parse(path, t.root)
            if value is not None and src is not None:
                parts[key] = getattr(value, t.records)
                sources[t.file] = src
        if len(parts) < len(TEMPLATES):
            return None
        return Standard(**parts, sources=sources)

    def project(self, folder: Path, directory: Mapping[str, Person] | None = None) -> ProjectData | None:
        """directory: data/people.yml's people, whose names the members take (so that the other
        files may name a member by the name the directory gives)."""
        shown = self.shown(folder)
        if self.escapes(folder):
            self.errors.append(keyed(shown, 1, 1, "link_escapes"))
            return None
        if not PROJECT_DIR.fullmatch(folder.name):  # match() would take "alpha\n"
            self.errors.append(keyed(shown, 1, 1, "project_folder", value=Shown(folder.name)))
            return None
        for path in sorted(folder.iterdir()):
            if path.suffix in (".yml", ".yaml") and by_file(path.name) is None:
                self.errors.append(keyed(self.shown(path), 1, 1, "unknown_file", file=path.name,
                                         files=Listing(tuple(FILES)), hint=closest(path.name, FILES)))
        values, sources, unparsed = {}, {}, {}
        people = self.members(folder, directory)
        for key, reg in REGISTERS.items():
            path = folder / reg.file
            if not path.exists():
                if reg.required:
                    self.errors.append(keyed(self.shown(path), 1, 1, "missing_file", file=reg.file))
                continue
            value, src = self.parse(path, reg.root, people)
            if value is None and src is not None and reg.keeps == "records":
                value, src, unparsed[key] = salvage(src, reg)
            if src is not None:
                sources[reg.file] = src
            if value is not None:
                values[key] = reg.held(value)
        project = values.get("project")  # the charter names the project: nothing without it
        if project is None:
            return None
        if project.id != folder.name:
            self.errors.append(sources[REGISTERS["project"].file].error(
                ("id",), f"id '{project.id}' must equal the folder name '{folder.name}'"))
        failed = {reg.file for key, reg in REGISTERS.items()
                  if (folder / reg.file).exists() and key not in values}
        return ProjectData(dir=folder, **values, sources=sources, failed=failed,
                           unparsed={k: v for k, v in unparsed.items() if v})


    def members(self, folder: Path, directory: Mapping[str, Person] | None = None) -> People | None:
        """The members of a project as read from its members.yml (None when it cannot be read),
        so that the other files may name a person by name or reading."""
        path = folder / REGISTERS["members"].file
        if not path.is_file() or self.escapes(path):
            return None
        try:
            src = load_yaml(path, self.shown(path), self.max_bytes)
        except (YamlFileError, OSError):
            return None
        return people_in(src.value, directory)


def people_in(value: object, directory: Mapping[str, Person] | None = None) -> People:
    """The members named in a parsed members.yml, whether or not it passes its schema; a member
    without a name of its own takes its person's from the directory (data/people.yml)."""
    items = value.get("members") if isinstance(value, dict) else None
    named = []
    for raw in items if isinstance(items, list) else []:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            continue
        person = (directory or {}).get(str(raw.get("person") or raw["id"]))
        name = raw.get("name") if isinstance(raw.get("name"), str) else person.name if person else None
        romaji = raw.get("romaji") if isinstance(raw.get("romaji"), str) else person.romaji if person else None
        if name:
            named.append(Name(raw["id"], name, romaji, person.reading if person else None))
    return People(named)


def salvage(src: Source, reg: Register) -> tuple[m.Model | None, Source, set[str]]:
    """The records of a register file that do pass their schema, when others do not, so that
    cross-file rules still check them in the same run. Returns (value or None, a Source whose
    marks follow the kept records, ids of the records that failed)."""
    key, model = reg.records, reg.model
    items = src.value.get(key) if isinstance(src.value, dict) else None
    if key is None or model is None or not isinstance(items, list):
        return None, src, set()
    kept: list[tuple[int, BaseModel]] = []
    failed_ids: set[str] = set()
    for index, raw in enumerate(items):
        try:
            kept.append((index, model.model_validate(raw)))
        except ValidationError:
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                failed_ids.add(raw["id"])
    moved = {old: new for new, (old, _) in enumerate(kept)}
    view = Source(src.path, src.shown, src.value,
                  marks=_remap(src.marks, key, moved), key_marks=_remap(src.key_marks, key, moved))
    return reg.root.model_construct(_fields_set=None, **{key: [record for _, record in kept]}), view, failed_ids


def _remap(marks: Marks, key: str, moved: dict[int, int]) -> Marks:
    out: Marks = {}
    for loc, mark in marks.items():
        if len(loc) >= 2 and loc[0] == key and isinstance(loc[1], int):
            if loc[1] in moved:
                out[(key, moved[loc[1]]) + loc[2:]] = mark
        else:
            out[loc] = mark
    return out


def _parse(path: Path, shown: str, root_model: type[M], max_bytes: int, people: People | None = None
           ) -> tuple[M | None, Source | None, list[DataError]]:
    """(model or None, Source or None, errors) for one file."""
    try:
        src = load_yaml(path, shown, max_bytes)
    except YamlFileError as exc:
        return None, None, [exc.error]
    except OSError as exc:
        return None, None, [keyed(shown, 1, 1, "cannot_read", reason=exc.strerror)]
    value, errors = validate(src, root_model, people)
    return value, src, errors


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def load_repository(data_dir: Path, templates_dir: Path | None = None,
                    only: str | None = None, root: Path | None = None,
                    max_bytes: int = DEFAULT_MAX_FILE_BYTES, as_of: dt.date | None = None,
                    reuse: Reuse | None = None, lean: bool = False) -> Repository:
    """Load and validate everything; raise DataErrors listing every problem found.
    Error paths are relative to root (default: the data folder's parent); as_of (PMO_AS_OF)
    enables the rules about dates in the future. lean: each project's sources keep only the
    marks of values once it is checked (Source.lean), for a build, which reads nothing else."""
    found = read_repository(data_dir, templates_dir, only, root, max_bytes, as_of, reuse, lean)
    if found.errors or found.repo is None:  # no repository comes without an error saying why
        raise DataErrors(found.errors)
    return found.repo


@dataclass
class Partial:
    """Whatever parsed, with every error found (for tools that report on invalid data too)."""

    organisation: m.Organisation | None
    projects: dict[str, ProjectData]
    repo: Repository | None  # None when the standard templates or organisation.yml did not parse
    errors: list[DataError]


def read_repository(data_dir: Path, templates_dir: Path | None = None,
                    only: str | None = None, root: Path | None = None,
                    max_bytes: int = DEFAULT_MAX_FILE_BYTES, as_of: dt.date | None = None,
                    reuse: Reuse | None = None, lean: bool = False) -> Partial:
    """Cross-file rules run on whatever parsed, so one run shows every error. reuse: see Reuse."""
    from pmo_handbook.loading.rules import Checker, check_standard

    data_dir = Path(data_dir)
    templates_dir = Path(templates_dir) if templates_dir else default_templates_dir(data_dir)
    loader = Loader(data_dir, templates_dir, root, max_bytes)
    if not data_dir.is_dir():
        return Partial(None, {}, None, [keyed(loader.shown(data_dir), 1, 1, "no_data_folder")])
    standard = loader.standard()
    org_path = data_dir / "organisation.yml"
    organisation, org_src = (loader.parse(org_path, m.Organisation) if org_path.exists()
                             else (m.Organisation(name="PMO"), None))
    projects: dict[str, ProjectData] = {}
    project_root = data_dir / "projects"
    folders = sorted(p for p in project_root.iterdir() if p.is_dir()) if project_root.is_dir() else []
    if only is not None:
        folders = [f for f in folders if f.name == only]
        if not folders:
            return Partial(organisation, {}, None, [keyed(loader.shown(project_root / only), 1, 1,
                                                          "no_such_project", value=Shown(only))])
    people, people_src = directory.read(loader, data_dir)
    attach = people is not None or people_src is None  # a broken people.yml: its errors say enough
    checked = standard is not None and organisation is not None
    errors = list(loader.errors)
    for folder in folders:
        def read(folder: Path = folder) -> ProjectRead:
            return read_project(Loader(data_dir, templates_dir, root, max_bytes), folder,
                                people if attach else False, standard if checked else None, organisation, as_of,
                                lean)
        data, found = (reuse or _call)(folder, read)
        errors += found
        if data is not None:
            projects[data.id] = data
    if standard is None or organisation is None:
        return Partial(organisation, projects, None, sorted(set(errors)))
    repo = Repository(data_dir, templates_dir, organisation, standard, projects,
                      sources={"organisation.yml": org_src} if org_src else {}, people=people or {})
    if people_src is not None:
        repo.sources["people.yml"] = people_src
    c = Checker()
    check_standard(c, standard)
    return Partial(organisation, projects, repo, sorted(set(errors + c.errors)))


ProjectRead = tuple[ProjectData | None, list[DataError]]
Reuse = Callable[[Path, Callable[[], ProjectRead]], ProjectRead]
"""(project folder, its read) -> the read, or an earlier one of the same inputs (mkdocs serve)."""


def _call(folder: Path, read: Callable[[], ProjectRead]) -> ProjectRead:
    return read()


def read_project(loader: Loader, folder: Path, people: dict[str, Person] | None | Literal[False],
                 standard: Standard | None, organisation: m.Organisation | None,
                 as_of: dt.date | None, lean: bool = False) -> ProjectRead:
    """One project folder read, its members filled from the directory (people False: the
    directory is broken, None: there is none) and its cross-file rules checked (standard None:
    the standard did not parse): a project's rules stay inside the project."""
    from pmo_handbook.loading.rules import Checker, check_project, check_thresholds

    data = loader.project(folder, people or None)
    if data is None:
        return None, loader.errors
    if people is not False:
        loader.errors.extend(directory.attach({data.id: data}, people))
    if standard is not None:
        c = Checker()
        check_project(c, standard, data, as_of)
        check_thresholds(c, organisation, data)
        loader.errors.extend(c.errors)
    if lean:  # freed project by project, so the next one's reading reuses the memory
        for src in data.sources.values():
            src.lean()
    return data, loader.errors
