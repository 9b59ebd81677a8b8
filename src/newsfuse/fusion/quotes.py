"""Quotes merged across reports, each with its speaker's resolved entity."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from newsfuse.models import Article, DocAnalysis, Entity, Evidence, Quote, ReportQuote

_NON_WORD = re.compile(r"[^\w]+")
# Token-set ratio at which two quotes are the same words (punctuation, ellipses and a dropped
# word aside).
SAME_QUOTE = 90.0


def merge_quotes(
    articles: Sequence[Article], analyses: Sequence[DocAnalysis], entities: Sequence[Entity]
) -> list[ReportQuote]:
    """One ReportQuote per distinct quote, first occurrence as evidence, the others in ``also``.

    Guarantees: every evidence span slices its article exactly; quote ids depend only on the
    first occurrence; a speaker entity is set when the speaker span overlaps a mention of it.
    """
    merged: list[tuple[ReportQuote, str]] = []
    for article, analysis in zip(articles, analyses, strict=True):
        for quote in analysis.quotes:
            if not quote.text.strip():
                continue
            evidence = Evidence(
                article.id, quote.start, quote.end, article.text[quote.start : quote.end]
            )
            key = _NON_WORD.sub(" ", quote.text).strip().casefold()
            for k, (existing, existing_key) in enumerate(merged):
                if fuzz.token_set_ratio(key, existing_key) >= SAME_QUOTE:
                    merged[k] = (
                        _add(existing, evidence, quote, article.id, entities),
                        existing_key,
                    )
                    break
            else:
                merged.append((_new(evidence, quote, article.id, entities), key))
    return [q for q, _ in merged]


def _new(evidence: Evidence, quote: Quote, doc: str, entities: Sequence[Entity]) -> ReportQuote:
    key = f"{evidence.doc}:{evidence.start}:{evidence.end}"
    return ReportQuote(
        id="q-" + hashlib.sha256(key.encode()).hexdigest()[:12],
        text=evidence.text,
        speaker=quote.speaker,
        speaker_entity=_speaker_entity(quote, doc, entities),
        evidence=evidence,
        direct=quote.direct,
    )


def _add(
    existing: ReportQuote, evidence: Evidence, quote: Quote, doc: str, entities: Sequence[Entity]
) -> ReportQuote:
    if any(e.doc == evidence.doc for e in (existing.evidence, *existing.also)):
        return existing
    speaker, entity = existing.speaker, existing.speaker_entity
    if speaker is None and quote.speaker is not None:
        speaker, entity = quote.speaker, _speaker_entity(quote, doc, entities)
    return ReportQuote(
        id=existing.id,
        text=existing.text,
        speaker=speaker,
        speaker_entity=entity,
        evidence=existing.evidence,
        direct=existing.direct,
        also=(*existing.also, evidence),
    )


def _speaker_entity(quote: Quote, doc: str, entities: Sequence[Entity]) -> str | None:
    span = quote.speaker_span
    if span is None:
        return None
    for entity in entities:
        for m in entity.mentions:
            if m.doc == doc and m.start < span.end and span.start < m.end:
                return entity.id
    return None
