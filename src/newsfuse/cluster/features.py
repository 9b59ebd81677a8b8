"""What the clusterer compares: raw weighted terms, names, numbers, dates and an embedding.

Features are raw counts (the IDF is learned by the clusterer from the stream it sees), keyed
by namespace: plain words (``w:``), character bigrams of CJK text (``c:``), named participants
and places (``e:``), numbers (``n:``) and calendar days (``d:``). Numbers and days are written
the same way in every language ("Sep 21", "21 September", "9月21日" all give ``d:09-21``), so
they also link reports of one event written in different languages. The same keys of the title
and lead (the opening ``LEAD_WORDS`` words) are repeated under ``l:`` (``l:w:quake``): the split
test compares members by their leads, where a news report states its own event.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from newsfuse.models import Article, DocAnalysis
from newsfuse.models import parse_published as parse_published

if TYPE_CHECKING:
    from spacy.language import Language

Vector = npt.NDArray[np.float32]
# What gives the clusterer its names: the analyses of a batch of articles, one each, in order
# (`newsfuse.session.Session.analyze`). The cluster package never loads a model itself.
Analyzer = Callable[[Sequence[Article]], Sequence[DocAnalysis]]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# A number starts after anything but a Latin letter, digit, "_" or ".": a CJK character may
# touch it ("在10分钟内"), but "A320" or "v2.1" hold no number of their own.
_NUMBER = re.compile(
    r"(?<![0-9A-Za-z_.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![0-9A-Za-z_.])\d+(?:\.\d+)?"
)
_MONTHS = {
    # English, then Malay spellings that differ; three-letter prefixes cover "Sep", "Sept".
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12, "mei": 5, "ogo": 8, "dis": 12, "okt": 10,
}  # fmt: skip
_MONTH_WORD = r"(jan|feb|mar|apr|may|mei|jun|jul|aug|ogo|sep|oct|okt|nov|dec|dis)[a-z]*\.?"
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD}(?!\w)", re.I)
_MONTH_DAY = re.compile(rf"\b{_MONTH_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d)", re.I)
_CJK_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")
_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
# Characters of scripts without letter case (CJK, kana, hangul): the English tagger's "names"
# there are runs of whole sentences, never a name another report could share.
_CASELESS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
# Longer spans are tagger run-ons ("Singapore-MIT Alliance for Research and Technology" is 6).
_NAME_WORDS = 6
# The lead: a news report states its event (who, what, where, when) in its opening paragraphs,
# and background shared with earlier events of the same kind comes later. On the dev sets a
# split test on leads of 100-200 words beat one on whole texts (bench/results/cluster.md).
LEAD_WORDS = 150
# A CJK character is about 0.6 of an English word in length of content (one word is 1-2 chars).
_CJK_CHAR_WORDS = 0.6
# What extract_features computes, as a version: stored features of another version (a batch
# job's work store) are computed again rather than mixed with new ones. 4: publication day as a
# day key, title weight 3. 5: names from the analysis' mentions, not a second NER pass.
FEATURES_VERSION = 5
# The headline states the event most densely. Ingest drops a first text line that repeats the
# title, so the headline is counted here and nowhere else: 3 beat 2 and 4 on the dev sets read
# through ingest, with a plateau of split ratios around it (bench/results/cluster.md).
TITLE_WEIGHT = 3
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_]+")
# Words too common in news to tell stories apart; the learned IDF discounts the rest.
_STOP = frozenset(
    """a about after again against all also an and any are as at be been before being but by
    can could did do does during each few for from had has have he her here hers him his how
    i if in into is it its itself just me more most my no nor not now of off on once only or
    other our out over own same she should so some such than that the their them then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours said says say one two new also per
    yang dan di ke dari untuk dengan ini itu pada dalam tidak akan oleh telah ialah bagi""".split()
)


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """One article as the clusterer sees it. ``terms`` holds raw counts by namespaced key;
    ``embedding`` is unit length (or None when no encoder was given)."""

    article_id: str
    terms: dict[str, float]
    embedding: Vector | None = None
    published: dt.date | None = None
    title: str = ""
    outlet: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def lead_text(text: str, *, words: float = LEAD_WORDS) -> str:
    """The opening of ``text`` up to about ``words`` words (a CJK character counts 0.6)."""
    units = 0.0
    for match in _TOKEN.finditer(text):
        token = match.group()
        units += _CJK_CHAR_WORDS if _CJK.fullmatch(token) else 1.0
        if units >= words:
            return text[: match.end()]
    return text


def lead_terms(
    title: str, text: str, *, words: float = LEAD_WORDS, published: dt.date | None = None
) -> Counter[str]:
    """``text_terms`` of the title and lead, each key under ``l:`` (see `lead_text`)."""
    lead = text_terms(title, lead_text(text, words=words), published=published)
    return Counter({f"l:{key}": count for key, count in lead.items()})


def day_key(month: int, day: int) -> str:
    """The key of a calendar day, written the same in every language: ``d:09-21``."""
    return f"d:{month:02d}-{day:02d}"


def text_terms(title: str, text: str, *, published: dt.date | None = None) -> Counter[str]:
    """Words, CJK bigrams, numbers and calendar days of one article.

    The title counts ``TITLE_WEIGHT`` times. The publication day, when known, counts once as a
    ``d:`` key, like a day the text names: ingest lifts a dateline out of the text into
    ``published``, and the day a report appeared says when its event happened.
    """
    counts: Counter[str] = Counter()
    if published is not None:
        counts[day_key(published.month, published.day)] += 1
    for part, weight in ((title, TITLE_WEIGHT), (text, 1)):
        for _ in range(weight):
            counts.update(_words(part))
            counts.update(f"n:{n}" for n in _numbers(part))
            counts.update(day_key(m, d) for m, d in _days(part))
    return counts


def _words(text: str) -> Iterable[str]:
    for run in _CJK.findall(text):
        if len(run) == 1:
            yield f"c:{run}"
        yield from (f"c:{run[i : i + 2]}" for i in range(len(run) - 1))
    for word in _WORD.findall(_CJK.sub(" ", text)):
        low = word.casefold()
        if low not in _STOP:
            yield f"w:{low}"


def _numbers(text: str) -> Iterable[str]:
    for raw in _NUMBER.findall(text):
        value = raw.replace(",", "")
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        value = value.lstrip("0") or "0"
        # 0-9 appear in every story (ages of counting, "2 people"); they carry no identity.
        if len(value) > 1:
            yield value


def _days(text: str) -> Iterable[tuple[int, int]]:
    for match in _DAY_MONTH.finditer(text):
        yield _MONTHS[match.group(2).casefold()[:3]], int(match.group(1))
    for match in _MONTH_DAY.finditer(text):
        yield _MONTHS[match.group(1).casefold()[:3]], int(match.group(2))
    for match in _CJK_DAY.finditer(text):
        yield int(match.group(1)), int(match.group(2))


def entity_terms(doc_ents: Iterable[tuple[str, str]]) -> Counter[str]:
    """``e:`` keys for named participants and places, resolved lightly.

    Case, a leading "the" and a possessive are dropped; a multi-word person or organisation also
    yields its last word, so "Lindsay Lohan" and a later "Lohan" share a key. Spans that cannot
    be names are skipped: any in a caseless script (CJK, kana, hangul), any with no capitalised
    word (the English tagger on Malay: "ada seseorang") and any over six words.
    """
    counts: Counter[str] = Counter()
    for text, label in doc_ents:
        words = text.split()
        if (
            label not in _ENTITY_TYPES
            or _CASELESS.search(text)
            or len(words) > _NAME_WORDS
            or not any(word[:1].isupper() for word in words)
        ):
            continue
        name = re.sub(r"^the\s+|['’]s$", "", text.casefold().strip())
        name = " ".join(_WORD.findall(name))
        if not name:
            continue
        counts[f"e:{name}"] += 1
        parts = name.split()
        if label in ("PERSON", "ORG") and len(parts) > 1 and parts[-1] not in _STOP:
            counts[f"e:{parts[-1]}"] += 1
    return counts


def extract_features(
    articles: Sequence[Article],
    *,
    analyses: Sequence[DocAnalysis] | None = None,
    nlp: Language | None = None,
    encoder: Any | None = None,
    batch_size: int = 32,
    embed_chars: int = 1200,
) -> list[ArticleFeatures]:
    """Features of each article, in input order.

    Terms are `text_terms` and `lead_terms` of title, text and publication day. ``analyses``
    (one per article, in order: `newsfuse.analyze.analyze_articles`) add the named
    participants and places the analysis found (`entity_terms` of its mentions): the names
    come from the one spaCy pass the articles get anyway. ``nlp`` (a spaCy pipeline with NER)
    instead runs NER over title and text, a second pass kept for comparison (bench/cluster.py).
    ``encoder`` (a SentenceTransformer) adds a unit embedding of the title and the opening
    ``embed_chars`` characters. Any may be None: the clusterer then works on the remaining
    signals.
    """
    days = [parse_published(a.published) for a in articles]
    counts = [
        text_terms(a.title or "", a.text, published=day)
        + lead_terms(a.title or "", a.text, published=day)
        for a, day in zip(articles, days, strict=True)
    ]
    if analyses is not None:
        for count, analysis in zip(counts, analyses, strict=True):
            count.update(entity_terms((m.text, m.type) for m in analysis.mentions))
    elif nlp is not None:
        texts = (f"{a.title or ''}\n{a.text}" for a in articles)
        for count, doc in zip(counts, nlp.pipe(texts, batch_size=batch_size), strict=True):
            count.update(entity_terms((ent.text, ent.label_) for ent in doc.ents))
    vectors: list[Vector | None] = [None] * len(articles)
    if encoder is not None and articles:
        vectors = list(
            embed_articles(articles, encoder=encoder, batch_size=batch_size, chars=embed_chars)
        )
    return [
        ArticleFeatures(
            article_id=a.id,
            terms={k: float(v) for k, v in count.items()},
            embedding=vector,
            published=day,
            title=a.title or a.text[:80],
            outlet=a.outlet,
            extra={"language": a.language} if a.language else {},
        )
        for a, day, count, vector in zip(articles, days, counts, vectors, strict=True)
    ]


def embed_articles(
    articles: Sequence[Article], *, encoder: Any, batch_size: int = 32, chars: int = 1200
) -> Vector:
    """Unit-length MiniLM vectors of each article's title and opening, one row per article."""
    texts = [f"{a.title or ''}\n{a.text[:chars]}" for a in articles]
    vectors = encoder.encode(
        texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)
