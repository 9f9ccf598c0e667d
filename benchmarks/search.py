#!/usr/bin/env python3
"""Search benchmark: the demo portfolio's site served locally, searched in headless Chromium.

It writes the demo portfolio (`pmo-handbook demo-data --seed 1`, N = 200 by default), builds it
with `mkdocs build` (the build writes the Pagefind index), serves the site from 127.0.0.1 and,
for each query, opens a project page in a fresh browser context (nothing cached: a reader's
first search), opens the search with "/", types the query and waits until the results are shown.
It prints, per query and as medians: the time from typing to the first results (measured in the
page, including the 80 ms pause the search box waits for more typing) and the bytes transferred
from opening the search until the results (engine, index chunks, result fragments); then the same
next query typed in the same page. Figures only: the exit status is 0 unless something breaks.

The queries follow the browser tests' rule on the demo data: 4-6 character kanji or katakana
runs of issue titles and risk events (a seeded sample), plus issue ids and member names.

usage: python benchmarks/search.py [--projects 200] [--queries 24] [--work DIR] [--json FILE]
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-26"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
RUN = re.compile(r"[\u3005\u4e00-\u9fff]+|[\u30a1-\u30ff]+")

TIMED_SEARCH = """q => new Promise((resolve, reject) => {
  const d = document.getElementById('pmo-search'), box = d.querySelector('.pmo-search__input');
  const done = () => { if (d.dataset.shown === q) { watch.disconnect(); resolve(performance.now() - t0); } };
  const watch = new MutationObserver(done);
  watch.observe(d, {attributes: true, attributeFilter: ['data-shown']});
  setTimeout(() => reject(new Error('no results within 30 s: ' + q)), 30000);
  const t0 = performance.now();
  box.value = q;
  box.dispatchEvent(new Event('input', {bubbles: true}));
})"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--projects", type=int, default=200)
    ap.add_argument("--queries", type=int, default=24, help="kanji/katakana runs sampled (default 24)")
    ap.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="pmo-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data, site = work / f"demo-{args.projects}", work / f"site-{args.projects}"
    build_seconds = prepare(data, site, args.projects)
    index = site / "pagefind"
    files = [f for f in index.rglob("*") if f.is_file()]
    print(f"site: {site} ({args.projects} projects); index: {len(files)} files, "
          f"{sum(f.stat().st_size for f in files) / 2**20:.1f} MiB on disk"
          + (f"; build {build_seconds:.1f} s" if build_seconds else ""))
    queries = draw_queries(data, args.queries)
    print(f"{len(queries)} queries\n")
    results = run_browser(site, queries)
    cold_ms = [r["cold_ms"] for r in results]
    warm_ms = [r["warm_ms"] for r in results]
    kib = [r["bytes"] / 1024 for r in results]
    print(f"\nmedian time to first results, first search of a fresh page: {statistics.median(cold_ms):7.0f} ms"
          f"  (max {max(cold_ms):.0f})")
    print(f"median time to first results, next searches:                {statistics.median(warm_ms):7.0f} ms"
          f"  (max {max(warm_ms):.0f})")
    print(f"transferred for the first search: median {statistics.median(kib):.0f} KiB, max {max(kib):.0f} KiB")
    print(f"load average after the run: {os.getloadavg()[0]:.2f} (1 min)")
    if args.json:
        args.json.write_text(json.dumps({"projects": args.projects, "results": results}, ensure_ascii=False,
                                        indent=2), encoding="utf-8")
    return 0


def prepare(data: Path, site: Path, n: int) -> float | None:
    """Demo data and its built site, each made once per working folder; the build's seconds."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PMO_AS_OF=AS_OF, PMO_DATA_DIR=str(data))
    for key in ("PMO_PROJECT", "PMO_AUDIENCE", "PMO_LANG", "PMO_TEMPLATES_DIR"):
        env.pop(key, None)
    if not data.exists():
        subprocess.run([sys.executable, "-m", "pmo_handbook.cli", "demo-data", "--projects", str(n),
                        "--seed", "1", "--out", str(data)], cwd=REPO, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    if (site / "pagefind" / "pagefind-entry.json").is_file():
        return None
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(REPO / "mkdocs.yml"),
                    "-d", str(site)], cwd=REPO, env=env, check=True)
    return time.perf_counter() - start


def draw_queries(data: Path, n: int) -> list[str]:
    from pmo_handbook.loading.load import load_repository

    repo = load_repository(data, REPO / "pmo_templates")
    runs, ids, names = set(), [], []
    for _pid, p in sorted(repo.projects.items()):
        for text in [i.title for i in p.issues] + [r.event for r in p.risks]:
            runs.update(m.group(0) for m in RUN.finditer(text) if 4 <= len(m.group(0)) <= 6)
        ids += [i.id for i in p.issues]
        names += [m.name for m in p.members[:1]]
    rng = random.Random(1)
    return rng.sample(sorted(runs), min(n, len(runs))) + rng.sample(sorted(set(ids)), 3) + \
        rng.sample(sorted(set(names)), 3)


def run_browser(site: Path, queries: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    start_page = base + "projects/" + min(p.name for p in (site / "projects").iterdir() if p.is_dir()) + "/"
    out = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for q in queries:
                context = browser.new_context(locale="ja-JP")
                page = context.new_page()
                page.goto(start_page, wait_until="networkidle")
                sizes: list[int] = []
                page.on("requestfinished", lambda r, sizes=sizes: sizes.append(_bytes(r)))
                page.click("button.pmo-search-open")
                cold = page.evaluate(TIMED_SEARCH, q)
                transferred = sum(sizes)
                after = queries[(queries.index(q) + 1) % len(queries)]  # the next word typed
                page.locator(".pmo-search__input").fill("")
                warm = page.evaluate(TIMED_SEARCH, after)
                shown = page.locator("a.pmo-search__hit").count()
                print(f"  {q:<16} first {cold:6.0f} ms  {transferred / 1024:6.0f} KiB   again {warm:5.0f} ms"
                      f"   {page.inner_text('.pmo-search__status')} ({shown} shown)", flush=True)
                out.append({"query": q, "cold_ms": cold, "warm_ms": warm, "bytes": transferred})
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def _bytes(request) -> int:
    sizes = request.sizes()
    return sizes["responseBodySize"] + sizes["responseHeadersSize"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    sys.exit(main())
