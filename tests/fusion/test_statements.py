"""Statements: the crash on copies that differ only in spacing, and fuzzed ends of texts."""

from __future__ import annotations

from typing import Any

from newsfuse.analyze import analyze_articles
from newsfuse.fusion.statements import extract_statements
from newsfuse.models import Article, content_id
from newsfuse.pipeline import fuse_articles

_SPACED = (
    "The Heat won 101-95 on Tuesday night in Miami.  Chris Bosh finished with a double  -  "
    "double (11 points,  11 rebounds), as the crowd cheered and stood."
)


def _article(text: str, source: str) -> Article:
    return Article(id=content_id(text), text=text, source=source)


def test_copies_in_other_spacing_keep_the_report(nlp: Any, encoder: Any) -> None:
    """Two texts with the same words but other spacing share an id; fusing them with their
    analyses used the first one's offsets on the second (shorter) text: IndexError."""
    spaced, tight = _article(_SPACED, "a"), _article(" ".join(_SPACED.split()), "b")
    assert spaced.id == tight.id and len(tight.text) < len(spaced.text)
    analyses = analyze_articles([spaced, tight], nlp=nlp)
    report = fuse_articles([spaced, tight], nlp=nlp, encoder=encoder, analyses=analyses)
    assert [d.text for d in report.documents] == [spaced.text]
    assert any("double" in f.statement for f in report.facts)


def test_statements_skip_an_analysis_of_another_text(nlp: Any) -> None:
    spaced, tight = _article(_SPACED, "a"), _article(" ".join(_SPACED.split()), "b")
    (analysis,) = analyze_articles([spaced], nlp=nlp)
    statements = extract_statements([tight], [analysis])
    assert all(tight.text[s.start : s.end] == s.text for s in statements)
