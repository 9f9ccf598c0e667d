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
from collections.abc import Callable
from typing import Any
from pathlib import Path

from pydantic import BaseModel

from pmo_handbook.model.registry import by_file
from pmo_handbook.loading.audience import RANK, sees
from pmo_handbook.source import gitinfo
from pmo_handbook.source.yamlsrc import YamlFileError, load_bytes

_HIDDEN = object()
_seen: dict[tuple[str, str, str], str] = {}  # (blob, file name, audience) -> visible part
_MAX_SEEN = 100_000


def visible_dates(audience: str, projects_root: Path, projects: set[Path]
                  ) -> Callable[[Path, dict[Path, dt.date]], dict[Path, dt.date]]:
    """A Freshness adjust function: per file, the date of the last commit that changed what
    audience sees of it. projects: the (resolved) folders of the projects this audience sees,
    under projects_root."""
    def adjust(path: Path, dates: dict[Path, dt.date]) -> dict[Path, dt.date]:
        history = gitinfo.changes(path)
        out: dict[Path, dt.date] = {}
        walk: dict[Path, list[tuple[dt.date, str, str]]] = {}
        for file, day in dates.items():
            project = next((f for f in file.parents if f.parent == projects_root), None)
            if project is not None and project not in projects:
                continue  # a project this audience does not see
            if file.parent in projects and by_file(file.name) is not None and file in history:
                walk[file] = list(history[file])
            else:
                out[file] = day
        out.update(_walk(path, walk, audience))
        return out
    return adjust


def _walk(path: Path, walk: dict[Path, list[tuple[dt.date, str, str]]], audience: str) -> dict[Path, dt.date]:
    """Newest first, one `git cat-file` per round, until each file's visible part changed."""
    found, step = {}, 0
    while walk:
        contents = gitinfo.blobs(path, [sha for changes in walk.values() for sha in changes[step][1:]])
        for file in list(walk):
            day, before, after = walk[file][step]
            old, new = contents.get(before), contents.get(after)
            changed = _plainly(old, new, audience)
            if changed is None:  # the file marks visibilities that matter here: read both versions
                changed = _part(before, old, file.name, audience) != _part(after, new, file.name, audience)
            if changed:
                found[file] = day
            if changed or step + 1 >= len(walk[file]):
                del walk[file]  # a file no one of this audience ever saw change has no date
        step += 1
    return found


def _plainly(old: bytes | None, new: bytes | None, audience: str) -> bool | None:
    """Whether the visible part changed, when the text alone tells (most files, most builds);
    None when both versions must be read. Every visibility defaults to internal, so a version
    naming no level above an internal audience shows it everything, and one naming no level at
    or below a lower audience shows it nothing."""
    texts = [t for t in (old, new) if t is not None]
    if RANK[audience] >= RANK["internal"]:
        above = [name.encode() for name in RANK if RANK[name] > RANK[audience]]
        return old != new if not any(w in t for w in above for t in texts) else None
    seen = [name.encode() for name in RANK if RANK[name] <= RANK[audience]]
    return False if not any(w in t for w in seen for t in texts) else None


def _part(sha: str, content: bytes | None, name: str, audience: str) -> str:
    """What audience sees of one version of a project file, as canonical JSON: "null" when it
    sees nothing (also when the file does not exist), the blob id when it cannot be read."""
    key = (sha, name, audience)
    if key not in _seen:
        if len(_seen) >= _MAX_SEEN:
            _seen.clear()
        part = None
        try:
            if content is not None:
                value = load_bytes(content, Path(name), name).value
                reg = by_file(name)
                if reg is None:
                    raise KeyError(name)
                part = visible_part(value, reg.root, audience) if isinstance(value, dict) else value
                if part is _HIDDEN or isinstance(part, dict) and not any(part.values()):
                    part = None
            _seen[key] = json.dumps(part, sort_keys=True, default=str, ensure_ascii=False)
        except (YamlFileError, KeyError):
            _seen[key] = f"unreadable {sha}"
    return _seen[key]


def visible_part(value: dict[str, Any], cls: type[BaseModel], audience: str) -> object:
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


def _known(visibility: object) -> str:
    """A visibility as written; anything else (a typo in an old version) hides."""
    return visibility if visibility in RANK else "restricted"


def _model_of(annotation: object) -> type[BaseModel] | None:
    """The model a field holds, directly, in a list or optionally."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None
