"""The fuse pipeline: sources -> articles -> analysis -> facts, conflicts, ... -> Report.

`fuse` is the one-call library entry; `fuse_articles` is what clustering, the service and batch
mode call with models they already hold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfuse.errors import InputError
from newsfuse.fusion.align import AlignOptions, align, fact_status
from newsfuse.fusion.derive import derive, families
from newsfuse.fusion.embed import CachedEncoder, EmbeddingCache
from newsfuse.fusion.framing import find_framing
from newsfuse.fusion.judges import Judge, JudgedVerifier
from newsfuse.fusion.parses import CachedParser
from newsfuse.fusion.quotes import merge_quotes
from newsfuse.fusion.rules import RuleVerifier
from newsfuse.fusion.statements import extract_statements
from newsfuse.fusion.timeline import build_timeline
from newsfuse.fusion.unique import unique_facts
from newsfuse.fusion.verify import (
    Pair,
    Verifier,
    aligned_pairs,
    find_conflicts,
    mark_disputed,
    reader_labels,
)
from newsfuse.models import Article, DocAnalysis, Entity, Fact, Report, Skipped, StoryInfo

if TYPE_CHECKING:
    from newsfuse.config import Settings

Source = str | Path | Article | Mapping[str, Any]
_NOT_A_SOURCE = (
    "{what} is {kind}; pass paths, URLs, article text (str), Articles or records "
    "(dicts with a 'text' field), or a list of them"
)
# Stances are held by people, organisations and states ("Turkish" is not a holder's name).
_HOLDER_TYPES = {"PERSON", "ORG", "GPE"}


@dataclass(frozen=True, slots=True)
class FuseOptions:
    align: AlignOptions = AlignOptions()
    verifier: Verifier | None = None  # None: the rule-based verifier
    # Asked to confirm or reject each of the verifier's findings (off: None); see fusion.judges.
    judge: Judge | None = None
    judge_max_calls: int = 40


def fuse(
    sources: Sequence[Source] | Source,
    *,
    brief_words: int | None = None,
    settings: Settings | None = None,
    story_id: str | None = None,
    now: dt.datetime | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> Report:
    """Fuse reports of one event into one Report.

    A source is a path (file or folder), a URL, an Article, or a plain string of article text
    (a string naming an existing path is read as that path). Models are loaded once per process;
    a `newsfuse.session.Session` keeps caches across calls.
    ``on_skip`` is told of every input that yields no article (empty, binary, unreadable...).
    With ``settings.verifier_url`` set, an OpenAI-compatible endpoint confirms or rejects each
    conflict the rules find (`newsfuse.fusion.judges`).

    Raises:
        InputError: no source yields an article (the reasons of the skipped ones are listed).
        JudgeError: the configured verifier endpoint refuses the address, model or API key.
    """
    from newsfuse.session import Session

    session = Session(settings)
    try:
        return session.fuse_sources(
            sources, brief_words=brief_words, story_id=story_id, now=now, on_skip=on_skip
        )
    finally:
        session.close()


def articles_from_sources(
    sources: Sequence[Source] | Source,
    *,
    settings: Settings | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> list[Article]:
    """Articles from paths, URLs, Articles, texts and records (dicts with the JSON/JSONL fields:
    text, title, url, outlet, published...), in order, duplicates (same id) once; ``on_skip``
    is called with each input that yields no article.

    Raises:
        InputError: nothing could be read; the message lists why each input was skipped.
        TypeError: a source is none of these (bytes, a number, None...).
    """
    if isinstance(sources, bytes | bytearray) or not isinstance(sources, Iterable):
        raise TypeError(_NOT_A_SOURCE.format(what="sources", kind=type(sources).__name__))
    items: Sequence[Any] = (
        [sources] if isinstance(sources, str | Path | Article | Mapping) else list(sources)
    )
    articles: dict[str, Article] = {}
    skipped: list[Skipped] = []
    for index, item in enumerate(items):
        for got in _read_source(item, index, settings=settings):
            if isinstance(got, Article):
                articles.setdefault(got.id, got)
            else:
                skipped.append(got)
                if on_skip is not None:
                    on_skip(got)
    if not articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:5]) or "no input given"
        raise InputError(f"no article to fuse ({reasons}); pass article files, folders or URLs")
    return list(articles.values())


def _read_source(item: Any, index: int, *, settings: Settings | None) -> list[Article | Skipped]:
    """What one source of `articles_from_sources` yields.

    Raises:
        TypeError: the source is not a path, URL, text, Article or record.
    """
    from newsfuse.ingest import article_from_text, read_sources
    from newsfuse.ingest.jsonl import article_from_record

    if isinstance(item, Article):
        return [item]
    if isinstance(item, Mapping):
        return [article_from_record(item, source=f"<record {index}>")]
    if not isinstance(item, str | Path):
        raise TypeError(_NOT_A_SOURCE.format(what=f"source {index}", kind=type(item).__name__))
    if _is_location(item):
        return list(read_sources([item], settings=settings))
    return [article_from_text(item)] if isinstance(item, str) and item.strip() else []


def fuse_articles(
    articles: Sequence[Article],
    *,
    nlp: Any,
    encoder: Any,
    brief_words: int = 120,
    story_id: str | None = None,
    analyses: Sequence[DocAnalysis] | None = None,
    cache: EmbeddingCache | None = None,
    options: FuseOptions | None = None,
    now: dt.datetime | None = None,
) -> Report:
    """The fused report of articles already read. ``analyses`` (one per article, in order)
    skips the analysis step; ``cache`` keeps sentence vectors across calls (an ``encoder`` given as
    a `CachedEncoder` brings its own cache and is used as it is), and ``nlp`` given as
    a `CachedParser` (bounded by ``max_texts``) keeps fusion's parses across calls: a story
    fused again after it gained an article re-parses only the new texts (same report).

    Guarantees: every evidence span slices its document's text exactly; fact, conflict and
    quote ids are stable for the same input.

    Raises:
        InputError: ``articles`` is empty, or ``analyses`` does not match it.
    """
    from newsfuse.analyze import analyze_articles, resolve_entities

    if not articles:
        raise InputError("no article to fuse; pass at least one article")
    opts = options or FuseOptions()
    # Copies share an id (same words, any spacing): keep the first, whose analysis is used.
    firsts: dict[str, Article] = {}
    for a in articles:
        firsts.setdefault(a.id, a)
    docs = list(firsts.values())
    # Verifier, timeline and framing re-parse statements and sentences: each text once.
    parser = nlp if isinstance(nlp, CachedParser) else CachedParser(nlp)
    if analyses is None:
        found = analyze_articles(docs, nlp=parser.nlp)
    elif [a.article_id for a in analyses] == [a.id for a in articles]:
        first = {a.article_id: a for a in reversed(analyses)}  # copies: the first one's
        found = [first[d.id] for d in docs]
    else:
        raise InputError("analyses do not match the articles; pass one per article, in order")
    entities = resolve_entities(docs, found)
    statements = extract_statements(docs, found, entities)
    if not isinstance(encoder, CachedEncoder):
        encoder = CachedEncoder(encoder, cache if cache is not None else EmbeddingCache())
    vectors = encoder.encode([s.text for s in statements])
    raw = align(statements, vectors, options=opts.align, nlp=parser)
    derivation = derive(docs, statements, raw)
    fam = families([d.id for d in docs], derivation)
    facts = _with_support(raw, fam)
    verifier = opts.verifier or RuleVerifier(
        nlp=parser,
        encoder=encoder,
        names={e.id: e.name for e in entities if e.type in _HOLDER_TYPES},
    )
    if opts.judge is not None:
        verifier = JudgedVerifier(verifier, opts.judge, max_calls=opts.judge_max_calls)
    pairs = aligned_pairs(statements, facts, lambda i, j: float(vectors[i] @ vectors[j]))
    conflicts = find_conflicts(
        statements, facts, verifier=verifier, pairs=pairs, doc_labels=reader_labels(docs)
    )
    facts = mark_disputed(facts, conflicts)
    return Report(
        story=_story(docs, story_id),
        documents=tuple(docs),
        brief=_brief(facts, docs, entities, conflicts, brief_words, encoder),
        facts=tuple(facts),
        conflicts=tuple(conflicts),
        entities=tuple(entities),
        quotes=tuple(merge_quotes(docs, found, entities)),
        timeline=tuple(build_timeline(facts, statements, nlp=parser, entities=entities)),
        framing=tuple(find_framing(docs, found, entities, nlp=parser)),
        derivation=tuple(derivation),
        unique=unique_facts(facts, doc_ids=[d.id for d in docs], families=fam),
        generated_at=(now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
    )


def _with_support(facts: Sequence[Fact], fam: dict[str, str]) -> list[Fact]:
    total = len(set(fam.values()))
    out = []
    for f in facts:
        support = len({fam.get(d, d) for d in f.doc_ids})
        out.append(
            Fact(f.id, f.statement, f.evidence, f.doc_ids, support, fact_status(support, total))
        )
    return out


def _brief(
    facts: Sequence[Fact],
    docs: Sequence[Article],
    entities: Sequence[Entity],
    conflicts: Sequence[Any],
    words: int,
    encoder: Any,
) -> tuple[Any, ...]:
    from newsfuse.fusion.brief import build_brief

    return build_brief(
        facts, articles=docs, entities=entities, conflicts=conflicts, words=words, encoder=encoder
    )


def _story(docs: Sequence[Article], story_id: str | None) -> StoryInfo:
    key = "|".join(sorted(d.id for d in docs))
    dates = sorted(d.published for d in docs if d.published)
    title = next((d.title for d in docs if d.title), None) or _first_line(docs[0].text)
    return StoryInfo(
        id=story_id or "s-" + hashlib.sha256(key.encode()).hexdigest()[:12],
        title=title,
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
    )


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= 120 else line[:117].rsplit(" ", 1)[0] + "…"


def _is_location(item: str | Path) -> bool:
    if isinstance(item, Path):
        return True
    text = item.strip()
    if text == "-" or text.startswith(("http://", "https://")):
        return "\n" not in text and " " not in text
    if "\n" in text or len(text) > 4096:
        return False
    try:
        return Path(text).exists()
    except OSError:
        return False


__all__ = ["FuseOptions", "Pair", "Source", "articles_from_sources", "fuse", "fuse_articles"]
