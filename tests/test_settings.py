"""Settings: one reader for mkdocs.yml, the environment and the command line. A typo or an empty
audience stops the build before anything is written, customer builds carry no link to the git
server, and the CLI and the build read the same environment the same way."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from mkdocs.config import load_config

from conftest import REPO, cli, env_for, mkdocs_build
from pmo_handbook import settings
from pmo_handbook.authoring.export import read_config, theme_dir
from pmo_handbook.cli import build_parser
from pmo_handbook.cli.options import settings_of
from pmo_handbook.mkdocs.plugin import HandbookPlugin
from pmo_handbook.model.common import Visibility
from pmo_handbook.settings import Settings, SettingsError

EDIT_BUTTON = re.compile(r'<a href="[^"]*" title="[^"]*" class="md-content__button md-icon" rel="edit">')
GIT_SERVER = "github.example.co.jp"  # repo_url of mkdocs.yml: the internal git server


def own_config(tmp_path: Path, pmo: str) -> Path:
    """The repository's mkdocs.yml, docs, hooks and theme overrides (its custom_dir, copied as
    `pmo-handbook export` copies it) in tmp_path (a repo_copy, with data and pmo_templates),
    with `extra.pmo` replaced."""
    for folder in ("docs", "hooks"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    overrides = theme_dir(read_config(REPO / "mkdocs.yml"), REPO)
    if overrides is not None:
        shutil.copytree(overrides[0], tmp_path / overrides[1])
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.count("  pmo: {}\n") == 1
    config = tmp_path / "mkdocs.yml"
    config.write_text(text.replace("  pmo: {}\n", f"  pmo:\n{pmo}"), encoding="utf-8")
    return config


def build_with(config: Path, site: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(config),
                           "-d", str(site)], cwd=config.parent, env=env_for(**env),
                          capture_output=True, text=True, timeout=600)


def said(result: subprocess.CompletedProcess) -> str:
    """What a build printed (MkDocs prints an Abort's message on stdout); never a traceback."""
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout + result.stderr


def previous_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the site as it was", encoding="utf-8")
    return site


def assert_untouched(site: Path) -> None:
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the site as it was"


# --- mistakes stop the build before anything is written ------------------------------------------

def test_misspelt_key_in_mkdocs_yml_stops_the_build(repo_copy):
    tmp_path = repo_copy
    config = own_config(tmp_path, "    audiance: customer\n")
    site = previous_site(tmp_path)
    result = build_with(config, site)
    assert result.returncode == 1
    assert ("pmo-handbook: mkdocs.yml: extra.pmo.audiance という設定はありません。audience の間違いでは"
            "ありませんか？（設定: data_dir, templates_dir, as_of, audience, project）") in said(result)
    assert_untouched(site)


def test_empty_audience_is_refused(tmp_path):
    site = previous_site(tmp_path)
    result = mkdocs_build(site, PMO_AUDIENCE="")
    assert result.returncode == 1
    assert ("pmo-handbook: PMO_AUDIENCE='' は使えません。空です。public, customer, internal, restricted の"
            "どれかを書いてください（空の公開範囲は internal とは読まず、止めます）") in said(result)
    assert_untouched(site)


def test_empty_audience_from_an_env_tag_in_mkdocs_yml_is_refused(repo_copy):
    """`!ENV [PMO_AUDIENCE, internal]` gives an empty value when the variable is set but empty."""
    tmp_path = repo_copy
    config = own_config(tmp_path, "    audience: !ENV [PMO_AUDIENCE, internal]\n")
    site = previous_site(tmp_path)
    result = build_with(config, site, PMO_AUDIENCE="")
    assert result.returncode == 1
    assert "pmo-handbook: mkdocs.yml extra.pmo.audience は使えません。空です。" in said(result)
    assert_untouched(site)


def test_unknown_audience_is_refused_with_a_suggestion(tmp_path):
    result = mkdocs_build(tmp_path / "site", PMO_AUDIENCE="Customer")
    assert result.returncode == 1
    assert ("pmo-handbook: PMO_AUDIENCE='Customer' は使えません。public, customer, internal, restricted の"
            "どれかを書いてください。customer の間違いではありませんか？") in said(result)
    english = mkdocs_build(tmp_path / "site", PMO_AUDIENCE="Customer", PMO_LANG="en")
    assert ("pmo-handbook: PMO_AUDIENCE='Customer' is not allowed; expected one of: public, customer, "
            "internal, restricted; did you mean 'customer'?") in said(english)
    assert not (tmp_path / "site").exists()


def test_misspelt_variable_is_refused_by_build_and_cli(tmp_path):
    message = "環境変数 PMO_AUDIANCE はありません。PMO_AUDIENCE の間違いではありませんか？"
    result = mkdocs_build(tmp_path / "site", PMO_AUDIANCE="customer")
    assert result.returncode == 1
    assert f"pmo-handbook: {message}" in said(result)
    assert not (tmp_path / "site").exists()
    validate = cli("validate", PMO_AUDIANCE="customer")
    assert (validate.returncode, validate.stderr) == (2, f"pmo-handbook: エラー: {message}\n")


@pytest.mark.parametrize("variable, value, why", [
    ("PMO_AS_OF", "2026-13-01", "2026-12-01 のように 年-月-日 で書いてください"),
    ("PMO_AUDIENCE", "", ("空です。public, customer, internal, restricted のどれかを書いてください"
                          "（空の公開範囲は internal とは読まず、止めます）")),
    ("PMO_LANG", "fr", "ja, en のどれかを書いてください"),
    ("PMO_MAX_FILE_BYTES", "-1", "バイト数（0 より大きい整数）を書いてください（標準 5242880）"),
])
def test_every_command_refuses_a_bad_setting_as_the_build_does(variable, value, why):
    """Every command reads the whole environment through the one reader, before it reads any
    data: a bad value is a usage error (exit 2) naming the variable, as the build names it."""
    expected = f"pmo-handbook: エラー: {variable}={value!r} は使えません。{why}\n"
    for command in (["validate"], ["diff", "HEAD", "HEAD"], ["codeowners"]):
        result = cli(*command, **{variable: value})
        assert (result.returncode, result.stderr) == (2, expected), command


# --- audiences and links to the git server -------------------------------------------------------

def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_customer_build_has_no_edit_link_and_internal_has(tmp_path):
    internal = tmp_path / "internal"
    assert mkdocs_build(internal, PMO_PROJECT="kansai-dx").returncode == 0
    customer = tmp_path / "customer"
    result = mkdocs_build(customer, PMO_PROJECT="kansai-dx", PMO_AUDIENCE="customer")
    assert result.returncode == 0, result.stderr

    inside = _pages(internal)
    for page in ("projects/kansai-dx/index.html", "projects/kansai-dx/issues/index.html",
                 "handbook/roles/pm/index.html", "guide/updating/index.html"):
        assert EDIT_BUTTON.search(inside[page]), page
    outside = _pages(customer)
    assert "projects/kansai-dx/issues/index.html" in outside
    assert [page for page, html in outside.items() if 'rel="edit"' in html] == []
    leaking = [p.relative_to(customer).as_posix() for p in customer.rglob("*")
               if p.is_file() and GIT_SERVER.encode() in p.read_bytes()]
    assert leaking == []


# --- one reader: the CLI and the build read the same settings --------------------------------------

def _from_cli(argv: list[str]) -> Settings:
    return settings_of(build_parser().parse_args(argv))


def _from_mkdocs() -> Settings:
    plugin = HandbookPlugin()
    plugin.on_config(load_config(str(REPO / "mkdocs.yml")))
    assert plugin.settings is not None
    return plugin.settings


def _clear_pmo_variables(monkeypatch) -> None:
    for key in [k for k in os.environ if k.startswith("PMO_")]:
        monkeypatch.delenv(key)


def _absolute(s: Settings) -> Settings:
    return Settings(**{**s.__dict__, "data_dir": s.data_dir.resolve(), "templates_dir": s.templates_dir.resolve()})


def test_cli_and_build_read_the_environment_identically(monkeypatch, tmp_path):
    shutil.copytree(REPO / "pmo_templates", tmp_path / "standard")
    env = {"PMO_DATA_DIR": str(REPO / "data"), "PMO_TEMPLATES_DIR": str(tmp_path / "standard"),
           "PMO_AS_OF": "2026-05-30", "PMO_LANG": "en", "PMO_AUDIENCE": "customer",
           "PMO_PROJECT": "kansai-dx", "PMO_MAX_FILE_BYTES": "1000000"}
    monkeypatch.chdir(REPO)
    _clear_pmo_variables(monkeypatch)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    expected = Settings(data_dir=REPO / "data", templates_dir=tmp_path / "standard",
                        as_of=dt.date(2026, 5, 30), lang="en", audience="customer",
                        project="kansai-dx", max_file_bytes=1_000_000)
    assert _from_mkdocs() == expected
    assert _absolute(_from_cli(["diff", "HEAD", "HEAD"])) == expected


def test_cli_and_build_agree_on_the_defaults(monkeypatch):
    monkeypatch.chdir(REPO)
    _clear_pmo_variables(monkeypatch)
    monkeypatch.setenv("PMO_PROJECT", "kansai-dx")  # only to keep the build's load short
    expected = Settings(data_dir=REPO / "data", templates_dir=REPO / "pmo_templates",
                        as_of=dt.date.today(), project="kansai-dx")
    assert _from_mkdocs() == expected
    assert _absolute(_from_cli(["diff", "HEAD", "HEAD"])) == expected


def test_an_option_wins_over_the_environment_and_mkdocs_yml_does_too():
    env = {"PMO_DATA_DIR": "elsewhere", "PMO_AS_OF": "2026-01-01", "PMO_AUDIENCE": "internal"}
    s = settings.from_options({"data_dir": "data", "as_of": "2026-11-26"}, env)
    assert (s.data_dir, s.as_of) == (Path("data"), dt.date(2026, 11, 26))
    s = settings.from_mkdocs({"audience": "customer"}, "ja", REPO, env)
    assert (s.audience, s.as_of, s.data_dir) == ("customer", dt.date(2026, 1, 1), REPO / "elsewhere")
    assert not s.edit_links
    assert settings.from_options({"as_of": ""}, env).as_of == dt.date(2026, 1, 1)  # empty: not given
    with pytest.raises(SettingsError, match=r"^--as-of='tomorrow' is not a date; expected YYYY-MM-DD$"):
        settings.from_options({"as_of": "tomorrow"}, {})


def test_audiences_are_the_visibilities_of_the_models():
    assert settings.AUDIENCES == typing.get_args(Visibility)


def test_readme_lists_exactly_the_declared_settings():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("| Environment variable |")
    table = readme[start:readme.index("\n\n", start)]
    assert table == settings.readme_table()
    variables = re.findall(r"^\| `(PMO_[A-Z_]+)` \|", table, re.MULTILINE)
    assert variables == [d.env for d in settings.DECLARED]
    assert [d.name for d in settings.DECLARED] == list(Settings.__dataclass_fields__)


# --- no import cycle: every module imports first, in any order ----------------------------------

IMPORT_EACH = """
import importlib, json, pkgutil, random, sys, traceback
import pmo_handbook
names = sorted(m.name for m in pkgutil.walk_packages(pmo_handbook.__path__, "pmo_handbook.")
               if not m.name.endswith(".__main__"))  # a script: importing it runs the command
failed = {}
order = names[:]
random.Random(10).shuffle(order)
for name in order:  # each module as the first of the package to be imported, as `python -c` does
    for loaded in [m for m in sys.modules if m == "pmo_handbook" or m.startswith("pmo_handbook.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed[name] = traceback.format_exc(limit=3)
print(json.dumps({"modules": names, "failed": failed}))
"""


def test_every_module_imports_first_in_any_order():
    result = subprocess.run([sys.executable, "-c", IMPORT_EACH], env=env_for(), capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report["modules"]) > 50 and "pmo_handbook.mkdocs.plugin" in report["modules"]
    assert report["failed"] == {}


@pytest.mark.parametrize("env", [{"PMO_AS_OF": "2026/12/01"}, {"PMO_AUDIENCE": ""}, {"PMO_AUDIENCE": "Customer"},
                                 {"PMO_AUDIANCE": "customer"}, {"PMO_PROJECT": "../x"}, {"PMO_LANG": "jp"},
                                 {"PMO_MAX_FILE_BYTES": "5MB"}, {"PMO_AS_OF": "昨日"}])
def test_the_english_catalogue_words_every_settings_error_as_its_text(env):
    """One wording per language: the catalogue's English is the error's own text, the Japanese
    differs from it (drawn over every kind of mistake the reader refuses)."""
    from pmo_handbook.i18n.messages import setting
    from pmo_handbook.settings import from_options

    with pytest.raises(SettingsError) as caught:
        from_options({}, env=env)
    e = caught.value
    assert setting(e.key, e.params, "en", "") == str(e)
    assert setting(e.key, e.params, "ja", "") not in ("", str(e))


def test_a_command_words_a_settings_error_in_the_language_it_is_given():
    english = cli("validate", "--lang", "en", PMO_AS_OF="2026-13-01")
    assert english.stderr == "pmo-handbook: error: PMO_AS_OF='2026-13-01' is not a date; expected YYYY-MM-DD\n"
