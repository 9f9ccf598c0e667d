"""体制図: boxes and connectors from reports_to. Managers' teams spread sideways; people without
reports of their own are stacked under their manager, which keeps wide teams readable."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pmo_handbook.i18n import Labels
from pmo_handbook.model.people import Member
from pmo_handbook.site.charts.svg import clip, esc, figure, link, num, rect, text

BOX_W, BOX_H, HGAP, VGAP, LEVEL, INDENT, MARGIN, LEGEND = 176, 56, 20, 12, 34, 22, 8, 26
DASH = {"own": None, "customer": "6 3", "partner": "2 2"}


@dataclass
class Node:
    member: Member
    children: list[Node] = field(default_factory=list)
    w: float = BOX_W
    h: float = BOX_H
    stacked: bool = False


def from_tree(tree: list[dict[str, Any]]) -> list[Node]:
    """Nodes from pages' org_tree dicts ({"member": m, "children": [...]})."""
    return [Node(n["member"], from_tree(n["children"])) for n in tree]


def measure(node: Node) -> None:
    kids = node.children
    if not kids:
        node.w, node.h = BOX_W, BOX_H
    elif all(not k.children for k in kids):
        node.stacked = True
        node.w, node.h = INDENT + BOX_W, BOX_H + len(kids) * (VGAP + BOX_H)
    else:
        for k in kids:
            measure(k)
        node.w = max(BOX_W, sum(k.w for k in kids) + HGAP * (len(kids) - 1))
        node.h = BOX_H + LEVEL + max(k.h for k in kids)


Box = Callable[[Member, float, float], str]  # draws one person's box at (x, y)


def place(node: Node, x: float, y: float, draw: list[str], box: Box) -> float:
    """Draw node's subtree with its region's top left at (x, y); return the box's centre x."""
    if node.stacked:
        draw.append(box(node.member, x, y))
        spine = x + INDENT / 2
        last_mid = y
        for j, kid in enumerate(node.children):
            ky = y + BOX_H + VGAP + j * (BOX_H + VGAP)
            last_mid = ky + BOX_H / 2
            draw.append(connector(f"M{num(spine)} {num(last_mid)}H{num(x + INDENT)}"))
            draw.append(box(kid.member, x + INDENT, ky))
        draw.append(connector(f"M{num(spine)} {num(y + BOX_H)}V{num(last_mid)}"))
        return x + BOX_W / 2
    if not node.children:
        draw.append(box(node.member, x, y))
        return x + BOX_W / 2
    span = sum(k.w for k in node.children) + HGAP * (len(node.children) - 1)
    cx, ky = x + (node.w - span) / 2, y + BOX_H + LEVEL
    centres = []
    for kid in node.children:
        centres.append(place(kid, cx, ky, draw, box))
        cx += kid.w + HGAP
    centre = x + node.w / 2
    draw.append(box(node.member, centre - BOX_W / 2, y))
    mid = y + BOX_H + LEVEL / 2
    draw.append(connector(f"M{num(centre)} {num(y + BOX_H)}V{num(mid)}"))
    draw.append(connector(f"M{num(min(centres + [centre]))} {num(mid)}H{num(max(centres + [centre]))}"))
    draw.extend(connector(f"M{num(c)} {num(mid)}V{num(ky)}") for c in centres)
    return centre


def connector(d: str) -> str:
    return f'<path d="{d}" fill="none" stroke="currentColor" stroke-opacity="0.6"/>'


def org_chart(tree: list[dict[str, Any]], role_names: dict[str, str], L: Labels, key: str = "orgchart",
              href: str = "") -> str:
    """tree: nested {"member", "children"} of the people to show; role_names: role id -> name."""
    roots = from_tree(tree)
    if not roots:
        return ""
    for r in roots:
        measure(r)
    ui = L.ui

    def box(m: Member, x: float, y: float) -> str:
        names = [role_names.get(r, r) for r in m.roles]
        roles = "・".join(short_role(n) for n in names)
        # Our own company is implied by the box style; partners and customers are named.
        shown = (m.organisation, m.title) if m.kind != "own" else (m.title, m.department)
        detail = " ".join(v for v in shown if v)
        full = " / ".join(v for v in (m.name, m.organisation, m.department, m.title, "・".join(names)) if v)
        body = [f"<g><title>{esc(full)}</title>",
                rect(x, y, BOX_W, BOX_H, fill="#fff", cls=f"pmo-svg-kind-{m.kind}",
                     stroke="currentColor", rx=4, dash=DASH.get(m.kind or "")),
                text(x + 8, y + 18, clip(m.name or m.id, 13, BOX_W - 16), size=13, weight="bold"),
                text(x + 8, y + 34, clip(detail, 10.5, BOX_W - 16), size=10.5, cls="pmo-svg-muted"),
                text(x + 8, y + 48, clip(roles, 10.5, BOX_W - 16), size=10.5), "</g>"]
        return link(f"{href}#{m.id}", "".join(body))
    draw: list[str] = []
    x: float = MARGIN
    for r in roots:
        place(r, x, MARGIN + LEGEND, draw, box)
        x += r.w + HGAP * 2
    width = x - HGAP * 2 + MARGIN
    height = MARGIN + LEGEND + max(r.h for r in roots) + MARGIN
    legend = []
    for n, kind in enumerate(("own", "customer", "partner")):
        lx = MARGIN + n * 120
        legend.append(rect(lx, MARGIN + 2, 22, 12, fill="#fff", stroke="currentColor", rx=2, dash=DASH[kind],
                           cls=f"pmo-svg-kind-{kind}"))
        legend.append(text(lx + 28, MARGIN + 12, L.enum("side", kind), size=11))
    people = count(roots)
    desc = ui("chart_org_desc", n=people, roots="、".join(r.member.name or r.member.id for r in roots))
    return figure(key, width, height, ui("chart_org_title"), desc, legend + draw, "pmo-svg-org")


def short_role(name: str) -> str:
    """"PM（プロジェクトマネージャー）" -> "PM": the full name is in the box's tooltip."""
    for bracket in ("（", " ("):
        if bracket in name and not name.startswith(bracket):
            return name.split(bracket, 1)[0]
    return name


def count(nodes: list[Node]) -> int:
    return sum(1 + count(n.children) for n in nodes)
