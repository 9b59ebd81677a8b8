"""Claims with a checkable value, read from the dependency parse of a statement.

A value frame ties a value to what it is about: the predicate that governs it ("began",
"fleeing"), the subject of that predicate ("the conflict"; for "Thousands fled" the value
itself), the preposition that links it ("in 2011", "until 2014") and its object. Two frames
from different reports describe the same thing when their predicates and subjects match; only
then are their values compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsfuse.fusion.statements import Statement
from newsfuse.fusion.values import Value, from_quantity, from_time

_ASPECT = {"begin", "start", "continue", "keep", "resume", "stop", "cease"}
_RELATIVE_PRONOUNS = {"which", "that", "who", "whom"}
# Links by which a verb still states the sentence's main claim.
_MAIN_LINKS = {"ROOT", "conj", "xcomp", "ccomp", "parataxis"}


@dataclass(frozen=True, slots=True)
class ValueFrame:
    statement: int  # index into the statements list
    value: Value
    predicate: str  # lemma, lower case; "" when no verb governs the value
    predicate_text: str
    subject: str  # lemma of the subject's head; "#value" when the value is the subject,
    # "#pronoun" when the subject is a pronoun
    subject_text: str
    preposition: str  # "in", "until", ... ; "" when none links value and predicate
    object: str  # lemma of the predicate's direct object, if any
    object_text: str = ""
    # The value belongs to the statement's main claim, not to a subordinate clause ("the
    # pound plunged ... before the conflict began in 2011": 2011 is not what it claims).
    main: bool = True
    predicate_past: bool = False  # the predicate is written in the past tense ("fled")


def parse(statements: Sequence[Statement], wanted: Sequence[int], *, nlp: Any) -> dict[int, Any]:
    """spaCy Docs for the wanted statements (tagger, parser, lemmas), by statement index."""
    docs = parse_texts([statements[i].text for i in wanted], nlp=nlp)
    return dict(zip(wanted, docs, strict=True))


def parse_texts(texts: Sequence[str], *, nlp: Any) -> list[Any]:
    """Tagged, parsed and lemmatised Docs, entity recognition skipped.

    The packaged pipeline is loaded with its lemmatizer disabled (analysis does not need it);
    it is applied here, to the few texts fusion parses again.
    """
    disable = [p for p in ("ner",) if p in nlp.pipe_names]
    docs = list(nlp.pipe(texts, disable=disable, batch_size=64))
    if "lemmatizer" in nlp.component_names and "lemmatizer" not in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        docs = [lemmatizer(doc) for doc in docs]
    return docs


def values_of(s: Statement) -> list[Value]:
    """The comparable values of a statement (ranks, relative dates and clock times left out)."""
    out = [v for v in map(from_quantity, s.quantities) if v is not None]
    out += [v for v in map(from_time, s.times) if v is not None]
    return sorted(out, key=lambda v: v.start)


def value_frames(index: int, s: Statement, doc: Any) -> list[ValueFrame]:
    """One frame per comparable value of statement ``s``, parsed as ``doc``."""
    frames = []
    for value in values_of(s):
        span = doc.char_span(value.start - s.start, value.end - s.start, alignment_mode="expand")
        if span is None or len(span) == 0 or _negated(span.root):
            continue
        frames.append(_frame(index, value, span.root))
    return frames


def frame_of(index: int, value: Value, head: Any) -> ValueFrame | None:
    """The frame of ``value`` whose span's root is ``head``; None when the value is denied."""
    return None if _negated(head) else _frame(index, value, head)


def _negated(head: Any) -> bool:
    """ "has never hit fewer than 26 homers", "not in 2011": a value denied is no value claim."""
    governor = _governor(head)
    tokens = [head, governor] if governor is not None else [head]
    return any(c.dep_ == "neg" for t in tokens for c in t.children)


