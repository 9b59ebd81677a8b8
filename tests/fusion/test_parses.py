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


def test_a_bounded_parser_forgets_the_least_recently_used_texts(
    seed_paths: list[Path], nlp: Any
) -> None:
    lines = [ln for ln in seed_paths[1].read_text().splitlines() if len(ln.split()) >= 6][:4]
    parser = CachedParser(nlp, max_texts=2)
    first = parse_texts(lines[:2], nlp=parser)
    parse_texts([lines[0]], nlp=parser)  # lines[0] is now the most recently used
    parse_texts(lines[2:3], nlp=parser)  # so lines[1] is forgotten
    assert len(parser) == 2
    assert parse_texts([lines[0]], nlp=parser)[0] is first[0]
    assert parser.parsed == 3
    again = parse_texts([lines[1]], nlp=parser)[0]
    assert again is not first[1] and parser.parsed == 4
    assert [(t.tag_, t.dep_, t.head.i, t.lemma_) for t in again] == [
        (t.tag_, t.dep_, t.head.i, t.lemma_) for t in first[1]
    ]


def test_a_parser_kept_across_fusions_gives_the_same_report_and_parses_only_new_texts(
    seed_story: tuple[list[Any], list[Any]], fused_seeds: Any, nlp: Any, encoder: Any
) -> None:
    from newsfuse.fusion.embed import EmbeddingCache
    from newsfuse.pipeline import fuse_articles

    articles, analyses = seed_story
    kept, vectors = CachedParser(nlp, max_texts=10_000), EmbeddingCache()
    fuse_articles(articles[:-1], nlp=kept, encoder=encoder, analyses=analyses[:-1], cache=vectors)
    before = kept.parsed
    report = fuse_articles(articles, nlp=kept, encoder=encoder, analyses=analyses, cache=vectors)
    assert 0 < kept.parsed - before < before  # the last article's texts, not all again
    for section in ("facts", "conflicts", "timeline", "framing", "brief", "quotes"):
        assert getattr(report, section) == getattr(fused_seeds, section), section
