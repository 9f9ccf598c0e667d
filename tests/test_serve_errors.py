"""`mkdocs serve` with broken data keeps serving: every page answers at once with a page listing
the located errors (in the site's language), and the site comes back once the file is fixed.
`mkdocs build` still stops before writing (tests/test_build.py)."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import FIXTURE_DATA, REPO, env_for
from helpers import line_of, replace

PAGES = ["/", "/projects/alpha/issues/", "/guide/", "/no/such/page/"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str, float]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8"), time.perf_counter() - start
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8"), time.perf_counter() - start


def _until(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def test_serve_shows_the_errors_on_every_page_and_recovers_after_the_fix(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    shutil.copytree(REPO / "pmo_templates", tmp_path / "pmo_templates")
    issues = data / "projects/alpha/issues.yml"
    replace(issues, "    status: open\n", "    status：完了\n")
    line = line_of(issues, "status：完了")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(REPO / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=REPO, env=env_for(data, PMO_TEMPLATES_DIR=tmp_path / "pmo_templates"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert _until(lambda: _get(base + "/")[0] == 200, 240), "mkdocs serve did not start"
        expected = (f"projects/alpha/issues.yml:{line}:11</code> 全角のコロン「：」が使われています"
                    "（「status」の後）。キーと値の間は半角の「: 」（コロンと空白）にしてください")
        for page in PAGES:
            status, body, seconds = _get(base + page)
            assert seconds < 2, page
            assert "データにエラーがあります" in body and expected in body, page
        replace(issues, "    status：完了\n", "    status: open\n")  # the fix
        fixed = _until(lambda: "データにエラーがあります" not in _get(base + "/")[1], 300)
        assert fixed, "no rebuild after the fix"
        status, body, _ = _get(base + "/projects/alpha/issues/")
        assert status == 200 and "ISS-001" in body
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
