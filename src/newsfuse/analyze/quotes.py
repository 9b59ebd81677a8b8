"""Direct quotations and reported speech, with their speakers.

Direct quotes are text inside straight (") or curly (“ ”) marks. A quote whose paragraph ends
without the closing mark runs to the end of its sentence (to the end of the paragraph when the
next paragraph opens with a quote mark, the convention for a quote that continues), so a missing
closing mark never swallows the reporter's next sentences. A quoted fragment inside the
reporter's sentence ("called the situation a “serious threat to regional security.”") is
reported speech (``direct=False``); fragments of one word are scare quotes and left out.

Speakers, in order: a speech verb right after the closing mark ("..., said X", "..., X said"),
a speech verb before the opening mark in the same sentence ("X declared, “...", "X ...,
saying, “..."), the speaker of a quote in the previous sentence, then the subject of a speech
verb in the previous sentence ("Smith told reporters on Monday. “...”"). The speaker is
the verb's subject: the person named inside it ("Defense Minister Gen. Ali Mahmoud Abbas" ->
"Ali Mahmoud Abbas"); "he"/"she" refer to the latest person named before; a role ("the defense
minister") refers to the person the article introduces with that role (``speaker_ref``).

Reported speech: a speech verb with a clausal complement ("X said that ...", "X voiced concern
that ...", "..., expressing that ..."), or "voiced"/"expressed" with a stance noun ("voiced deep
concerns about regional security"), not overlapping a direct quote, gives ``direct=False`` with
the clause (or the noun phrase) as the quote.

Guarantee: ``text[q.start:q.end] == q.text`` and the same for speaker spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from newsfuse.analyze.parsed import text_of
from newsfuse.analyze.sentences import sentence_index
from newsfuse.analyze.speakers import (
    SPEECH_NOUNS,
    Speaker,
    is_speech_verb,
    speaker_of,
    subject_of,
)
from newsfuse.models import Mention, Quote, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_OPEN = '“"'
_CLOSE = {"“": "”", '"': '"'}
_TRIM = " \t,;:"
_MIN_FRAGMENT_WORDS = 2
# "X voiced/expressed <stance> about Y" reports a stance without a that-clause; the noun phrase
# is the reported speech (three words at least, so "voiced unease" alone is left out).
_VOICING = frozenset({"voice", "voices", "voiced", "voicing", "express", "expresses", "expressed"})
_STANCE_NOUNS = frozenset(
    """unease alarm support opposition frustration anger regret optimism doubt doubts
    condolences outrage dismay disappointment solidarity""".split()
)


def find_quotes(
    doc: Doc, *, sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> tuple[Quote, ...]:
    """Direct quotes and reported speech of a parsed article, in text order."""
    text = text_of(doc)
    quotes: list[Quote] = []
    for start, end, opened in _marked(text, sentences):
        inner_start, inner_end = _strip(text, start, end)
        if inner_end - inner_start < 2:
            continue
        fragment = _is_fragment(text, opened, inner_start)
        if fragment and len(text[inner_start:inner_end].split()) < _MIN_FRAGMENT_WORDS:
            continue
        speaker = _direct_speaker(doc, opened, end, sentences, mentions, quotes)
        quotes.append(_quote(text, inner_start, inner_end, not fragment, speaker, sentences))
    quotes = _carry_back(text, quotes)
    quotes = [_with_introducer(doc, q, sentences, mentions) for q in quotes]
    quotes.extend(_reported(doc, sentences, mentions, quotes))
    return tuple(sorted(quotes, key=lambda q: q.start))


def _marked(text: str, sentences: Sequence[Sentence]) -> list[tuple[int, int, int]]:
    """(content start, content end, opening-mark offset) of every marked quotation."""
    out = []
    for para in re.finditer(r"[^\n]+", text):
        pos, stop = para.start(), para.end()
        while pos < stop:
            opened = _next_open(text, pos, stop)
            if opened < 0:
                break
            close = text.find(_CLOSE[text[opened]], opened + 1, stop)
            if close < 0:
                end = _unclosed_end(text, opened, stop, sentences)
                out.append((opened + 1, end, opened))
                pos = end
            else:
                out.append((opened + 1, close, opened))
                pos = close + 1
    return out


def _carry_back(text: str, quotes: list[Quote]) -> list[Quote]:
    """A quote continued in the next paragraph takes the speaker credited at its end."""
    out = list(quotes)
    for i in range(len(out) - 2, -1, -1):
        this, following = out[i], out[i + 1]
        between = text[this.end : following.start]
        if this.speaker is None and following.speaker and not between.strip(" \n" + _OPEN):
            out[i] = replace(
                this,
                speaker=following.speaker,
                speaker_span=following.speaker_span,
                speaker_ref=following.speaker_ref,
            )
    return out


def _next_open(text: str, pos: int, stop: int) -> int:
    hits = [i for i in (text.find(m, pos, stop) for m in _OPEN) if i >= 0]
    return min(hits) if hits else -1


def _unclosed_end(text: str, opened: int, stop: int, sentences: Sequence[Sentence]) -> int:
    following = text[stop:].lstrip("\n")
    if following[:1] in _OPEN:
        return stop
    index = sentence_index(sentences, opened + 1)
    return min(sentences[index].end, stop) if index is not None else stop


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _is_fragment(text: str, opened: int, inner_start: int) -> bool:
    """A quoted piece inside the reporter's own sentence, not a quotation set off by ', :'."""
    before = text[max(0, opened - 3) : opened].rstrip()
    if not before or before[-1] in ",:.!?—–-\n(":
        return False
    return not text[inner_start].isupper() or before[-1].isalnum()


