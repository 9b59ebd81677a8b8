from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy

from newsfuse.fusion.attributes import LookupAttributeRuler, Unsupported
from newsfuse.fusion.frames import parse_texts
from newsfuse.fusion.parses import CachedParser


def _lines(seed_paths: list[Path], data_dir: Path) -> list[str]:
    lines = [ln for p in seed_paths for ln in p.read_text().splitlines() if ln.strip()]
    with (data_dir / "clustering" / "mmds_dev.jsonl").open(encoding="utf-8") as handle:
        for row in list(handle)[:40]:
            lines += [ln for ln in json.loads(row)["text"].splitlines() if ln.strip()]
    return lines


def test_lookup_gives_the_attribute_rulers_annotations(
    seed_paths: list[Path], data_dir: Path, nlp: Any
) -> None:
    lines = _lines(seed_paths, data_dir)
    parsed = list(nlp.pipe(lines, disable=["ner", "attribute_ruler"]))
    ruler, lookup = (
        nlp.get_pipe("attribute_ruler"),
        LookupAttributeRuler(nlp.get_pipe("attribute_ruler")),
    )
    for doc in parsed:
        theirs, ours = ruler(doc.copy()), lookup(doc.copy())
        assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in ours] == [
            (t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in theirs
        ], doc.text
    assert sum(map(len, parsed)) > 5_000


def test_fusion_parses_match_the_pipelines_own(seed_paths: list[Path], nlp: Any) -> None:
    lines = [ln for ln in seed_paths[2].read_text().splitlines() if len(ln.split()) >= 6]
    fast, plain = parse_texts(lines, nlp=CachedParser(nlp)), parse_texts(lines, nlp=nlp)
    for ours, theirs in zip(fast, plain, strict=True):
        assert [(t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in ours] == [
            (t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in theirs
        ]


def test_a_pattern_the_lookup_cannot_read_is_refused() -> None:
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "Homs", "LENGTH": 4}]], {"POS": "PROPN"})
    with pytest.raises(Unsupported):
        LookupAttributeRuler(ruler)
