"""JSON Schemas (Draft 2020-12) for every data and template file, generated from the models.

Editors read them through the `# yaml-language-server: $schema=…` line at the top of each file;
the models stay the single source, and `pmo-handbook schema --check` keeps the two in step.
"""
from __future__ import annotations

import json
from pathlib import Path

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from pmo_handbook import model as m
from pmo_handbook.i18n import enum_domain, enum_words
from pmo_handbook.model.registry import DATA_FILES, REGISTERS, TEMPLATES

DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODELINE = "# yaml-language-server: $schema="
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"


class _Generator(GenerateJsonSchema):
    def time_schema(self, schema: core_schema.TimeSchema) -> JsonSchemaValue:
        # JSON Schema's "time" format demands seconds and a zone; the data writes "14:00".
        return {"type": "string", "pattern": TIME_PATTERN}

    def literal_schema(self, schema: core_schema.LiteralSchema) -> JsonSchemaValue:
        codes = [str(v) for v in schema["expected"] if isinstance(v, str)]
        domain = enum_domain(codes) if len(codes) == len(schema["expected"]) else None
        return accepted_words(domain, codes) if domain else super().literal_schema(schema)


def accepted_words(domain: str, codes: list[str]) -> JsonSchemaValue:
    """An enumerated field as the build reads it: its codes and their labels in every language
    (`status: 完了` builds, so the editor must not flag it), each word described by its code."""
    words = {word: code for code in codes for word in enum_words(domain, code)}
    described = [f"{code}: " + " / ".join(enum_words(domain, code)[1:]) for code in words.values()]
    return {"type": "string", "enum": list(words), "enumDescriptions": described,
            "markdownEnumDescriptions": described}


def schema_name(kind: str, filename: str) -> str:
    """Schema file for a data file: kind is 'organisation', 'project' or 'template'."""
    stem = filename.removesuffix(".yml")
    return {"organisation": "organisation.schema.json", "project": f"{stem}.schema.json",
            "template": f"template-{stem}.schema.json"}[kind]


def _models() -> dict[str, type[m.Model]]:
    out: dict[str, type[m.Model]] = {schema_name("organisation", "organisation.yml"): m.Organisation}
    out.update({schema_name("project", reg.file): reg.root for reg in REGISTERS.values()})
    out.update({schema_name("template", t.file): t.root for t in TEMPLATES.values()})
    out.update({f"{d.file.removesuffix('.yml')}.schema.json": d.root for d in DATA_FILES.values()})
    return out


def render(model: type[m.Model]) -> str:
    schema = model.model_json_schema(schema_generator=_Generator, mode="validation")
    schema = {"$schema": DIALECT, **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def schema_texts() -> dict[str, str]:
    """File name in schemas/ -> its exact contents."""
    return {name: render(model) for name, model in sorted(_models().items())}


def stale(folder: Path) -> list[str]:
    """Schema files that are missing, differ from the models, or are left over."""
    expected = schema_texts()
    out = [name for name, text in expected.items()
           if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
    if folder.is_dir():
        out += sorted(p.name for p in folder.glob("*.schema.json") if p.name not in expected)
    return out


def project_modeline(filename: str) -> str:
    """First line of data/projects/<id>/<filename>: the schema path relative to that file."""
    return f"{MODELINE}../../../schemas/{schema_name('project', filename)}\n"
