"""Sentences with exact character offsets, from spaCy's parse plus paragraph breaks.

Guarantees: sentences are in text order, do not overlap, never cross a line break (a heading or
list item is its own sentence), carry no leading or trailing whitespace, and
``text[s.start:s.end] == s.text``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from newsfuse.analyze.parsed import text_of
from newsfuse.models import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

_LINE = re.compile(r"[^\n]+")


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for match in _LINE.finditer(text, start, end):
        piece = match.group()
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            yield match.start() + left, match.start() + right


def split_sentences(text: str, bounds: Iterable[tuple[int, int]]) -> tuple[Sentence, ...]:
    """Sentences from rough (start, end) bounds: split at line breaks and stripped."""
    out: list[Sentence] = []
    for start, end in bounds:
        for s, e in _pieces(text, start, end):
            out.append(Sentence(index=len(out), start=s, end=e, text=text[s:e]))
    return tuple(out)


def sentences_from_doc(doc: Doc) -> tuple[Sentence, ...]:
    """The sentences of a parsed document (needs a parser or senter in the pipeline)."""
    return split_sentences(text_of(doc), ((s.start_char, s.end_char) for s in doc.sents))


def sentence_index(sentences: Sequence[Sentence], offset: int) -> int | None:
    """Index of the sentence holding character `offset`, or None when it falls between them."""
    starts = [s.start for s in sentences]
    pos = bisect.bisect_right(starts, offset) - 1
    if pos >= 0 and sentences[pos].start <= offset < sentences[pos].end:
        return sentences[pos].index
    return None
