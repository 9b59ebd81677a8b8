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
    .venv/bin/python bench/batch.py --sizes 10000 --work-dir /data/bench-batch  # resumable

Each configuration's command runs in its own session: Ctrl-C stops it and all its processes
(Ray's included) cleanly. Ray runs get ``RAY_worker_niceness=0`` unless the environment sets
it (Ray starts its workers at niceness 15, which starves them on a loaded machine). With
``--work-dir`` the input shards, job folders and measured segments stay there: a run stopped
mid-configuration continues where the job stopped (finished partitions and stories are kept),
its CPU seconds summed over the segments and its peak memory the largest of them, and the row
says "resumed, N segments"; a configuration already finished is not run again.

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
import signal
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
    """Run one configuration in its own session; its measurements (and the job's stage
    seconds). Ctrl-C stops the whole process group, then re-raises."""
    command = [str(ROOT / ".venv/bin/newsfuse"), "batch", *map(str, shards), "--out", str(out),
               "--engine", engine, "--format", "parquet", *extra]  # fmt: skip
    if workers:
        command += ["--workers", str(workers)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    if engine == "ray":
        env.setdefault("RAY_worker_niceness", "0")
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)  # fmt: skip
    sampler = Sampler(proc.pid)
    try:
        stdout, stderr = proc.communicate()
    except KeyboardInterrupt:
        stop_group(proc)
        sampler.stop()  # what the stopped segment used, for a resumed row
        raise KeyboardInterrupt("stopped", sampler.cpu(), sampler.peak / 2**20) from None
    except BaseException:
        stop_group(proc)
        raise
    finally:
        sampler.stop()
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stdout.decode()}\n{stderr.decode()}")
    manifest = json.loads((out / "manifest.json").read_text())
    stories = len((out / "stories.jsonl").read_text().splitlines())
    return {"seconds": elapsed, "cpu": sampler.cpu(), "peak_mib": sampler.peak / 2**20,
            "stories": stories,
            **{f"t_{k}": v for k, v in manifest["seconds"].items()}}  # fmt: skip


