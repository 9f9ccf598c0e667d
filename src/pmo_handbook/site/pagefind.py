"""Write the site's search index with Pagefind (PyPI `pagefind[extended]`, which ships the binary).

The index holds the search records (site/search.py), each under its record's URL, and the prose
pages of the built site: those whose article Material's template override marks with
data-pagefind-body (every page not excluded with `search: exclude`). It is split into fragments
that the browser loads for the words it searches, so the first result costs a few hundred
kilobytes whatever the size of the portfolio.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from pmo_handbook.site.search import SearchRecord

BUNDLE = "pagefind"  # the folder of the site that holds the index and pagefind.js


class SearchIndexError(RuntimeError):
    pass


def write_search_index(site_dir: Path, records: list[SearchRecord]) -> dict:
    """Index the built site at site_dir and its records into site_dir/pagefind, replacing any
    index there only once the new one is complete. Returns Pagefind's counts and the seconds."""
    site_dir = Path(site_dir).resolve()
    start = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site_dir))
    try:
        with _Service() as service:
            index = service.call({"type": "NewIndex", "config": None})["index_id"]
            pages = service.call({"type": "AddDir", "index_id": index, "path": str(site_dir),
                                  "glob": "**/*.html"})
            for r in records:  # URLs site-relative, like the ones Pagefind gives the pages
                service.call({"type": "AddFile", "index_id": index, "url": "/" + r.url,
                              "file_contents": r.html, "file_path": None})
            service.call({"type": "WriteFiles", "index_id": index, "output_path": str(staging)})
        target = site_dir / BUNDLE
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
        os.chmod(target, 0o777 & ~_umask())  # mkdtemp made it private; a web server must read it
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"pages": pages.get("page_count", 0), "records": len(records),
            "seconds": round(time.perf_counter() - start, 2)}


class _Service:
    """`pagefind --service`, the interface the official Python and Node APIs drive: base64 JSON
    messages ended by a comma on stdin and stdout. Spoken directly and in turn, because the
    Python wrapper polls every 0.1 s per message (27 minutes for 16,000 records)."""

    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.next_id = 0

    def __enter__(self) -> "_Service":
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([str(_binary()), "--service"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log)
        return self

    def __exit__(self, *exc) -> None:
        assert self.proc is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()

    def call(self, payload: dict) -> dict:
        assert self.proc is not None and self.proc.stdin and self.proc.stdout
        self.next_id += 1
        message = {"message_id": self.next_id, "payload": payload}
        self.proc.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        self.proc.stdin.flush()
        data = bytearray()
        while not data.endswith(b","):
            chunk = self.proc.stdout.read1(1 << 16)
            if not chunk:
                self.log.seek(0)
                raise SearchIndexError("Pagefind stopped: "
                                       + self.log.read().decode("utf-8", "replace").strip()[-500:])
            data += chunk
        answer = json.loads(base64.b64decode(bytes(data[:-1])))["payload"]
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind: {answer.get('message')}")
        return answer


def _binary() -> Path:
    """The Pagefind binary of the pagefind-bin-extended package (Japanese segmentation)."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:  # a declared dependency: missing means a broken installation
        raise SearchIndexError("the search index needs the package pagefind[extended] "
                               "(pip install 'pagefind[extended]')") from None
    return get_executable()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
