"""Who says it: the speech verbs, their subjects, and the named person behind "he" or a role.

Shared by `quotes.py` (direct and reported speech) and `attributions.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsfuse.analyze.lexicon import is_title
from newsfuse.models import Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


def _forms(*bases: str) -> frozenset[str]:
    out: set[str] = set()
    for base in bases:
        stem = base[:-1] if base.endswith("e") else base
        out |= {base, base + "s", stem + "ed", stem + "ing"}
    return frozenset(out)


# The lemmatizer is off (speed), so the inflected forms are listed.
SPEECH_VERBS = _forms(
    *"""add affirm announce argue assert claim comment confirm declare deny describe explain
    express insist label note portray pledge report state stress suggest warn vow acknowledge
    admit allege emphasize emphasise urge predict promise reply respond write call voice dub
    term caution estimate speak""".split()
) | frozenset(
    {
        "say",
        "says",
        "said",
        "saying",
        "tell",
        "tells",
        "told",
        "telling",
        "labelled",
        "labelling",
        "spoke",
        "spoken",
        "wrote",
        "written",
    }
)
# "voiced concern that ...": the noun carries the reported clause.
SPEECH_NOUNS = frozenset(
    {"concern", "concerns", "fear", "fears", "hope", "hopes", "warning", "belief", "view"}
)
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_SUBJECTS = ("nsubj", "nsubjpass")
_CLIMB = ("advcl", "xcomp", "conj", "ccomp", "acl", "relcl")


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker as credited in the text, and the named mention it stands for when known."""

    text: str
    span: Span
    ref: Span | None = None


def is_speech_verb(tok: Token) -> bool:
    return tok.lower_ in SPEECH_VERBS and tok.tag_.startswith("VB")


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, climbing through participles ("..., saying" -> "blamed")."""
    tok: Token | None = verb
    for _ in range(4):
        if tok is None:
            return None
        for child in tok.children:
            if child.dep_ in _SUBJECTS:
                return child
        if tok.dep_ not in _CLIMB or tok.head is tok:
            return None
        tok = tok.head
    return None


def speaker_of(subject: Token, *, mentions: Sequence[Mention], text: str) -> Speaker | None:
    """The speaker a subject token names: the person mention inside its phrase, else the phrase
    itself ("A Syrian army officer"), with the named referent of "he", "it" or of a role; None
    for a pronoun that refers to nobody named before."""
    phrase = _phrase(subject)
    head = subject.idx
    inside = [m for m in mentions if m.start <= head < m.end]
    if inside:
        best = _best_mention(inside)
        return Speaker(best.text, Span(best.start, best.end, best.text))
    end = phrase.end_char
    words = phrase
    while len(words) > 1 and words[0].dep_ == "det":
        words = words[1:]
    named = [i for i, t in enumerate(words) if t.tag_ in ("NNP", "NNPS") and not is_title(t.text)]
    if named and all(is_title(t.text) for t in words[: named[0]]):
        words = words[named[0] :]  # "Prime Minister Kevin Rudd" -> "Kevin Rudd"
    start = words.start_char
    span = Span(start, end, text[start:end])
    if subject.lower_ in PRONOUNS:
        kinds = {"he": ("PERSON",), "she": ("PERSON",), "it": ("ORG",)}.get(subject.lower_)
        ref = _previous(mentions, start, kinds) if kinds else None
        return Speaker(ref.text, span, ref) if ref else None
    return Speaker(span.text, span, _named_role(words, mentions, text))


def _phrase(subject: Token) -> SpacySpan:
    """The subject's own words, without a trailing appositive ("X, chief of Y")."""
    doc = subject.doc
    left = subject.left_edge.i
    right = subject.i
    for child in subject.rights:
        if child.dep_ in ("appos", "punct", "relcl", "acl", "cc", "conj"):
            break
        right = child.right_edge.i
    return doc[left : right + 1]


def _best_mention(mentions: Sequence[Mention]) -> Mention:
    people = [m for m in mentions if m.type == "PERSON"]
    return (people or [m for m in mentions if m.type in ("ORG", "NORP")] or list(mentions))[-1]


def _previous(mentions: Sequence[Mention], before: int, kinds: tuple[str, ...]) -> Span | None:
    """The latest mention of one of `kinds` before an offset: what "he" or "it" refers to."""
    found = [m for m in mentions if m.type in kinds and m.end <= before]
    if not found:
        return None
    m = found[-1]
    return Span(m.start, m.end, m.text)


def _named_role(words: SpacySpan, mentions: Sequence[Mention], text: str) -> Span | None:
    """ "the defense minister" -> the person the article introduces as "Defense Minister ..."."""
    role = [t.lower_ for t in words if t.tag_ in ("NN", "NNS")]
    if not role:
        return None
    wanted = " ".join(role)
    for m in mentions:
        if m.type == "PERSON" and wanted in " ".join(
            text[max(0, m.start - 40) : m.start].casefold().split()
        ):
            return Span(m.start, m.end, m.text)
    return None
