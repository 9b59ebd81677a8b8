"""Attributions: a statement credited to a source ("according to X", "as reported by X",
"reports from X", "citing X", "X said", "X confirmed ...").

Cue phrases give the words after them up to the next punctuation mark or clause word (a
leading "the" and "reports from" are not part of the source). A speech verb gives its subject
(see `speakers.py`): the named person or organisation when the subject names one. One
attribution per source per sentence, in text order; ``text[a.source_span.start:...end] ==
a.source_span.text`` always.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsfuse.analyze.parsed import text_of
from newsfuse.analyze.sentences import sentence_index
from newsfuse.analyze.speakers import PRONOUNS, is_speech_verb, speaker_of, subject_of
from newsfuse.models import Attribution, Mention, Quote, Sentence, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CUE = re.compile(
    r"\b(?:according to|as reported by|reported by|citing|reports? (?:from|by)|"
    r"information from)\s+(?:(?:reports?|information|data|figures) (?:from|by)\s+)?"
    r"(?:the\s+)?(?P<source>[^,.;:()\n“”\"]{2,80}?)"
    r"(?=\s*(?:[,.;:()\n“”\"]|$|\s(?:that|which|who|and|on|in|as|to)\s))",
    re.IGNORECASE,
)


# Verbs that attribute whatever follows, with or without a "that"-clause.
_CORE = frozenset(
    {
        "said",
        "says",
        "told",
        "tells",
        "confirmed",
        "confirms",
        "reported",
        "reports",
        "announced",
        "announces",
        "stated",
        "states",
    }
)
_NOT_SOURCES = frozenset({"this", "that", "which", "who", "it", "what", "there"})
# Plural sources without a capital letter that still name a source ("local media outlets").
_SOURCE_NOUNS = re.compile(
    r"\b(?:officials?|sources?|media|outlets?|witnesses|activists|residents|reports?|"
    r"monitors?|observers?|agency|agencies|ministry|police|military|army|analysts?)\b",
    re.IGNORECASE,
)


def _credible(source: str) -> bool:
    return any(w[:1].isupper() for w in source.split()) or bool(_SOURCE_NOUNS.search(source))


def _reporting_subject(tok: Token) -> Token | None:
    """The subject of a verb that reports: a "said"-type verb or one with a that-clause, in the
    active voice, whose subject is a noun phrase (not "this", "who")."""
    if not is_speech_verb(tok) or tok.dep_ in ("amod", "acl"):
        return None
    deps = {c.dep_ for c in tok.children}
    if deps & {"auxpass", "agent", "nsubjpass"} or any(
        c.dep_ == "mark" and c.lower_ == "as" for c in tok.children
    ):
        return None
    if tok.lower_ not in _CORE and "ccomp" not in deps:
        return None
    subject = subject_of(tok)
    if subject is None or subject.lower_ in _NOT_SOURCES or not subject.tag_.startswith("NN"):
        return None
    return subject


def find_attributions(
    doc: Doc,
    *,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    quotes: Sequence[Quote] = (),
) -> tuple[Attribution, ...]:
    """The attributions of a parsed article, in text order."""
    text = text_of(doc)
    found: dict[tuple[int, str], Attribution] = {}

    def add(span: Span, at: int) -> None:
        index = sentence_index(sentences, at)
        if index is not None and span.text.casefold() not in PRONOUNS:
            found.setdefault((index, span.text.casefold()), Attribution(span.text, span, index))

    for q in quotes:
        if q.speaker_span is not None:
            add(q.speaker_span, q.start)
    for match in _CUE.finditer(text):
        start, end = match.span("source")
        if _credible(text[start:end]):
            add(Span(start, end, text[start:end]), match.start())
    for tok in doc:
        subject = _reporting_subject(tok)
        if subject is not None:
            speaker = speaker_of(subject, mentions=mentions, text=text)
            if speaker is not None:
                add(speaker.span, tok.idx)
    return tuple(sorted(found.values(), key=lambda a: (a.sentence, a.source_span.start)))
