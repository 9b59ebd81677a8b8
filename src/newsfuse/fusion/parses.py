"""Parses shared between the stages of one fusion, and between fusions: each distinct text is
parsed once.

The verifier, the timeline and the framing each re-parse statements or sentences with spaCy
(tagger, parser, lemmas), and many texts are wanted by more than one of them: a dated
statement is read by the verifier and by the timeline, a sentence naming an actor by the
verifier and by framing, and wire copies repeat sentences across reports. ``CachedParser``
wraps the packaged pipeline and parses each (text, disabled components) only once.

A service fuses a story again each time it gains an article; a ``CachedParser`` kept for the
life of the process (bounded by ``max_texts``) then parses only the new article's texts. A
text's parse does not depend on what else was parsed, so a kept parse is the parse the text
would get afresh (the reports are the same; tests/fusion/test_parses.py).

Why fusion does not take its parses from the analysis pass instead: an article parsed whole
gives a sentence another parse than the sentence alone (measured on the seeds and 100 ECB+
dev articles: 36% of sentences differ in some tag, dependency, head or lemma, 9% in entities;
fusing with the in-article parses changed the timeline of 7 of 9 stories, the framing of 2 and
a conflict of the seeds). bench/results/fuse.md gives the numbers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from newsfuse.fusion.attributes import LookupAttributeRuler, Unsupported

# A kept Doc costs about 10 KiB (25 tokens; without the tok2vec tensor, which no fusion stage
# reads and which doubled it). 10,000 texts are some 100 MiB: a few dozen live stories.
SERVICE_TEXTS = 10_000


class CachedParser:
    """A spaCy ``Language`` stand-in whose ``pipe`` parses each distinct text once.

    Every other attribute (``pipe_names``, ``component_names``, ``get_pipe``, ...) is the
    wrapped pipeline's. Docs are shared between callers, so callers must not change them
    beyond idempotent annotation (the lemmatizer); their ``tensor`` is dropped. With
    ``max_texts`` the least recently used parses are forgotten past that many texts, so one
    parser can serve every fusion of a process; without it memory grows with the texts
    parsed: then keep one per fusion. Safe to share between threads.
    """

    def __init__(self, nlp: Any, *, max_texts: int | None = None) -> None:
        self.nlp = nlp
        self.max_texts = max_texts
        self._docs: dict[tuple[str, tuple[str, ...]], Any] = {}
        self._lock = threading.Lock()
        self._ruler: LookupAttributeRuler | bool | None = None  # False: the ruler's own
        self.parsed = 0  # texts actually parsed
        self.reused = 0  # texts served from the cache

    def _parse(self, texts: list[str], off: tuple[str, ...], options: dict[str, Any]) -> list[Any]:
        """The wrapped pipeline's Docs; when the attribute ruler is the last component that
        runs, its patterns are applied by lookup (same annotations, a third of the time)."""
        running = [name for name in self.nlp.pipe_names if name not in off]
        ruler = None
        if running and running[-1] == "attribute_ruler":
            if self._ruler is None:
                self._ruler = _lookup_ruler(self.nlp)
            ruler = self._ruler if isinstance(self._ruler, LookupAttributeRuler) else None
        skip = [*off, "attribute_ruler"] if ruler is not None else list(off)
        docs = list(self.nlp.pipe(texts, disable=skip, **options))
        for doc in docs:
            if ruler is not None:
                ruler(doc)
            doc.tensor = np.zeros((0,), dtype=np.float32)
        return docs

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)

    def __len__(self) -> int:
        return len(self._docs)

    def pipe(
        self, texts: Iterable[str], *, disable: Iterable[str] = (), **options: Any
    ) -> Iterator[Any]:
        """Docs for ``texts``, in order; each text not seen before with the same ``disable``
        is parsed by the wrapped pipeline (``options`` such as ``batch_size`` pass through)."""
        off = tuple(sorted(disable))
        wanted = list(texts)
        with self._lock:
            found = {t: self._docs.pop((t, off)) for t in wanted if (t, off) in self._docs}
        new = [t for t in dict.fromkeys(wanted) if t not in found]
        if new:
            found.update(zip(new, self._parse(new, off, options), strict=True))
        with self._lock:
            for text in dict.fromkeys(wanted):  # the most recently used go last
                self._docs[(text, off)] = found[text]
            while self.max_texts is not None and len(self._docs) > self.max_texts:
                del self._docs[next(iter(self._docs))]
            self.parsed += len(new)
            self.reused += len(wanted) - len(new)
        return iter([found[t] for t in wanted])


def _lookup_ruler(nlp: Any) -> LookupAttributeRuler | bool:
    """The lookup form of ``nlp``'s attribute ruler, or False when a pattern needs the
    ruler's own Matcher."""
    try:
        return LookupAttributeRuler(nlp.get_pipe("attribute_ruler"))
    except Unsupported:
        return False
