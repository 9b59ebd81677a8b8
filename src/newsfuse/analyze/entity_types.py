"""The typing rules behind `entities.find_mentions` (see its docstring for the order).

Each rule gives a type and a strength; within one article all mentions with the same text take
the type of their strongest evidence (ties: the most frequent type).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsfuse.analyze.gazetteer import Gazetteer, fold
from newsfuse.analyze.lexicon import GROUP_WORDS, ORG_CUES, ORG_WORDS, PLACE_CUES, is_title
from newsfuse.analyze.parsed import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsfuse.analyze.acronyms import AcronymDef

_LABEL_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "NORP": "NORP",
    "FAC": "FAC",
    "EVENT": "EVENT",
}
_ACRONYM = re.compile(r"^[A-Z][A-Z.&]{1,7}$")
_HEADING_END = tuple('.!?…"”:;)')

# Strengths: 5 acronym definition, 4 title before a name, 3 organisation word / group word /
# gazetteer, 2 place cue or coordination with a place / capitals not a person / a person's
# name part, 1 the model.
ACRONYM, TITLE, LEXICAL, CONTEXT, MODEL = 5, 4, 3, 2, 1


@dataclass(slots=True)
class Cand:
    """A mention being built: character and token bounds, the model's label, the rule type."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    label: str
    type: str = ""
    strength: int = 0

    def text(self, text: str) -> str:
        return text[self.start : self.end]


def cand_from_chars(doc: Doc, start: int, end: int, label: str) -> Cand | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    return Cand(start, end, span.start, span.end, label)


def assign_types(
    doc: Doc, cands: list[Cand], defs: Sequence[AcronymDef], *, gazetteer: Gazetteer
) -> list[Cand]:
    """Type every candidate; drop the ones no rule and no model label types."""
    text = text_of(doc)
    person_parts = {
        fold(word)
        for c in cands
        if c.label == "PERSON" and len(c.text(text).split()) >= 2
        for word in c.text(text).split()
    }
    for c in cands:
        c.type, c.strength = _rule_type(doc, c, gazetteer, person_parts)
    for _ in range(2):
        _place_context(doc, cands)
    _acronym_types(text, cands, defs)
    _harmonise(text, cands)
    return [c for c in cands if c.type]


def _rule_type(doc: Doc, c: Cand, gazetteer: Gazetteer, person_parts: set[str]) -> tuple[str, int]:
    name = c.text(text_of(doc))
    words = [w.casefold().rstrip(".") for w in name.split()]
    prev = doc[c.tok_start - 1] if c.tok_start > 0 else None
    nxt = doc[c.tok_end] if c.tok_end < len(doc) else None
    if prev is not None and prev.text[:1].isupper() and is_title(prev.text):
        if not gazetteer.is_country(name):
            return "PERSON", TITLE
    if any(w in ORG_WORDS for w in words[1:] or words) and not gazetteer.is_place(name):
        return "ORG", LEXICAL
    if len(words) == 1 and words[0] in GROUP_WORDS:
        return "NORP", LEXICAL
    if any(t is not None and t.lower_ in ORG_CUES for t in (prev, nxt)):
        return "ORG", LEXICAL
    if _ACRONYM.match(name) and c.label in ("PERSON", "ORG", "") and not gazetteer.is_country(name):
        return "ORG", CONTEXT  # capitals are not a person, and rarely a city ("DPP", "CNA")
    is_person = c.label == "PERSON" and (len(words) >= 2 or fold(name) in person_parts)
    if gazetteer.is_place(name) and not is_person:
        return "GPE", LEXICAL
    if c.label == "PERSON" and not any(
        t.tag_ in ("NNP", "NNPS") for t in doc[c.tok_start : c.tok_end]
    ):
        return "", 0
    if len(words) == 1 and fold(name) in person_parts:
        return "PERSON", CONTEXT  # "Gorman" after "Amanda Gorman"
    if c.label:
        return _LABEL_TYPES.get(c.label, "OTHER"), MODEL
    return "", 0


def _place_context(doc: Doc, cands: list[Cand]) -> None:
    """ "The towns of X", "X and <place>": a weakly typed name becomes a place."""
    owner = {i: c for c in cands for i in range(c.tok_start, c.tok_end)}
    for c in cands:
        if c.strength > MODEL or c.type in ("GPE", "LOC", "FAC", "NORP"):
            continue
        window = doc[max(c.tok_start - 3, doc[c.tok_start].sent.start) : c.tok_start]
        head = doc[c.tok_end - 1]
        linked = [owner.get(head.head.i)] if head.dep_ == "conj" else []
        linked += [owner.get(t.i) for t in head.children if t.dep_ == "conj"]
        if any(t.lower_ in PLACE_CUES for t in window) or any(
            o is not None and o.type == "GPE" and o.strength >= CONTEXT for o in linked
        ):
            c.type, c.strength = "GPE", CONTEXT


def _acronym_types(text: str, cands: list[Cand], defs: Sequence[AcronymDef]) -> None:
    by_name: dict[str, list[Cand]] = defaultdict(list)
    for c in cands:
        by_name[fold(c.text(text))].append(c)
    for d in defs:
        group = by_name.get(fold(d.long), []) + by_name.get(fold(d.short), [])
        types = [c.type for c in by_name.get(fold(d.long), []) if c.strength >= CONTEXT]
        kind = types[0] if types and types[0] not in ("PERSON", "") else "ORG"
        for c in group:
            c.type, c.strength = kind, ACRONYM


def _harmonise(text: str, cands: list[Cand]) -> None:
    by_name: dict[str, list[Cand]] = defaultdict(list)
    for c in cands:
        by_name[fold(c.text(text))].append(c)
    for group in by_name.values():
        best = max(c.strength for c in group)
        votes = Counter(c.type for c in group if c.strength == best and c.type)
        if not votes:
            continue
        kind = votes.most_common(1)[0][0]
        for c in group:
            c.type, c.strength = kind, best


def in_headings(text: str, cands: Sequence[Cand]) -> list[bool]:
    """For each candidate, whether it sits in a title-case heading line (no end punctuation)."""
    out = []
    for c in cands:
        line_start = text.rfind("\n", 0, c.start) + 1
        line_end = text.find("\n", c.end)
        line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
        label, colon, rest = line.partition(":")
        if not colon or len(label.split()) > 6:
            out.append(_is_heading(line))
        elif c.end <= text.find(":", line_start):
            out.append(_is_heading(label.lstrip("-•* ")))
        else:
            out.append(_is_heading(rest))
    return out


def _is_heading(line: str) -> bool:
    words = [w for w in line.split() if w[:1].isalpha()]
    if not words or len(words) > 14 or line.endswith(_HEADING_END):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised / len(words) >= 0.6
