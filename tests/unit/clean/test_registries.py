"""The registries of export layouts and data-quality rules agree with the schema, the readers and
the README: a tool or a rule added in one place and forgotten in another fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from smmjourney.clean.coding import read_responses
from smmjourney.clean.quality import RULES
from smmjourney.clean.tools import DEFAULT_FORMAT, LAYOUTS, layout_of
from smmjourney.errors import SurveyInputError
from smmjourney.plan.codebook import codebook_from_dict
from survey_exports import TEST_CODEBOOK, sample_wave, source_for, write_export

REPO = Path(__file__).resolve().parents[3]
SCHEMA = REPO / "workflow" / "scripts" / "smmjourney" / "plan" / "schemas" / "config.schema.yaml"
BOOK = codebook_from_dict(TEST_CODEBOOK, "registries-codebook")


def source_schema() -> dict:
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    return schema["properties"]["waves"]["additionalProperties"]["properties"]


def readme_table(section: str) -> list[list[str]]:
    """The cells of the body rows of the first table in the README section ``## {section}``."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in body.splitlines() if line.startswith("|")]
    assert len(rows) > 2, f"README section {section!r} has no table"
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def unquoted(cell: str) -> str:
    return cell.strip("`")


def test_the_layout_registry_names_each_layout_by_its_own_name():
    assert all(name == layout.name for name, layout in LAYOUTS.items())
    assert DEFAULT_FORMAT in LAYOUTS


def test_the_schema_format_enum_is_the_layout_registry():
    fmt = source_schema()["sources"]["items"]["properties"]["format"]
    assert fmt["enum"] == list(LAYOUTS)
    assert fmt["default"] == DEFAULT_FORMAT


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_registered_layout_is_read_through_the_dispatch(tmp_path, name):
    path = write_export(name, tmp_path, BOOK, sample_wave("en"), "en")
    responses = read_responses(source_for(name, path, "en"), BOOK)
    assert responses.layout.format == name
    assert responses.n == 12
    assert set(responses.questions) == set(BOOK.questions)
    assert responses.report[0] == {
        "measure": "format",
        "value": name,
        "detail": f"{len(responses.grid.headers)} header row(s)",
    }
    assert len(responses.grid.headers) == LAYOUTS[name].header_rows


def test_an_unknown_format_is_refused_listing_the_registered_ones(tmp_path):
    with pytest.raises(SurveyInputError) as error:
        layout_of(
            {"id": "s", "file": str(tmp_path / "x.csv"), "format": "typeform", "language": "en"}
        )
    assert f"unknown export format 'typeform'; expected one of {', '.join(LAYOUTS)}." in str(
        error.value
    )


def test_the_readme_input_formats_table_lists_exactly_the_registered_tools():
    rows = readme_table("Input formats")
    assert [unquoted(row[0]) for row in rows] == list(LAYOUTS)
    for row in rows:
        layout = LAYOUTS[unquoted(row[0])]
        assert row[1] == layout.tool
        assert int(re.match(r"\d+", row[2]).group()) == layout.header_rows


def test_the_readme_data_quality_table_lists_the_rules_in_the_order_applied():
    rows = readme_table("Data quality")
    assert [unquoted(row[0]) for row in rows] == list(RULES)
    for row in rows:
        documented = set(re.findall(r"`([a-z_]+)`", row[2]))
        assert set(RULES[unquoted(row[0])].defaults) - {"enabled"} <= documented, row[0]


def test_the_schema_quality_section_has_the_rules_and_repeats_none_of_their_defaults():
    quality = source_schema()["quality"]["properties"]
    assert [name for name in quality if name != "other_text_allowed"] == list(RULES)
    for name, rule in RULES.items():
        properties = quality[name]["properties"]
        assert set(rule.defaults) <= set(properties), name
        assert not [key for key, value in properties.items() if "default" in value], name