def _direct_speaker(
    doc: Doc,
    opened: int,
    end: int,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    earlier: Sequence[Quote],
) -> Speaker | None:
    text = text_of(doc)
    after = _verb_after(doc, end)
    before = _verb_before(doc, opened, sentences)
    for verb in (after, before):
        subject = subject_of(verb) if verb is not None else None
        if subject is not None:
            return speaker_of(subject, mentions=mentions, text=text)
    return _previous_speaker(opened, sentences, earlier)


def _verb_after(doc: Doc, end: int) -> Token | None:
    """A speech verb within the four tokens after the closing mark (", said X", ", X said")."""
    span = doc.char_span(end, min(len(text_of(doc)), end + 1), alignment_mode="expand")
    if span is None:
        return None
    for tok in doc[span.start : span.start + 6]:
        if tok.is_sent_start and tok.i > span.start + 1:
            break
        if is_speech_verb(tok):
            return tok
    return None


def _verb_before(doc: Doc, opened: int, sentences: Sequence[Sentence]) -> Token | None:
    index = sentence_index(sentences, opened)
    if index is None:
        return None
    span = doc.char_span(sentences[index].start, opened, alignment_mode="contract")
    if span is None:
        return None
    for tok in reversed(span):
        if is_speech_verb(tok):
            return tok
    return None


def _previous_speaker(
    opened: int, sentences: Sequence[Sentence], earlier: Sequence[Quote]
) -> Speaker | None:
    """The speaker of a quote in the sentence just before."""
    index = sentence_index(sentences, opened)
    if index is None or not earlier:
        return None
    last = earlier[-1]
    if last.sentence is not None and index - last.sentence == 1 and last.speaker is not None:
        if last.speaker_span is not None:
            return Speaker(last.speaker, last.speaker_span, last.speaker_ref)
    return None


def _with_introducer(
    doc: Doc, quote: Quote, sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> Quote:
    if quote.speaker is not None:
        return quote
    speaker = _introduced(doc, quote.start - 1, sentences, mentions)
    if speaker is None:
        return quote
    return replace(quote, speaker=speaker.text, speaker_span=speaker.span, speaker_ref=speaker.ref)


def _introduced(
    doc: Doc, opened: int, sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> Speaker | None:
    """A speaker introduced by the sentence before ("Smith told reporters. “...”")."""
    index = sentence_index(sentences, opened)
    if not index:
        return None
    before = sentences[index - 1]
    span = doc.char_span(before.start, before.end, alignment_mode="expand")
    if span is None or any(mark in before.text for mark in _OPEN + "”"):
        return None
    for tok in span:
        subject = subject_of(tok) if is_speech_verb(tok) else None
        if subject is not None:
            return speaker_of(subject, mentions=mentions, text=text_of(doc))
    return None


def _quote(
    text: str,
    start: int,
    end: int,
    direct: bool,
    speaker: Speaker | None,
    sentences: Sequence[Sentence],
) -> Quote:
    return Quote(
        start=start,
        end=end,
        text=text[start:end],
        direct=direct,
        speaker=speaker.text if speaker else None,
        speaker_span=speaker.span if speaker else None,
        sentence=sentence_index(sentences, start),
        speaker_ref=speaker.ref if speaker else None,
    )


def _reported(
    doc: Doc,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    direct: Sequence[Quote],
) -> list[Quote]:
    out: list[Quote] = []
    for tok in doc:
        clause = _reported_clause(tok)
        if clause is None:
            continue
        start, end = _strip(text_of(doc), *_clause_bounds(clause))
        if len(text_of(doc)[start:end].split()) < 3:
            continue
        if any(q.start < end and start < q.end for q in [*direct, *out]):
            continue
        subject = subject_of(tok)
        speaker = speaker_of(subject, mentions=mentions, text=text_of(doc)) if subject else None
        out.append(_quote(text_of(doc), start, end, False, speaker, sentences))
    return out


def _reported_clause(tok: Token) -> Token | None:
    """The head of the "that"-clause a speech verb (or "voiced concern") reports, if any."""
    if not is_speech_verb(tok):
        return None
    holders = [tok, *(c for c in tok.children if c.dep_ == "dobj" and c.lower_ in SPEECH_NOUNS)]
    for holder in holders:
        for child in holder.children:
            if child.dep_ in ("ccomp", "acl") and any(
                g.lower_ == "that" and g.dep_ == "mark" for g in child.children
            ):
                return child
    if tok.lower_ in _VOICING:  # "voiced deep concerns about regional security"
        for child in tok.children:
            if child.dep_ == "dobj" and child.lower_ in SPEECH_NOUNS | _STANCE_NOUNS:
                return child
    return None


def _clause_bounds(clause: Token) -> tuple[int, int]:
    doc = clause.doc
    first = clause.left_edge
    if first.lower_ == "that":
        first = doc[first.i + 1]
    last = clause.right_edge
    while last.i > first.i and (last.is_punct or last.is_space):
        last = doc[last.i - 1]
    return first.idx, last.idx + len(last.text)
