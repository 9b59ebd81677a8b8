"""Shared by the benchmarks: where results go and the header every results file starts with."""

from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSFUSE_SHARED", ROOT.parent / "shared")).resolve()
DATA = SHARED / "data"
RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> str:
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {mem_gib:.0f} GiB, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_results(name: str, title: str, body: str, *, out_dir: Path | None = None) -> Path:
    """Write bench/results/NAME.md with the date and machine, then the body; return its path."""
    out = (out_dir or RESULTS) / f"{name}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])
    out.write_text(
        f"# {title}\n\nRun {now} on {machine()}.\nCommand: `{command}`\n\n{body.rstrip()}\n",
        encoding="utf-8",
    )
    return out


def md_table(headers: list[str], rows: list[list[object]]) -> str:
    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.3f}" if abs(value) < 100 else f"{value:.1f}"
        return str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
