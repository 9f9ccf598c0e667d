"""The search index is written by a Pagefind service process; one that stops answering must not
hang the build (a Pagefind was seen to never answer its first message on a loaded machine)."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from helpers import search_documents

from pmo_handbook.site import pagefind
from pmo_handbook.site.search import SearchRecord

RECORDS = [SearchRecord(f"projects/p/issues/#iss-{n:03d}",
                        f"<html lang='ja'><body><h1>ISS-{n:03d} 課題 {n}</h1><p>本文</p></body></html>")
           for n in range(1, 6)]


def fake_pagefind(tmp_path: Path, hangs: int) -> Path:
    """A pagefind that reads its input and never answers for its first `hangs` starts, then is
    the real one."""
    real = pagefind._binary()
    script = tmp_path / "pagefind"
    script.write_text(f"""#!/bin/sh
count=$(cat {tmp_path}/starts 2>/dev/null || echo 0)
echo $((count + 1)) > {tmp_path}/starts
if [ "$count" -lt {hangs} ]; then cat > /dev/null; exit 0; fi  # stdout stays open, as in the hang
exec {real} "$@"
""", encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.fixture
def quick_stall(monkeypatch):
    monkeypatch.setattr(pagefind, "STALL", {"NewIndex": 0.5, "AddFile": 0.5, "GetFiles": 30.0})


@pytest.mark.parametrize("hangs", [1, 2])
def test_a_pagefind_that_never_answers_is_replaced_and_the_index_is_written(tmp_path, monkeypatch, quick_stall, hangs):
    script = fake_pagefind(tmp_path, hangs)
    monkeypatch.setattr(pagefind, "_binary", lambda: script)
    site = tmp_path / "site"
    site.mkdir()
    counts = pagefind.write_search_index(site, RECORDS, "ja")
    assert counts["records"] == 5
    assert (tmp_path / "starts").read_text().strip() == str(hangs + 1)
    assert sorted(search_documents(site)) == sorted("/" + r.url for r in RECORDS)
    assert [p.name for p in site.iterdir()] == ["pagefind"]  # no staging folder left behind


def test_a_pagefind_that_always_stalls_stops_the_build_with_a_message(tmp_path, monkeypatch, quick_stall):
    script = fake_pagefind(tmp_path, 99)
    monkeypatch.setattr(pagefind, "_binary", lambda: script)
    site = tmp_path / "site"
    site.mkdir()
    started = time.monotonic()
    with pytest.raises(pagefind.SearchIndexError,
                       match=r"^Pagefind stopped answering 3 times \(no answer to NewIndex in 0 s\)$"):
        pagefind.write_search_index(site, RECORDS, "ja")
    assert time.monotonic() - started < 15
    assert list(site.iterdir()) == []


def test_a_cancelled_index_stops_pagefind_at_once_and_leaves_the_index_there(tmp_path, monkeypatch):
    """mkdocs serve cancels the index of a build when the next build starts: a Pagefind at work
    (here one that would take the whole stall time, 20 s) is stopped within a fraction of a
    second, not tried again, and the index already in the site stays, byte for byte."""
    site = tmp_path / "site"
    site.mkdir()
    pagefind.write_search_index(site, RECORDS, "ja")
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    script = fake_pagefind(tmp_path, 99)
    monkeypatch.setattr(pagefind, "_binary", lambda: script)
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(pagefind.Cancelled):
        pagefind.write_search_index(site, RECORDS[:2], "ja", cancel)
    assert 0.5 <= time.monotonic() - started < 3
    assert (tmp_path / "starts").read_text().strip() == "1"
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_an_index_cancelled_before_it_starts_runs_no_pagefind(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    script = fake_pagefind(tmp_path, 0)
    monkeypatch.setattr(pagefind, "_binary", lambda: script)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(pagefind.Cancelled):
        pagefind.write_search_index(site, RECORDS, "ja", cancel)
    assert not (tmp_path / "starts").exists()
    assert list(site.iterdir()) == []


def test_a_large_index_is_written_in_shards_that_hold_each_document_once(tmp_path, monkeypatch):
    """Pagefind holds a whole index in memory: past SHARD_DOCUMENTS it runs once per shard."""
    records = [SearchRecord(f"projects/p/issues/#iss-{n:03d}",
                            f"<html lang='ja'><body><h1>ISS-{n:03d} 課題 {n}</h1><p>本文</p></body></html>")
               for n in range(1, 12)]
    monkeypatch.setattr(pagefind, "SHARD_DOCUMENTS", 4)
    site = tmp_path / "site"
    site.mkdir()
    counts = pagefind.write_search_index(site, records, "ja")
    assert counts["shards"] == 3  # 11 documents, at most 4 a shard
    assert json.loads((site / "pagefind" / "pmo-shards.json").read_text()) == ["shard-1/", "shard-2/"]
    for folder in ("pagefind", "pagefind/shard-1", "pagefind/shard-2"):
        assert (site / folder / "pagefind-entry.json").is_file()
    assert sorted(search_documents(site)) == sorted("/" + r.url for r in records)  # each once (the helper checks)
    assert [p.name for p in site.iterdir()] == ["pagefind"]


def test_a_small_index_is_one_bundle(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    assert pagefind.write_search_index(site, RECORDS, "ja")["shards"] == 1
    assert json.loads((site / "pagefind" / "pmo-shards.json").read_text()) == []
    assert not list((site / "pagefind").glob("shard-*"))
