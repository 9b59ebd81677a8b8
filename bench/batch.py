"""Batch mode: articles per second and peak memory of `newsfuse batch`, local engine beside Ray.

Dev articles (the 622 of the ECB+ and MMDS clustering sets, in a fixed shuffle) are replayed to
the wanted size: copy k of an article gets a new id (a line naming the copy is appended to its
text) and a publication date k * 35 days later, so copies fall into separate time blocks and
the stories keep the size they have in the dev sets. Each configuration runs the real command
in a fresh process; peak memory is the largest sum of resident memory over that process and
all its descendants (the Ray runtime and workers included), sampled from /proc every 0.2 s.

    .venv/bin/python bench/batch.py                      # 1,000 and 10,000 articles
    .venv/bin/python bench/batch.py --sizes 1000,10000,50000
    .venv/bin/python bench/batch.py --quick --out-dir /tmp/x   # smoke run
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import DATA, md_table, write_results  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {"local": ("local", None), "ray-1": ("ray", 1), "ray-2": ("ray", 2)}
_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICK = os.sysconf("SC_CLK_TCK")


def replay(size: int, folder: Path, *, shard_lines: int = 1000) -> list[Path]:
    """Write ``size`` replayed dev articles as JSONL shards; returns the shard paths."""
    base: list[dict[str, str]] = []
    for name in ("ecbplus_dev.jsonl", "mmds_dev.jsonl"):
        for line in (DATA / "clustering" / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            base.append({"title": record.get("title") or "", "text": record["text"]})
    # A fixed shuffle, so a size below the dev sets' (622) still spans many stories.
    random.Random(0).shuffle(base)
    folder.mkdir(parents=True, exist_ok=True)
    start = dt.date(2020, 1, 1)
    shards: list[Path] = []
    handle = None
    for n in range(size):
        copy, record = divmod(n, len(base))
        if n % shard_lines == 0:
            if handle:
                handle.close()
            shards.append(folder / f"shard-{len(shards):04d}.jsonl")
            handle = shards[-1].open("w", encoding="utf-8")
        row = dict(base[record])
        row["id"] = f"replay-{n}"
        row["text"] += f"\n\n(Archive copy {copy}.)"
        row["published"] = (start + dt.timedelta(days=35 * copy)).isoformat()
        assert handle is not None
        handle.write(json.dumps(row) + "\n")
    if handle:
        handle.close()
    return shards


def tree_sample(pid: int, cpu: dict[int, float]) -> int:
    """Resident bytes of a process and every descendant (from /proc); records each one's CPU
    seconds so far in ``cpu`` (a worker that exits keeps its last reading)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * _PAGE
            with open(f"/proc/{current}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            cpu[current] = max(cpu.get(current, 0.0), (int(fields[11]) + int(fields[12])) / _TICK)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(c) for c in children.read().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def run_one(shards: list[Path], out: Path, *, engine: str, workers: int | None) -> dict[str, float]:
    command = [str(ROOT / ".venv/bin/newsfuse"), "batch", *map(str, shards), "--out", str(out),
               "--engine", engine, "--format", "parquet"]  # fmt: skip
    if workers:
        command += ["--workers", str(workers)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    cpu: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_sample(proc.pid, cpu))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stdout.decode()}\n{stderr.decode()}")
    manifest = json.loads((out / "manifest.json").read_text())
    stories = len((out / "stories.jsonl").read_text().splitlines())
    return {"seconds": elapsed, "cpu": sum(cpu.values()), "peak_mib": peak / 2**20,
            "stories": stories,
            **{f"t_{k}": v for k, v in manifest["seconds"].items()}}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--configs", default=",".join(CONFIGS), help="local,ray-1,ray-2")
    parser.add_argument("--quick", action="store_true", help="8 articles: a smoke run")
    parser.add_argument("--out-dir", type=Path, default=None, help="where batch.md goes")
    args = parser.parse_args(argv)
    sizes = [8] if args.quick else [int(s) for s in args.sizes.split(",")]
    configs = args.configs.split(",")
    headers = ["articles", "engine", "stories", "seconds", "articles/s", "CPU s", "CPU s/article",
               "peak MiB (tree)",
               "analyse s", "cluster s", "fuse s", "write s"]  # fmt: skip
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        for size in sizes:
            shards = replay(size, Path(tmp) / f"in-{size}")
            for name in configs:
                engine, workers = CONFIGS[name]
                got = run_one(shards, Path(tmp) / f"out-{size}-{name}", engine=engine,
                              workers=workers)  # fmt: skip
                stages = [got.get(f"t_{k}", 0.0) for k in ("analyse", "cluster", "fuse", "write")]
                rows.append([size, name, int(got["stories"]), got["seconds"],
                             size / got["seconds"], got["cpu"], got["cpu"] / size,
                             got["peak_mib"], *stages])  # fmt: skip
                print(md_table(headers, rows[-1:]).splitlines()[-1], flush=True)
    table = md_table(headers, rows)
    print(table)
    body = (
        "Full pipeline (read JSONL shards, analyse, cluster by time blocks, fuse every story, "
        "write parquet + reports) through `newsfuse batch`, each configuration in a fresh "
        "process. Seconds are wall clock including start-up (models, Ray runtime); CPU s is "
        "user + system time of every process in the tree (Ray runtime and workers included), "
        "sampled from /proc; it is the honest measure here, as the machine was shared with other "
        "jobs (wall time depends on their load); peak memory sums resident memory over the "
        "process tree. "
        "Stage columns are wall seconds from the job's manifest.\n\n" + table
    )
    path = write_results("batch", "Batch mode: local engine and Ray", body, out_dir=args.out_dir)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
