"""One row per measurement, printed as the Markdown table docs/performance.md holds."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["met", "MISSED", "n/a", "info"]
MARK = {"met": "yes", "MISSED": "**no**", "n/a": "n/a", "info": "-"}


@dataclass
class Row:
    what: str
    baseline: str
    measured: str
    goal: str
    verdict: Verdict
    note: str = ""


def not_present(what: str, baseline: str, goal: str, why: str) -> Row:
    return Row(what, baseline, f"n/a: {why}", goal, "n/a")


def judged(ok: bool) -> Verdict:
    return "met" if ok else "MISSED"


def table(rows: list[Row]) -> str:
    lines = [
        "| what | baseline in the same run | measured | goal | met |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        measured = row.measured + (f" ({row.note})" if row.note else "")
        cells = [row.what, row.baseline, measured, row.goal, MARK[row.verdict]]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile; ``fraction`` in [0, 1]."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


def ms(value: float) -> str:
    if value < 1:
        return f"{value:.2f} ms"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
