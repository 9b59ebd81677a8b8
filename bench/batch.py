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

Before the sizes, the clustering quality of the batch path (analyse and cluster only,
``--no-fuse``) is scored with B-cubed F1 against the gold events of the ECB+ and MMDS dev files,
beside `cluster_batch` over the clusterer's own features in file order (what bench/cluster.py
reports), for the local engine and Ray. The results file is rewritten after every configuration,
so a run stopped early keeps what finished.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

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


def run_one(
    shards: list[Path], out: Path, *, engine: str, workers: int | None, extra: tuple[str, ...] = ()
) -> dict[str, float]:
    command = [str(ROOT / ".venv/bin/newsfuse"), "batch", *map(str, shards), "--out", str(out),
               "--engine", engine, "--format", "parquet", *extra]  # fmt: skip
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


SETS = {"ECB+ dev": ("ecbplus_dev.jsonl", None), "MMDS dev": ("mmds_dev.jsonl", "166")}
QUALITY_HEADERS = ["set", "articles", "path", "stories", "B3 P", "B3 R", "B3 F1",
                   "agreement with cluster_batch (ARI)", "CPU s"]  # fmt: skip
SIZE_HEADERS = ["articles", "engine", "stories", "seconds", "articles/s", "CPU s",
                "CPU s/article", "peak MiB (tree)",
                "analyse s", "cluster s", "fuse s", "write s"]  # fmt: skip


def reference_labels(articles: list[Any]) -> list[str]:
    """`cluster_batch` over the clusterer's own features (names by NER, as bench/cluster.py
    extracts them), articles in file order: the partition the batch path is compared with."""
    from newsfuse.cluster import cluster_batch, extract_features
    from newsfuse.nlp import load_spacy

    nlp = load_spacy()
    with nlp.select_pipes(enable=["ner"]):
        feats = extract_features(articles, nlp=nlp)
    return cluster_batch(feats).labels_for([a.id for a in articles])


def quality(configs: list[str], tmp: Path) -> list[list[object]]:
    """B-cubed of the batch path (``--no-fuse``) per engine, beside cluster_batch's."""
    from newsfuse.cluster.datasets import load_labelled
    from newsfuse.cluster.metrics import singleton_labels

    rows: list[list[object]] = []
    for name, (file, catch) in SETS.items():
        data = load_labelled(DATA / "clustering" / file)
        gold = singleton_labels(data.events, catch_all=catch)
        ids = [a.id for a in data.articles]
        shard = tmp / f"quality-{file}"
        shard.write_text("".join(json.dumps({"id": a.id, "title": a.title, "text": a.text})
                                 + "\n" for a in data.articles), encoding="utf-8")  # fmt: skip
        clock = time.process_time()
        ref = reference_labels(list(data.articles))
        rows.append(_scored(name, "cluster_batch (file order)", gold, ref, ref,
                            time.process_time() - clock))  # fmt: skip
        for config in configs:
            if config == "ray-1" and "ray-2" in configs:
                continue  # one Ray run per set: ray-1 and ray-2 give the same stories (tested)
            engine, workers = CONFIGS[config]
            out = tmp / f"quality-{file}-{config}"
            got = run_one([shard], out, engine=engine, workers=workers,
                          extra=("--no-fuse", "--format", "jsonl"))  # fmt: skip
            lines = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
            story = {r["external_id"]: r["story_id"] for r in map(json.loads, lines)}
            labels = [story.get(i, f"missing-{i}") for i in ids]
            rows.append(_scored(name, f"batch, {config}", gold, labels, ref, got["cpu"]))
            print(md_table(QUALITY_HEADERS, rows[-1:]).splitlines()[-1], flush=True)
    return rows


def _scored(
    name: str, path: str, gold: list[object], labels: list[str], ref: list[str], cpu: float
) -> list[object]:
    from newsfuse.cluster.metrics import agreement, score

    got = score(gold, labels)  # type: ignore[arg-type]
    return [name, len(gold), path, got.n_clusters, got.precision, got.recall, got.f1,
            agreement(labels, ref), cpu]  # fmt: skip


def report(
    quality_rows: list[list[object]],
    rows: list[list[object]],
    out_dir: Path | None,
    *,
    name: str = "batch",
) -> Path:
    """Rewrite the results file with what has finished so far."""
    parts = []
    if quality_rows:
        parts.append(
            "## Clustering quality of the batch path\n\n"
            "`newsfuse batch --no-fuse` over each dev file (the real command, fresh process), "
            "scored against the gold events (B-cubed; MMDS catch-all 166 scored as singletons, "
            "as in bench/cluster.py), beside `cluster_batch` over the same features in file "
            "order. Agreement is the adjusted Rand index between the two partitions. CPU s: "
            "the whole command's process tree (analysis included), or the reference's "
            "feature extraction and clustering.\n\n" + md_table(QUALITY_HEADERS, quality_rows)
        )
    if name != "batch":
        return write_results(name, "Batch mode: clustering quality", parts[0], out_dir=out_dir)
    parts.append(
        "## Speed by size\n\n"
        "Full pipeline (read JSONL shards, analyse, cluster by time blocks, fuse every story, "
        "write parquet + reports) through `newsfuse batch`, each configuration in a fresh "
        "process. Seconds are wall clock including start-up (models, Ray runtime); CPU s is "
        "user + system time of every process in the tree (Ray runtime and workers included), "
        "sampled from /proc; it is the honest measure here, as the machine was shared with other "
        "jobs (wall time depends on their load); peak memory sums resident memory over the "
        "process tree. Stage columns are wall seconds from the job's manifest.\n\n"
        + md_table(SIZE_HEADERS, rows)
    )
    body = "\n\n".join(parts)
    return write_results("batch", "Batch mode: local engine and Ray", body, out_dir=out_dir)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--configs", default=",".join(CONFIGS), help="local,ray-1,ray-2")
    parser.add_argument("--quick", action="store_true", help="8 articles: a smoke run")
    parser.add_argument("--no-quality", action="store_true", help="skip the B-cubed part")
    parser.add_argument("--quality-only", action="store_true", help="only the B-cubed part")
    parser.add_argument("--out-dir", type=Path, default=None, help="where batch.md goes")
    args = parser.parse_args(argv)
    sizes = [8] if args.quick else [int(s) for s in args.sizes.split(",")]
    configs = args.configs.split(",")
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        checked = [] if args.quick or args.no_quality else quality(configs, Path(tmp))
        if args.quality_only:
            sizes = []
            path = report(checked, rows, args.out_dir, name="batch_quality")
        elif checked:
            path = report(checked, rows, args.out_dir)
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
                print(md_table(SIZE_HEADERS, rows[-1:]).splitlines()[-1], flush=True)
                path = report(checked, rows, args.out_dir)
                shutil.rmtree(Path(tmp) / f"out-{size}-{name}", ignore_errors=True)
    print(md_table(SIZE_HEADERS, rows))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
