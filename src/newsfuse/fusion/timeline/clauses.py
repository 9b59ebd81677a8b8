"""What one parsed statement says about events: its own event, the dated clauses inside it, and
the order cues between event phrases ("after X, Y", "Y followed X", "X, followed by Y", "then").

A date belongs to the clause whose verb governs it: in "the pound plunged, compared to 47 pounds
before the conflict began in 2011", 2011 dates "the conflict began", not the plunge. A clause
boundary is a subordinate or coordinated verb (advcl, relcl, acl, ccomp, conj) or a temporal
connective ("after the fall of Hama on Monday": Monday dates the fall).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsfuse.fusion.statements import Statement
from newsfuse.fusion.timeline.words import (
    AFTER,
    ANAPHORA,
    ASPECT,
    BEFORE,
    EVENT_CLASS,
    LIGHT,
    MODALS,
    REPORT,
    SPEECH,
    STATE,
    event_class,
)
from newsfuse.models import TimeExpr

_CLAUSE_DEPS = frozenset({"advcl", "relcl", "acl", "ccomp", "csubj", "conj", "parataxis"})
_VERBS = frozenset({"VERB", "AUX"})
_EDGE_JUNK = frozenset({"punct", "cc", "mark", "prep", "case"})
_SUBJECTS = ("nsubj", "nsubjpass")
_COMPARE = frozenset({"compared", "comparing", "than", "versus", "vs."})


@dataclass(frozen=True, slots=True)
class Phrase:
    """An event named in one document: an exact span, its event class and its entities.

    ``kind``: "main" (the statement's own event), "clause" (a dated subordinate clause),
    "phrase" (an event named inside an order cue) or "previous" (a phrase such as "this
    incursion" that names the event of the statement before).
    """

    doc: str
    start: int
    end: int
    text: str
    kind: str
    cls: str
    entities: frozenset[str]
    time: TimeExpr | None = None


@dataclass(frozen=True, slots=True)
class Cue:
    """The report says ``first`` happened before ``then``, with ``word``."""

    first: Phrase
    then: Phrase
    word: str


@dataclass(frozen=True, slots=True)
class Reading:
    """What a statement says about events; ``main`` is None when it reports no happening."""

    main: Phrase | None
    clauses: tuple[Phrase, ...]
    cues: tuple[Cue, ...]


def read_statement(s: Statement, doc: Any) -> Reading:
    """The events and order cues of statement ``s``, parsed as ``doc`` (spaCy, lemmatised).

    Guarantees: every phrase slices its document exactly (``s.text`` is the document's text at
    ``s.start``); a phrase's time lies inside the phrase's own clause.
    """
    reader = _Reader(s, doc)
    return Reading(reader.main, tuple(reader.clauses.values()), tuple(reader.cues()))


class _Reader:
    def __init__(self, s: Statement, doc: Any) -> None:
        self.s, self.doc = s, doc
        verb = _main_verb(doc)
        self.main_tokens: set[int] = set()
        self.main: Phrase | None = None
        if verb is not None:
            self.main = self._main(verb)
        self.clauses = {t.i: p for t in doc if (p := self._clause(t)) is not None}

    def _main(self, verb: Any) -> Phrase | None:
        subject = _child(verb, *_SUBJECTS)
        if verb.pos_ not in _VERBS:  # an event noun reported by a speech verb
            head, cls = verb, event_class(verb.lemma_)
        elif verb.lemma_ in LIGHT and subject is not None and not _modal(verb):
            head, cls = subject, event_class(subject.lemma_)
            if (
                self._anaphoric(subject)
                or cls == subject.lemma_.casefold()
                and not _noun_event(subject)
            ):
                return None
        elif _is_event(verb):
            head, cls = verb, _verb_class(verb)
        else:
            return None
        self.main_tokens = {verb.i, head.i}
        region = _region(verb)
        ents = self._entities(_region(head) if head is not verb else region)
        return Phrase(
            self.s.doc, self.s.start, self.s.end, self.s.text, "main", cls, ents, self._time(region)
        )

    def _clause(self, t: Any) -> Phrase | None:
        if t.i in self.main_tokens or t.dep_ not in _CLAUSE_DEPS or not _is_event(t):
            return None
        region = _region(t)
        time = self._time(region)
        if time is None:
            return None
        if t.dep_ in ("relcl", "acl"):
            region = region | set(range(t.head.left_edge.i, t.i))
        return self._phrase(region, "clause", _verb_class(t), time)

    def cues(self) -> Iterator[Cue]:
        for t in self.doc:
            pair = _cue_pair(t)
            if pair is None:
                continue
            first_tok, then_tok, word = pair
            if _compares(self.doc, first_tok, then_tok, t):
                continue
            first = self.event_at(first_tok)
            then = self.event_at(then_tok, like=first)
            if (
                first is not None
                and then is not None
                and (first.start, first.end)
                != (
                    then.start,
                    then.end,
                )
            ):
                yield Cue(first, then, word)

    def event_at(self, tok: Any, *, like: Phrase | None = None) -> Phrase | None:
        """The event phrase headed by ``tok`` (a verb, an event noun, or a bare name whose
        event is that of ``like``: "capturing Aleppo, followed by Hama")."""
        while tok.dep_ == "npadvmod" and tok.head is not tok:
            tok = tok.head  # "came a week after X": the cue hangs on "week"
        if tok.i in self.main_tokens and self.main is not None:
            return self.main
        if tok.i in self.clauses:
            return self.clauses[tok.i]
        subject = _child(tok, *_SUBJECTS)
        if tok.lemma_ in LIGHT and tok.pos_ in _VERBS and subject is not None:
            tok = subject
        if tok.pos_ == "PROPN" and like is None and tok.head.pos_ in _VERBS:
            tok = tok.head  # "capturing Aleppo": the event is the verb's
        anaphoric = self._anaphoric(tok)
        ellipsis = like is not None and tok.pos_ == "PROPN"
        if not (anaphoric or ellipsis or _eventful(tok)):
            return None  # "a senior adviser", "to question the checks": no happening named
        region = _region(tok)
        cls = like.cls if like is not None and ellipsis else _verb_class(tok)
        kind = "previous" if anaphoric else "phrase"
        return self._phrase(region, kind, cls, self._time(region))

    def _anaphoric(self, tok: Any) -> bool:
        if self._entities(_region(tok)):
            return False
        return tok.pos_ == "PRON" or any(
            c.dep_ in ("det", "poss") and c.lower_ in ANAPHORA for c in tok.children
        )

    def _phrase(self, region: set[int], kind: str, cls: str, time: TimeExpr | None) -> Phrase:
        lo, hi = _trim(self.doc, region)
        start = self.doc[lo].idx
        end = self.doc[hi].idx + len(self.doc[hi].text)
        text = self.s.text[start:end]
        begin = self.s.start + start
        ents = self._entities(region)
        return Phrase(self.s.doc, begin, begin + len(text), text, kind, cls, ents, time)

    def _entities(self, region: set[int]) -> frozenset[str]:
        offsets = {self.s.start + self.doc[i].idx for i in region}
        return frozenset(e for a, _, e in self.s.mentions if a in offsets)

    def _time(self, region: set[int]) -> TimeExpr | None:
        """The first time expression of the clause, counting "since Nov. 27" and "before
        Friday": a connective whose object names no event dates the clause itself."""
        tokens = set(region)
        for i in region:
            for c in self.doc[i].children:
                obj = _child(c, "pobj") if c.dep_ == "prep" else None
                if c.lower_ in AFTER | BEFORE and obj is not None and not _eventful(obj):
                    tokens.update(t.i for t in obj.subtree)
        starts = {self.s.start + self.doc[i].idx for i in tokens}
        for t in self.s.times:
            if any(t.start <= o < t.end for o in starts):
                return t
        return None


def _main_verb(doc: Any) -> Any | None:
    root = next((t for t in doc if t.dep_ == "ROOT" and t.pos_ in _VERBS), None)
    if root is None:
        return None
    if root.lemma_ in SPEECH:
        # "Reports indicate that X seized ...": the reported clause; "Developments indicate a
        # significant advance": the event noun.
        obj = _child(root, "dobj")
        noun = obj if obj is not None and root.lemma_ in REPORT and _noun_event(obj) else None
        return _child(root, "ccomp") or noun
    return root


def _compares(doc: Any, a: Any, b: Any, cue: Any) -> bool:
    """True when the cue sits inside a comparison of values ("47 pounds before the war" in
    "compared to 47 pounds before the war"): it dates the value, not an event."""
    lo = min(a.i, b.i, cue.i)
    return any(t.lower_ in _COMPARE for t in doc[lo : cue.i])


def _is_event(verb: Any) -> bool:
    """A past happening: past tense or perfect, not modal, not negated, not speech or state,
    with a subject or an object."""
    if verb.pos_ not in _VERBS or _modal(verb) or any(c.dep_ == "neg" for c in verb.children):
        return False
    lemma = verb.lemma_.casefold()
    if lemma in SPEECH or (lemma in STATE and lemma not in ASPECT):
        return False
    return _past(verb) and _child(verb, *_SUBJECTS, "dobj", "agent") is not None


def _past(verb: Any) -> bool:
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ == "VBG":  # "were seizing": past progressive
        return any(c.dep_ == "aux" and c.tag_ == "VBD" for c in verb.children)
    if verb.tag_ != "VBN":
        return False
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    return perfect or any(c.dep_ == "auxpass" and c.tag_ in ("VBD", "VBN") for c in verb.children)


def _modal(verb: Any) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children)


def _verb_class(tok: Any) -> str:
    if tok.lemma_ in ASPECT:
        comp = _child(tok, "xcomp")
        if comp is not None:
            return event_class(comp.lemma_)
    return event_class(tok.lemma_)


def _noun_event(tok: Any) -> bool:
    """A noun naming a happening: a listed one, or a nominalisation ("the expulsion", "the
    arrival", "the bombing") that is not a listed institution or thing."""
    lemma = tok.lemma_.casefold()
    if lemma in _NOUN_EVENTS or lemma in EVENT_CLASS:
        return True
    return len(lemma) > 5 and lemma.endswith(_NOMINAL) and lemma not in _NOT_EVENTS


def _eventful(tok: Any) -> bool:
    """A verb of a past happening or a gerund ("capturing Aleppo"), or an event noun."""
    if tok.pos_ in _VERBS:
        present = any(
            c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in tok.children
        )
        if _modal(tok) or present or any(c.dep_ == "neg" for c in tok.children):
            return False
        return _past(tok) or tok.tag_ == "VBG"
    return tok.pos_ == "NOUN" and _noun_event(tok)


def _region(head: Any) -> set[int]:
    """Token indices of ``head``'s own clause: its subtree without subordinate clauses and
    temporal connective phrases."""
    out = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if _boundary(child):
                continue
            out.add(child.i)
            stack.append(child)
    return out


def _boundary(tok: Any) -> bool:
    if tok.dep_ in _CLAUSE_DEPS and tok.pos_ in _VERBS:
        return True
    if tok.dep_ == "npadvmod" and tok.lemma_ in _SPANS_OF_TIME:
        return True  # "days after X": the distance between two events belongs to neither
    return tok.dep_ in ("prep", "mark") and tok.lower_ in AFTER | BEFORE | {"following"}


def _trim(doc: Any, region: set[int]) -> tuple[int, int]:
    lo, hi = min(region), max(region)
    while lo < hi and doc[lo].dep_ in _EDGE_JUNK:
        lo += 1
    while hi > lo and (doc[hi].dep_ in _EDGE_JUNK or doc[hi].is_punct):
        hi -= 1
    return lo, hi


def _cue_pair(t: Any) -> tuple[Any, Any, str] | None:
    """(the token of the earlier event, the token of the later one, the cue word), or None."""
    word = t.lower_
    if word in AFTER | BEFORE and t.dep_ in ("prep", "mark", "advcl", "acl"):
        if t.dep_ == "mark":
            inner, anchor = t.head, t.head.head
        else:
            inner, anchor = _child(t, "pobj", "pcomp", "dobj"), t.head
        if inner is None or anchor is t or inner is anchor:
            return None
        return (inner, anchor, word) if word in AFTER else (anchor, inner, word)
    if t.lemma_ in ("follow", "precede") and t.pos_ == "VERB":
        return _follow_pair(t)
    if word == "then" and t.dep_ == "advmod" and t.head.dep_ == "conj":
        return t.head.head, t.head, word
    return None


def _follow_pair(t: Any) -> tuple[Any, Any, str] | None:
    subject, obj = _child(t, "nsubj"), _child(t, "dobj")
    follows = t.lemma_ == "follow"
    if subject is not None and obj is not None:
        return (obj, subject, t.lower_) if follows else (subject, obj, t.lower_)
    agent = _child(t, "agent")
    by = _child(agent, "pobj") if agent is not None else None
    if by is None or t.tag_ != "VBN" or t.head is t:
        return None
    return (t.head, by, t.lower_) if follows else (by, t.head, t.lower_)


def _child(tok: Any, *deps: str) -> Any | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


_NOMINAL = ("tion", "sion", "ment", "ure", "wal", "val", "sal", "ing")
_NOT_EVENTS = frozenset(
    "government parliament department apartment environment nation station population position "
    "region option question building morning evening ceiling culture structure measure "
    "feature future nature picture literature procedure legislature mixture furniture "
    "thing nothing something anything everything".split()
)
_SPANS_OF_TIME = frozenset("second minute hour day week month year decade".split())
# Nouns that name an event without being one of the grouped classes ("the vote came ...").
_NOUN_EVENTS = frozenset(
    "war conflict battle clash clashes fighting protest protests crackdown ceasefire truce "
    "deal agreement summit visit speech collapse crisis assault invasion uprising revolution "
    "coup earthquake fire explosion blast crash".split()
)
