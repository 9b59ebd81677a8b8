"""The brief never states one fact twice, on a real three-outlet story (NeuS dev)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from newsfuse.pipeline import fuse_articles

# Two brief sentences this close (MiniLM cosine) say one thing (bench/align.py REPEAT_COSINE).
REPEAT = 0.75


def test_no_brief_sentence_repeats_another_on_a_three_outlet_story(
    nlp: Any, encoder: Any, load_bench: Callable[[str], ModuleType]
) -> None:
    data = load_bench("align_data")
    # Three outlets on one election night: each reports the win in its own words.
    story = next(s for s in data.neus_stories() if s.id == "neus-61")
    report = fuse_articles(data.articles(story), nlp=nlp, encoder=encoder, brief_words=120)
    brief = [s.text for s in report.brief]
    assert len(brief) >= 3
    cited = [f for s in report.brief for f in s.fact_ids]
    assert len(cited) == len(set(cited))
    assert any(f.support >= 2 for f in report.facts)
    vectors = encoder.encode(brief, normalize_embeddings=True)
    sims = vectors @ vectors.T
    for i in range(len(brief)):
        for j in range(i + 1, len(brief)):
            assert sims[i, j] < REPEAT, (brief[i], brief[j])
