"""Saving the stream clusterer's state after a batch: the whole pickle (before) vs changed rows.

Before (session 1): after every batch the whole clusterer was pickled and written over one row
(`cluster_state`), so the save grew with the number of live stories. Now (issue 6) a batch
writes only what it changed: the stories it touched, their new recent members, the terms it
counted and the counters (newsfuse.cluster.state, newsfuse.store.stream). Both are measured on
the same clusterer and the same SQLite file in one run, for 1,000 and 10,000 live stories
(the ECB+ dev articles again and again with terms renamed per round, freezing off), with
batches of one article (a POST /api/articles) and of 20 (an ingest batch). Then the state
is reloaded in a fresh store handle and checked to place the next articles exactly as the
running clusterer.

A second table times rebuilding the state from the stored articles (what an upgrade from
schema 3 needs, `newsfuse stories --rebuild`) beside the normal reload from the saved rows, on
one SQLite file of real dev articles ingested through `StoryAssigner`.

Run: .venv/bin/python bench/stream_state.py [--quick] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import DATA, md_table, write_results  # noqa: E402
from newsfuse.cluster import ArticleFeatures, ClusterOptions, StoryClusterer  # noqa: E402
from newsfuse.cluster.datasets import load_labelled  # noqa: E402
from newsfuse.cluster.features import extract_features  # noqa: E402
from newsfuse.cluster.live import StoryAssigner  # noqa: E402
from newsfuse.cluster.state import StateTracker, restore  # noqa: E402
from newsfuse.models import Article  # noqa: E402
from newsfuse.store import Store, open_store  # noqa: E402
from newsfuse.store.records import now_iso  # noqa: E402
from newsfuse.store.schema import cluster_state  # noqa: E402

OPTIONS = ClusterOptions(freeze_after_articles=10**9, freeze_after_days=1e9)
NOTES = """## Notes

- "whole pickle" is the session-1 save: `pickle.dumps` of the clusterer, then the one
  `cluster_state` row deleted and inserted in a transaction. "changed rows" is the locked
  transaction of `Store.stream_transaction` writing `StateTracker.delta`. Times are per batch,
  the mean over the batches measured; CPU is this process's (the SQLite writes are in-process).
- The live stories are grown as `grow` says: round 0 clustered by `add`, later rounds
  replayed into copies of round 0's stories (session 2 grew all rounds by `add`, which for
  10,000 stories would take over 20 CPU minutes here). The measured batches then go to the
  live clusterer by `add` between saves exactly as in `StoryAssigner`; the reload check
  restores the rows into a new clusterer and compares the next 20 placements.
- The rebuild replays every stored article (ECB+ and MMDS dev, copied per round with a
  marked text) with the live path's features (no names), inside the locked transaction; the
  reload restores the rows the live path saved. "same stories" compares each live story's
  member set with the clusterer's that saved them (a rebuilt story lists its members in
  arrival order; a story that absorbed another listed the other's members after its own).
