from __future__ import annotations

import json
from pathlib import Path

from newsfuse.fusion.derive import DeriveOptions, families, textual
from newsfuse.ingest import article_from_text
from newsfuse.models import Article, Derivation, Report


def dev_articles(data_dir: Path, n: int) -> list[Article]:
    with (data_dir / "clustering" / "ecbplus_dev.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for _, line in zip(range(n), handle, strict=False)]
    return [article_from_text(r["text"], source=r["id"]) for r in rows]


def test_copies_and_light_edits_are_found_unrelated_articles_are_not(data_dir: Path) -> None:
    a, b, c = dev_articles(data_dir, 3)
    words = a.text.split(" ")
    edited = " ".join(words[: len(words) // 2] + ["reportedly"] + words[len(words) // 2 :])
    copy = Article(id="copy", source="copy", text=a.text)
    near = article_from_text(edited, source="edited")
    found = textual([a, b, c, copy, near], options=DeriveOptions())
    pairs = {(d.a, d.b): d for d in found}
    assert pairs[(a.id, "copy")].relation == "duplicate"
    assert pairs[(a.id, near.id)].relation in ("duplicate", "near_duplicate")
    assert all(0.0 <= d.similarity <= 1.0 for d in found)
    assert not any({b.id, c.id} == {d.a, d.b} for d in found)


def test_families_join_copies_only() -> None:
    found = [
        Derivation("a", "b", "near_duplicate", 0.8),
        Derivation("b", "c", "rewrite", 0.7),
        Derivation("c", "d", "shares_content", 0.3),
    ]
    fam = families(["a", "b", "c", "d"], found)
    assert fam == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_the_five_seeds_are_independent(seed_report: Report) -> None:
    assert seed_report.derivation
    for d in seed_report.derivation:
        assert d.relation == "shares_content"
        assert 0.0 <= d.similarity <= 1.0
