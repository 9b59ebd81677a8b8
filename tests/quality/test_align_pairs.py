"""Quality gate: statements that state one claim in other words align, on held-out pairs.

The labelled cross-report pairs of bench/align_pairs.jsonl (labelled by reading; guide in
bench/align_guide.md) from the NeuS stories of the "check" half, which no threshold was tuned
on. Only the alignment stage runs (analysis, statements, vectors, align with the parser), to
keep the gate well under a minute; bench/align.py measures the whole pipeline beside the base.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from newsfuse.analyze import analyze_articles, resolve_entities
from newsfuse.fusion.align import align
from newsfuse.fusion.parses import CachedParser
from newsfuse.fusion.statements import extract_statements

# Just under what the check half reaches (bench/results/align.md); only ever raise them.
PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.45


@pytest.mark.slow
def test_same_claims_in_other_words_align_on_held_out_pairs(
    nlp: Any, encoder: Any, load_bench: Callable[[str], ModuleType]
) -> None:
    data = load_bench("align_data")
    bench = load_bench("align")
    pairs = [
        p for p in data.load_pairs() if p["set"] == "neus" and data.half_of(p["story"]) == "check"
    ]
    assert len(pairs) >= 60
    wanted = {p["story"] for p in pairs}
    stories = [s for s in data.neus_stories() if s.id in wanted]
    parser = CachedParser(nlp)
    facts_by_story = {}
    for story in stories:
        docs = data.articles(story)
        found = analyze_articles(docs, nlp=nlp)
        statements = extract_statements(docs, found, resolve_entities(docs, found))
        vectors = encoder.encode([s.text for s in statements], normalize_embeddings=True)
        index = {d.id: i for i, d in enumerate(docs)}
        facts_by_story[story.id] = [
            [[index[e.doc], e.start, e.end] for e in f.evidence]
            for f in align(statements, vectors, nlp=parser)
        ]
    got = [bench.aligned(facts_by_story[p["story"]], p["a"], p["b"]) for p in pairs]
    same = [p["label"] == "same" for p in pairs]
    tp = sum(g and s for g, s in zip(got, same, strict=True))
    precision = tp / max(1, sum(got))
    recall = tp / max(1, sum(same))
    assert precision >= PRECISION_FLOOR, (precision, recall)
    assert recall >= RECALL_FLOOR, (precision, recall)
