"""Pydantic models of the HTTP bodies: strict at the edge (unknown fields are refused)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

_Short = Annotated[str, Field(max_length=2000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ArticleIn(_Strict):
    """One article: its plain ``text`` or its ``html`` (exactly one), with optional metadata.

    Plain text goes through the same conventions as a text file (headline, byline, credit and
    tag lines); HTML through the HTML reader. Metadata given here wins over what is found.
    """

    text: Annotated[str, Field(min_length=1)] | None = None
    html: Annotated[str, Field(min_length=1)] | None = None
    title: _Short | None = None
    source: _Short | None = None
    outlet: _Short | None = None
    byline: _Short | None = None
    published: Annotated[str, Field(max_length=64)] | None = None
    url: HttpUrl | None = None
    id: _Short | None = Field(default=None, description="your id for it, kept as external_id")

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of `text` or `html`")
        return self


class ArticleBatch(_Strict):
    articles: Annotated[list[ArticleIn], Field(min_length=1)]


class ArticleOut(_Strict):
    id: str
    source: str
    text: str
    title: str | None
    outlet: str | None
    byline: str | None
    published: str | None
    credited_sources: list[str]
    boilerplate: list[str]
    external_id: str | None
    url: str | None
    language: str | None = None  # ISO 639-1, detected at ingest (None: too little text)
    story_id: str | None = None


class AddedItem(_Strict):
    id: str
    status: Literal["added", "present"]
    story_id: str | None = None


class SkippedItem(_Strict):
    index: int
    source: str
    reason: str


class AddArticlesOut(_Strict):
    """What a POST stored: each article as added or already present, and what was skipped."""

    added: int
    present: int
    articles: list[AddedItem]
    skipped: list[SkippedItem]


class FuseIn(_Strict):
    """Documents to fuse into one report without storing them (plain strings are article text)."""

    documents: Annotated[list[ArticleIn | Annotated[str, Field(min_length=1)]], Field(min_length=1)]
    brief_words: Annotated[int, Field(ge=10, le=2000)] | None = None
    story_id: Annotated[str, Field(max_length=200)] | None = None


class StoryOut(_Strict):
    """A story as the list shows it. ``title`` is the member headline closest to what the
    members' titles share; ``independent`` counts members that are not near-copies of another
    member; ``first_seen``/``last_seen`` are arrival times (UTC); ``languages`` is empty when
    the articles carry none."""

    id: str
    title: str
    size: int
    independent: int | None
    outlets: list[str]
    languages: list[str]
    first_published: str | None
    last_published: str | None
    first_seen: str | None
    last_seen: str | None
    article_ids: list[str]


class FigureOut(_Strict):
    statement: str
    before: int
    after: int


class UpdateOut(_Strict):
    """One kept version of the report against the one before it (``first``: none before)."""

    at: str
    reports: int
    first: bool
    new_facts: list[str]
    new_conflicts: list[str]
    resolved_conflicts: list[str]
    new_outlets: list[str]
    figures: list[FigureOut] = Field(description="figures whose support changed")


class ChangesOut(_Strict):
    story_id: str
    since: str | None
    updates: list[UpdateOut]


class StoryList(_Strict):
    page: int
    per_page: int
    more: bool
    stories: list[StoryOut]


class FeedIn(_Strict):
    url: HttpUrl
    interval_s: Annotated[
        float | None,
        Field(ge=60, le=7 * 86400, description="seconds between polls (60 s to a week)"),
    ] = None


class FeedOut(_Strict):
    id: int
    url: str
    interval_s: float
    next_poll: str
    last_polled: str | None
    last_status: str | None
    failures: int
    added: int


class Health(_Strict):
    status: Literal["ok"]
    version: str
    store: str
    articles: int
    models_loaded: bool
    private: bool
