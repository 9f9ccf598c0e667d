"""Write the sample projects' WBS (data/projects/<id>/wbs.yml) from the outlines below.

Deterministic: run it again and the files come out byte for byte the same. The outlines are
hand-written (phases, packages, tasks, owners, the delays the milestones tell of); dates,
actuals, effort and progress are laid out by pmo_handbook.authoring.wbsgen as seen on AS_OF,
the date the tests build with.  Usage: python scripts/sample_wbs.py [data/projects]
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from pmo_handbook.authoring.wbsgen import Package as P, Phase, dump, layout

AS_OF = dt.date(2026, 11, 26)
D = dt.date.fromisoformat

DESIGN = [("画面・帳票設計", "画面設計書"), ("処理・バッチ設計", "処理設計書"), ("テーブル・IF 詳細設計", "詳細設計書")]
BUILD = [("共通部品・基盤コード作成", "ソースコード"), ("主要機能の製造", "ソースコード"),
         ("周辺機能の製造", "ソースコード"), ("コードレビュー・静的解析", "レビュー記録")]
UNIT = [("単体テスト仕様書作成", "単体テスト仕様書"), ("単体テスト実施", "単体テスト成績書"),
        ("不具合修正・再テスト", "不具合管理表")]
IT = [("結合テスト実施（サブシステム内）", "結合テスト成績書"), ("結合テスト実施（サブシステム間）", "結合テスト成績書")]

# subsystem, owner, delays in (detailed design, build, unit test): 需要予測 is late, データ連携 ahead
KANSAI_SUBSYSTEMS = [("発注管理", "inoue", (10, 14, 14)), ("需要予測", "kobayashi", (10, 18, 18)),
                     ("店舗発注アプリ", "kimura", (7, 3, 0)), ("データ連携基盤", "kato", (7, -3, -3)),
                     ("POS 連携 IF", "shimizu", (7, 0, 0))]

# effort_per_day is the owner's share of a weekday, so that a person's WBS actuals match the
# 人月 members.yml plans for them (status/effort.py counts a task's effort for its owner)


def one(name: str, owner: str, task: str, deliverable: str, share: float = 1.0, delay: int = 0) -> P:
    """A package of one task: one person's part of a phase."""
    return P(name, owner, [(task, deliverable)], delay=delay, effort_per_day=share)


def kansai_management() -> list[P]:
    """The PM's and the PMO's half-time work, in every phase."""
    return [one("プロジェクト管理", "takahashi", "進捗・課題・リスク管理、顧客折衝", "週次報告", 0.4),
            one("PMO 支援", "nakamura-a", "会議体運営・課題管理・DX チェック", "議事録", 0.45)]


