from __future__ import annotations

from pathlib import Path
from typing import Any

from newsfuse.fusion.frames import parse_texts
from newsfuse.fusion.parses import CachedParser


def test_each_distinct_text_is_parsed_once_and_parses_match(
    seed_paths: list[Path], nlp: Any
) -> None:
    lines = [ln for ln in seed_paths[0].read_text().splitlines() if len(ln.split()) >= 6][:6]
    parser = CachedParser(nlp)
    first = parse_texts([*lines, lines[0]], nlp=parser)  # a text repeated within one call
    again = parse_texts(lines[:3], nlp=parser)  # and across calls (another stage)
    assert parser.parsed == len(set(lines))
    assert parser.reused == 4
    assert again[0] is first[0] and first[-1] is first[0]
    direct = parse_texts(lines, nlp=nlp)
    for cached, plain in zip(first, direct, strict=False):
        assert [(t.text, t.dep_, t.head.i, t.lemma_) for t in cached] == [
            (t.text, t.dep_, t.head.i, t.lemma_) for t in plain
        ]
    assert parser.pipe_names == nlp.pipe_names  # everything else is the wrapped pipeline's
