"""What the HTML template shows, computed from a Report: plain dataclasses, no markup decisions.

Every string here is raw text from the report; the template escapes it (autoescape is on).
The only Markup is a document's body, built by ``marks.mark_text`` from escaped slices.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

from newsfuse.models import (
    Article,
    Conflict,
    Entity,
    Evidence,
    Fact,
    Report,
    ReportQuote,
    TimelineEvent,
)
from newsfuse.render.citations import (
    Citations,
    Cite,
    brief_cites,
    cites_for,
    collect_citations,
    doc_label,
    quote_evidence,
)
from newsfuse.render.marks import mark_text
from newsfuse.render.wordings import SideWords, Wording, conflict_sides, fact_wordings

STATUS_LABELS = {
    "consensus": "Consensus",
    "corroborated": "Corroborated",
    "single_source": "Single source",
    "disputed": "Disputed",
}
RELATION_LABELS = {
    "duplicate": "duplicate",
    "near_duplicate": "near duplicate",
    "rewrite": "rewrite of the same copy",
    "shares_content": "shares content",
}
TYPE_LABELS = {
    "PERSON": "People",
    "ORG": "Organisations",
    "GPE": "Places",
    "LOC": "Places",
    "FAC": "Places",
    "NORP": "Groups and nationalities",
    "EVENT": "Events",
    "OTHER": "Other names",
}


@dataclass(frozen=True, slots=True)
class CiteView:
    doc_no: int
    label: str
    target: str  # an element id in the page: a span key, else the document's section
    span: str | None


@dataclass(frozen=True, slots=True)
class DocView:
    no: int
    anchor: str
    label: str
    doc: Article
    href: str | None  # the source as a link, only for http(s) URLs
    body: Markup


@dataclass(frozen=True, slots=True)
class FactView:
    no: int
    anchor: str
    fact: Fact
    status_label: str
    cites: tuple[CiteView, ...]
    doc_nos: frozenset[int]
    conflict: str | None = None  # the anchor of a disagreement about this fact
    wordings: tuple[QuotedView, ...] = ()  # each report's own words, when they differ

    @property
    def single(self) -> bool:
        """Stated by one report only and not in dispute: listed apart, after the others."""
        return self.fact.support <= 1 and self.fact.status != "disputed"


@dataclass(frozen=True, slots=True)
class QuotedView:
    """Exact words and every place they occur; ``unlinked`` counts evidence with no exact span."""

    text: str
    cites: tuple[CiteView, ...]
    unlinked: int = 0


@dataclass(frozen=True, slots=True)
class SentenceView:
    """A sentence in pieces (text, is the value) and the citations of its values."""

    parts: tuple[tuple[str, bool], ...]
    cites: tuple[CiteView, ...]


@dataclass(frozen=True, slots=True)
class SideView:
    """One side of a conflict: its value, who says it, and their sentences."""

    value: str
    sources: tuple[str, ...]
    sentences: tuple[SentenceView, ...]


@dataclass(frozen=True, slots=True)
class EntityView:
    entity: Entity
    aliases: tuple[str, ...]
    per_doc: tuple[tuple[int, int], ...]  # (document number, mentions)


@dataclass(frozen=True, slots=True)
class ReportView:
    report: Report
    meta: tuple[str, ...]  # dates and provenance for the masthead
    docs: tuple[DocView, ...]
    brief: tuple[tuple[str, tuple[CiteView, ...], str | None], ...]  # text, cites, dispute
    facts: tuple[FactView, ...]
    conflicts: tuple[tuple[Conflict, tuple[SideView, ...]], ...]
    quotes: tuple[tuple[str, tuple[tuple[ReportQuote, QuotedView], ...]], ...]  # by speaker
    timeline: tuple[tuple[TimelineEvent, tuple[CiteView, ...]], ...]
    entity_groups: tuple[tuple[str, tuple[EntityView, ...]], ...]
    coverage: CoverageView


@dataclass(frozen=True, slots=True)
class CoverageView:
    rows: tuple[FactView, ...]  # the matrix rows: facts several reports state, then the rest
    per_doc: tuple[int, ...]  # how many facts each document states, in document order
    unique: tuple[tuple[DocView, tuple[FactView, ...]], ...]
    derivation: tuple[tuple[DocView, DocView, str, int], ...]  # a, b, relation, similarity %
    framing: tuple[tuple[str, tuple[str, ...]], ...]  # referent, terms per document


def build_view(report: Report) -> ReportView:
    """Everything the template needs, with citations resolved to span ids."""
    cits = collect_citations(report)
    docs = tuple(_doc_view(d, i, cits) for i, d in enumerate(report.documents, start=1))
    by_id = {d.doc.id: d for d in docs}
    facts_by_id = {f.id: f for f in report.facts}
    disputes = {
        fid: f"conflict-{i}" for i, c in enumerate(report.conflicts, 1) for fid in c.fact_ids
    }
    facts = tuple(
        _fact_view(f, i, cits, by_id, disputes.get(f.id))
        for i, f in enumerate(report.facts, start=1)
    )
    return ReportView(
        report=report,
        meta=_meta(report),
        docs=docs,
        brief=tuple(
            (
                s.text,
                _cite_views(brief_cites(s, facts_by_id, cits), by_id),
                next((disputes[f] for f in s.fact_ids if f in disputes), None),
            )
            for s in report.brief
        ),
        facts=facts,
        conflicts=tuple(
            (c, tuple(_side_view(side, cits, by_id) for side in conflict_sides(report, c)))
            for c in report.conflicts
        ),
        quotes=_quote_groups(report.quotes, cits, by_id),
        timeline=tuple(
            (e, _cite_views(cites_for(e.evidence, (), cits), by_id)) for e in report.timeline
        ),
        entity_groups=_entity_groups(report.entities, cits),
        coverage=_coverage(report, docs, facts),
    )


def _coverage(report: Report, docs: Sequence[DocView], facts: Sequence[FactView]) -> CoverageView:
    """The unique details, derivation pairs and framing rows of the Coverage section."""
    by_id = {d.doc.id: d for d in docs}
    fact_views = {v.fact.id: v for v in facts}
    return CoverageView(
        rows=tuple(f for f in facts if not f.single) + tuple(f for f in facts if f.single),
        per_doc=tuple(sum(1 for f in facts if d.no in f.doc_nos) for d in docs),
        unique=tuple(
            (by_id[d], tuple(fact_views[f] for f in fids if f in fact_views))
            for d, fids in report.unique.items()
            if d in by_id and fids
        ),
        derivation=tuple(
            (
                by_id[x.a],
                by_id[x.b],
                RELATION_LABELS.get(x.relation, x.relation),
                round(100 * x.similarity),
            )
            for x in report.derivation
            if x.a in by_id and x.b in by_id
        ),
        framing=tuple(
            (f.referent, tuple(_terms(f.terms.get(d.doc.id, {})) for d in docs))
            for f in report.framing
        ),
    )


def _meta(report: Report) -> tuple[str, ...]:
    story = report.story
    parts = []
    if story.first_published:
        parts.append(f"first report {story.first_published}")
    if story.last_published and story.last_published != story.first_published:
        parts.append(f"latest {story.last_published}")
    if report.generated_at:
        parts.append(f"generated {report.generated_at}")
    return tuple(p[0].upper() + p[1:] if i == 0 else p for i, p in enumerate(parts))


def _doc_view(doc: Article, no: int, cits: Citations) -> DocView:
    parts = urlsplit(doc.url or doc.source)
    href = (doc.url or doc.source) if parts.scheme in ("http", "https") and parts.netloc else None
    return DocView(
        no=no,
        anchor=f"doc-{no}",
        label=doc_label(doc),
        doc=doc,
        href=href,
        body=mark_text(doc.text, cits.for_doc(doc.id)),
    )


def _cite_views(cites: Sequence[Cite], docs: dict[str, DocView]) -> tuple[CiteView, ...]:
    return tuple(_cite_view(c, docs) for c in cites)


def _cite_view(cite: Cite, docs: dict[str, DocView]) -> CiteView:
    doc = docs[cite.doc_id]
    key = cite.span.key if cite.span else None
    return CiteView(doc_no=cite.doc_no, label=doc.label, target=key or doc.anchor, span=key)


def _fact_view(
    fact: Fact, no: int, cits: Citations, docs: dict[str, DocView], conflict: str | None
) -> FactView:
    cites = _cite_views(cites_for(fact.evidence, fact.doc_ids, cits), docs)
    wordings = fact_wordings(fact)
    return FactView(
        no=no,
        anchor=f"fact-{no}",
        fact=fact,
        status_label=STATUS_LABELS.get(fact.status, fact.status.replace("_", " ").capitalize()),
        cites=cites,
        doc_nos=frozenset(c.doc_no for c in cites),
        conflict=conflict,
        wordings=tuple(
            QuotedView(w.text, _cite_views(cites_for(w.evidence, w.doc_ids, cits), docs))
            for w in wordings
        )
        if len(wordings) > 1
        else (),
    )


def _side_view(side: SideWords, cits: Citations, docs: dict[str, DocView]) -> SideView:
    return SideView(
        value=side.side.value,
        sources=side.labels,
        sentences=tuple(_sentence_view(w, cits, docs) for w in side.wordings),
    )


def _sentence_view(wording: Wording, cits: Citations, docs: dict[str, DocView]) -> SentenceView:
    """The sentence's pieces and a citation of each value's exact span, in document order."""
    refs = [(ev, cits.ref(ev)) for ev in wording.values if ev.doc in docs]
    cites = sorted((Cite(cits.doc_numbers[ev.doc], ev.doc, ref) for ev, ref in refs), key=_no)
    return SentenceView(wording.parts, tuple(_cite_view(c, docs) for c in cites))


def _no(cite: Cite) -> int:
    return cite.doc_no


def _occurrences(
    text: str, evidence: Sequence[Evidence], cits: Citations, docs: dict[str, DocView]
) -> QuotedView:
    """Words and a citation of every place they occur, in document order."""
    refs = [(ev, cits.ref(ev)) for ev in evidence if ev.doc in docs]
    cites = [Cite(cits.doc_numbers[ev.doc], ev.doc, ref) for ev, ref in refs]
    unlinked = sum(1 for _, ref in refs if ref is None)
    views = tuple(_cite_view(c, docs) for c in sorted(cites, key=lambda c: c.doc_no))
    return QuotedView(text, views, unlinked)


def _quote_groups(
    quotes: Sequence[ReportQuote], cits: Citations, docs: dict[str, DocView]
) -> tuple[tuple[str, tuple[tuple[ReportQuote, QuotedView], ...]], ...]:
    """Quotes by speaker, the most quoted first and unattributed ones last."""
    groups: dict[str, list[tuple[ReportQuote, QuotedView]]] = {}
    for q in quotes:
        view = _occurrences(q.text, quote_evidence(q), cits, docs)
        groups.setdefault(q.speaker or "", []).append((q, view))
    order = sorted(groups, key=lambda who: (who == "", -len(groups[who]), who.casefold()))
    return tuple((who or "Unattributed", tuple(groups[who])) for who in order)


def _entity_groups(
    entities: Sequence[Entity], cits: Citations
) -> tuple[tuple[str, tuple[EntityView, ...]], ...]:
    groups: dict[str, list[EntityView]] = {}
    for ent in sorted(entities, key=lambda e: (-len(e.mentions), e.name.casefold())):
        counts = Counter(m.doc for m in ent.mentions)
        per_doc = tuple(
            sorted((cits.doc_numbers[d], n) for d, n in counts.items() if d in cits.doc_numbers)
        )
        aliases = tuple(a for a in dict.fromkeys(ent.aliases) if a != ent.name)
        label = TYPE_LABELS.get(ent.type, "Other names")
        groups.setdefault(label, []).append(EntityView(ent, aliases, per_doc))
    order = list(dict.fromkeys(TYPE_LABELS.values()))
    return tuple((k, tuple(groups[k])) for k in order if k in groups)


def _terms(counts: dict[str, int]) -> str:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{term} ×{n}" for term, n in ranked)
