"""Quotes merged across reports, each with its speaker's resolved entity."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from newsfuse.models import Article, DocAnalysis, Entity, Evidence, Quote, ReportQuote

_NON_WORD = re.compile(r"[^\w]+")
# Token-set ratio at which two quotes are the same words (punctuation, ellipses and a dropped
# word aside).
SAME_QUOTE = 90.0
_Mentions = dict[str, list[tuple[int, int, str]]]


def merge_quotes(
    articles: Sequence[Article], analyses: Sequence[DocAnalysis], entities: Sequence[Entity]
) -> list[ReportQuote]:
    """One ReportQuote per distinct quote, first occurrence as evidence, the others in ``also``.

    Guarantees: every evidence span slices its article exactly; quote ids depend only on the
    first occurrence; a speaker entity is set when the speaker span overlaps a mention of it.
    """
    merged: list[ReportQuote] = []
    keys: list[str] = []  # merged[k]'s text, normalised
    mentions: _Mentions = {}  # document -> (start, end, entity id), in entity order
    for entity in entities:
        for m in entity.mentions:
            mentions.setdefault(m.doc, []).append((m.start, m.end, entity.id))
    for article, analysis in zip(articles, analyses, strict=True):
        for quote in analysis.quotes:
            if not quote.text.strip():
                continue
            evidence = Evidence(
                article.id, quote.start, quote.end, article.text[quote.start : quote.end]
            )
            key = _NON_WORD.sub(" ", quote.text).strip().casefold()
            # The first earlier quote at or above the threshold (rapidfuzz scans in C++).
            hit = next(
                process.extract_iter(
                    key, keys, scorer=fuzz.token_set_ratio, score_cutoff=SAME_QUOTE
                ),
                None,
            )
            if hit is not None:
                k = hit[2]
                merged[k] = _add(merged[k], evidence, quote, article.id, mentions)
            else:
                merged.append(_new(evidence, quote, article.id, mentions))
                keys.append(key)
    return merged


def _new(evidence: Evidence, quote: Quote, doc: str, mentions: _Mentions) -> ReportQuote:
    key = f"{evidence.doc}:{evidence.start}:{evidence.end}"
    return ReportQuote(
        id="q-" + hashlib.sha256(key.encode()).hexdigest()[:12],
        text=evidence.text,
        speaker=quote.speaker,
        speaker_entity=_speaker_entity(quote, doc, mentions),
        evidence=evidence,
        direct=quote.direct,
    )


def _add(
    existing: ReportQuote, evidence: Evidence, quote: Quote, doc: str, mentions: _Mentions
) -> ReportQuote:
    if any(e.doc == evidence.doc for e in (existing.evidence, *existing.also)):
        return existing
    speaker, entity = existing.speaker, existing.speaker_entity
    if speaker is None and quote.speaker is not None:
        speaker, entity = quote.speaker, _speaker_entity(quote, doc, mentions)
    return ReportQuote(
        id=existing.id,
        text=existing.text,
        speaker=speaker,
        speaker_entity=entity,
        evidence=existing.evidence,
        direct=existing.direct,
        also=(*existing.also, evidence),
    )


def _speaker_entity(quote: Quote, doc: str, mentions: _Mentions) -> str | None:
    """The first entity (in the given order) with a mention overlapping the speaker span."""
    span = quote.speaker_span
    if span is None:
        return None
    for start, end, entity in mentions.get(doc, ()):
        if start < span.end and span.start < end:
            return entity
    return None
