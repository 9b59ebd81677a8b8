"""`analyze_articles`: one spaCy pass per article, then the rule stages over its parse."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsfuse.analyze.attributions import find_attributions
from newsfuse.analyze.dates import find_times
from newsfuse.analyze.entities import find_mentions
from newsfuse.analyze.gazetteer import Gazetteer, load_gazetteer
from newsfuse.analyze.quantities import find_quantities
from newsfuse.analyze.quotes import find_quotes
from newsfuse.analyze.sentences import sentences_from_doc
from newsfuse.errors import ModelError
from newsfuse.models import Article, DocAnalysis, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The rules read fine-grained tags (tag_), the dependency parse and entities. The lemmatizer
# and the attribute ruler (coarse pos_, about 15% of the pipeline's time) are never used.
_UNUSED = ("lemmatizer", "attribute_ruler")
_NEEDED = ("tagger", "parser", "ner")


def analyze_articles(
    articles: Sequence[Article],
    *,
    nlp: Language,
    batch_size: int = 16,
    n_process: int = 1,
    gazetteer: Gazetteer | None = None,
) -> list[DocAnalysis]:
    """Sentences, entity mentions, quotes, quantities, dates and attributions of each article.

    One result per article, in input order. Every span is an exact slice of ``Article.text``.
    `nlp` is a loaded pipeline with a tagger, parser and NER (``newsfuse.nlp.load_spacy()``);
    `n_process` > 1 parses in worker processes.

    Raises:
        ModelError: `nlp` lacks a component the rules read.
    """
    missing = [name for name in _NEEDED if name not in nlp.pipe_names]
    if missing:
        raise ModelError(
            f"the spaCy pipeline has no {', '.join(missing)}; analysis needs tagger, parser and "
            "ner: pass newsfuse.nlp.load_spacy()"
        )
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    unused = [name for name in _UNUSED if name in nlp.pipe_names]
    texts = [a.text for a in articles]
    with nlp.select_pipes(disable=unused):
        docs = nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
        return [_analyze(article, doc, gaz) for article, doc in zip(articles, docs, strict=True)]


class AnalysisCache:
    """Analyses kept across calls, so a service that fuses a story again after it gained an
    article analyses only the new one.

    An analysis depends on nothing but the article's id, text and publication date (dates
    resolve against it), which key it; it is the one ``analyze_articles`` gives afresh. Past
    ``max_articles`` the least recently used are forgotten. Safe to share between threads.
    """

    # An analysis holds about 45 KiB (traced, MMDS dev articles of 1,900 characters): the
    # default bound is some 90 MiB.
    def __init__(self, *, max_articles: int = 2_000, batch_size: int = 16) -> None:
        self.max_articles = max_articles
        self.batch_size = batch_size
        self._found: dict[tuple[str, str, str | None], DocAnalysis] = {}
        self._lock = threading.Lock()
        self.analyzed = 0  # articles actually analysed

    def __len__(self) -> int:
        return len(self._found)

    def analyze(self, articles: Sequence[Article], *, nlp: Language) -> list[DocAnalysis]:
        """``analyze_articles(articles, nlp=nlp)``, each article not seen before analysed.

        Raises:
            ModelError: `nlp` lacks a component the rules read.
        """
        keys = [(a.id, a.text, a.published) for a in articles]
        with self._lock:
            found = {k: self._found.pop(k) for k in keys if k in self._found}
        new = {k: a for k, a in zip(keys, articles, strict=True) if k not in found}
        if new:
            found.update(
                zip(
                    new,
                    analyze_articles(list(new.values()), nlp=nlp, batch_size=self.batch_size),
                    strict=True,
                )
            )
        with self._lock:
            for key in dict.fromkeys(keys):  # the most recently used go last
                self._found[key] = found[key]
            while len(self._found) > self.max_articles:
                del self._found[next(iter(self._found))]
            self.analyzed += len(new)
        return [found[k] for k in keys]


def _analyze(article: Article, doc: Doc, gaz: Gazetteer) -> DocAnalysis:
    sentences = sentences_from_doc(doc)
    mentions = find_mentions(doc, gazetteer=gaz)
    times = find_times(article.text, published=article.published)
    spans = [Span(s.start, s.end, s.text) for s in sentences]
    time_spans = [Span(t.start, t.end, t.text) for t in times]
    quantities = find_quantities(doc, sentences=spans, exclude=time_spans)
    quotes = find_quotes(doc, sentences=sentences, mentions=mentions)
    attributions = find_attributions(doc, sentences=sentences, mentions=mentions, quotes=quotes)
    return DocAnalysis(
        article_id=article.id,
        sentences=sentences,
        mentions=mentions,
        quotes=quotes,
        quantities=quantities,
        times=times,
        attributions=attributions,
    )
