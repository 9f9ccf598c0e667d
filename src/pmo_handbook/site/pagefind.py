"""Write the site's search index with Pagefind (PyPI `pagefind[bin]`, which ships the binary).

The index holds the search records (site/search.py), each under its record's URL, and the prose
pages of the built site: those whose article our override of Material's main.html marks with
data-pagefind-body (every page without `search: exclude`), as Pagefind reads them. It is split into fragments
that the browser loads for the words it searches, so the first result costs a few hundred
kilobytes whatever the size of the portfolio.
"""
from __future__ import annotations

import base64
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from collections.abc import Iterable, Iterator
from typing import IO, Any, Self

from pmo_handbook.site.search import SearchRecord, split_cjk

BUNDLE = "pagefind"  # the folder of the site that holds the index and pagefind.js
MARK = "data-pagefind-body"  # set by overrides/main.html on the article of a prose page
_TEXT = re.compile(r"(?<=>)[^<]+(?=<)")


class SearchIndexError(RuntimeError):
    pass


class Cancelled(Exception):
    """The index was no longer wanted (mkdocs serve started another build): nothing was replaced."""


class _Stalled(Exception):
    """Pagefind gave no byte for STALL seconds (it answers a message in milliseconds, so it
    hangs), or ended before answering."""


# A Pagefind service sometimes never answers its first message (seen on a loaded machine, about
# once in fifty builds: the process sleeps with its input read). A build must not hang on it: no
# answer within the stall time ends that service, and a fresh one indexes again.
STALL = {"NewIndex": 20.0, "AddFile": 120.0, "GetFiles": 600.0}
ATTEMPTS = 3
# Pagefind holds every document of an index in memory until it writes it: about 2 GiB for the
# 22,000 documents of 200 projects. Past this many documents the index is written in shards, one
# Pagefind process after the other, so a build's memory stays bounded; the search script merges
# them in the browser (Pagefind's mergeIndex), listed in SHARDS.
SHARD_DOCUMENTS = 5000
SHARDS = "pmo-shards.json"  # in the bundle folder: the shards' folders, relative to it
POLL = 0.1  # seconds between looks at the cancel event while Pagefind works


def shards(documents: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    """The documents dealt out round-robin (pages and records mixed alike) into as few shards
    as keep each at most size."""
    n = max(1, -(-len(documents) // size))
    return [documents[k::n] for k in range(n)]


def shard_folder(k: int) -> str:
    """Where shard k lives in the bundle: the first is the bundle itself (pagefind.js is its)."""
    return "" if k == 0 else f"shard-{k}/"


def _index(documents: list[tuple[str, str]], lang: str, staging: Path, cancel: threading.Event) -> int:
    """Index the documents with one Pagefind service and write its files into staging."""
    shutil.rmtree(staging, ignore_errors=True)  # of an attempt that stalled
    staging.mkdir()
    with _Service(cancel) as service:
        index = service.call({"type": "NewIndex", "config": {"force_language": lang}})["index_id"]
        service.call_many({"type": "AddFile", "index_id": index, "url": url, "file_contents": html,
                           "file_path": None} for url, html in documents)
        # GetFiles, not WriteFiles: Pagefind answered WriteFiles and exited on its closed input
        # with files still unwritten (empty pagefind-component-ui.js under load).
        return write_bundle(staging, service.call({"type": "GetFiles", "index_id": index})["files"])


def write_search_index(site_dir: Path, records: list[SearchRecord], lang: str,
                       cancel: threading.Event | None = None) -> dict[str, float]:
    """Index the built site at site_dir and its records into site_dir/pagefind, replacing any
    index there only once the new one is complete. Returns Pagefind's counts and the seconds.
    cancel: once set, Pagefind is stopped within POLL seconds, the index there is left as it
    was and Cancelled is raised (mkdocs serve: a newer build will write its own).

    The whole index is in the build's language (ja or en: the same the pages declare), and
    Japanese arrives split already (site/search.py), so Pagefind's own segmenter is not used:
    the standard binary, not the "extended" one whose segmenter cuts words unlike the browser
    and took 15 times as long (6.1 s against 0.4 s for ten pages)."""
    site_dir = Path(site_dir).resolve()
    cancel = cancel or threading.Event()
    start = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site_dir))
    try:
        pages = []
        for page in prose_pages(site_dir):
            _check(cancel)
            pages.append(page)
        documents = pages + [("/" + r.url, r.html) for r in records]  # URLs from the root
        parts = shards(documents, SHARD_DOCUMENTS)
        for k in range(len(parts) - 1, -1, -1):  # the first last: its folder holds the others
            _index_retried(parts[k], lang, staging / f".shard-{k}", cancel)
        _check(cancel)
        for k in range(1, len(parts)):
            (staging / f".shard-{k}").rename(staging / ".shard-0" / shard_folder(k))
        bundle = staging / ".shard-0"
        (bundle / SHARDS).write_text(json.dumps([shard_folder(k) for k in range(1, len(parts))]), encoding="utf-8")
        target = site_dir / BUNDLE
        if target.exists():
            shutil.rmtree(target)
        bundle.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"pages": len(pages), "records": len(records), "shards": len(parts),
            "seconds": round(time.perf_counter() - start, 2)}