def _frame(index: int, value: Value, head: Any) -> ValueFrame:
    predicate = _governor(head)
    preposition = ""
    token = head
    while token.head.i != token.i and (predicate is None or token.i != predicate.i):
        if token.dep_ == "pobj" and token.head.dep_ == "prep":
            preposition = token.head.lower_
            break
        token = token.head
    subject_text, subject = "", ""
    if predicate is not None:
        if _is_subject_of(head, predicate):
            subject, subject_text = "#value", value.text
        else:
            subj = _subject(predicate)
            if subj is not None:
                # "she left in 1992" / "she left in 2019": a pronoun names no one by itself
                subject = "#pronoun" if subj.pos_ == "PRON" else subj.lemma_.lower()
                subject_text = _phrase(subj)
    obj_token = None
    if predicate is not None:
        obj_token = next((c for c in predicate.children if c.dep_ == "dobj"), None)
        if obj_token is not None and obj_token.i == head.i:
            obj_token = None  # "killed four people": the counted noun is the value, not a topic
    return ValueFrame(
        statement=index,
        value=value,
        predicate=predicate.lemma_.lower() if predicate is not None else "",
        predicate_text=predicate.text if predicate is not None else "",
        subject=subject,
        subject_text=subject_text,
        preposition=preposition,
        object=obj_token.lemma_.lower() if obj_token is not None else "",
        object_text=_phrase(obj_token) if obj_token is not None else "",
        main=in_main_clause(predicate if predicate is not None else head),
        predicate_past=predicate is not None and predicate.tag_ == "VBD",
    )


def in_main_clause(token: Any) -> bool:
    """True when ``token`` hangs from the sentence root through main-clause links only: the
    root itself, a verb it coordinates ("seized Rastan and fled"), its complement ("began
    fleeing", "said that ... fled") or a value it governs directly. Relative, adverbial and
    participle clauses ("the war, which erupted in 2012", "before the conflict began in 2011",
    "prompting thousands to flee") are subordinate."""
    while token.head.i != token.i:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in _MAIN_LINKS:
            return False
        token = token.head
    return True


def _governor(head: Any) -> Any | None:
    """The verb the value belongs to: a verb it introduces ("thousands to flee"), else the
    nearest verb above it; aspect verbs give way to their complement ("began fleeing")."""
    for child in head.children:
        if child.dep_ in ("xcomp", "relcl", "acl") and child.pos_ == "VERB":
            return child
    token = head
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            break
    else:
        return None
    if token.pos_ not in ("VERB", "AUX"):
        return None
    if head.dep_ == "dobj" and head.head.i == token.i:
        # "prompting thousands to flee": the value is the one who flees
        comp = next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if comp is not None:
            return comp
    if token.lemma_.lower() in _ASPECT:
        comp = next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if comp is not None:
            return comp
    return token


def _is_subject_of(head: Any, predicate: Any) -> bool:
    token = head
    while token.head.i != token.i:
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.i in (predicate.i, predicate.head.i):
            return True
        if token.dep_ == "dobj" and token.head.i in (predicate.i, predicate.head.i):
            return bool(predicate.dep_ == "xcomp" or predicate.head.i == token.i)
        if token.i == predicate.i or token.dep_ not in ("nummod", "quantmod"):
            return False
        token = token.head
    return False


def _subject(predicate: Any) -> Any | None:
    """The subject's head; for "the war, which erupted", the noun the clause hangs on; a
    verb with no subject of its own (conjoined, participle) borrows its head's."""
    token = predicate
    for _ in range(4):
        subj = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            if subj.lower_ in _RELATIVE_PRONOUNS and token.dep_ == "relcl":
                return token.head
            return subj
        if token.dep_ == "relcl":
            return token.head
        if token.dep_ not in ("conj", "xcomp", "advcl") or token.head.i == token.i:
            return None
        token = token.head
    return None


def _phrase(token: Any) -> str:
    """The words of a noun phrase up to its head ("the Syrian civil war")."""
    words = [t.text for t in token.doc[token.left_edge.i : token.i + 1] if not t.is_punct]
    return " ".join(words) or token.text
