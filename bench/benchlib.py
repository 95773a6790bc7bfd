"""What every bench script shares: one line per figure, readable by a script.

    BENCH <name> value=<number> unit=<unit> baseline=<number> ratio=<number> target=<text>
"""


def bench_line(name: str, value: float, unit: str, baseline: float, target: str) -> None:
    ratio = value / baseline if baseline else float("nan")
    print(
        f"BENCH {name} value={value:.4g} unit={unit} baseline={baseline:.4g} "
        f"ratio={ratio:.3g} target={target}",
        flush=True,
    )
