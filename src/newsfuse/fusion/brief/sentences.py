"""Every sentence of every article as a single-document fact: the brief's input without align.

Useful where alignment is not wanted (a quick brief of one report) and as the baseline the
aligned facts are measured against in bench/summarize.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.errors import InputError
from newsfuse.models import Article, DocAnalysis, Evidence, Fact


def sentence_facts(articles: Sequence[Article], analyses: Sequence[DocAnalysis]) -> list[Fact]:
    """One fact per non-blank sentence, id ``"<article id>:s<index>"``, support 1.

    Guarantees: each fact's single evidence is the exact sentence span of its article.

    Raises:
        InputError: an analysis names an article that is not among ``articles``.
    """
    docs = {a.id: a for a in articles}
    facts: list[Fact] = []
    for analysis in analyses:
        article = docs.get(analysis.article_id)
        if article is None:
            raise InputError(
                f"analysis of article {analysis.article_id} has no matching article; "
                "pass the articles the analyses were made from"
            )
        for s in analysis.sentences:
            text = article.text[s.start : s.end]
            if not text.strip():
                continue
            evidence = Evidence(article.id, s.start, s.end, text)
            facts.append(
                Fact(
                    id=f"{article.id}:s{s.index}",
                    statement=text.strip(),
                    evidence=(evidence,),
                    doc_ids=(article.id,),
                    support=1,
                    status="single_source",
                )
            )
    return facts
