"""`pmo-handbook export DIR`: a plain docs tree that MkDocs, ProperDocs and Zensical build
without hooks into the same pages, navigation, downloads and charts as the hooks build."""
from __future__ import annotations

import hashlib
import posixpath
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import REPO, cli, env_for
from helpers import search_documents, article, page_text

REQUIREMENTS = REPO / "tests" / "portable-requirements.txt"
EDIT_BUTTON = re.compile(
    r'<a href="[^"]*" title="[^"]*" class="md-content__button md-icon" rel="edit">.*?</a>', re.S)


def page_urls(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def download_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*")
            if p.is_file() and p.relative_to(site).parts[0] in ("downloads", "api")}


def contents(path: Path) -> object:
    """A download's content; a spreadsheet's as its member files but the properties, which
    stamp the time it was written."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
    return path.read_bytes()


def exported_name(download: str) -> str:
    """A Markdown download is shipped as .md.txt in the export (a plain build would render it)."""
    return download + ".txt" if download.endswith(".md") else download


def export(target: Path, **env):
    result = cli("export", target, **env)
    assert result.returncode == 0, result.stderr
    return target


def build(tool: list[str], tree: Path, site: Path) -> Path:
    done = subprocess.run([*tool, "build", "-q", "-d", str(site)] if "zensical" not in tool[-1]
                          else [*tool, "build"], cwd=tree, env=env_for(), capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return site if "zensical" not in tool[-1] else tree / "site"


def nav_links(site: Path, url: str) -> set[str]:
    """The pages the navigation of the page at url links to (the current page itself left out)."""
    html = (site / url / "index.html").read_text(encoding="utf-8")
    start = html.index("md-nav--primary")
    links = re.findall(r'href="([^"#:]+)"', html[start: html.index("md-sidebar--secondary", start)])
    return {posixpath.normpath(link) for link in links} - {"."}


def body(site: Path, url: str) -> str:
    """The article of a page without the edit button and the export's wrapper, blank lines dropped."""
    html = EDIT_BUTTON.sub("", article(site, url))
    if '<div class="pmo-page" markdown="0">' in html:
        # the wrapper's end is the last </div> at the start of a line: the theme's own (the
        # overrides' data-pagefind-body) come after it, indented
        html = html.replace('<div class="pmo-page" markdown="0">', "")
        end = html.rindex("\n</div>")
        html = html[:end] + html[end + len("\n</div>"):]
    return "\n".join(line for line in html.splitlines() if line.strip())


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    return export(tmp_path_factory.mktemp("export") / "tree")


@pytest.fixture(scope="module")
def mkdocs_export_site(exported, tmp_path_factory) -> Path:
    return build([sys.executable, "-m", "mkdocs"], exported, tmp_path_factory.mktemp("mk") / "site")


# --- the tree -----------------------------------------------------------------------------------

def test_the_export_configuration_has_no_hooks_and_the_same_navigation(exported):
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config and "pmo" not in config["extra"]
    assert config["docs_dir"] == "docs" and config["theme"]["language"] == "ja"
    # the theme's overrides come along: the export renders with the same templates
    assert config["theme"]["custom_dir"] == "overrides"
    assert (exported / "overrides/partials/header.html").is_file()
    flat = yaml.safe_dump(config["nav"], allow_unicode=True)
    assert "projects/kansai-dx/issues/index.md" in flat and "guide/reading.md" in flat
    assert (exported / "docs/projects/kansai-dx/issues/index.md").is_file()
    assert (exported / "docs/downloads/templates/issue_log.md.txt").is_file()  # not a page
    assert (exported / "docs/api/portfolio.json").is_file()


def test_mkdocs_builds_the_export_into_the_same_pages(sample_site, mkdocs_export_site):
    assert page_urls(mkdocs_export_site) == page_urls(sample_site)
    for url in sorted(page_urls(sample_site)):
        if url.endswith("index.html") and url != "404.html":
            path = url.removesuffix("index.html")
            assert body(mkdocs_export_site, path) == body(sample_site, path).replace(
                "downloads/templates/issue_log.md\"", "downloads/templates/issue_log.md.txt\"").replace(
                ".md\" download>", ".md.txt\" download>"), url


NAV_PAGES = ["", "guide/reading/", "handbook/process/", "projects/kansai-dx/issues/"]


def same_navigation(site: Path, hooks: Path) -> None:
    """The same navigation, but that a project's page also lists the other projects (the hooks
    cut the projects' section down to the page's own project, for build speed)."""
    for url in NAV_PAGES:
        other_projects = {link for link in nav_links(site, url) - nav_links(hooks, url)
                          if re.fullmatch(r"(\.\./)+[a-z0-9-]+", link) and url.startswith("projects/")}
        assert nav_links(site, url) - other_projects == nav_links(hooks, url), url


def test_mkdocs_builds_the_export_with_the_same_navigation(sample_site, mkdocs_export_site):
    same_navigation(mkdocs_export_site, sample_site)


def test_downloads_are_the_same_files(sample_site, mkdocs_export_site):
    renamed = {exported_name(f) for f in download_files(sample_site)}
    assert download_files(mkdocs_export_site) == renamed
    for f in download_files(sample_site):
        target = f + ".txt" if f.endswith(".md") else f
        assert contents(mkdocs_export_site / target) == contents(sample_site / f), f