def kansai() -> list[Phase]:
    subs = KANSAI_SUBSYSTEMS
    return [
        Phase("プロジェクト計画", "planning", D("2026-04-01"), D("2026-04-30"), [
            P("計画策定", "takahashi", [("プロジェクト憲章作成", "プロジェクト憲章"), ("プロジェクト計画書作成", "プロジェクト計画書"),
                                      ("体制・会議体の合意", "体制図・会議体一覧")], effort_per_day=0.4),
            P("管理基盤の準備", "nakamura-a", [("課題・リスク管理表の準備", "課題管理表"), ("WBS・ベースライン作成", "WBS")],
              effort_per_day=0.45),
            one("現行システム調査", "ito", "現行システム構成・データ所在の調査", "現行システム調査報告"),
            one("現行業務調査", "watanabe", "本部・店舗の発注業務の調査", "現行業務調査報告"),
            one("過去データの棚卸し", "mori", "POS・在庫の過去データの棚卸し", "データ棚卸し一覧")],
            gate="計画フェーズ完了ゲート", owner="takahashi", milestone="MS-01"),
        Phase("要件定義", "requirements", D("2026-05-01"), D("2026-06-26"), kansai_management() + [
            P("業務要件定義", "watanabe", [("現行業務ヒアリング（本部・店舗）", "ヒアリング議事録"), ("現行業務フロー作成", "現行業務フロー"),
                                       ("新発注業務フロー作成", "新業務フロー"), ("業務要件定義書作成", "業務要件定義書")], delay=7),
            P("システム要件定義", "ito", [("機能要件定義", "システム要件定義書"), ("非機能要件定義", "非機能要件一覧"),
                                       ("データ要件定義（POS・在庫・マスタ）", "データ要件定義書")], delay=7),
            P("需要予測 PoC 計画", "mori", [("PoC 計画書作成", "PoC 計画書"), ("過去データ受領・品質確認", "データ品質レポート")], delay=7),
            one("データ要件調査", "kato", "POS・在庫・気象データの要件調査", "データ調査報告", delay=7),
            one("店舗業務・画面要件", "yoshida", "店舗発注業務の観察と画面要件の整理", "画面要件一覧", delay=7),
            one("需要予測の業務要件", "kobayashi", "特売・季節要因と評価指標の整理", "評価指標定義", delay=7),
            one("POS 連携要件", "inoue", "POS 連携 IF の要件整理", "IF 要件一覧", delay=7),
            one("発注アプリ技術検証", "kimura", "iPad アプリの技術検証", "技術検証報告", delay=7),
            one("マスタ取込要件", "shimizu", "マスタ・取込バッチの要件整理", "バッチ要件一覧", delay=7)],
            gate="要件定義フェーズ完了ゲート", owner="takahashi", milestone="MS-03", delay=7),
        Phase("基本設計", "design", D("2026-06-29"), D("2026-08-28"), kansai_management() + [
            P("方式設計", "ito", [("システム方式設計", "方式設計書"), ("クラウド基盤設計", "基盤設計書"), ("セキュリティ設計", "セキュリティ設計書")], delay=7),
            P("機能設計", "watanabe", [("画面一覧・画面遷移設計", "基本設計書（画面）"), ("外部インターフェース設計", "IF 定義書"),
                                    ("帳票・バッチ概要設計", "基本設計書（バッチ）")], delay=7),
            P("需要予測 PoC", "mori", [("特徴量設計・モデル試作", "PoC モデル"), ("バックテスト・精度評価", "PoC 評価報告書")], delay=7),
            one("データマート基本設計", "kato", "データマート・取込パイプラインの基本設計", "基本設計書（データ）", delay=7),
            one("画面デザイン", "yoshida", "店舗発注アプリの画面デザイン", "画面デザイン", delay=7),
            one("需要予測 基本設計", "kobayashi", "需要予測モデルの基本設計", "基本設計書（需要予測）", delay=7),
            one("POS 連携 IF 基本設計", "inoue", "POS 連携 IF の基本設計", "IF 定義書", delay=7),
            one("アプリ基盤設計", "kimura", "iPad アプリの基盤設計", "基本設計書（アプリ）", delay=7),
            one("取込バッチ基本設計", "shimizu", "マスタ取込バッチの基本設計", "基本設計書（バッチ）", delay=7)],
            gate="基本設計完了ゲート", owner="takahashi", milestone="MS-05", delay=7),
        Phase("詳細設計", "design", D("2026-08-31"), D("2026-10-16"), kansai_management() + [
            one("詳細設計レビュー（データ）", "ito", "詳細設計のレビュー・品質管理", "レビュー記録"),
            one("詳細設計レビュー（アプリ）", "watanabe", "詳細設計のレビュー・品質管理", "レビュー記録"),
            one("画面詳細デザイン", "yoshida", "画面の詳細デザイン・ユーザビリティ評価", "画面デザイン", 0.8)] +
            [P(f"{name} 詳細設計", owner, DESIGN, delay=d[0]) for name, owner, d in subs],
            gate="詳細設計レビュー", owner="ito", delay=10),
        Phase("製造", "build", D("2026-10-19"), D("2026-12-11"), kansai_management() + [
            one("製造の品質管理（データ）", "ito", "コード品質・進捗の管理", "品質報告"),
            one("製造の品質管理（アプリ）", "watanabe", "コード品質・スプリント運営", "品質報告"),
            one("店舗ユーザビリティ評価", "yoshida", "試作画面の店舗評価", "評価報告", 0.5)] +
            [P(f"{name} 製造", owner, BUILD, delay=d[1]) for name, owner, d in subs],
            gate="製造完了判定（スプリント7レビュー）", owner="watanabe", milestone="MS-08"),
        Phase("単体テスト", "test", D("2026-12-14"), D("2027-01-08"), kansai_management() +
              [P(f"{name} 単体テスト", owner, UNIT, delay=d[2]) for name, owner, d in subs],
              gate="単体テスト完了判定", owner="ito"),
        Phase("結合テスト", "test", D("2027-01-11"), D("2027-02-26"), kansai_management() +
              [P(f"{name} 結合テスト", owner, IT) for name, owner, _ in subs] +
              [P("外部連携テスト", "watanabe", [("POS 連携テスト", "連携テスト成績書"), ("取引先 EDI 連携テスト", "連携テスト成績書")])],
              gate="結合テスト完了ゲート", owner="watanabe", milestone="MS-09"),
        Phase("総合テスト", "test", D("2027-03-01"), D("2027-03-12"), kansai_management() + [
            P("総合テスト", "ito", [("業務シナリオテスト", "総合テスト成績書"), ("性能・負荷テスト", "性能テスト報告書"),
                                 ("障害・運用テスト", "運用テスト成績書")])],
            gate="総合テスト完了判定", owner="takahashi"),
        Phase("移行・パイロット", "migration", D("2027-03-15"), D("2027-05-14"), kansai_management() + [
            P("移行", "hayashi", [("移行計画書作成", "移行計画書"), ("移行リハーサル", "リハーサル結果報告"), ("マスタ・履歴データ移行", "移行結果報告")]),
            P("パイロット店舗展開", "watanabe", [("パイロット5店舗 リリース", "リリース判定記録"), ("店舗トレーニング", "操作マニュアル"),
                                             ("パイロット評価", "パイロット評価報告書")]),
            P("受入テスト支援", "ito", [("受入テスト計画支援", "受入テスト計画書"), ("受入テスト不具合対応", "不具合管理表")])],
            gate="システム受入テスト完了・検収", owner="takahashi", milestone="MS-11"),
        Phase("本番稼働", "operation", D("2027-05-17"), D("2027-06-18"), kansai_management() + [
            P("全店展開", "watanabe", [("第1陣 14店舗 展開", "展開報告"), ("第2陣 14店舗 展開", "展開報告"), ("第3陣 14店舗 展開", "展開報告")]),
            P("運用引継ぎ", "ito", [("運用手順書作成", "運用手順書"), ("保守体制への引継ぎ", "引継ぎ記録")])],
            gate="全42店舗 本番展開完了", owner="takahashi", milestone="MS-12"),
    ]


