"""Counts a weekly report states in its text, checked against what its own data says.

「期限超過の課題が8件」 in a report whose period end had 5 overdue issues is flagged on the reports
page like a RAG that is better than the rules. Only the phrasings in RULES are read: a count of
issues (課題) with a qualifier the rules compute (overdue, open, high priority). Other numbers in
the text (test cases, records imported, 件数 of anything else) are not claims about the registers.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pmo_handbook.model.plan import Report
from pmo_handbook.status.issues import IssueCounts

# qualifier words -> the count they name (an attribute of status.IssueCounts)
KINDS = {
    "overdue": ("期限超過", "期限切れ", "期限を過ぎた", "期日超過"),
    "open": ("未完了", "未解決", "オープン", "未クローズ"),
    "high": ("高優先", "優先度高", "優先度が高い", "優先度「高」", "重要度高"),
}
_EN = {"overdue": r"overdue", "open": r"open|unresolved", "high": r"high[- ]priority"}


def _rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    rules = []
    for kind, words in KINDS.items():
        q = "|".join(re.escape(w) for w in words)
        # 期限超過の課題が8件 / 期限超過課題は 8 件 / 課題のうち期限超過が8件 / 期限超過の課題：8件
        then = r"(?:が|は|[:：])?\s*(\d+)\s*件"  # が8件 / は 8 件 / ：8件
        rules.append((kind, re.compile(rf"(?:{q})(?:の|な|している|した|中の)?課題(?:数)?{then}")))
        rules.append((kind, re.compile(rf"課題(?:の|のうち)?(?:{q})(?:の)?(?:もの)?{then}")))
        # 8 overdue issues / overdue issues: 8
        rules.append((kind, re.compile(rf"\b(\d+)\s+(?:{_EN[kind]})\s+issues?\b", re.I)))
        verb = r"(?::|=|are|is|stand at|of)?"
        rules.append((kind, re.compile(rf"\b(?:{_EN[kind]})\s+issues?\s*{verb}\s*(\d+)\b", re.I)))
    return tuple(rules)


RULES = _rules()


@dataclass(frozen=True)
class Claim:
    kind: str      # "overdue", "open" or "high"
    stated: int    # the number in the text
    computed: int  # the registers' count on the report's period end
    quote: str     # the phrase as matched (normalised)


def normalise(text: str) -> str:
    """Full-width digits and letters to ASCII, Markdown emphasis dropped, lines joined."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text.replace("*", "").replace("_", " "))


def report_texts(report: Report) -> list[str]:
    texts = [report.summary, *report.done, *report.next, *report.decisions_needed]
    for name in type(report.areas).model_fields:
        area = getattr(report.areas, name)
        if area is not None and area.comment:
            texts.append(area.comment)
    return [t for t in texts if t]


def stated_counts(text: str) -> list[tuple[str, int, str]]:
    """(kind, number, quote) of every recognised phrase in text, in the order found."""
    text = normalise(text)
    found: dict[int, tuple[str, int, str]] = {}
    for kind, pattern in RULES:
        for m in pattern.finditer(text):
            found.setdefault(m.start(), (kind, int(m.group(1)), m.group(0).strip()))
    return [found[k] for k in sorted(found)]


def contradictions(report: Report, counts: IssueCounts) -> list[Claim]:
    """The report's stated counts that differ from counts (status.IssueCounts on its period end)."""
    out = []
    for text in report_texts(report):
        for kind, number, quote in stated_counts(text):
            computed = getattr(counts, kind)
            if number != computed:
                out.append(Claim(kind, number, computed, quote))
    return out
