"""The data every stage passes to the next: frozen dataclasses, no behaviour beyond small helpers.

Offsets are character offsets into ``Article.text`` (end exclusive), so that
``article.text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Literal

_WS = re.compile(r"\s+")


def content_id(text: str) -> str:
    """A stable id for an article body: the same words give the same id, whatever the spacing."""
    normal = _WS.sub(" ", text).strip().casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def parse_published(published: str | None) -> dt.date | None:
    """The calendar day of an ISO 8601 publication date, or None when absent or unreadable."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


# --- ingest -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Article:
    """One report, cleaned. ``text`` is the body every offset in the pipeline refers to."""

    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO 8601 date or date-time, when known
    credited_sources: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = ()
    external_id: str | None = None  # the `id` field of a JSON record, kept as given
    url: str | None = None
    # ISO 639-1 code ("en", "ms", "zh") as the source gave it or ingest detected it; None when
    # unknown (newsfuse.ingest.language)
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that produced no article, and why (one line a user can act on)."""

    source: str
    reason: str


# --- analyze ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "OTHER"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention inside one article, after type correction."""

    start: int
    end: int
    text: str
    type: str  # one of EntityType


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation or a piece of reported speech, with its speaker when attributable."""

    start: int  # the quoted words (inside the marks for direct quotes)
    end: int
    text: str
    direct: bool
    speaker: str | None = None
    speaker_span: Span | None = None
    sentence: int | None = None  # index of the sentence that holds it
    # The named mention the speaker refers to when speaker_span is a pronoun or a role ("he",
    # "the defence minister"): a span of the same article, e.g. "Ali Mahmoud Abbas".
    speaker_ref: Span | None = None
    # Id of the resolved Entity of the speaker, filled by `newsfuse.analyze.link_speakers`.
    speaker_entity: str | None = None


QuantityKind = Literal["quantity", "count", "money", "percent", "number", "rank"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in text, normalised.

    For exact amounts ``low == high == value``. Vague amounts ("thousands") are ranges with
    ``value`` None. ``unit`` is as written ("miles"); ``norm_unit`` is the canonical unit
    ("km", "SYP", "%", "people"), and ``norm_low``/``norm_high`` are in that unit.
    """

    start: int
    end: int
    text: str
    kind: str  # one of QuantityKind
    value: float | None
    low: float | None
    high: float | None
    unit: str | None = None
    norm_unit: str | None = None
    norm_low: float | None = None
    norm_high: float | None = None
    qualifier: str | None = None  # about, nearly, more than, within, ...
    vague: bool = False


Granularity = Literal["year", "month", "day", "time", "week", "weekend", "relative"]


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A date or time expression. ``value`` is ISO at its granularity ("2011", "2024-12",
    "2024-12-06"), or None when it is relative and the publication date is unknown."""

    start: int
    end: int
    text: str
    value: str | None
    granularity: str  # one of Granularity
    relative: bool = False


@dataclass(frozen=True, slots=True)
class Attribution:
    """A statement credited to a source: "according to X", "as reported by X", "X said"."""

    source: str
    source_span: Span
    sentence: int  # index of the sentence that carries the statement


@dataclass(frozen=True, slots=True)
class DocAnalysis:
    """Everything the analysis layer finds in one article."""

    article_id: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    attributions: tuple[Attribution, ...] = ()


@dataclass(frozen=True, slots=True)
class EntityMention:
    doc: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world referent, resolved within and across articles."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: tuple[EntityMention, ...]

    @property
    def doc_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.doc for m in self.mentions))


# --- fuse -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """An exact span of one document: ``documents[doc].text[start:end] == text``."""

    doc: str
    start: int
    end: int
    text: str


FactStatus = Literal["consensus", "corroborated", "single_source", "disputed"]


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    statement: str
    evidence: tuple[Evidence, ...]
    doc_ids: tuple[str, ...]
    support: int  # independent documents: copies of one another count once
    status: str  # one of FactStatus


ConflictKind = Literal["number", "quantity", "date", "count", "stance", "claim"]


@dataclass(frozen=True, slots=True)
class ConflictSide:
    value: str
    evidence: tuple[Evidence, ...]
    normalized: object = None


@dataclass(frozen=True, slots=True)
class Conflict:
    id: str
    kind: str  # one of ConflictKind
    topic: str
    sides: tuple[ConflictSide, ...]
    explanation: str
    fact_ids: tuple[str, ...] = ()
    # Of fact_ids, the facts that only mention a conflicting value in a subordinate clause
    # ("the pound plunged ... before the conflict began in 2011"): linked to the conflict,
    # they keep their own status.
    linked_fact_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportQuote:
    id: str
    text: str
    speaker: str | None
    speaker_entity: str | None
    evidence: Evidence
    direct: bool = True
    also: tuple[Evidence, ...] = ()  # the same quote in other reports (merged across reports)


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    when: str | None
    when_text: str | None
    event: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Framing:
    referent: str
    terms: dict[str, dict[str, int]]  # doc id -> term -> count


DerivationRelation = Literal["duplicate", "near_duplicate", "rewrite", "shares_content"]


@dataclass(frozen=True, slots=True)
class Derivation:
    a: str
    b: str
    relation: str  # one of DerivationRelation
    similarity: float


@dataclass(frozen=True, slots=True)
class BriefSentence:
    text: str
    fact_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryInfo:
    id: str
    title: str
    first_published: str | None = None
    last_published: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """The fused account of one story; ``newsfuse.render.json.to_dict`` gives the contract JSON."""

    story: StoryInfo
    documents: tuple[Article, ...]
    brief: tuple[BriefSentence, ...]
    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]
    entities: tuple[Entity, ...]
    quotes: tuple[ReportQuote, ...]
    timeline: tuple[TimelineEvent, ...]
    framing: tuple[Framing, ...]
    derivation: tuple[Derivation, ...]
    unique: dict[str, tuple[str, ...]] = field(default_factory=dict)  # doc id -> fact ids
    generated_at: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The report as JSON-ready data, valid against contracts/report.schema.json."""
        from newsfuse.render.json import report_to_dict

        return report_to_dict(self)
