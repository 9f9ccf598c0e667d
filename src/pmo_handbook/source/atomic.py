"""The one way the CLI writes a file: atomically, inside a given root, never through a symlink.

A repository can carry symlinks (git commits them), so a path under data/ may point anywhere.
Every writer (import, new-project, schema, codeowners, demo-data) goes through write_text_atomic:
the target must not be a symlink, its real path must lie inside the root, and the text goes to a
fresh temporary file in the same folder (O_EXCL, random name: nothing committed can be in its
way) that then replaces the target in one step, so readers see the old file or the new one."""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from pmo_handbook.i18n.messages import catalogue


class WriteRefused(Exception):
    """Nothing was written; the message (i18n `commands` catalogue) names the path and the reason."""

    def __init__(self, key: str, **params: str) -> None:
        self.key, self.params = key, params
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        return str(catalogue(lang)["commands"][self.key]).format(**self.params)


def check_target(path: Path, root: Path) -> Path:
    """The real path to write for path, or WriteRefused when it is a symlink or lies outside root."""
    path = Path(os.path.abspath(path))
    if os.path.islink(path):
        raise WriteRefused("refuse_symlink", path=path.as_posix())
    real, real_root = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    if not real.is_relative_to(real_root):
        raise WriteRefused("refuse_outside", path=path.as_posix(), real=real.as_posix(), root=real_root.as_posix())
    if real.exists() and not real.is_file():
        raise WriteRefused("refuse_not_file", path=path.as_posix())
    return real


def write_text_atomic(path: Path, text: str, root: Path) -> None:
    """Write text (UTF-8, "\\n" line ends) to path, creating missing folders inside root."""
    real = check_target(path, root)
    real.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(real.stat().st_mode) if real.exists() else _default_mode()
    fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0600; keep the file's mode, or the usual one
        os.replace(tmp, real)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