class Sampler:
    """Samples a process tree's resident memory (peak) and CPU seconds every 0.2 s."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0
        self.seen: dict[int, float] = {}
        self.started = time.perf_counter()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, tree_sample(self.pid, self.seen))
            time.sleep(0.2)

    def stop(self) -> None:
        self.done.set()
        self.thread.join()

    def cpu(self) -> float:
        return sum(self.seen.values())


def stop_group(proc: subprocess.Popen[bytes], *, grace: float = 30.0) -> None:
    """Stop a command started in its own session and everything it started: SIGINT (the
    command exits cleanly, Ray shuts down), then SIGTERM, then SIGKILL, each given ``grace``
    seconds, until no process of the group is left (a shell's background jobs ignore SIGINT
    and outlive it, so the leader's exit is not enough)."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        if not _signal_group(proc.pid, sig):
            break
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _signal_group(proc.pid, 0):
            proc.poll()  # reaps the leader once it exits
            time.sleep(0.1)
    proc.wait()


def _signal_group(pgid: int, sig: int) -> bool:
    """Send ``sig`` to a process group; False when no process of it is left."""
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        return False
    return True


SETS = {"ECB+ dev": ("ecbplus_dev.jsonl", None), "MMDS dev": ("mmds_dev.jsonl", "166")}
QUALITY_HEADERS = ["set", "articles", "path", "stories", "B3 P", "B3 R", "B3 F1",
                   "agreement with cluster_batch (ARI)", "CPU s"]  # fmt: skip
SIZE_HEADERS = ["articles", "engine", "stories", "seconds", "articles/s", "CPU s",
                "CPU s/article", "peak MiB (tree)",
                "analyse s", "cluster s", "fuse s", "write s"]  # fmt: skip


def reference_labels(shard: Path, ids: list[str]) -> list[str]:
    """`cluster_batch` over the clusterer's own features (names by NER, as bench/cluster.py
    extracts them) of the shard's articles as the batch path ingests them (same readers, so
    the same texts and publication dates), in file order; labels in the order of ``ids``
    (the dev file's ids): the partition the batch path is compared with."""
    from newsfuse.cluster import cluster_batch, extract_features
    from newsfuse.ingest import read_sources
    from newsfuse.models import Article
    from newsfuse.nlp import load_spacy

    articles = [a for a in read_sources([shard]) if isinstance(a, Article)]
    nlp = load_spacy()
    with nlp.select_pipes(enable=["ner"]):
        feats = extract_features(articles, nlp=nlp)
    found = cluster_batch(feats).labels_for([a.id for a in articles])
    labels = dict(zip([a.external_id for a in articles], found, strict=True))
    return [labels.get(i, f"missing-{i}") for i in ids]


def quality(configs: list[str], tmp: Path) -> list[list[object]]:
    """B-cubed of the batch path (``--no-fuse``) per engine, beside cluster_batch's."""
    from newsfuse.cluster.datasets import load_labelled
    from newsfuse.cluster.metrics import singleton_labels

    rows: list[list[object]] = []
    for name, (file, catch) in SETS.items():
        data = load_labelled(DATA / "clustering" / file)
        gold = singleton_labels(data.events, catch_all=catch)
        ids = [a.id for a in data.articles]
        # The dev file itself: `load_labelled` gives the articles as ingested, and writing
        # those back out would have the batch path ingest them a second time.
        shard = DATA / "clustering" / file
        clock = time.process_time()
        ref = reference_labels(shard, ids)
        rows.append(_scored(name, "cluster_batch (file order, as ingested)", gold, ref, ref,
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
            "as in bench/cluster.py), beside `cluster_batch` over the same features (the "
            "articles as the batch path ingests them, so the same texts and dates) in file "
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
        "process tree. Stage columns are wall seconds from the job's manifest (of the last "
        "segment, for a resumed row). Each configuration runs in its own session; Ray runs get "
        "`RAY_worker_niceness=0` (Ray's default of 15 starves its workers on a loaded machine). "
        'A row marked "resumed, N segments" was stopped and continued on the same job folder '
        "(`--work-dir`): its CPU and wall seconds are summed over the segments, its peak memory "
        "is the largest of them.\n\n" + md_table(SIZE_HEADERS, rows)
    )
    body = "\n\n".join(parts)
    return write_results("batch", "Batch mode: local engine and Ray", body, out_dir=out_dir)


def measure(shards: list[Path], folder: Path, size: int, name: str) -> list[object]:
    """One configuration's row; with segments kept in ``folder``, a stopped run resumes.

    Each run of the command is a segment, saved (also when stopped by Ctrl-C) in
    ``segments-SIZE-NAME.json``: CPU and wall seconds are summed over segments, peak memory is
    the largest, and a configuration whose last segment finished is not run again.
    """
    engine, workers = CONFIGS[name]
    out = folder / f"out-{size}-{name}"
    log = folder / f"segments-{size}-{name}.json"
    segments: list[dict[str, Any]] = json.loads(log.read_text()) if log.is_file() else []
    if not (segments and segments[-1].get("complete")):
        started = time.perf_counter()
        try:
            got: dict[str, Any] = {**run_one(shards, out, engine=engine, workers=workers),
                                   "complete": True}  # fmt: skip
        except KeyboardInterrupt as stop:
            cpu, peak = stop.args[1:3] if len(stop.args) == 3 else (0.0, 0.0)
            got = {"seconds": time.perf_counter() - started, "cpu": cpu, "peak_mib": peak,
                   "complete": False}  # fmt: skip
            log.write_text(json.dumps([*segments, got], indent=1))
            raise
        segments.append(got)
        log.write_text(json.dumps(segments, indent=1))
    return size_row(size, name, segments)


def size_row(size: int, name: str, segments: list[dict[str, Any]]) -> list[object]:
    """A table row from a configuration's segments (one unless it was stopped and resumed)."""
    last = segments[-1]
    seconds = sum(float(s["seconds"]) for s in segments)
    cpu = sum(float(s["cpu"]) for s in segments)
    label = name if len(segments) == 1 else f"{name} (resumed, {len(segments)} segments)"
    stages = [last.get(f"t_{k}", 0.0) for k in ("analyse", "cluster", "fuse", "write")]
    return [size, label, int(last["stories"]), seconds, size / seconds, cpu, cpu / size,
            max(float(s["peak_mib"]) for s in segments), *stages]  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--configs", default=",".join(CONFIGS), help="local,ray-1,ray-2")
    parser.add_argument("--quick", action="store_true", help="8 articles: a smoke run")
    parser.add_argument("--no-quality", action="store_true", help="skip the B-cubed part")
    parser.add_argument("--quality-only", action="store_true", help="only the B-cubed part")
    parser.add_argument("--out-dir", type=Path, default=None, help="where batch.md goes")
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=None,
        help="keep shards, jobs and segments here, so a stopped run resumes",
    )
    args = parser.parse_args(argv)
    sizes = [8] if args.quick else [int(s) for s in args.sizes.split(",")]
    configs = args.configs.split(",")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        folder = args.work_dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        checked = [] if args.quick or args.no_quality else quality(configs, Path(tmp))
        if args.quality_only:
            path = report(checked, [], args.out_dir, name="batch_quality")
            print(f"wrote {path}")
            return
        rows: list[list[object]] = []
        path = report(checked, rows, args.out_dir)
        for size in sizes:
            shards = replay_once(size, folder / f"in-{size}")
            for name in configs:
                rows.append(measure(shards, folder, size, name))
                print(md_table(SIZE_HEADERS, rows[-1:]).splitlines()[-1], flush=True)
                path = report(checked, rows, args.out_dir)
                if args.work_dir is None:
                    shutil.rmtree(folder / f"out-{size}-{name}", ignore_errors=True)
    print(md_table(SIZE_HEADERS, rows))
    print(f"wrote {path}")


def replay_once(size: int, folder: Path) -> list[Path]:
    """The replayed shards of ``size`` articles, written once per folder (a resumed job must
    read the very same files, or its partitions would not be recognised)."""
    done = folder / "DONE"
    if done.is_file():
        return [folder / name for name in done.read_text().split()]
    shards = replay(size, folder)
    done.write_text("\n".join(p.name for p in shards))
    return shards


if __name__ == "__main__":
    main()
