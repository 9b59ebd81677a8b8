"""The alignment dev sets: multi-report stories from NeuS, ECB+ and MMDS dev, split in halves.

- NeuS dev: every story's three outlets' reports (left, centre, right) of one event.
- ECB+ dev: events with two or more reports; each topic holds two events of one kind, so two
  reports of *different* events of one topic make the "must not share facts" pairs.
- MMDS dev: events with two or more reports (the catch-all label 166 left out).

A story's half is fixed by a hash of its id: "tune" (thresholds were chosen on it) or "check"
(reported). Stories are reports as plain-text articles, read the way `newsfuse fuse` reads them.

Labelled pairs (bench/align_pairs.jsonl) point into these stories by set, story id, report index
and the sentence's character offsets in the ingested article text, with the first words of each
sentence as a check; the guide they were labelled by is bench/align_guide.md.

    .venv/bin/python bench/align_data.py                  # the stories of each set and half
    .venv/bin/python bench/align_data.py --candidates 336 > /tmp/candidates.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import DATA  # noqa: E402

PAIRS = Path(__file__).resolve().parent / "align_pairs.jsonl"
CATCH_ALL = {"mmds": "166"}
MAX_REPORTS = 4  # reports of one event fused together (ECB+/MMDS events hold up to ~10)


@dataclass(frozen=True)
class Story:
    set: str  # "neus", "ecb", "mmds"
    id: str
    texts: tuple[str, ...]
    topic: str = ""  # ECB+: the topic, which holds two events of one kind

    @property
    def half(self) -> str:
        return half_of(self.id)


def half_of(story_id: str) -> str:
    digest = hashlib.sha256(story_id.encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "check"


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def neus_stories() -> list[Story]:
    rows = _jsonl(DATA / "summarization" / "neus_dev.jsonl")
    return [Story("neus", r["id"], tuple(r["sources"])) for r in rows]


def event_stories(name: str) -> list[Story]:
    """Events of ECB+ ("ecb") or MMDS ("mmds") dev with two or more reports, the first
    MAX_REPORTS of each in file order."""
    file = {"ecb": "ecbplus_dev.jsonl", "mmds": "mmds_dev.jsonl"}[name]
    by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _jsonl(DATA / "clustering" / file):
        if str(row["event"]) != CATCH_ALL.get(name):
            by_event[str(row["event"])].append(row)
    out = []
    for event, rows in by_event.items():
        if len(rows) >= 2:
            texts = tuple(r["text"] for r in rows[:MAX_REPORTS])
            out.append(Story(name, f"{name}-{event}", texts, str(rows[0].get("topic", ""))))
    return out


def cross_event_pairs(stories: Sequence[Story]) -> list[Story]:
    """For each ECB+ topic with two events: one report of each, fused as if one story."""
    by_topic: dict[str, list[Story]] = defaultdict(list)
    for s in stories:
        if s.set == "ecb":
            by_topic[s.topic].append(s)
    out = []
    for topic, events in sorted(by_topic.items()):
        if len(events) >= 2:
            a, b = events[0], events[1]
            out.append(Story("ecb-x", f"ecb-x-{topic}", (a.texts[0], b.texts[0]), topic))
    return out


def articles(story: Story) -> list[Any]:
    from newsfuse.ingest import article_from_text

    docs = [article_from_text(t, source=f"{story.id}/{i}") for i, t in enumerate(story.texts)]
    return list({d.id: d for d in docs}.values())


def load_pairs(path: Path = PAIRS) -> list[dict[str, Any]]:
    return _jsonl(path)


# --- candidate sampling for labelling ---------------------------------------------------------


def _sentences(stories: Sequence[Story], nlp: Any) -> list[list[list[tuple[int, int, str]]]]:
    from newsfuse.analyze import analyze_articles

    docs = [articles(s) for s in stories]
    found = analyze_articles([d for ds in docs for d in ds], nlp=nlp)
    by_id = {a.article_id: a for a in found}
    return [
        [[(x.start, x.end, d.text[x.start : x.end]) for x in by_id[d.id].sentences] for d in ds]
        for ds in docs
    ]


def candidates(stories: Sequence[Story], *, n: int, seed: int = 15) -> Iterable[dict[str, Any]]:
    """Cross-report sentence pairs, stratified by MiniLM cosine so that hard near-misses
    (same topic, close wording) are as common as easy restatements and easy negatives."""
    from newsfuse.nlp import load_encoder, load_spacy

    rng = random.Random(seed)
    encoder = load_encoder()
    sentences = _sentences(stories, load_spacy())
    buckets: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for story, docs in zip(stories, sentences, strict=True):
        flat = [(d, s) for d, sents in enumerate(docs) for s in sents if len(s[2].split()) >= 5]
        if len(flat) < 2:
            continue
        vec = encoder.encode([s[2] for _, s in flat], normalize_embeddings=True)
        sims = vec @ vec.T
        for i, (da, a) in enumerate(flat):
            for j, (db, b) in enumerate(flat):
                if da < db and sims[i, j] >= 0.3:
                    row = {"set": story.set, "story": story.id, "a": [da, a[0], a[1]]}
                    row |= {"b": [db, b[0], b[1]], "sim": round(float(sims[i, j]), 3)}
                    row |= {"text_a": a[2], "text_b": b[2]}
                    buckets[min(int((sims[i, j] - 0.3) / 0.1), 5)].append(row)
    per = n // len(buckets)
    for _, rows in sorted(buckets.items()):
        yield from rng.sample(rows, min(per, len(rows)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=0, help="sample N pairs to label")
    parser.add_argument("--sets", default="neus,ecb,mmds")
    parser.add_argument("--per-set", type=int, default=40, help="stories per set to sample from")
    args = parser.parse_args(argv)
    if not args.candidates:
        stories = neus_stories() + event_stories("ecb") + event_stories("mmds")
        stories += cross_event_pairs(event_stories("ecb"))
        for name in ("neus", "ecb", "mmds", "ecb-x"):
            halves = [s.half for s in stories if s.set == name]
            print(f"{name}: {halves.count('tune')} tune, {halves.count('check')} check")
        pairs = load_pairs()
        print(
            f"labelled pairs: {len(pairs)}, same claim: {sum(p['label'] == 'same' for p in pairs)}"
        )
        return 0
    rng = random.Random(1)
    chosen: list[Story] = []
    for name in args.sets.split(","):
        pool = neus_stories() if name == "neus" else event_stories(name)
        chosen += rng.sample(pool, min(args.per_set, len(pool)))
    for row in candidates(chosen, n=args.candidates):
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