def test_audience_and_language_apply_to_the_export(tmp_path):
    tree = export(tmp_path / "customer", PMO_AUDIENCE="customer", PMO_LANG="en")
    config = yaml.safe_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["language"] == "en" and "repo_url" not in config
    # the customer's projects: one folder each (beside index.md, the projects list every build
    # but one project's own site has, PMO_PROJECT)
    projects = sorted(p.name for p in (tree / "docs/projects").iterdir() if p.is_dir())
    assert projects == ["kansai-dx"]
    assert "Issue log" in (tree / "docs/projects/kansai-dx/issues/index.md").read_text(encoding="utf-8")


def test_a_folder_not_written_by_export_is_refused(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    result = cli("export", tmp_path / "mine")
    assert result.returncode == 2
    assert "not empty and was not written by `pmo-handbook export`" in result.stderr
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_an_earlier_export_is_replaced_whole(tmp_path):
    tree = export(tmp_path / "tree")
    stale = tree / "docs/projects/gone/index.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    export(tree)
    assert not stale.exists() and (tree / "docs/index.md").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["tree"]  # no temporary folder left behind


# --- other generators, in a virtual environment of their own --------------------------------------

@pytest.fixture(scope="session")
def portable_tools(request) -> Path:
    """bin/ of a cached virtual environment with Zensical, ProperDocs and Material (PyPI)."""
    key = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:12]
    venv = Path(request.config.cache.mkdir(f"portable-venv-{key}"))
    bin_ = venv / "bin"
    if not (bin_ / "zensical").exists() or not (bin_ / "properdocs").exists():
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, timeout=300)
        pip = [str(bin_ / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        done = subprocess.run([*pip, "-r", str(REQUIREMENTS)], capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            pytest.fail(f"could not install {REQUIREMENTS.name}:\n{done.stderr[-2000:]}")
        print(f"installed the portable tools in {time.monotonic() - started:.0f} s")
    return bin_


@pytest.fixture(scope="module")
def zensical_site(portable_tools, exported) -> Path:
    return build([str(portable_tools / "zensical")], exported, exported / "site")


@pytest.mark.slow
def test_properdocs_builds_the_export_into_the_same_pages(portable_tools, exported, sample_site, tmp_path):
    site = build([str(portable_tools / "properdocs")], exported, tmp_path / "site")
    assert page_urls(site) == page_urls(sample_site)
    assert download_files(site) == {exported_name(f) for f in download_files(sample_site)}
    assert body(site, "projects/kansai-dx/issues/") == body(sample_site, "projects/kansai-dx/issues/")


@pytest.mark.slow
def test_zensical_builds_the_export_into_the_same_pages(zensical_site, sample_site):
    assert page_urls(zensical_site) == page_urls(sample_site)
    assert {exported_name(f) for f in download_files(sample_site)} \
        <= download_files(zensical_site)


def record_locations(site: Path) -> set[str]:
    """Every record the hooks build's search (Pagefind, one result per record) leads to."""
    return {url.lstrip("/") for url in search_documents(site) if "#" in url}


def test_the_hooks_search_reaches_each_record(sample_site):
    """The export carries no Pagefind index (the hooks write it after their own build): a site
    built from the export searches with its generator's own index, checked below for Zensical."""
    assert "projects/kansai-dx/issues/#iss-010" in record_locations(sample_site)


def zensical_neutral(html: str) -> str:
    """What Zensical's theme adds (a skip anchor) or drops (data-search-exclude), taken out."""
    html = html.replace('<a id="__skip" tabindex="-1"></a>', "").replace(" data-search-exclude", "")
    return "\n".join(line for line in html.splitlines() if line.strip())


@pytest.mark.slow
def test_zensical_passes_every_generated_page_through_unchanged(zensical_site, mkdocs_export_site, exported):
    docs = exported / "docs"
    generated = [p.parent.relative_to(docs).as_posix() for p in docs.rglob("index.md")
                 if "pmo-page" in p.read_text(encoding="utf-8")]
    assert len(generated) > 50
    for folder in generated:
        url = "" if folder == "." else folder + "/"
        zensical, mkdocs = body(zensical_site, url), body(mkdocs_export_site, url)
        assert zensical_neutral(zensical) == zensical_neutral(mkdocs), url


@pytest.mark.slow
def test_zensical_builds_the_export_with_the_same_navigation(zensical_site, sample_site):
    same_navigation(zensical_site, sample_site)


@pytest.mark.slow
def test_zensical_pages_show_the_key_figures(zensical_site, sample_site):
    hooks = page_text(sample_site, "projects/kansai-dx/")
    overdue = re.search(r"期限超過 (\d+)", hooks).group(1)
    assert int(overdue) > 0
    assert f"期限超過 {overdue}" in page_text(zensical_site, "projects/kansai-dx/")
    title = re.search(r"ISS-010 ([^ ]+)", page_text(sample_site, "projects/kansai-dx/issues/")).group(1)
    assert f"ISS-010 {title}" in page_text(zensical_site, "projects/kansai-dx/issues/")
    # links inside the generated HTML still lead to the same pages (Zensical rewrites them)
    issues = "projects/kansai-dx/issues/"
    links = set(re.findall(r'href="([^"#:]+)"', article(zensical_site, issues)))
    assert links == set(re.findall(r'href="([^"#:]+)"', EDIT_BUTTON.sub("", article(sample_site, issues))))
    # the charts are there: Zensical drops only their data-search-exclude attribute
    charts = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" class="pmo-svg.*?</svg>', re.S)
    hooks_charts = charts.findall(article(sample_site, "projects/kansai-dx/"))
    assert len(hooks_charts) == 2
    assert charts.findall(article(zensical_site, "projects/kansai-dx/")) == hooks_charts
