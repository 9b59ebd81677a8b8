"""Parses shared between the stages of one fusion: each distinct text is parsed once.

The verifier, the timeline and the framing each re-parse statements or sentences with spaCy
(tagger, parser, lemmas), and many texts are wanted by more than one of them: a dated
statement is read by the verifier and by the timeline, a sentence naming an actor by the
verifier and by framing, and wire copies repeat sentences across reports. ``CachedParser``
wraps the packaged pipeline and parses each (text, disabled components) only once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


class CachedParser:
    """A spaCy ``Language`` stand-in whose ``pipe`` parses each distinct text once.

    Every other attribute (``pipe_names``, ``component_names``, ``get_pipe``, ...) is the
    wrapped pipeline's. Docs are shared between callers, so callers must not change them
    beyond idempotent annotation (the lemmatizer). Memory grows with the number of distinct
    texts parsed: keep one CachedParser per fusion, not per process.
    """

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self._docs: dict[tuple[str, tuple[str, ...]], Any] = {}
        self.parsed = 0  # texts actually parsed
        self.reused = 0  # texts served from the cache

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)

    def pipe(
        self, texts: Iterable[str], *, disable: Iterable[str] = (), **options: Any
    ) -> Iterator[Any]:
        """Docs for ``texts``, in order; each text not seen before with the same ``disable``
        is parsed by the wrapped pipeline (``options`` such as ``batch_size`` pass through)."""
        off = tuple(sorted(disable))
        wanted = list(texts)
        new = [t for t in dict.fromkeys(wanted) if (t, off) not in self._docs]
        if new:
            for text, doc in zip(
                new, self.nlp.pipe(new, disable=list(off), **options), strict=True
            ):
                self._docs[(text, off)] = doc
        self.parsed += len(new)
        self.reused += len(wanted) - len(new)
        return iter([self._docs[(t, off)] for t in wanted])
