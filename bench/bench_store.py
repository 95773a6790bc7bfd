"""Annotation store speed, printed as BENCH lines (targets are reported, never asserted).

Save latency (``AnnotationStore.add``: validation + one BEGIN IMMEDIATE/INSERT/COMMIT) into a
store that already holds 10,000 annotations, beside a raw sqlite3 INSERT + COMMIT of the same
row into a copy of the same database with the same settings (WAL, synchronous=FULL), measured
alternately in the same run. Also listing all 10,000 (``list``, ``to_frame``) beside a raw
SELECT. Runs in well under a minute.

Run: .venv/bin/python bench/bench_store.py
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchlib import bench_line

from helpers.annotations import Annotation
from helpers.article import load_article
from helpers.scheme import FULL_SCHEME_PATH, load_scheme
from helpers.store import AnnotationStore
from helpers.store_file import Rows

#: The research scheme: the most fields a record can have (the heaviest case).
SCHEME = load_scheme(FULL_SCHEME_PATH)
ROWS = Rows(SCHEME)

PREFILL = 10_000
SAVES = 400


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


def make(article, n, who="bench"):
    sentences = article.sentences
    techniques = ("doubt", "loaded_language")
    return [
        Annotation.new(
            article,
            f"{who}{i % 30}",
            sentences[i % len(sentences)].id,
            scheme=SCHEME,
            claim_type="factual",
            check_worthy="yes",
            verdict="misleading",
            confidence=3,
            techniques=techniques[: i % 3],
            note=f"note {i} — with some words about the claim",
            evidence={"citation": "https://example.org/source"},
        )
        for i in range(n)
    ]


def main() -> None:
    article = load_article()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        store_path, raw_path = tmp / "store.sqlite", tmp / "raw.sqlite"
        store = AnnotationStore(store_path, article=article, scheme=SCHEME)
        store.add_many(make(article, PREFILL))
        store.close()
        shutil.copy(store_path, raw_path)

        store = AnnotationStore(store_path, article=article, scheme=SCHEME)
        raw = sqlite3.connect(raw_path, isolation_level=None)
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA synchronous = FULL")
        marks = ", ".join("?" * len(ROWS.columns))
        insert = f"INSERT INTO annotations ({ROWS.columns_sql}) VALUES ({marks})"
        new = make(article, SAVES, who="new")
        raw_rows = [ROWS.to_row(a) for a in make(article, SAVES, who="raw")]
        t_store, t_raw = [], []
        for ann, row in zip(new, raw_rows, strict=True):
            t0 = time.perf_counter()
            store.add(ann)
            t1 = time.perf_counter()
            raw.execute("BEGIN")
            raw.execute(insert, row)
            raw.execute("COMMIT")
            t2 = time.perf_counter()
            t_store.append((t1 - t0) * 1000)
            t_raw.append((t2 - t1) * 1000)

        for q in (50, 95):
            bench_line(
                f"store_save_p{q}", pct(t_store, q), "ms", pct(t_raw, q), "value<=5ms,ratio<=3"
            )

        lists, raws, frames = [], [], []
        for _ in range(5):
            t0 = time.perf_counter()
            anns = store.list()
            t1 = time.perf_counter()
            raw.execute(
                f"SELECT {ROWS.columns_sql} FROM annotations ORDER BY start, created, id"
            ).fetchall()
            t2 = time.perf_counter()
            store.to_frame()
            t3 = time.perf_counter()
            lists.append((t1 - t0) * 1000)
            raws.append((t2 - t1) * 1000)
            frames.append((t3 - t2) * 1000)
        assert len(anns) == PREFILL + SAVES
        base = statistics.median(raws)
        bench_line("store_list_10k", statistics.median(lists), "ms", base, "value<=500ms")
        bench_line("store_to_frame_10k", statistics.median(frames), "ms", base, "value<=1000ms")
        store.close()
        raw.close()


if __name__ == "__main__":
    main()
