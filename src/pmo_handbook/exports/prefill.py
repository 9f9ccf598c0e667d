"""Template rows the standard already defines: the RACI's activities with their assignments and
the onboarding checklist's items, written through the format's own columns (tabular/columns.py),
so the template is the standard to adjust, not an empty shell. The onboarding template also gets
a reference sheet with each item's owner role and due offset, which its columns do not hold."""
from __future__ import annotations

from dataclasses import dataclass

from pmo_handbook.i18n import Labels
from pmo_handbook.loading.repository import Standard
from pmo_handbook.model.plan import ItemState, RaciRow
from pmo_handbook.model.standard import Format
from pmo_handbook.tabular.columns import Cell


@dataclass(frozen=True)
class BlankOnboarding:
    """An onboarding row of the template: read by the format's columns as an OnboardingRecord
    is, with the member still to be filled in."""

    checklist: str
    items: dict[str, ItemState]
    member: str | None = None


def records(fmt: Format, std: Standard) -> list[object]:
    if fmt.record == "raci":
        return [RaciRow(activity=a.id, assignments=dict(a.assignments)) for a in std.raci]
    if fmt.record == "onboarding":
        # one row per standard item; the member is the one thing left to fill in
        return [BlankOnboarding(cl.id, {item.id: ItemState()})
                for cl in std.checklists for item in cl.items]
    return []


Reference = tuple[str, list[str], list[list[Cell]]]  # sheet title, headers, rows


def reference(fmt: Format, std: Standard, L: Labels) -> Reference | None:
    """(sheet title, headers, rows) of the standard items behind the pre-filled rows, or None."""
    if fmt.record != "onboarding":
        return None

    def F(key: str) -> str:
        return str(L.field("checklist_item", key))
    roles = {r.id: r.name for r in std.roles}
    headers = [L.ui("checklist"), F("id"), F("title"), F("category"), F("owner_role"),
               F("due_offset_days"), F("required")]
    rows: list[list[Cell]] = [
        [cl.name, item.id, item.title, item.category, roles.get(item.owner_role, item.owner_role),
         item.due_offset_days, L.ui("yes") if item.required else ""]
        for cl in std.checklists for item in cl.items]
    return L.ui("sheet_standard_items"), headers, rows
