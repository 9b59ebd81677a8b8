"""`link_speakers`: give each quote the id of the resolved entity that speaks it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from newsfuse.analyze.lexicon import is_title
from newsfuse.analyze.resolve import name_key
from newsfuse.models import Article, DocAnalysis, Entity, Quote, Span

# How far before a person's name its title may start ("Defense Minister Gen. " is 22).
_ROLE_WINDOW = 40


def link_speakers(
    analyses: Sequence[DocAnalysis],
    entities: Sequence[Entity],
    *,
    articles: Sequence[Article] = (),
) -> list[DocAnalysis]:
    """The analyses with ``Quote.speaker_entity`` set where the speaker is a resolved entity.

    A speaker links through its named referent (``speaker_ref``) or its own span when an
    entity mention overlaps it in the same article, else through its name (any alias of an
    entity, compared with `name_key`). With `articles`, a role ("Damascus’s defense
    minister") links to the one person some article introduces with that role ("Defense
    Minister Gen. Ali Mahmoud Abbas"); a role several people hold links to nobody.
    Unlinkable speakers ("State media") keep None.
    """
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    by_name: dict[str, str] = {}
    for entity in entities:
        for m in entity.mentions:
            by_doc.setdefault(m.doc, []).append((m.start, m.end, entity.id))
        for alias in entity.aliases:
            by_name.setdefault(name_key(alias), entity.id)
    roles = _RoleIndex(articles, entities)
    out = []
    for analysis in analyses:
        spans = by_doc.get(analysis.article_id, [])
        quotes = tuple(roles.link(_linked(q, spans, by_name)) for q in analysis.quotes)
        out.append(replace(analysis, quotes=quotes))
    return out


class _RoleIndex:
    """Who each article introduces with a title ("Defense Minister ... Abbas")."""

    def __init__(self, articles: Sequence[Article], entities: Sequence[Entity]) -> None:
        texts = {a.id: a.text for a in articles}
        self.before: list[tuple[str, str]] = []  # (words before a person mention, entity id)
        for entity in entities:
            if entity.type != "PERSON":
                continue
            for m in entity.mentions:
                if m.doc in texts:
                    lead = texts[m.doc][max(0, m.start - _ROLE_WINDOW) : m.start]
                    self.before.append((" ".join(lead.casefold().split()), entity.id))

    def link(self, quote: Quote) -> Quote:
        if quote.speaker_entity is not None or quote.speaker_span is None:
            return quote
        role = _role(quote.speaker_span.text)
        if role is None:
            return quote
        found = {entity_id for lead, entity_id in self.before if role in lead}
        return replace(quote, speaker_entity=found.pop()) if len(found) == 1 else quote


def _role(speaker: str) -> str | None:
    """ "Damascus’s defense minister" -> "defense minister"; None unless it ends in a title."""
    words = re.split(r"['’]s\s+", speaker.casefold())[-1].split()
    if not words or not is_title(words[-1]) or any(w[:1].isupper() for w in words):
        return None
    return " ".join(words[-2:])


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
    # The mention must hold the phrase's last word, its head: "Damascus’s defense minister"
    # is no mention of Damascus.
    for start, end, entity_id in spans:
        if start < span.end <= end:
            return entity_id
    return None
