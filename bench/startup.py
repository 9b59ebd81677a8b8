"""Start-up time of the CLI: `newsfuse --help` and `newsfuse extract` on one seed file.

The commit before the start-up work (the base) and this checkout run side by side in one run,
interleaved (base, new, base, new, ...), so load on a shared machine hits both alike. Each
command runs in a fresh process with PYTHONPATH pointing at one checkout's ``src``; wall time
and CPU time (user + system, from wait4) are taken per run; the table gives the median and
the fastest run. The base is checked out with ``git worktree add`` unless ``--base-src``
names one.

Run: .venv/bin/python bench/startup.py [--runs 15] [--base 3362f5d] [--base-src DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import ROOT, SHARED, md_table, write_results  # noqa: E402

BASE = "3362f5d"  # main before issue 17
SEED = SHARED / "seeds" / "001_7c3a2310d0271744.txt"
COMMANDS = {"newsfuse --help": ["--help"], "newsfuse extract FILE": ["extract", str(SEED)]}


def base_src(commit: str, given: Path | None) -> Path:
    """The base commit's ``src`` folder: ``given``, or a detached worktree made once."""
    if given is not None:
        return given
    folder = Path(f"/tmp/newsfuse-base-{commit}")
    if not folder.is_dir():
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), commit],
            check=True,
            capture_output=True,
        )
    return folder / "src"


def timed(args: list[str], src: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run of the CLI with ``src`` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    started = time.perf_counter()
    child = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "newsfuse"), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"newsfuse {' '.join(args)} failed with PYTHONPATH={src}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--base", default=BASE)
    parser.add_argument("--base-src", type=Path)
    parser.add_argument("--out-dir", type=Path)
    args = parser.parse_args()
    variants = {f"base {args.base}": base_src(args.base, args.base_src), "new": ROOT / "src"}
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for src in variants.values():  # one warm-up each: the page cache, .pyc files
        for command in COMMANDS.values():
            timed(command, src)
    for _ in range(args.runs):
        for command, argv in COMMANDS.items():
            for variant, src in variants.items():
                samples.setdefault((command, variant), []).append(timed(argv, src))
    rows = []
    for (command, variant), runs in samples.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        rows.append([command, variant, statistics.median(walls), min(walls),
                     statistics.median(cpus), min(cpus)])  # fmt: skip
    load = os.getloadavg()[0]
    body = (
        md_table(
            [
                "command",
                "code",
                "wall s (median)",
                "wall s (fastest)",
                "CPU s (median)",
                "CPU s (fastest)",
            ],
            rows,
        )  # fmt: skip
        + f"\n\n{args.runs} runs of each, interleaved; load average at the end {load:.1f} on "
        f"{os.cpu_count()} cores (the machine is shared: CPU seconds are the steadier figure).\n"
        "Each run is a fresh `newsfuse` process; the new code imports the heavy modules "
        "(numpy, spaCy, the store, trafilatura, pydantic settings, the batch engines) only in "
        "the commands that use them, and reads a text file without importing the HTML, feed "
        "and WARC parsers.\n"
    )
    out = write_results("startup", "CLI start-up", body, out_dir=args.out_dir)
    print(out.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
