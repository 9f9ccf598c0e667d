"""When the part of the data one audience can see last changed: the 「最終更新」 date of its pages.

A commit that touches only restricted records must not move the date on the pages of an audience
that cannot see them. Loading the whole repository at every commit would be exact and far too
slow; instead each project file's history is walked newest first, and a commit counts when the
part of that file the audience sees differs before and after it. That part is read from the
file alone, guided by its model: the records the audience may see, without the fields
`field_visibility` hides from it, and without nested parts (contact details, PMO checks) above
it. A reference inside a visible record counts as visible even where the page shows "—" for it.
Files of projects the audience does not see are left out; files without visibility rules
(organisation settings, the standard) keep their last commit's date."""
from __future__ import annotations

import datetime as dt
import json
import typing
from pathlib import Path

from pydantic import BaseModel

from pmo_handbook import model as m
from pmo_handbook.loading.audience import RANK, sees
from pmo_handbook.source import gitinfo
from pmo_handbook.source.yamlsrc import YamlFileError, load_bytes

_HIDDEN = object()
_seen: dict[tuple[str, str, str], str] = {}  # (blob, file name, audience) -> visible part
_MAX_SEEN = 100_000


def visible_dates(audience: str, projects_root: Path, projects: set[Path]):
    """A Freshness adjust function: per file, the date of the last commit that changed what
    audience sees of it. projects: the (resolved) folders of the projects this audience sees,
    under projects_root."""
    def adjust(path: Path, dates: dict[Path, dt.date]) -> dict[Path, dt.date]:
        history = gitinfo.changes(path)
        out, walk = {}, {}
        for file, day in dates.items():
            project = next((f for f in file.parents if f.parent == projects_root), None)
            if project is not None and project not in projects:
                continue  # a project this audience does not see
            if file.parent in projects and file.name in m.PROJECT_FILES and file in history:
                walk[file] = list(history[file])
            else:
                out[file] = day
        out.update(_walk(path, walk, audience))
        return out
    return adjust


def _walk(path: Path, walk: dict[Path, list], audience: str) -> dict[Path, dt.date]:
    """Newest first, one `git cat-file` per round, until each file's visible part changed."""
    found, step = {}, 0
    while walk:
        contents = gitinfo.blobs(path, [sha for file, changes in walk.items() for sha in changes[step][1:]
                                        if (sha, file.name, audience) not in _seen])
        for file in list(walk):
            day, before, after = walk[file][step]
            if _part(before, file.name, audience, contents) != _part(after, file.name, audience, contents):
                found[file] = day
            if file in found or step + 1 >= len(walk[file]):
                del walk[file]  # a file no one of this audience ever saw change has no date
        step += 1
    return found


def _part(sha: str, name: str, audience: str, contents: dict[str, bytes]) -> str | None:
    """What audience sees of one version of a project file, as canonical JSON; None when the
    file does not exist in that version, or could not be read (a change either way)."""
    if sha == gitinfo.NO_BLOB:
        return None
    key = (sha, name, audience)
    if key not in _seen:
        if len(_seen) >= _MAX_SEEN:
            _seen.clear()
        try:
            value = load_bytes(contents[sha], Path(name), name).value
            part = visible_part(value, m.PROJECT_FILES[name], audience) if isinstance(value, dict) else value
            _seen[key] = json.dumps(part, sort_keys=True, default=str, ensure_ascii=False)
        except (YamlFileError, KeyError):
            _seen[key] = f"unreadable {sha}"
    return _seen[key]


def visible_part(value: dict, cls: type[BaseModel], audience: str):
    """value (plain data of model cls) without what audience may not see; _HIDDEN for all of it."""
    fields = cls.model_fields
    if "visibility" in fields and not sees(audience, _known(value.get("visibility", fields["visibility"].default))):
        return _HIDDEN
    marked = value.get("field_visibility") if "field_visibility" in fields else None
    hidden = {k for k, v in marked.items() if not sees(audience, _known(v))} if isinstance(marked, dict) else set()
    out = {}
    for key, item in value.items():
        if key in hidden:
            continue
        inner = _model_of(fields[key].annotation) if key in fields else None
        if inner is not None and isinstance(item, dict):
            item = visible_part(item, inner, audience)
        elif inner is not None and isinstance(item, list):
            item = [visible_part(i, inner, audience) if isinstance(i, dict) else i for i in item]
            item = [i for i in item if i is not _HIDDEN]
        if item is not _HIDDEN:
            out[key] = item
    return out


def _known(visibility) -> str:
    """A visibility as written; anything else (a typo in an old version) hides."""
    return visibility if visibility in RANK else "restricted"


def _model_of(annotation) -> type[BaseModel] | None:
    """The model a field holds, directly, in a list or optionally."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None
