"""A deterministic synthetic portfolio in Japanese: N projects whose registers have realistic
sizes, for demos, load tests and the benchmark. Same (n, seed, as_of) -> byte-identical files.

Every reference (members, roles, checklist items, process items, linked ids) is drawn from what
the generator itself wrote or from the standard it is given, so the output always validates."""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from pmo_handbook.loading.repository import Standard
from pmo_handbook.model.registry import REGISTERS
from pmo_handbook.source.yamlwrite import Doc, dump
from pmo_handbook.source.atomic import write_text_atomic

DEMO_AS_OF = dt.date(2026, 11, 26)
COUNTS = {"members": 14, "issues": 40, "risks": 20, "milestones": 10, "decisions": 10,
          "changes": 5, "meetings": 4, "reports": 8, "stakeholders": 6}

SURNAMES = [("佐藤", "sato"), ("鈴木", "suzuki"), ("高橋", "takahashi"), ("田中", "tanaka"),
            ("伊藤", "ito"), ("渡辺", "watanabe"), ("山本", "yamamoto"), ("中村", "nakamura"),
            ("小林", "kobayashi"), ("加藤", "kato"), ("吉田", "yoshida"), ("山田", "yamada"),
            ("佐々木", "sasaki"), ("山口", "yamaguchi"), ("松本", "matsumoto"), ("井上", "inoue"),
            ("木村", "kimura"), ("林", "hayashi"), ("清水", "shimizu"), ("山崎", "yamazaki"),
            ("森", "mori"), ("池田", "ikeda"), ("橋本", "hashimoto"), ("阿部", "abe"),
            ("石川", "ishikawa"), ("前田", "maeda"), ("藤田", "fujita"), ("小川", "ogawa"),
            ("岡田", "okada"), ("後藤", "goto"), ("長谷川", "hasegawa"), ("村上", "murakami")]
GIVEN = [("誠", "Makoto"), ("彩", "Aya"), ("健太", "Kenta"), ("花子", "Hanako"), ("大輔", "Daisuke"),
         ("美咲", "Misaki"), ("翔太", "Shota"), ("由美", "Yumi"), ("拓也", "Takuya"), ("陽子", "Yoko"),
         ("直樹", "Naoki"), ("恵", "Megumi"), ("亮", "Ryo"), ("真由美", "Mayumi"), ("浩二", "Koji"),
         ("優子", "Yuko"), ("隆", "Takashi"), ("智子", "Tomoko"), ("剛", "Tsuyoshi"), ("舞", "Mai")]
REGIONS = [("sapporo", "札幌"), ("sendai", "仙台"), ("tokyo", "東京"), ("yokohama", "横浜"),
           ("nagoya", "名古屋"), ("kyoto", "京都"), ("osaka", "大阪"), ("kobe", "神戸"),
           ("hiroshima", "広島"), ("fukuoka", "福岡"), ("naha", "那覇"), ("niigata", "新潟")]
INDUSTRIES = ["食品", "物流", "製薬", "電機", "建設", "保険", "信用金庫", "百貨店", "自動車部品",
              "ホテル", "鉄道", "化学"]
SYSTEMS = [("erp", "基幹業務システム"), ("crm", "顧客管理システム"), ("wms", "倉庫管理システム"),
           ("portal", "社内ポータル"), ("ec", "ECサイト"), ("hr", "人事給与システム"),
           ("bi", "経営ダッシュボード"), ("pos", "POS連携基盤"), ("mes", "製造実行システム"),
           ("cloud", "クラウド基盤"), ("edi", "EDI受発注"), ("app", "店舗アプリ")]
KINDS = ["new_development", "enhancement", "maintenance", "migration", "package", "consulting"]
INITIATIVE = {"new_development": "dx", "enhancement": "it", "maintenance": "it", "migration": "cloud",
              "package": "it", "consulting": "dx"}
PHASES = ["requirements", "design", "build", "test", "migration"]
PHASE_JA = {"requirements": "要件定義", "design": "設計", "build": "構築", "test": "テスト",
            "migration": "移行"}
