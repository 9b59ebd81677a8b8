"""The words a reader checks: each conflict side's sentences with the value marked, who says
it, and the wordings that support a fact. Shared by the JSON, Markdown and HTML renderers.

Everything is found in the report itself: a side's value is an exact span, and the sentence
around it is the fact evidence (a statement) that holds it, else the sentence of the document
text around it. So a report read back from anywhere shows the same words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsfuse.fusion.verify import reader_labels
from newsfuse.models import Article, Conflict, ConflictSide, Evidence, Fact, Report

# A sentence ends at . ! ? (perhaps inside closing quotes) before a space, or at a line break.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)|\n")


@dataclass(frozen=True, slots=True)
class Wording:
    """One report's sentence that holds a side's value (once or more: "voiced unease but
    welcomed ..."): exact spans of one document, the values in text order, not overlapping."""

    sentence: Evidence
    values: tuple[Evidence, ...]

    @property
    def parts(self) -> tuple[tuple[str, bool], ...]:
        """The sentence in pieces, each with whether it is a value: the reader's marks."""
        s = self.sentence
        out: list[tuple[str, bool]] = []
        at = 0
        for v in self.values:
            a, b = v.start - s.start, v.end - s.start
            if a < at:
                continue  # overlaps the previous value: already marked
            out += [(s.text[at:a], False), (s.text[a:b], True)]
            at = b
        out.append((s.text[at:], False))
        return tuple(p for p in out if p[0])


@dataclass(frozen=True, slots=True)
class SideWords:
    """One side of a conflict as a reader sees it: its value, who says it, in which words."""

    side: ConflictSide
    doc_ids: tuple[str, ...]
    labels: tuple[str, ...]  # how each of ``doc_ids`` is named, as explanations name them
    wordings: tuple[Wording, ...]  # one per sentence, in the order of the side's evidence


@dataclass(frozen=True, slots=True)
class FactWording:
    """One distinct wording of a fact and every span that words it so (copies share one)."""

    text: str
    evidence: tuple[Evidence, ...]

    @property
    def doc_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.doc for e in self.evidence))


def conflict_sides(report: Report, conflict: Conflict) -> tuple[SideWords, ...]:
    """Every side of the conflict with its sentences and its sources, in side order.

    Guarantees: each wording's sentence is an exact span of its document that contains the
    value span (evidence whose offsets do not match its document keeps itself as sentence).
    """
    docs = {d.id: d for d in report.documents}
    names = reader_labels(report.documents)
    own = [f for f in report.facts if f.id in set(conflict.fact_ids)]
    out = []
    for side in conflict.sides:
        doc_ids = tuple(dict.fromkeys(e.doc for e in side.evidence))
        labels = tuple(names.get(d, d) for d in doc_ids)
        sentences: dict[Evidence, list[Evidence]] = {}
        for ev in side.evidence:
            sentence = _sentence_of(ev, docs.get(ev.doc), own, report.facts)
            sentences.setdefault(sentence, []).append(ev)
        wordings = tuple(
            Wording(k, tuple(sorted(v, key=lambda e: (e.start, -e.end))))
            for k, v in sentences.items()
        )
        out.append(SideWords(side, doc_ids, labels, wordings))
    return tuple(out)


def fact_wordings(fact: Fact) -> tuple[FactWording, ...]:
    """The distinct wordings of a fact, the fact's own statement first, each with its spans."""
    groups: dict[str, list[Evidence]] = {}
    for ev in fact.evidence:
        groups.setdefault(" ".join(ev.text.split()), []).append(ev)
    statement = " ".join(fact.statement.split())
    order = sorted(groups, key=lambda t: t != statement)
    return tuple(FactWording(groups[t][0].text, tuple(groups[t])) for t in order)


def _sentence_of(
    value: Evidence, doc: Article | None, own: Sequence[Fact], facts: Sequence[Fact]
) -> Evidence:
    if doc is None or doc.text[value.start : value.end] != value.text:
        return value
    for pool in (own, facts):
        holding = [
            e
            for f in pool
            for e in f.evidence
            if e.doc == value.doc and e.start <= value.start and value.end <= e.end
        ]
        exact = [e for e in holding if doc.text[e.start : e.end] == e.text]
        if exact:
            return min(exact, key=lambda e: (e.end - e.start, e.start))
    return _sentence_around(doc, value)


def _sentence_around(doc: Article, value: Evidence) -> Evidence:
    """The sentence of the document text that holds the value span."""
    text = doc.text
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, value.start):
        start = m.end()
    end_match = _SENTENCE_END.search(text, value.end)
    end = len(text) if end_match is None else end_match.end()
    while start < value.start and text[start].isspace():
        start += 1
    while end > value.end and text[end - 1].isspace():
        end -= 1
    return Evidence(doc.id, start, end, text[start:end])
