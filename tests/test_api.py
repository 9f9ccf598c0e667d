"""The static JSON API of a build: /api/portfolio.json and /api/projects/<id>.json, valid against
the schemas published beside them, equal to the pages, and filtered by audience."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import jsonschema
import pytest

from conftest import mkdocs_build
from helpers import article, page_text
from test_audience import found_in, hidden_texts, readable


def api(site: Path, uri: str) -> dict:
    return json.loads((site / uri).read_text(encoding="utf-8"))


def validate_against_published_schema(site: Path, uri: str) -> dict:
    """Validate the file against the schema its $schema names, resolved as a browser would."""
    data = api(site, uri)
    schema_uri = urljoin(uri, data["$schema"])
    assert schema_uri.startswith("api/schema/v1/")
    schema = api(site, schema_uri)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    return data


def portfolio_page_overdue(site: Path) -> dict[str, int]:
    """Project id -> the overdue count in its row of the portfolio page (the number columns: slip,
    open, overdue, high, late tasks)."""
    rows = re.findall(r'<tr><td data-sort-value="[^"]*"><a href="projects/([^/]+)/">(.*?)</tr>',
                      article(site, ""), re.S)
    counts = {pid: re.findall(r'<td class="pmo-num[^"]*"[^>]*>([^<]*)</td>', row) for pid, row in rows}
    return {pid: int(cells[2]) for pid, cells in counts.items()}


def test_portfolio_validates_against_its_published_schema(sample_site):
    data = validate_against_published_schema(sample_site, "api/portfolio.json")
    assert data["as_of"] == "2026-11-26" and data["version"] == "v1"
    assert [p["id"] for p in data["projects"]] == ["hanshin-maint", "kansai-dx", "kobe-portal"]
    bad = dict(data, projects=[dict(data["projects"][0], rag="purple")])
    with pytest.raises(jsonschema.ValidationError):  # the schema is not a blank check
        jsonschema.validate(bad, api(sample_site, "api/schema/v1/portfolio.schema.json"))


def test_portfolio_overdue_counts_equal_the_portfolio_page(sample_site):
    page = portfolio_page_overdue(sample_site)
    data = api(sample_site, "api/portfolio.json")
    assert page == {p["id"]: p["counts"]["overdue"] for p in data["projects"]}
    assert page["kansai-dx"] > 0
    assert data["totals"]["overdue"] == sum(page.values())


def test_each_project_file_validates_and_links_back(sample_site):
    portfolio = api(sample_site, "api/portfolio.json")
    for row in portfolio["projects"]:
        data = validate_against_published_schema(sample_site, row["api"])
        assert data["status"] == row
        assert (sample_site / row["page"] / "index.html").is_file()
        issue_ids = [i["id"] for i in data["records"]["issues"]]
        assert issue_ids and all(f'id="{i.lower()}"' in article(sample_site, row["page"] + "issues/")
                                 for i in issue_ids)
        assert all("visibility" not in i for i in data["records"]["issues"])


def test_project_file_holds_the_dashboard_figures(sample_site):
    data = api(sample_site, "api/projects/kansai-dx.json")
    text = page_text(sample_site, "projects/kansai-dx/")
    assert f"SPI {data['evm']['spi']:.2f}" in text and f"CPI {data['evm']['cpi']:.2f}" in text
    assert data["reasons"][0]["rag"] == "red" and data["status"]["rag"] == "red"
    next_ms = data["status"]["next_milestone"]
    assert f"マイルストーン {next_ms['id']} が {next_ms['slip_days']} 日遅延" in text  # the reason shown


def test_dates_are_iso_8601(sample_site):
    data = api(sample_site, "api/projects/kansai-dx.json")
    iss = {i["id"]: i for i in data["records"]["issues"]}["ISS-010"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", iss["raised_on"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", data["status"]["next_milestone"]["expected"])


@pytest.fixture(scope="module")
def customer_api(tmp_path_factory) -> dict[str, str]:
    site = tmp_path_factory.mktemp("customer-api") / "site"
    result = mkdocs_build(site, PMO_AUDIENCE="customer")
    assert result.returncode == 0, result.stderr
    return {name: text for name, text in readable(site).items() if name.startswith("api/")}


def test_customer_api_holds_no_byte_of_any_hidden_record(customer_api):
    assert "api/portfolio.json" in customer_api and "api/projects/kansai-dx.json" in customer_api
    assert not any(name.startswith("api/projects/hanshin-maint") for name in customer_api)
    hidden = hidden_texts("customer")
    assert len(hidden) > 60
    leaks = {label: found_in(customer_api, text) for label, text in hidden if found_in(customer_api, text)}
    assert leaks == {}
    assert json.loads(customer_api["api/portfolio.json"])["audience"] == "customer"


def test_the_same_check_finds_internal_records_in_the_internal_api(sample_site):
    internal = {name: text for name, text in readable(sample_site).items() if name.startswith("api/")}
    assert found_in(internal, "データエンジニア（森）異動に伴う後任の不在") == ["api/projects/kansai-dx.json"]
    assert found_in(internal, "hanshin-maint")
