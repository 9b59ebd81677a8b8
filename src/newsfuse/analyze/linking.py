"""`link_speakers`: give each quote the id of the resolved entity that speaks it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsfuse.analyze.resolve import name_key
from newsfuse.models import DocAnalysis, Entity, Quote, Span


def link_speakers(analyses: Sequence[DocAnalysis], entities: Sequence[Entity]) -> list[DocAnalysis]:
    """The analyses with ``Quote.speaker_entity`` set where the speaker is a resolved entity.

    A speaker links through its named referent (``speaker_ref``) or its own span when an
    entity mention overlaps it in the same article, else through its name (any alias of an
    entity, compared with `name_key`). Unlinkable speakers ("State media") keep None.
    """
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    by_name: dict[str, str] = {}
    for entity in entities:
        for m in entity.mentions:
            by_doc.setdefault(m.doc, []).append((m.start, m.end, entity.id))
        for alias in entity.aliases:
            by_name.setdefault(name_key(alias), entity.id)
    out = []
    for analysis in analyses:
        spans = by_doc.get(analysis.article_id, [])
        quotes = tuple(_linked(q, spans, by_name) for q in analysis.quotes)
        out.append(replace(analysis, quotes=quotes))
    return out


def _linked(quote: Quote, spans: list[tuple[int, int, str]], by_name: dict[str, str]) -> Quote:
    for span in (quote.speaker_ref, quote.speaker_span):
        found = _overlapping(span, spans)
        if found is not None:
            return replace(quote, speaker_entity=found)
    if quote.speaker is not None and name_key(quote.speaker) in by_name:
        return replace(quote, speaker_entity=by_name[name_key(quote.speaker)])
    return quote


def _overlapping(span: Span | None, spans: list[tuple[int, int, str]]) -> str | None:
    if span is None:
        return None
    for start, end, entity_id in spans:
        if start < span.end and span.start < end:
            return entity_id
    return None