SUBJECTS = ["帳票レイアウト", "データ移行手順", "認証方式", "夜間バッチ", "マスタ連携", "画面遷移",
            "権限設計", "性能要件", "外部IF仕様", "運用手順書", "テスト環境", "ログ保管期間",
            "受入基準", "障害連絡体制", "バックアップ方式", "帳票出力", "検索条件", "通知メール"]
PROBLEMS = ["が未確定", "の認識に齟齬がある", "の確認が遅れている", "に不具合がある", "の見直しが必要",
            "の承認待ち", "の担当が決まっていない", "の工数が膨らんでいる"]
RISK_EVENTS = ["主要メンバーが離任する", "外部ベンダーの納品が遅れる", "性能要件を満たせない",
               "顧客側のレビューが滞る", "仕様変更が多発する", "移行データの品質が低い",
               "テスト環境の準備が遅れる", "セキュリティ審査で指摘を受ける", "予算を超過する",
               "利用部門の協力が得られない"]
DEPARTMENTS = ["第一開発部", "第二開発部", "基盤技術部", "品質保証部", "PMO推進室"]
ISSUE_CATEGORIES = ["question", "request", "defect", "specification", "progress", "organisation",
                    "environment", "contract", "other"]
RISK_CATEGORIES = ["technical", "schedule", "cost", "resource", "organisation", "customer",
                   "external", "quality", "security"]


def generate(n: int, seed: int, standard: Standard, as_of: dt.date = DEMO_AS_OF) -> dict[str, str]:
    """Relative path -> file text for a data folder with n projects."""
    files = {"organisation.yml": dump({
        "name": "株式会社デモシステムズ PMO", "name_en": "Demo Systems PMO",
        "pmo_mission": "すべてのプロジェクトを同じ標準で進め、状況を一か所で見える化します（デモデータ）。",
        "contact": "PMO推進室 内線 1000"})}
    people: dict[str, Doc] = {}
    for i in range(1, n + 1):
        rng = random.Random(f"{seed}:{i}")  # per project: adding projects leaves the others as they were
        project = _Project(rng, i, standard, as_of)
        for name, value in project.files().items():
            files[f"projects/{project.id}/{name}"] = dump(value)
        for person in project.directory:
            people.setdefault(person["id"], person)
    files["people.yml"] = dump({"people": list(people.values())})
    return files


def write(out: Path, n: int, seed: int, standard: Standard, as_of: dt.date = DEMO_AS_OF) -> int:
    """Write the portfolio under out; returns the number of files written."""
    files = generate(n, seed, standard, as_of)
    for rel, text in files.items():
        write_text_atomic(out / rel, text, out)  # atomic, and never through a symlink out of out
    return len(files)


PERSONAL = ("name", "romaji", "organisation", "kind", "department")  # what data/people.yml keeps
SHARED_PMO: Doc = {"id": "nakajima-pmo", "name": "中島 真理", "reading": "なかじま まり",
                   "romaji": "Mari Nakajima",
                   "organisation": "株式会社デモシステムズ", "kind": "own", "department": "PMO推進室",
                   "role_families": ["pmo"]}