def _check(cancel: threading.Event) -> None:
    if cancel.is_set():
        raise Cancelled()


def _index_retried(documents: list[tuple[str, str]], lang: str, folder: Path, cancel: threading.Event) -> None:
    for attempt in range(1, ATTEMPTS + 1):
        _check(cancel)
        try:
            if not _index(documents, lang, folder, cancel):
                raise SearchIndexError("Pagefind returned no index files")
            return
        except _Stalled as exc:  # a Pagefind that stopped answering: a fresh one, a bounded number of times
            if attempt == ATTEMPTS:
                raise SearchIndexError(f"Pagefind stopped answering {ATTEMPTS} times ({exc})") from None


def write_bundle(folder: Path, files: list[dict[str, str]]) -> int:
    """Write Pagefind's files (relative paths, base64 contents) under folder; their number."""
    for f in files:
        rel = Path(f["path"])
        if rel.is_absolute() or ".." in rel.parts:
            raise SearchIndexError(f"Pagefind named a file outside its folder: {f['path']!r}")
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(f["content"]))
    return len(files)


def prose_pages(site_dir: Path) -> Iterator[tuple[str, str]]:
    """(url, html) of every page whose article is to be indexed as a page: the ones our theme
    override marked with data-pagefind-body. Register pages, the largest, are not even sent:
    Pagefind spent most of a 200-project index reading them only to drop them."""
    for path in sorted(site_dir.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if MARK in html:
            rel = path.relative_to(site_dir).as_posix()
            # The text between tags split like the records' (site/search.py); tags untouched.
            yield "/" + rel.removesuffix("index.html"), _TEXT.sub(lambda m: split_cjk(m.group(0)), html)


class _Service:
    """`pagefind --service`, the interface the official Python and Node APIs drive: base64 JSON
    messages ended by a comma on stdin and stdout. Spoken directly and in turn, because the
    Python wrapper polls every 0.1 s per message (27 minutes for 16,000 records)."""

    def __init__(self, cancel: threading.Event) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.next_id = 0
        self.cancel = cancel

    def __enter__(self) -> Self:
        self.log: IO[bytes] = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([str(_binary()), "--service"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.proc is not None and self.proc.stdin is not None  # piped in __enter__
        try:
            self.proc.stdin.close()
        except OSError:  # a service killed for stalling: its pipe is broken
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:  # free-form JSON messages
        return self.call_many([payload])[-1]

    def call_many(self, payloads: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send every request from a thread while the answers are read: one at a time, the
        round trips cost more than the indexing on a busy machine."""
        assert self.proc is not None and self.proc.stdin and self.proc.stdout
        payloads = list(payloads)
        if not payloads:
            return []
        stdin, sent, failed = self.proc.stdin, [0], list[OSError]()
        stall, out = STALL[payloads[0]["type"]], self.proc.stdout.fileno()

        def send() -> None:
            try:
                for payload in payloads:
                    self.next_id += 1
                    message = {"message_id": self.next_id, "payload": payload}
                    stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
                    sent[0] += 1
                stdin.flush()
            except OSError as exc:  # Pagefind stopped reading: reported below with what it said
                failed.append(exc)
            finally:
                sent.append(0)  # done: a second item, whatever its value

        writer = threading.Thread(target=send, daemon=True)
        writer.start()
        answers, buffer = list[dict[str, Any]](), bytearray()
        while len(sent) == 1 or len(answers) < sent[0]:
            if failed:
                break
            end = buffer.find(b",")
            if end < 0:
                if not self._wait(out, stall):
                    self.proc.kill()  # the writer thread then ends on a broken pipe
                    writer.join()
                    _check(self.cancel)
                    raise _Stalled(f"no answer to {payloads[0]['type']} in {stall:.0f} s")
                chunk = os.read(out, 1 << 16)  # unbuffered: select sees what is left to read
                if not chunk:
                    break
                buffer += chunk
                continue
            answer = json.loads(base64.b64decode(bytes(buffer[:end])))["payload"]
            del buffer[:end + 1]
            if answer.get("type") == "Error":
                raise SearchIndexError(f"Pagefind: {answer.get('message')}")
            answers.append(answer)
        writer.join()
        if failed or len(answers) < sent[0]:  # it ended early (seen once under load): try a fresh one too
            self.log.seek(0)
            raise _Stalled("Pagefind stopped: " + self.log.read().decode("utf-8", "replace").strip()[-500:])
        return answers


    def _wait(self, out: int, stall: float) -> bool:
        """True when Pagefind has something to read within stall seconds; False when it has
        not, or the index was cancelled meanwhile."""
        waited = 0.0
        while waited < stall and not self.cancel.is_set():
            if select.select([out], [], [], min(POLL, stall - waited))[0]:
                return True
            waited += POLL
        return False


def _binary() -> Path:
    """The Pagefind binary of the pagefind-bin package."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]  # ships no type information
    except ImportError:  # a declared dependency: missing means a broken installation
        raise SearchIndexError("the search index needs the package pagefind[bin] "
                               "(pip install 'pagefind[bin]')") from None
    return Path(get_executable())
