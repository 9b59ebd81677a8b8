"""The units fusion aligns: statements, each an exact span of one document.

A statement is a sentence, or a part of one where a sentence carries several claims (lines of a
bulleted list glued into one sentence, clauses joined by a semicolon). Labels such as
"Strategic Threat:" before a bullet are left out of the span. Every statement knows the
resolved entities, quantities and dates inside it, found by offset.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsfuse.models import Article, DocAnalysis, Entity, Quantity, TimeExpr

# A statement shorter than this carries no checkable claim (section headings, "Deep Look").
MIN_WORDS = 5
_SPLIT = re.compile(r"\n+|;\s+")
# A comma before one of these words often starts a second claim ("Thousands fled Homs, as
# rebels seized two towns"). Split there only when both sides are long enough to be claims.
_CLAUSE = re.compile(
    r",\s+(?=(?:as|while|whereas|but|prompting|leaving|citing|increasing|after|following)\s)"
)
_BULLET = re.compile(r"\s*(?:[-*•–]\s*)?(?:[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}:\s+)?")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Statement:
    """One claim-sized span: ``article.text[start:end] == text``."""

    doc: str
    position: int  # order of the statement in its document
    sentence: int  # index of the sentence that holds it
    start: int
    end: int
    text: str
    entities: frozenset[str] = frozenset()  # resolved entity ids mentioned inside
    mentions: tuple[tuple[int, int, str], ...] = ()  # (start, end, entity id), document offsets
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeExpr, ...] = ()

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def extract_statements(
    articles: Sequence[Article],
    analyses: Sequence[DocAnalysis],
    entities: Sequence[Entity] = (),
) -> list[Statement]:
    """All statements of all documents, in document order then text order.

    Guarantees: spans are exact and lie within one sentence; statements of one document do not
    overlap; statements with fewer than ``MIN_WORDS`` words are left out.
    """
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    for entity in entities:
        for m in entity.mentions:
            by_doc.setdefault(m.doc, []).append((m.start, m.end, entity.id))
    out: list[Statement] = []
    for article, analysis in zip(articles, analyses, strict=True):
        mentions = by_doc.get(article.id, [])
        position = 0
        for sentence in analysis.sentences:
            if article.text[sentence.start : sentence.end] != sentence.text:
                continue  # an analysis of another spacing of these words: its offsets lie
            for start, end in _pieces(article.text, sentence.start, sentence.end):
                text = article.text[start:end]
                if len(_WORD.findall(text)) < MIN_WORDS:
                    continue
                out.append(
                    Statement(
                        doc=article.id,
                        position=position,
                        sentence=sentence.index,
                        start=start,
                        end=end,
                        text=text,
                        entities=frozenset(e for s, t, e in mentions if s >= start and t <= end),
                        mentions=tuple(m for m in mentions if m[0] >= start and m[1] <= end),
                        quantities=tuple(
                            q for q in analysis.quantities if q.start >= start and q.end <= end
                        ),
                        times=tuple(t for t in analysis.times if t.start >= start and t.end <= end),
                    )
                )
                position += 1
    return out


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sub-spans of text[start:end]: split at line breaks and semicolons, labels and spaces
    trimmed."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    chunk = text[start:end]
    for match in [*_SPLIT.finditer(chunk), None]:
        stop = start + match.start() if match else end
        lo, hi = cursor, stop
        label = _BULLET.match(text, lo, hi)
        if label:
            lo = label.end()
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if hi > lo:
            pieces.extend(_clauses(text, lo, hi))
        if match:
            cursor = start + match.end()
    return pieces


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] cut before clause openers, when every part has MIN_WORDS words."""
    cuts = [start + m.start() for m in _CLAUSE.finditer(text, start, end)]
    if not cuts:
        return [(start, end)]
    bounds = [start, *cuts, end]
    parts = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        while lo < hi and (text[lo] in ", " or text[lo].isspace()):
            lo += 1
        parts.append((lo, hi))
    if any(len(_WORD.findall(text[lo:hi])) < MIN_WORDS for lo, hi in parts):
        return [(start, end)]
    return parts
