"""The standard is untrusted text too (issue 11, item 3): with script payloads in every free-text
field of pmo_templates/, no handbook page (nor any other) runs anything in a real browser."""
from __future__ import annotations

import shutil

import pytest
import yaml
from pydantic import BaseModel

from browser.conftest import serve
from conftest import FIXTURE_DATA, REPO, mkdocs_build
from pmo_handbook.model.registry import TEMPLATES
from test_sanitise import _leaves, _str_constraints

PAYLOAD = ("</title><script>alert('title')</script><img src=x onerror=alert('img')>"
           "\"><svg onload=alert('svg')>' onmouseover='alert(\"attr\")[x](javascript:alert('link'))"
           "{{ 7*7 }}\\")
REFERENCES = {"key"}  # format column keys name a record field: checked, not shown as text


def _text_field(info) -> tuple[str, type | None]:
    """('text', None) for free text, ('model', cls) for a nested model, ('', None) otherwise."""
    for kind, metadata in _leaves(info.annotation, list(info.metadata)):
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return "model", kind
        if kind is str and not any(c.pattern for c in _str_constraints(metadata)):
            return "text", None
    return "", None


def poison(value, cls: type[BaseModel]) -> int:
    """Append the payload to every free-text value of a standard file; how many."""
    count = 0
    for key, item in value.items():
        info = cls.model_fields.get(key) if key not in REFERENCES else None
        what, inner = _text_field(info) if info else ("", None)
        if what == "text" and isinstance(item, str):
            value[key] = item + PAYLOAD
            count += 1
        elif what == "text" and isinstance(item, list):
            value[key] = [i + PAYLOAD if isinstance(i, str) else i for i in item]
            count += len(item)
        elif what == "model":
            for sub in item if isinstance(item, list) else [item]:
                count += poison(sub, inner) if isinstance(sub, dict) else 0
    return count


@pytest.fixture(scope="module")
def hostile_standard_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-standard")
    shutil.copytree(REPO / "pmo_templates", root / "pmo_templates")
    poisoned = 0
    for name, cls in [(t.file, t.root) for t in TEMPLATES.values()]:
        path = root / "pmo_templates" / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        poisoned += poison(data, cls)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert poisoned > 300
    site = root / "site"
    result = mkdocs_build(site, FIXTURE_DATA, PMO_TEMPLATES_DIR=root / "pmo_templates")
    assert result.returncode == 0, result.stderr
    for url in serve(site):
        yield url, site


def test_no_page_runs_script_from_the_standard(page, hostile_standard_url):
    url, site = hostile_standard_url
    page.goto(url + "handbook/roles/pl/", wait_until="networkidle")
    assert "</title><script>alert('title')</script>" in page.title()  # shown as text
    assert "<img src=x onerror=alert('img')>" in page.locator("article h1").inner_text()
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    # every handbook page, and the pages that show the standard's role names in a project
    pages = [p for p in pages if p.startswith("handbook") or p in (".", "projects/alpha", "projects/alpha/team")]
    assert len(pages) >= 11
    for path in pages:
        page.goto(url + ("" if path == "." else path + "/"), wait_until="networkidle")
        page.mouse.move(400, 400)
        page.mouse.move(600, 500)
    assert page.watch.dialogs == []
    assert [e for e in page.watch.errors if "alert" in e] == []
