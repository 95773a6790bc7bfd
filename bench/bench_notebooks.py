"""Notebook speed and memory, printed as BENCH lines (targets are reported, never asserted).

(a) executing each notebook with nbclient, beside a notebook that only imports the same
    libraries (pandas, matplotlib, ipywidgets): ratio target <= 1.3;
(b) the kernel's memory (RSS) after each notebook, beside the bare-import kernel: target <= 1.2x;
(c) `import helpers` on top of pandas, matplotlib and ipywidgets: target <= 50 ms.

Run: make bench   (or .venv/bin/python bench/bench_notebooks.py)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from benchlib import bench_line
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BARE = nbformat.v4.new_notebook(
    cells=[
        nbformat.v4.new_code_cell(
            "import pandas as pd\nimport matplotlib\nimport matplotlib.pyplot as plt\n"
            "import ipywidgets\n"
        )
    ]
)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(nb, cwd: Path) -> tuple[float, float]:
    """Seconds from kernel start to the last cell, and the kernel's RSS (MB) at the end."""
    nb = nbformat.from_dict(nb)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    t0 = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        elapsed = time.perf_counter() - t0
        pid = client.km.provisioner.process.pid
        memory = rss_mb(pid)
    return elapsed, memory


def import_helpers_ms(repeats: int = 5) -> tuple[float, float]:
    code = (
        "import time; t=time.perf_counter(); import pandas, matplotlib, ipywidgets; "
        "b=time.perf_counter(); import helpers; e=time.perf_counter(); "
        "print((e-b)*1000, (b-t)*1000)"
    )
    mine, base = [], []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True)
        a, b = map(float, out.stdout.split())
        mine.append(a)
        base.append(b)
    return statistics.median(mine), statistics.median(base)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANNOTATIONS_DB"] = str(Path(tmp) / "bench.sqlite")
        run(BARE, ROOT / "notebooks")  # warm the disk cache once
        bare_t, bare_m = run(BARE, ROOT / "notebooks")
        times, mems = [], []
        for path in NOTEBOOKS:
            t, m = run(nbformat.read(path, as_version=4), path.parent)
            times.append(t)
            mems.append(m)
            bench_line(f"notebook_exec[{path.stem}]", t, "s", bare_t, "ratio<=1.3")
            bench_line(f"kernel_rss[{path.stem}]", m, "MB", bare_m, "ratio<=1.2")
        bench_line("notebook_exec_mean", statistics.mean(times), "s", bare_t, "ratio<=1.3")
        bench_line("kernel_rss_max", max(mems), "MB", bare_m, "ratio<=1.2")
    ms, base_ms = import_helpers_ms()
    bench_line("import_helpers", ms, "ms", base_ms, "value<=50ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
