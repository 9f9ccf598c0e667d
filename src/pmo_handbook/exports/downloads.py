"""Download producers: every standard format as xlsx/csv/md, and each project's registers as
Excel in the same layout. Registered in exports/__init__.py."""
from __future__ import annotations

from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.settings import Settings
from pmo_handbook.exports import csv_, markdown, prefill, xlsx
from pmo_handbook.tabular.columns import row, table
from pmo_handbook.tabular.vocabulary import People
from pmo_handbook.model.registry import REGISTERS, register_format


def template_files(repo: Repository, settings: Settings) -> list[tuple[str, bytes, str, str]]:
    out = []
    for fmt in repo.standard.formats:
        t = table(fmt, settings.lang)
        base = f"downloads/templates/{fmt.id}"
        rows = prefill.records(fmt, repo.standard)  # what the standard already says
        ref = prefill.reference(fmt, repo.standard, t.L)
        cells = [row(t, r, People()) for r in rows]
        out += [(f"{base}.xlsx", xlsx.workbook(t, rows, template=True, reference=ref), fmt.id, "Excel"),
                (f"{base}.csv", csv_.csv_bytes(t, cells), fmt.id, "CSV"),
                (f"{base}.md", markdown.markdown(t, cells).encode("utf-8"), fmt.id, "Markdown")]
    return out


def project_registers(p: ProjectData, repo: Repository, settings: Settings) -> list[tuple[str, bytes, str, str]]:
    people = People.of(p.members)
    out = []
    for reg in REGISTERS.values():
        fmt = register_format(repo.standard.formats, reg) if reg.download else None
        if fmt is not None and reg.file not in p.withheld:  # no download where the page is withheld
            book = xlsx.workbook(table(fmt, settings.lang), getattr(p, reg.key), people, settings.audience)
            out.append((f"downloads/projects/{p.id}/{reg.key}.xlsx", book, reg.key, "Excel"))
    return out
