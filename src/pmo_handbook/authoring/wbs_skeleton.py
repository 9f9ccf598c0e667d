"""The WBS skeleton of a new project: the phases of its type and size, the documents the
process catalogue requires or recommends for it placed in their phase, each phase closed by its
gate review when the catalogue adopts phase gates. Nothing is started; effort is left to the PM."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pmo_handbook.authoring.wbsgen import Package, Phase, layout
from pmo_handbook.loading.repository import Standard

# (name, model phase, weight of the project's duration, standard work with its deliverable)
_W = {
    "計画": ("planning", 1, [("プロジェクト計画書作成", "プロジェクト計画書"), ("WBS・ベースライン作成", "WBS")]),
    "要件定義": ("requirements", 2, [("業務要件定義", "業務要件定義書"), ("システム要件定義", "システム要件定義書")]),
    "基本設計": ("design", 2, [("方式設計", "方式設計書"), ("機能設計", "基本設計書")]),
    "詳細設計": ("design", 2, [("詳細設計", "詳細設計書")]),
    "設計": ("design", 2, [("基本設計", "基本設計書"), ("詳細設計", "詳細設計書")]),
    "製造": ("build", 3, [("製造", "ソースコード"), ("コードレビュー", "レビュー記録")]),
    "単体テスト": ("test", 1, [("単体テスト仕様書作成", "単体テスト仕様書"), ("単体テスト実施", "単体テスト成績書")]),
    "製造・単体テスト": ("build", 3, [("製造", "ソースコード"), ("単体テスト", "単体テスト成績書")]),
    "結合テスト": ("test", 2, [("結合テスト仕様書作成", "結合テスト仕様書"), ("結合テスト実施", "結合テスト成績書")]),
    "総合テスト": ("test", 1, [("総合テスト実施", "総合テスト成績書"), ("受入テスト支援", "受入テスト記録")]),
    "テスト": ("test", 2, [("結合・総合テスト", "テスト成績書"), ("受入テスト支援", "受入テスト記録")]),
    "移行": ("migration", 1, [("移行リハーサル", "リハーサル結果報告"), ("本番移行", "移行結果報告")]),
    "本番稼働": ("operation", 1, [("本番稼働判定", "稼働判定記録"), ("初期運用支援", "運用引継ぎ記録")]),
    "保守・運用": ("operation", 8, [("問い合わせ・障害対応", "対応記録"), ("定期リリース", "リリース報告")]),
    "現状調査": ("requirements", 2, [("現状調査", "現状調査報告書")]),
    "Fit&Gap 分析": ("requirements", 2, [("Fit&Gap 分析", "Fit&Gap 一覧")]),
    "設定・アドオン開発": ("build", 3, [("パラメータ設定", "設定書"), ("アドオン開発", "ソースコード")]),
    "分析・提言": ("design", 3, [("分析", "分析資料"), ("提言のとりまとめ", "提言書")]),
}
PHASES = {
    "new_development": ["計画", "要件定義", "基本設計", "詳細設計", "製造", "単体テスト", "結合テスト", "総合テスト",
                        "移行", "本番稼働"],
    "enhancement": ["計画", "要件定義", "設計", "製造・単体テスト", "テスト", "移行", "本番稼働"],
    "maintenance": ["計画", "保守・運用"],
    "migration": ["計画", "現状調査", "設計", "製造・単体テスト", "テスト", "移行", "本番稼働"],
    "package": ["計画", "Fit&Gap 分析", "設定・アドオン開発", "テスト", "移行", "本番稼働"],
    "consulting": ["計画", "現状調査", "分析・提言"],
}
SMALL = {"基本設計", "詳細設計", "単体テスト", "総合テスト"}  # folded into 設計 / 製造・単体テスト / テスト on S
# process catalogue documents -> the phase they are written in ("" = the last phase)
DOCUMENT_PHASE = {"project_charter": "計画", "organisation_chart": "計画", "raci": "計画", "quality_plan": "計画",
                  "business_impact_analysis": "要件定義", "migration_plan": "移行", "outcome_measurement": "",
                  "retrospective": ""}


def phases_for(size: str, kind: str) -> list[str]:
    names = PHASES.get(kind, PHASES["new_development"])
    if size == "S" and kind == "new_development":
        names = ["計画", "要件定義", "設計", "製造・単体テスト", "テスト", "移行"]
    return names if size != "S" else [n for n in names if n not in SMALL]


def skeleton(std: Standard, size: str, kind: str, start: dt.date, end: dt.date, adopted: Callable[[str], bool],
             owner: str, milestones: tuple[str | None, str | None] = (None, None)) -> list[dict[str, Any]]:
    """WBS rows for a new project; adopted(item_id) says whether the catalogue applies an item.
    milestones: the ids of the planning gate and the final acceptance milestone, if any."""
    names = phases_for(size, kind)
    docs: dict[str, list[tuple[str, str | None]]] = {n: [] for n in names}
    for item in std.process:
        where = DOCUMENT_PHASE.get(item.id)
        if where is not None and adopted(item.id):
            fallback = names[-1] if where in ("", "移行") else names[min(1, len(names) - 1)]
            phase = where if where in docs else fallback
            docs[phase].append((f"{item.name}作成", item.name))
    total = sum(_W[n][1] for n in names)
    days = max((end - start).days + 1, len(names) * 4)
    gates = adopted("phase_gate_review")
    out, first, used = [], start, 0
    for i, name in enumerate(names):
        code, weight, work = _W[name]
        used += weight
        last = end if i == len(names) - 1 else max(start + dt.timedelta(days=days * used // total - 1),
                                                   first + dt.timedelta(days=3))
        milestone = milestones[0] if i == 0 else milestones[1] if i == len(names) - 1 else None
        out.append(Phase(name, code, first, last, [Package(name, owner, docs[name] + list(work), effort_per_day=0)],
                         gate=f"{name}完了ゲート" if gates or milestone else None, owner=owner, milestone=milestone))
        first = last + dt.timedelta(days=1)
    return layout(out, None)