class _Project:
    def __init__(self, rng: random.Random, index: int, standard: Standard, as_of: dt.date):
        self.rng, self.std, self.as_of, self.index = rng, standard, as_of, index
        region, self.region = rng.choice(REGIONS)
        system, self.system = rng.choice(SYSTEMS)
        self.id = f"{region}-{system}-{index:03d}"
        self.kind = rng.choice(KINDS)
        self.start = as_of - dt.timedelta(days=rng.randint(120, 300))
        self.end = as_of + dt.timedelta(days=rng.randint(120, 400))
        self.roles = {r.id for r in standard.roles}
        self.people = self._members()
        self.ids: dict[str, list[str]] = {}

    def day(self, lo: int, hi: int) -> dt.date:
        """A date between start+lo and start+hi days, never after as_of."""
        return min(self.start + dt.timedelta(days=self.rng.randint(lo, hi)), self.as_of)

    def who(self, kind: str | None = None) -> str:
        pool = [m for m in self.people if kind is None or m["kind"] == kind]
        return str(self.rng.choice(pool)["id"])

    # -- people --------------------------------------------------------------------------
    def _members(self) -> list[Doc]:
        rng, used, out = self.rng, set(), []
        customer = f"株式会社{self.region}{rng.choice(INDUSTRIES)}"
        plan = ([("own", ["pm"]), ("own", ["pmo"]), ("own", ["pl"]), ("own", ["pl"])]
                + [("own", ["member"])] * 4 + [("partner", ["partner_lead"])]
                + [("partner", ["member"])] * 2 + [("customer", ["sponsor"]), ("customer", ["customer_pm"]),
                                                   ("customer", ["customer_user"])])
        plan += [("own", ["member"])] * (COUNTS["members"] - len(plan))
        for n, (kind, roles) in enumerate(plan):
            (sur, sur_r), (given, given_r) = rng.choice(SURNAMES), rng.choice(GIVEN)
            pid, k = sur_r, 1
            while pid in used:  # two 佐藤 in one team: sato, sato2
                k += 1
                pid = f"{sur_r}{k}"
            used.add(pid)
            org = {"own": "株式会社デモシステムズ", "partner": "株式会社パートナーソフト",
                   "customer": customer}[kind]
            joined = self.start + dt.timedelta(days=0 if n < 4 else rng.randint(0, 90))
            boss = None if n == 0 or kind == "customer" else ("pm" if n < 4 else "pl")
            member: Doc = {"id": pid, "name": f"{sur} {given}", "romaji": f"{given_r} {sur_r.capitalize()}",
                           "organisation": org, "kind": kind,
                           "department": {"own": rng.choice(DEPARTMENTS), "partner": "システム開発部",
                                          "customer": "情報システム部"}[kind],
                           "joined": min(joined, self.as_of), "roles": [r for r in roles if r in self.roles],
                           "_boss": boss}
            out.append(member)
        pm = out[0]["id"]
        pls = [m["id"] for m in out if "pl" in m["roles"]] or [pm]
        for n, m in enumerate(out):
            boss = m.pop("_boss")
            if boss == "pm":
                m["reports_to"] = pm
            elif boss == "pl":
                m["reports_to"] = pls[n % len(pls)]
        return out

    # -- files ---------------------------------------------------------------------------
    def files(self) -> dict[str, Doc]:
        # ids first: registers link to each other
        for key in ("issues", "risks", "decisions", "changes", "milestones", "meetings"):
            self.ids[key] = [REGISTERS[key].make_id(k) for k in range(1, COUNTS[key] + 1)]
        made: dict[str, Doc | list[Doc]]  # a register's records, or a file kept whole
        made = {"project": self.project(), "members": self.members(), "stakeholders": self.stakeholders(),
                "milestones": self.milestones(), "issues": self.issues(), "risks": self.risks(),
                "decisions": self.decisions(), "changes": self.changes(), "meetings": self.meetings(),
                "onboarding": self.onboarding(), "reports": self.reports(), "tailoring": self.tailoring(),
                "wbs": self.wbs()}  # last: its random draws leave the other registers as they were
        out: dict[str, Doc] = {}
        for key, reg in REGISTERS.items():
            if key in made:
                value = made[key]
                out[reg.file] = {reg.records_field: value} if isinstance(value, list) else value
        return out

    def members(self) -> list[Doc]:
        """members.yml: the project part of each member; the person goes to the directory."""
        self.directory: list[Doc] = []
        out = []
        first, last = f"{self.start:%Y-%m}", f"{self.end:%Y-%m}"
        for m in self.people:
            personal = {k: m[k] for k in PERSONAL if k in m}
            # The PMO of every demo project is one person: her load across projects shows on /capacity/.
            person = SHARED_PMO["id"] if "pmo" in m["roles"] else f"{m['id']}-{self.index:03d}"
            self.directory.append(dict(SHARED_PMO) if "pmo" in m["roles"] else {"id": person, **personal})
            member = {k: v for k, v in m.items() if k not in PERSONAL}
            member = {"id": m["id"], "person": person, **{k: v for k, v in member.items() if k != "id"}}
            if m["kind"] != "customer":
                effort = 0.3 if "pmo" in m["roles"] else self.rng.choice([0.5, 1.0, 1.0])
                member["allocation"] = [{"from": first, "to": last, "effort": effort}]
            out.append(member)
        return out

    def project(self) -> Doc:
        rng = self.rng
        pm = next(m["id"] for m in self.people if "pm" in m["roles"])
        pmo = next((m["id"] for m in self.people if "pmo" in m["roles"]), None)
        sponsor = next((m["id"] for m in self.people if "sponsor" in m["roles"]), None)
        customer = next(m["organisation"] for m in self.people if m["kind"] == "customer")
        kind = INITIATIVE[self.kind]
        bac = rng.randint(20, 200)
        points, pv = [], 0.0
        for k in range(1, 5):
            pv += bac / 10
            ev = round(pv * rng.uniform(0.85, 1.05), 1)
            points.append({"date": self.start + dt.timedelta(days=30 * k), "pv": round(pv, 1), "ev": ev,
                           "ac": round(ev * rng.uniform(0.9, 1.15), 1)})
        return {
            "id": self.id, "name": f"{customer.removeprefix('株式会社')} {self.system}刷新",
            "customer": customer, "type": self.kind, "size": rng.choice(["S", "M", "L"]),
            "contract": rng.choice(["contract", "quasi_mandate", "internal"]),
            "lifecycle": rng.choice(["waterfall", "agile", "hybrid"]), "phase": rng.choice(PHASES),
            "start": self.start, "end": self.end, **({"sponsor": sponsor} if sponsor else {}),
            "pm": pm, **({"pmo": pmo} if pmo else {}), "priority": rng.choice(["high", "medium", "low"]),
            "summary": f"{self.region}の{self.system}を刷新し、業務の標準化と見える化を進める（デモ）。",
            "background": f"{customer}では{self.system}が老朽化し、"
                          "**保守費の増大**と属人化が課題となっている。",
            "purpose": f"{self.system}を刷新し、手作業を削減して業務データを経営判断に使えるようにする。",
            "objectives": [{"objective": "業務処理時間の削減", "kpi": "1件あたりの処理時間",
                            "target": f"{rng.randint(20, 50)}%削減"},
                           {"objective": "予算・納期内での完了", "kpi": "CPI / SPI", "target": "0.95 以上"}],
            "success_criteria": ["受入テストの重大障害が 0 件であること",
                                 "利用部門の研修を全員が受講していること"],
            "business_outcomes": [{"outcome": "問い合わせ対応時間の短縮", "measure": "平均対応時間",
                                   "target": "30%短縮", "by": self.end + dt.timedelta(days=180),
                                   "owner": "業務部 部長"}],
            "initiative": {"kind": kind, "checks": [{"checked_on": self.day(30, 60), "checked_by": pmo or pm,
                                                     "verdict": "still_dx"}] if kind == "dx" else []},
            "scope": {"in_scope": [f"{self.system}の刷新", "データ移行", "利用者研修"],
                      "out_of_scope": ["周辺システムの改修"]},
            "assumptions": ["顧客側キーユーザーが週2日レビューに参加できる"],
            "constraints": ["本番切替は繁忙期を避ける"],
            "deliverables": ["要件定義書", "基本設計書", "テスト結果報告書", "運用手順書"],
            "budget": {"bac": bac, "unit": "人月"}, "evm": points,
        }

    def stakeholders(self) -> list[Doc]:
        rng, out = self.rng, []
        levels = ["high", "medium", "low"]
        engagement = ["unaware", "resistant", "neutral", "supportive", "leading"]
        for k in range(1, COUNTS["stakeholders"] + 1):
            cur = rng.randint(0, 3)
            department = rng.choice(["営業部", "経理部", "物流部", "店舗運営部", "経営企画部",
                                     "情報システム部"])
            out.append({"id": f"SH-{k:02d}", "name": f"{department} 担当者{k}",
                        "organisation": self.people[-1]["organisation"], "category":
                        rng.choice(["management", "user", "it", "partner", "other"]),
                        "expectations": "業務負担の軽減と、導入後の問い合わせ窓口の明確化を期待している。",
                        "influence": rng.choice(levels), "interest": rng.choice(levels),
                        "current": engagement[cur], "target": engagement[min(cur + 1, 4)],
                        "work_impact": "- 日々の入力作業が画面での確認作業に変わる\n"
                                       "- 月次集計の手作業がなくなる\n",
                        "owner": self.who("own")})
        return out

    def wbs(self) -> list[Doc]:
        """A phase per PHASES over the project's span, two packages of three tasks each; some
        packages late, some ahead (authoring/wbsgen.py lays out dates and actuals)."""
        from pmo_handbook.authoring.wbsgen import Package, Phase, layout

        rng, span = self.rng, (self.end - self.start).days
        own = [m["id"] for m in self.people if m["kind"] == "own"]
        phases = []
        for k, code in enumerate(PHASES):
            first = self.start + dt.timedelta(days=span * k // len(PHASES))
            last = self.start + dt.timedelta(days=span * (k + 1) // len(PHASES) - 1)
            packages = [Package(f"{PHASE_JA[code]} {subject}", rng.choice(own),
                                [(f"{subject}の{work}", f"{subject}{work}書") for work in ("調査", "作成", "レビュー")],
                                delay=rng.choice([0, 0, 3, 7, -2]), effort_per_day=rng.choice([1, 2]))
                        for subject in rng.sample(SUBJECTS, 2)]
            phases.append(Phase(PHASE_JA[code], code, first, last, packages, gate=f"{PHASE_JA[code]}完了判定",
                                owner=own[0]))
        return layout(phases, self.as_of, rng.randint(1, 10**6))

    def milestones(self) -> list[Doc]:
        rng, out = self.rng, []
        span = (self.end - self.start).days
        for k, mid in enumerate(self.ids["milestones"]):
            baseline = self.start + dt.timedelta(days=span * (k + 1) // (COUNTS["milestones"] + 1))
            ms = {"id": mid, "name": f"{list(PHASE_JA.values())[k % 5]}フェーズ マイルストーン{k + 1}",
                  "kind": rng.choice(["phase_gate", "delivery", "acceptance", "review", "release"]),
                  "baseline": baseline, "owner": self.who("own")}
            slip = rng.choice([0, 0, 3, 7, 14])
            if baseline + dt.timedelta(days=slip) < self.as_of:
                ms.update(actual=baseline + dt.timedelta(days=slip), status="done")
            elif slip:
                ms.update(forecast=baseline + dt.timedelta(days=slip), status="in_progress")
            ms["criteria"] = "成果物のレビュー指摘が全件クローズしていること。"
            out.append(ms)
        return out

    def issues(self) -> list[Doc]:
        rng, out = self.rng, []
        statuses = ["open", "in_progress", "resolved", "closed", "closed", "on_hold"]
        for k, iid in enumerate(self.ids["issues"]):
            raised = self.day(0, 200)
            status = rng.choice(statuses)
            subject = rng.choice(SUBJECTS)
            it = {"id": iid, "title": f"{subject}{rng.choice(PROBLEMS)}",
                  "description": f"{self.system}の{subject}について確認が必要。影響範囲と対応方針を"
                                 f"関係者で合意し、**期限までに**結論を出す。",
                  "category": rng.choice(ISSUE_CATEGORIES), "phase": PHASE_JA[rng.choice(PHASES)],
                  "raised_on": raised, "raised_by": self.who(),
                  "priority": rng.choice(["high", "medium", "low"]),
                  "impact": sorted(rng.sample(["schedule", "cost", "quality", "scope", "risk"], 2)),
                  "owner": self.who(), "owner_side": rng.choice(["own", "customer", "partner"]),
                  "due": self.due(raised, status), "status": status,
                  "action_plan": "担当者が関係部署へ確認し、定例会で結果を報告する。",
                  "history": [{"date": min(raised + dt.timedelta(days=3 * (h + 1)), self.as_of),
                               "by": self.who(),
                               "note": rng.choice(["関係部署へ照会済み。", "定例会で状況を共有。",
                                                   "回答待ち。来週再確認する。"])}
                              for h in range(rng.randint(0, 3))]}
            if status == "closed":
                it.update(resolution="対応方針を定例会で合意し、設計書に反映した。",
                          closed_on=min(raised + dt.timedelta(days=rng.randint(1, 30)), self.as_of),
                          approved_by=self.who("own"))
            if k % 7 == 3:
                it["links"] = {"risks": [self.ids["risks"][k % COUNTS["risks"]]]}
            out.append(it)
        return out

    def due(self, raised: dt.date, status: str) -> dt.date:
        """Most open issues are still within their due date, as in a project under control."""
        due = raised + dt.timedelta(days=self.rng.randint(7, 60))
        if status in ("open", "in_progress") and due < self.as_of and self.rng.random() < 0.7:
            due = self.as_of + dt.timedelta(days=self.rng.randint(3, 45))
        return due

    def risks(self) -> list[Doc]:
        rng, out = self.rng, []
        for k, rid in enumerate(self.ids["risks"]):
            status = "occurred" if k % 9 == 4 else rng.choice(["open", "open", "closed"])
            r = {"id": rid, "title": rng.choice(RISK_EVENTS),
                 "event": "発生するとスケジュールと品質に影響する。",
                 "cause": "体制と前提条件に不確実性が残っている。", "category": rng.choice(RISK_CATEGORIES),
                 "probability": rng.randint(1, 5), "impact": rng.randint(1, 5),
                 "trigger": "週次報告で兆候が2週続けて報告される。",
                 "strategy": rng.choice(["avoid", "mitigate", "transfer", "accept", "escalate"]),
                 "preventive_action": "早期に関係者と合意し、代替案を準備する。",
                 "preventive_status": rng.choice(["not_started", "in_progress", "done"]),
                 "contingency": "ステアリングコミッティで対応方針を決める。", "owner": self.who("own"),
                 "raised_on": self.day(0, 150),
                 "review_on": self.as_of + dt.timedelta(days=rng.randint(1, 30)),
                 "status": status}
            if status == "occurred":
                r["issue"] = self.ids["issues"][k]
            out.append(r)
        return out

    def decisions(self) -> list[Doc]:
        rng, out = self.rng, []
        for k, did in enumerate(self.ids["decisions"]):
            d = {"id": did, "title": f"{rng.choice(SUBJECTS)}の方針を決定する",
                 "context": "複数の案があり、スケジュールと費用への影響を比較する必要があった。",
                 "options": ["現行方式を継続する", "新方式に移行する", "段階的に移行する"],
                 "decision": "段階的に移行する。", "rationale": "リスクと費用のバランスが最もよいため。",
                 "decided_on": self.day(10, 200), "decided_by": [self.who("own"), self.who("customer")],
                 "meeting": self.ids["meetings"][0]}
            if k % 4 == 1:
                d["links"] = {"issues": [self.ids["issues"][k]]}
            out.append(d)
        return out

    def changes(self) -> list[Doc]:
        rng, out = self.rng, []
        for cid in self.ids["changes"]:
            status = rng.choice(["requested", "analysing", "approved", "rejected", "implemented"])
            requested = self.day(30, 180)
            c = {"id": cid, "title": f"{rng.choice(SUBJECTS)}の追加対応",
                 "description": "利用部門からの要望により機能を追加する。",
                 "reason": "業務運用上の必要が判明したため。",
                 "requested_by": self.who("customer"), "requested_on": requested,
                 "impact": {"effort_days": rng.randint(2, 40), "cost": round(rng.uniform(0.5, 5), 1),
                            "schedule_days": rng.randint(0, 14), "deliverables": ["基本設計書"]},
                 "charge": rng.choice(["paid", "free", "undecided"]), "approver": self.who("customer"),
                 "status": status}
            if status in ("approved", "rejected", "implemented"):
                c.update(decided_on=min(requested + dt.timedelta(days=rng.randint(1, 20)), self.as_of),
                         decision="変更管理委員会で審議し決定した。")
            out.append(c)
        return out

    def meetings(self) -> list[Doc]:
        rng, out = self.rng, []
        plan = [("ステアリングコミッティ", "steering", "monthly"), ("週次定例会", "regular", "weekly"),
                ("朝会", "standup", "daily"), ("変更管理委員会", "ccb", "biweekly")]
        for k, (mid, (name, kind, freq)) in enumerate(zip(self.ids["meetings"], plan, strict=False)):
            schedule = {"frequency": freq, "time": f"{9 + k * 2:02d}:00", "minutes": 60, "first": self.start,
                        "until": self.end}
            if freq in ("weekly", "biweekly"):
                schedule["weekday"] = rng.choice(["mon", "tue", "wed", "thu", "fri"])
            if freq == "monthly":
                schedule["day"] = rng.randint(1, 28)
            m = {"id": mid, "name": name, "kind": kind,
                 "purpose": f"{name}で進捗と課題を確認し、必要な判断を行う。",
                 "schedule": schedule, "location": "本社会議室／Teams 併用", "chair": self.who("own"),
                 "minute_taker": self.who("own"), "attendees": sorted({self.who() for _ in range(5)}),
                 "outputs": ["議事録", "決定事項ログの更新"]}
            if k:
                m["escalates_to"] = self.ids["meetings"][0]
            out.append(m)
        return out

    def onboarding(self) -> list[Doc]:
        by_id = {c.id: c for c in self.std.checklists}
        out = []
        for m in self.people[-4:]:
            checklist = next((c for c in self.std.checklists if m["kind"] in c.applies_to), None)
            if checklist is None:
                continue
            items = {}
            for item in by_id[checklist.id].items:
                due = m["joined"] + dt.timedelta(days=item.due_offset_days)
                if due < self.as_of and self.rng.random() < 0.8:
                    items[item.id] = {"status": "done", "done_on": min(max(due, m["joined"]), self.as_of)}
            out.append({"member": m["id"], "checklist": checklist.id, "items": items})
        return out

    def reports(self) -> list[Doc]:
        rng, out = self.rng, []
        rag = ["green", "green", "amber", "red"]
        last_friday = self.as_of - dt.timedelta(days=(self.as_of.weekday() - 4) % 7)
        for k in range(COUNTS["reports"], 0, -1):
            end = last_friday - dt.timedelta(days=7 * (k - 1))
            out.append({"period_start": end - dt.timedelta(days=4), "period_end": end,
                        "author": self.who("own"),
                        "overall": rng.choice(rag), "trend": rng.choice(["improving", "stable", "worsening"]),
                        "areas": {a: {"rag": rng.choice(rag)}
                                  for a in ("schedule", "cost", "quality", "scope", "risk")},
                        "summary": "今週は計画どおり作業を進めた。**課題の期限超過**に注意が必要。",
                        "done": ["設計レビューを実施", "課題の棚卸し"],
                        "next": ["テスト計画の作成", "定例会で課題を確認"],
                        "decisions_needed": ["本番切替日の確定"]})
        return out

    def tailoring(self) -> Doc:
        items = [p.id for p in self.std.process][:3]
        approver = next(m["id"] for m in self.people if "pm" in m["roles"])
        return {"profile": f"{self.kind}-standard", "entries": [
            {"item": item, "decision": self.rng.choice(["adopted", "modified"]),
             "reason": "プロジェクトの規模と契約形態に合わせて調整する。", "approver": approver,
             "decided_on": self.start + dt.timedelta(days=10), "how": "定例会の中で簡略化して実施する。"}
            for item in items]}
