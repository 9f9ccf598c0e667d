"""Column headers as people write them in their own registers, mapped to the format's keys.

The format's labels (Japanese and English), the model's field labels and the keys themselves
are always accepted; the tables below add the common variants of Japanese registers."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pmo_handbook.tabular.columns import Spec, Table
from pmo_handbook.i18n import labels
from pmo_handbook.imports.wbs_headers import WBS

ISSUE = {
    "id": ("No", "No.", "NO", "#", "課題No", "課題No.", "課題番号", "課題ID", "管理番号", "番号", "ID", "通番"),
    "title": ("課題名", "件名", "タイトル", "課題タイトル", "表題", "課題"),
    "description": ("課題内容", "内容", "課題詳細", "詳細", "課題の内容", "問題点", "事象", "課題概要", "概要"),
    "category": ("分類", "区分", "カテゴリ", "カテゴリー", "種別", "課題分類", "課題区分"),
    "phase": ("工程", "発生工程", "フェーズ"),
    "raised_on": ("起票日", "記入日", "登録日", "発生日", "起案日", "記載日", "発生日付"),
    "raised_by": ("起票者", "記入者", "登録者", "起案者", "報告者", "記載者"),
    "priority": ("優先度", "重要度", "優先順位", "緊急度"),
    "impact": ("影響範囲", "影響", "影響領域"),
    "owner": ("担当者", "対応担当", "対応担当者", "担当", "対応者", "責任者"),
    "owner_side": ("担当区分", "対応主体", "担当会社", "対応区分", "ボール"),
    "due": ("期限", "対応期限", "期日", "完了予定日", "回答期限", "対応予定日", "完了期限"),
    "status": ("ステータス", "状況", "対応状況", "状態", "進捗状況", "進捗"),
    "action_plan": ("対応方針", "対応策", "対策", "対応案"),
    "close_criteria": ("完了条件", "クローズ条件"),
    "history": ("対応経緯", "対応内容", "経緯", "対応履歴", "対応記録"),
    "resolution": ("対応結果", "結果", "回答", "解決内容", "結論"),
    "closed_on": ("完了日", "解決日", "クローズ日", "対応完了日", "完了年月日"),
    "approved_by": ("完了承認者", "承認者", "確認者"),
    "links": ("関連番号", "関連", "関連項目", "関連No"),
    "visibility": ("公開範囲", "公開区分"),
}
RISK = {
    "id": ("No", "No.", "#", "リスクNo", "リスクNo.", "リスク番号", "リスクID", "管理番号", "番号", "ID"),
    "title": ("リスク名", "件名", "リスク項目", "タイトル", "リスク"),
    "event": ("リスク事象", "事象", "リスク内容", "内容", "想定事象", "想定されるリスク", "リスクの内容"),
    "cause": ("原因", "発生要因", "要因", "リスク要因"),
    "category": ("分類", "区分", "カテゴリ", "カテゴリー", "リスク分類", "種別"),
    "probability": ("発生確率", "発生可能性", "確率", "発生頻度", "発生度"),
    "impact": ("影響度", "影響", "影響の大きさ"),
    "score": ("スコア", "リスクスコア", "評価点", "リスク値", "重大度"),
    "trigger": ("発生の兆候", "予兆", "トリガー", "兆候", "予兆(トリガー)"),
    "strategy": ("対応戦略", "戦略", "対応方針", "対応区分"),
    "preventive_action": ("予防策", "対策", "軽減策", "予防対策", "対応策"),
    "preventive_status": ("予防策の状況", "予防策の実施状況", "対策状況", "対策の状況"),
    "contingency": ("発生時対応策", "発生時の対応", "コンティンジェンシープラン", "緊急時対応", "発生時対策"),
    "owner": ("担当者", "対応担当", "担当", "責任者", "オーナー", "リスクオーナー"),
    "raised_on": ("起票日", "記入日", "登録日", "識別日", "特定日"),
    "review_on": ("次回見直し日", "見直し日", "レビュー日", "次回レビュー日", "見直し予定日"),
    "status": ("ステータス", "状況", "状態", "対応状況"),
    "issue": ("関連課題", "課題No", "課題化後の課題No", "課題番号"),
    "visibility": ("公開範囲", "公開区分"),
}
DECISION = {
    "id": ("No", "No.", "#", "決定No", "決定事項No", "番号", "管理番号"),
    "title": ("件名", "決定事項", "タイトル"),
    "context": ("背景・論点", "背景", "経緯", "論点", "背景・経緯"),
    "decision": ("決定内容", "内容", "決定事項の内容"),
    "rationale": ("決定理由", "理由", "根拠"),
    "decided_on": ("決定日", "日付", "決定日付"),
    "decided_by": ("決定者", "承認者", "決裁者"),
    "meeting": ("決定した会議", "会議", "会議体"),
}
CHANGE = {
    "id": ("No", "No.", "#", "変更No", "変更要求No", "CR No", "番号", "管理番号"),
    "title": ("変更件名", "件名", "タイトル"),
    "description": ("変更内容", "内容"),
    "reason": ("変更理由", "理由"),
    "requested_by": ("要求者", "依頼者", "起票者", "申請者"),
    "requested_on": ("要求日", "依頼日", "起票日", "申請日", "受付日"),
    "approver": ("承認者", "判断者"),
    "status": ("ステータス", "状況", "状態"),
    "decided_on": ("判断日", "判定日", "承認日"),
    "decision": ("判断内容", "判定結果", "結果"),
}
VARIANTS = {"issue": ISSUE, "risk": RISK, "decision": DECISION, "change": CHANGE, "wbs": WBS}


def normal(text: object) -> str:
    """A header as compared: width, case, spaces, marks such as ※ * and a trailing dot ignored."""
    text = unicodedata.normalize("NFKC", str(text))
    text = re.sub(r"[\s※*＊]+", "", text).casefold()
    text = re.sub(r"\((必須|任意|required)\)$", "", text)
    return text.rstrip(".．:：")


def accepted(table: Table, spec: Spec) -> list[str]:
    """Every header that names this column, the format's own labels first."""
    record = table.format.record
    names = [spec.column.label, spec.column.label_en, spec.key]
    if len(spec.path) == 1:  # the field's label on the site (fields.<record> in i18n)
        names += [labels(lang).field(record, spec.key) for lang in ("ja", "en")]
    names += VARIANTS.get(record, {}).get(spec.key, ())
    return list(dict.fromkeys(names))