- The machine is shared with other engineers' jobs (2 cores): trust CPU over wall time.
"""


def replay(base: Sequence[ArticleFeatures], start: int) -> Iterator[ArticleFeatures]:
    """The dev articles again and again from position ``start``, terms renamed per round."""
    i = start
    while True:
        item = base[i % len(base)]
        round_ = i // len(base)
        terms = {f"{k}~{round_}": v for k, v in item.terms.items()}
        yield replace(item, article_id=f"{item.article_id}~{round_}", terms=terms)
        i += 1


def save_whole(store: Store, clusterer: StoryClusterer) -> int:
    blob = pickle.dumps((1, clusterer))
    with store.engine.begin() as conn:
        conn.execute(cluster_state.delete().where(cluster_state.c.key == "stream"))
        conn.execute(cluster_state.insert().values(key="stream", state=blob, saved_at=now_iso()))
    return len(blob)


def save_rows(store: Store, clusterer: StoryClusterer, tracker: StateTracker) -> int:
    with store.stream_transaction() as tx:
        delta = tracker.delta(clusterer)
        tx.write(delta, [])
    return len(delta.meta) + sum(len(r.state) for r in [*delta.stories, *delta.members_added])


def timed(save: object, *args: object) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    size = save(*args)  # type: ignore[operator]
    return time.perf_counter() - wall, time.process_time() - cpu, size


def grow(
    base: Sequence[ArticleFeatures], stories: int
) -> tuple[StoryClusterer, StateTracker, Iterator[ArticleFeatures]]:
    """A clusterer holding ``stories`` live stories, a tracker that has saved nothing, and the
    stream that continues it. Round 0 of the dev articles is clustered by ``add``; later
    rounds (terms renamed) are replayed into copies of round 0's stories with
    ``StoryClusterer.replay``: the same story shapes, without the candidate search that made
    growing 10,000 live stories take over 20 CPU minutes here."""
    first = StoryClusterer(options=OPTIONS)
    for item in base:
        first.add(item)
    home = {a: s.id for s in first.stories() for a in s.article_ids}
    clusterer, stream = StoryClusterer(options=OPTIONS), replay(base, 0)
    placed = 0
    while len(clusterer) < stories:
        item, original = next(stream), base[placed % len(base)].article_id
        clusterer.replay(item, f"{home[original]}~{placed // len(base)}")
        placed += 1
    live, terms = dict.fromkeys(clusterer.live_ids()), set(clusterer.dfs.df)
    tracker = StateTracker(decays=clusterer.decays, terms=terms, touched=live)
    return clusterer, tracker, stream


def measure(base: Sequence[ArticleFeatures], stories: int, batches: int) -> list[list[object]]:
    clusterer, tracker, stream = grow(base, stories)
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "s.db") as store:
        first = timed(save_rows, store, clusterer, tracker)
        rows.append([stories, "changed rows, first save (everything)", 1, *_ms(first), "-"])
        for size in (1, 20):
            results = {"whole pickle": [], "changed rows": []}  # type: dict[str, list]
            for _ in range(batches):
                for _ in range(size):
                    item = next(stream)
                    tracker.observe(clusterer.add(item), item.terms)
                results["changed rows"].append(timed(save_rows, store, clusterer, tracker))
                results["whole pickle"].append(timed(save_whole, store, clusterer))
            for name, got in results.items():
                mean = [sum(g[i] for g in got) / len(got) for i in range(3)]
                rows.append([stories, name, size, *_ms(mean), len(clusterer)])
        check = exact_reload(store, clusterer, stream)
    rows.append([stories, f"reload then next 20 placements identical: {check}", "-", "-", "-",
                 "-", "-"])  # fmt: skip
    return rows


def _ms(result: Sequence[float]) -> list[object]:
    return [f"{1000 * result[0]:.1f}", f"{1000 * result[1]:.1f}", f"{result[2] / 1024:.0f}"]


def exact_reload(
    store: Store, clusterer: StoryClusterer, stream: Iterator[ArticleFeatures]
) -> bool:
    with store.stream_transaction() as tx:
        rows = tx.load()
    reloaded = restore(rows, options=OPTIONS)
    upcoming = [next(stream) for _ in range(20)]
    return [reloaded.add(f) for f in upcoming] == [clusterer.add(f) for f in upcoming]


def measure_rebuild(articles: Sequence[Article], rounds: int) -> list[list[object]]:
    """Store ``rounds`` copies of the articles (each copy's text marked, so a new content id)
    through the live path, then time a reload from rows and a rebuild from the articles."""
    copies = [replace(a, id=f"{a.id}~{r}", text=f"{a.text}\n[{r}]")
              for r in range(rounds) for a in articles]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "r.db") as store:
        assigner = StoryAssigner(store)
        for start in range(0, len(copies), 64):  # the ingest batch size
            batch = copies[start : start + 64]
            assigner(batch, store.add_articles(batch))
        saved = {s.id: set(s.article_ids) for s in assigner.clusterer.stories()}
        reload = timed(lambda: len(StoryAssigner(store).load()))
        rebuilt = StoryAssigner(store)
        rebuild = timed(rebuilt.rebuild)
        same = {s.id: set(s.article_ids) for s in rebuilt.clusterer.stories()} == saved
    n = len(copies)
    return [
        [n, "reload from the saved rows", f"{reload[0]:.2f}", f"{reload[1]:.2f}",
         f"{1000 * reload[1] / n:.2f}", reload[2]],
        [n, f"rebuild from the stored articles (same stories: {same})", f"{rebuild[0]:.2f}",
         f"{rebuild[1]:.2f}", f"{1000 * rebuild[1] / n:.2f}", rebuild[2]],
    ]  # fmt: skip


REBUILD_HEADERS = ["stored articles", "state from", "wall s", "CPU s", "CPU ms per article",
                   "live stories"]  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 live stories, 3 batches")
    parser.add_argument("--out-dir", type=Path, default=None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--batches", type=int, default=3, help="batches measured per row")
    parser.add_argument("--rounds", type=int, default=3, help="copies of the dev sets rebuilt")
    args = parser.parse_args(argv)
    data = load_labelled(DATA / "clustering" / "ecbplus_dev.jsonl")
    articles = data.articles[:60] if args.quick else data.articles
    base = list(extract_features(articles, nlp=None))
    sizes, batches = ((200,), 3) if args.quick else (tuple(args.sizes), args.batches)
    rows = []
    for stories in sizes:
        rows += measure(base, stories, batches)
        print(md_table(HEADERS, rows[-6:]), flush=True)
    mmds = load_labelled(DATA / "clustering" / "mmds_dev.jsonl").articles
    stored = articles if args.quick else (*articles, *mmds)
    rebuilt = measure_rebuild(stored, 1 if args.quick else args.rounds)
    print(md_table(REBUILD_HEADERS, rebuilt), flush=True)
    body = (
        "## Save time per batch (SQLite, one file)\n\n" + md_table(HEADERS, rows) + "\n\n"
        "## Rebuilding the state from the stored articles (SQLite, one file)\n\n"
        + md_table(REBUILD_HEADERS, rebuilt)
        + "\n\n"
        + NOTES
    )
    out = write_results("stream_state", "Saving the stream clusterer's state", body,
                        out_dir=args.out_dir)  # fmt: skip
    print(f"wrote {out}")
    return 0


HEADERS = ["live stories", "save", "articles per batch", "wall ms", "CPU ms", "KiB written",
           "live stories after"]  # fmt: skip

if __name__ == "__main__":
    raise SystemExit(main())
