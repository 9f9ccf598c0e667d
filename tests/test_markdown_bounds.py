"""Free text cannot make the build slow: Markdown rendering is linear in the text's length on
the inputs that made Python-Markdown quadratic or worse (issue 11, item 1)."""
from __future__ import annotations

import gc
import json
import resource
import shutil
import time

import pytest
from conftest import FIXTURE_DATA, mkdocs_build
from helpers import page_text

from pmo_handbook.model.common import Text
from pmo_handbook.site.text import markdown_html

MAX_TEXT = next(c.max_length for c in Text.__metadata__ if getattr(c, "max_length", None))
# Unbalanced brackets, images and code spans: each took Python-Markdown minutes at 20,000
# characters (its issue #798 and the backtick ReDoS); the last one pads a table.
WORST = ["[", "`[", "![", '["', "\\``", "[](", "[(", "[ (](", "![[", "](["]
TABLE_BOMB = "|a" * 2500 + "\n" + "|-" * 2500 + "\n" + "a\n" * 4999


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _render_seconds(text: str) -> float:
    """Seconds per render, from the least disturbed of five batches of at least 20 ms of CPU time each (a
    single render of a short text is too quick to time on a busy machine), without the garbage
    collector's pauses, which depend on everything else the process holds."""
    render = markdown_html.__wrapped__  # past the cache
    start = time.process_time()
    render(text)
    repeat = max(1, int(0.02 / max(time.process_time() - start, 1e-6)))
    batches = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(5):
            start = time.process_time()
            for _ in range(repeat):
                render(text)
            batches.append((time.process_time() - start) / repeat)
    finally:
        gc.enable()
    return min(batches)


@pytest.mark.parametrize("unit", WORST)
def test_render_time_grows_linearly_with_worst_case_text(unit):
    small = (unit * 5000)[:5000]
    large = (unit * MAX_TEXT)[:MAX_TEXT]
    ratio = _render_seconds(large) / _render_seconds(small)
    # Four times the text: linear work is ~4x, quadratic ~16x. 10 leaves room for noise.
    assert ratio < 10, f"{unit!r}: 20k/5k render time ratio {ratio:.1f}"


def test_a_table_cannot_pad_its_rows_without_bound():
    start = time.process_time()
    html = str(markdown_html.__wrapped__(TABLE_BOMB[:MAX_TEXT]))
    assert time.process_time() - start < 5
    assert len(html) < 2_000_000


def test_worst_case_text_is_shown_as_written():
    assert str(markdown_html("[" * 50)) == "<p>" + "[" * 50 + "</p>\n"
    assert str(markdown_html("`[" * 3)) == "<p><code>[</code>[`[</p>\n"


def test_emphasis_beside_japanese_punctuation_is_kept():
    # CommonMark alone would leave these unbold: no space between the ** and the brackets
    assert str(markdown_html("を**同じ標準（役割）**で進める")) == \
        "<p>を<strong>同じ標準（役割）</strong>で進める</p>\n"
    assert str(markdown_html("売上比 **4.8%**（業界平均）")) == \
        "<p>売上比 <strong>4.8%</strong>（業界平均）</p>\n"
    assert str(markdown_html("snake_case_name と 2*3*4")) == "<p>snake_case_name と 2<em>3</em>4</p>\n"


def test_build_with_twenty_worst_case_fields_finishes(tmp_path):
    """Twenty issues whose descriptions are each the longest allowed worst case: with
    Python-Markdown this build ran for more than half an hour."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    issues = tmp_path / "data" / "projects" / "alpha" / "issues.yml"
    records = []
    for n in range(20):
        text = (WORST[n % len(WORST)] * MAX_TEXT)[:MAX_TEXT]
        records.append(f"  - id: ISS-{900 + n}\n    title: 最悪の入力 {n}\n"
                       f"    description: {json.dumps(text)}\n    category: other\n"
                       "    raised_on: 2026-10-01\n    raised_by: suzuki\n    priority: low\n"
                       "    owner: tanaka\n    due: 2026-12-20\n    status: open\n")
    issues.write_text(issues.read_text(encoding="utf-8") + "".join(records), encoding="utf-8")
    start, before = time.perf_counter(), _children_cpu()
    result = mkdocs_build(tmp_path / "site", tmp_path / "data", PMO_PROJECT="alpha")
    seconds, cpu = time.perf_counter() - start, _children_cpu() - before
    assert result.returncode == 0, result.stderr
    print(f"build with 20 worst-case fields: {seconds:.1f} s, {cpu:.1f} s of CPU")
    text = page_text(tmp_path / "site", "projects/alpha/issues/")
    assert "[" * 200 in text and "最悪の入力 19" in text
    assert cpu < 10  # the build's own CPU time: what other work on the machine cannot inflate