@dataclass
class HeaderMap:
    row: int                      # 1-based row of the headers
    columns: dict[str, int]       # column key -> 1-based sheet column
    headers: dict[int, str]       # sheet column -> header text as written
    ignored: list[int]            # sheet columns with a header that maps to nothing (or twice)

    def count(self) -> int:
        return len(self.columns)


def map_headers(table: Table, row: int, values: list[object]) -> HeaderMap:
    """Map one row of header cells; a column named by the format's own label wins over a
    variant, otherwise the leftmost column wins and the other is reported as ignored."""
    own = {normal(s.column.label): s.key for s in table.specs}
    own.update({normal(s.column.label_en): s.key for s in table.specs})
    names: dict[str, str] = {}
    for spec in table.specs:
        for name in accepted(table, spec):
            names.setdefault(normal(name), spec.key)
    found: dict[str, tuple[int, bool]] = {}
    headers, ignored = {}, []
    for col, value in enumerate(values, start=1):
        if value is None or not str(value).strip():
            continue
        headers[col] = str(value).strip()
        key = names.get(normal(value))
        if key is None:
            ignored.append(col)
            continue
        exact = own.get(normal(value)) == key
        if key in found and (found[key][1] or not exact):
            ignored.append(col)
            continue
        if key in found:
            ignored.append(found[key][0])
        found[key] = (col, exact)
    return HeaderMap(row, {k: c for k, (c, _) in found.items()}, headers, sorted(ignored))