def kobe() -> list[Phase]:
    pm = one("プロジェクト管理", "takeuchi", "進捗・予算管理、ステアリングコミッティ運営", "週次報告", 0.5)
    pmo = one("PMO 支援", "aoki", "課題・リスク管理、週次報告と EVM の作成", "週次報告", 0.35)
    return [
        Phase("計画・準備", "planning", D("2026-06-01"), D("2026-07-10"), [
            P("立上げ", "takeuchi", [("キックオフ準備", "キックオフ資料"), ("プロダクトバックログ作成", "プロダクトバックログ"),
                                  ("移行方針策定", "移行方針書")], effort_per_day=0.5), pmo,
            P("開発準備", "shimizu-k", [("ユーザーストーリー作成", "ユーザーストーリー"), ("開発環境準備", "開発環境手順書")]),
            one("現行データ調査", "matsuda", "勘定系・会員データの現行調査", "データ調査報告"),
            one("基盤方式検討", "yamaguchi", "AWS 基盤の方式検討", "基盤方式書", 0.8)],
            gate="バックログ・移行方針の合意", owner="takeuchi", milestone="MS-02"),
        Phase("クラウド基盤構築", "build", D("2026-07-13"), D("2026-08-28"), [pm, pmo,
            P("AWS 基盤", "yamaguchi", [("ネットワーク・アカウント設計", "基盤設計書"), ("検証環境構築（IaC）", "Terraform コード"),
                                      ("監視・ログ基盤構築", "監視設計書")], effort_per_day=0.8),
            P("スプリント1〜3", "shimizu-k", [("スプリント1：ログイン・残高照会", "リリースノート"), ("スプリント2：入出金明細", "リリースノート"),
                                          ("スプリント3：各種届出", "リリースノート")]),
            one("移行設計", "matsuda", "データ移行方式の設計", "移行設計書"),
            one("フロントエンド基盤", "ogawa", "画面共通部品・多要素認証の画面設計", "画面設計書")],
            gate="検証環境構築完了", owner="yamaguchi", milestone="MS-03"),
        Phase("開発スプリント", "build", D("2026-08-31"), D("2026-10-09"), [pm, pmo,
            P("会員機能", "shimizu-k", [("スプリント4：多要素認証", "リリースノート"), ("スプリント5：口座振替申込", "リリースノート"),
                                     ("スプリント6：お知らせ・問合せ", "リリースノート")]),
            P("データ移行ツール", "matsuda", [("移行ツール開発", "移行ツール"), ("移行データ検証スクリプト", "検証スクリプト")]),
            one("画面実装", "ogawa", "会員機能の画面実装", "ソースコード"),
            one("本番環境構築", "yamaguchi", "本番・DR 環境の構築（IaC）", "Terraform コード", 0.8)],
            gate="リリース1 機能確定レビュー", owner="shimizu-k", milestone="MS-04"),
        Phase("総合テスト", "test", D("2026-10-12"), D("2026-11-27"), [pm,
            P("総合テスト", "ogawa", [("総合テスト計画・仕様書", "総合テスト仕様書"), ("機能シナリオテスト", "総合テスト成績書"),
                                   ("性能・セキュリティテスト", "脆弱性診断報告書"), ("不具合修正・回帰テスト", "不具合管理表")],
              delay=14),
            P("運用準備", "aoki", [("運用手順書作成", "運用手順書"), ("障害訓練", "訓練記録")], delay=-2, effort_per_day=0.35),
            one("総合テスト不具合修正", "shimizu-k", "総合テストの不具合修正", "不具合管理表", delay=14),
            one("移行リハーサル準備", "matsuda", "移行手順・検証データの準備", "移行手順書"),
            one("性能チューニング・閉域網接続", "yamaguchi", "性能チューニングと閉域網接続テスト", "性能テスト報告書", 0.8)],
            gate="総合テスト完了", owner="shimizu-k", milestone="MS-05", delay=14),
        Phase("移行", "migration", D("2026-11-30"), D("2026-12-18"), [pm, pmo,
            P("移行リハーサル", "matsuda", [("リハーサル1回目", "リハーサル結果報告"), ("リハーサル2回目", "リハーサル結果報告")])],
            gate="移行リハーサル完了", owner="matsuda", milestone="MS-06"),
        Phase("受入・本番稼働", "migration", D("2026-12-21"), D("2027-02-08"), [pmo,
            P("受入テスト支援", "shimizu-k", [("受入テスト支援", "受入テスト記録"), ("受入指摘対応", "不具合管理表")]),
            P("本番切替", "takeuchi", [("本番切替判定", "切替判定記録"), ("本番切替・初期監視", "切替結果報告")], effort_per_day=0.5)],
            gate="本番稼働（クラウド切替）", owner="takeuchi", milestone="MS-08"),
    ]


