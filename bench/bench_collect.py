"""Collecting a large class, printed as BENCH lines (targets are reported, never asserted).

A synthetic class of 1,000 students × 60 annotations (``helpers.classroom.sample_class`` with
``per_student=60``: 1,000 W3C hand-in files, 60,000 annotations) is written to a temporary
folder. Then, in the same run and alternately (best of 3 each):

* ``collect_1000x60``: ``collect`` (find, read, validate every record, merge duplicates) plus
  ``analyse`` (α per field and part, α per technique, flag shares, each student against the key
  with Cohen's κ, missed and disputed claims), beside a plain pandas read of the same files
  (``json.load`` of each file + ``pd.json_normalize`` of all items: no checking at all);
* ``collect_load_validate_1000x60``: ``collect`` alone, beside the same baseline;
* ``agreement_1000x60``: ``analyse`` alone (baseline: the plain read, for scale).

Targets: collect + agreement ≤ 2 s and ratio ≤ 2; agreement alone ≤ 1 s (on a 2-core machine).
Run: .venv/bin/python bench/bench_collect.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from benchlib import bench_line

STUDENTS, PER_STUDENT, REPEAT = 1000, 60, 3


def plain_read(folder: Path):
    import pandas as pd

    items = []
    for path in sorted(folder.glob("*.jsonld")):
        with open(path, encoding="utf-8") as f:
            items.extend(json.load(f)["first"]["items"])
    return pd.json_normalize(items)


def main() -> None:
    from helpers.article import load_article
    from helpers.classroom.agreement import analyse
    from helpers.classroom.collect import collect
    from helpers.classroom.sample_class import write_class

    article = load_article()
    with tempfile.TemporaryDirectory(prefix="bench-collect-") as tmp:
        folder = Path(tmp) / "class"
        started = time.perf_counter()
        write_class(folder, STUDENTS, seed=1, per_student=PER_STUDENT)
        print(
            f"# wrote {STUDENTS} hand-ins × {PER_STUDENT} annotations in "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        analyse(collect(folder, article=article, progress=False))  # warm up imports and caches
        base, load, agree, total = [], [], [], []
        for _ in range(REPEAT):
            started = time.perf_counter()
            frame = plain_read(folder)
            base.append(time.perf_counter() - started)
            started = time.perf_counter()
            results = collect(folder, article=article, progress=False)
            collected = time.perf_counter()
            analyse(results, article=article)
            analysed = time.perf_counter()
            load.append(collected - started)
            agree.append(analysed - collected)
            total.append(analysed - started)
        assert len(frame) == len(results.annotations) == STUDENTS * PER_STUDENT
        assert results.ok
    baseline = min(base)
    bench_line("collect_1000x60", min(total), "s", baseline, "<=2s,ratio<=2")
    bench_line("collect_load_validate_1000x60", min(load), "s", baseline,
               "part of collect_1000x60")
    bench_line("agreement_1000x60", min(agree), "s", baseline, "<=1s")

if __name__ == "__main__":
    main()
