"""Quality gate: the brief beats LexRank on NeuS on ROUGE-1, ROUGE-2 and ROUGE-Lsum.

LexRank is scored from the peers file by the same code in the same run, so the floor moves
with nothing but the data. The brief here is built over sentence facts (every sentence a
single-document fact) to keep the gate near a minute: the full pipeline's brief is measured
by bench/summarize.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


@pytest.mark.slow
def test_brief_beats_lexrank_on_every_rouge_metric(
    data_dir: Path, nlp: Any, encoder: Any, load_bench: Callable[[str], ModuleType]
) -> None:
    bench = load_bench("summarize")
    stories = bench.load_stories()
    assert len(stories) == 100
    references = [s["reference"] for s in stories]
    lexrank = bench.rouge("lexrank", bench.load_peers()["lexrank"], references)
    docs = bench.read_stories(stories)
    analyses, _ = bench.analyse(docs, nlp)
    words = bench.mean_reference_words(stories)
    briefs, _ = bench.briefs_from_sentences(docs, analyses, encoder=encoder, words=words)
    ours = bench.rouge("newsfuse", briefs, references)
    assert ours.r1 > lexrank.r1
    assert ours.r2 > lexrank.r2
    assert ours.rlsum > lexrank.rlsum
    assert ours.words <= 1.15 * words  # the budget holds: no win by length alone