def hanshin() -> list[Phase]:
    def release(q: str, start: str, finish: str, ms: str, releaser: str, delay: int = 0) -> Phase:
        return Phase(f"{q} 定期リリース", "operation", D(start), D(finish), [
            P(f"{q} 改修", "nakano-y", [("改修要件の確認", "改修要件一覧"), ("設計・製造", "ソースコード"), ("テスト", "テスト成績書")],
              delay=delay, effort_per_day=0.9),
            P(f"{q} リリース作業", releaser, [("リリース手順書更新", "リリース手順書"), ("本番リリース", "リリース報告")],
              delay=delay, effort_per_day=0.3 if releaser == "kimura" else 0.9),
            one(f"{q} 保守運営", "kimura", "問い合わせ・障害対応の管理と月次報告", "保守月次報告", 0.45)],
            gate=f"{q} リリース判定", owner="kimura", milestone=ms, delay=delay)
    return [release("Q1", "2026-04-01", "2026-06-24", "MS-01", "kimura"),
            release("Q2", "2026-06-25", "2026-09-30", "MS-02", "kimura"),
            release("Q3", "2026-10-01", "2026-11-25", "MS-03", "ishida"),
            release("Q4", "2026-11-26", "2027-01-20", "MS-04", "ishida")]


SAMPLES = {"kansai-dx": (kansai, 11), "kobe-portal": (kobe, 12), "hanshin-maint": (hanshin, 13)}


def main(out: Path) -> None:
    for pid, (outline, seed) in SAMPLES.items():
        rows = layout(outline(), AS_OF, seed)
        (out / pid / "wbs.yml").write_text(dump(rows), encoding="utf-8")
        print(f"{pid}: {len(rows)} tasks")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "data/projects"))
