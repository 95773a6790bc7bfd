"""Hand-in on a class hub, printed as BENCH lines (targets are reported, never asserted).

The time of one student handing in alone (the Hand in button: the store checkpointed, the W3C
document written beside the notebook and delivered into the teacher's inbox, fsynced), beside
the time for 30 students who press it at the same moment, each in their own process with their
own store (helpers.tools.hub_load, the runner of tests/test_hub_load.py): from the first press
to the last receipt, and each student's own wait (95th percentile). The baseline of both is the
one student alone; ratio = value / baseline.

Run: .venv/bin/python bench/bench_hub.py
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from benchlib import bench_line

from helpers import hub
from helpers.tools.hub_load import run_class

STUDENTS = 30
PER_STUDENT = 5
ALONE_RUNS = 5
CLASS_RUNS = 2


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


def one_run(n: int) -> tuple[float, list[float]]:
    """Seconds from the first press to the last receipt, and each student's wait."""
    with tempfile.TemporaryDirectory() as tmp:
        inbox = hub.prepare_inbox(Path(tmp) / "inbox")
        done, elapsed = run_class(n, inbox, Path(tmp) / "homes", PER_STUDENT)
        errors = [d.error for d in done if d.error]
        if errors:
            raise SystemExit(f"bench_hub: {len(errors)} hand-ins failed: {errors[0]}")
        if len(list(inbox.iterdir())) != n:
            raise SystemExit("bench_hub: the inbox does not hold one file per student")
        return elapsed, [d.finished - d.pressed for d in done]


def main() -> None:
    alone = statistics.median(one_run(1)[0] for _ in range(ALONE_RUNS)) * 1000
    runs = [one_run(STUDENTS) for _ in range(CLASS_RUNS)]
    everyone = statistics.median(r[0] for r in runs) * 1000
    waits = [w * 1000 for r in runs for w in r[1]]
    bench_line("hub_handin_1", alone, "ms", alone, "value<=1000ms")
    bench_line(f"hub_handin_{STUDENTS}_all", everyone, "ms", alone, "value<=10000ms")
    bench_line(f"hub_handin_{STUDENTS}_wait_p95", pct(waits, 95), "ms", alone, "value<=5000ms")


if __name__ == "__main__":
    main()
