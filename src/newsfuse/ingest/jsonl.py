"""JSON and JSONL records: one article per object, the record's own `id` kept as `external_id`."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from newsfuse.errors import InputError
from newsfuse.ingest.dates import iso_date
from newsfuse.ingest.html import article_from_html, looks_like_html
from newsfuse.ingest.text import article_from_text
from newsfuse.models import Article, Skipped

_TEXT_KEYS = ("text", "body", "content", "articleBody", "article", "maintext", "full_text")
_TITLE_KEYS = ("title", "headline")
_URL_KEYS = ("url", "link", "uri")
_OUTLET_KEYS = ("outlet", "source", "site", "sitename", "publisher", "source_domain")
_DATE_KEYS = ("published", "date", "published_at", "publishedAt", "pubDate", "datePublished",
              "date_publish", "timestamp")  # fmt: skip
_ID_KEYS = ("id", "_id", "doc_id", "article_id", "uuid")
_LIST_KEYS = ("articles", "items", "data", "documents", "records", "results")


def articles_from_json(text: str, *, source: str) -> Iterator[Article | Skipped]:
    """Articles from a JSON document: one record, a list of records, or {"articles": [...]}.

    Guarantees: a record that cannot become an article is a `Skipped` naming its index; the
    others are still read.

    Raises:
        InputError: the document is not valid JSON or holds no records.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source}: invalid JSON at line {exc.lineno} ({exc.msg}); fix it"
        ) from exc
    records = _records(data)
    if records is None:
        raise InputError(f"{source}: JSON holds no article records (an object or a list of them)")
    for index, record in enumerate(records):
        yield article_from_record(record, source=f"{source}#{index}")


def articles_from_jsonl(text: str, *, source: str) -> Iterator[Article | Skipped]:
    """Articles from JSON Lines, one record per line.

    Guarantees: a broken line is a `Skipped` whose reason gives its line number, and every
    other line is still read; blank lines are ignored.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"line {number}: invalid JSON ({exc.msg}); fix or remove it")
            continue
        yield article_from_record(record, source=where)


def _records(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        for key in _LIST_KEYS:
            if isinstance(data.get(key), list):
                return list(data[key])
        return [data]
    return None


def article_from_record(record: Any, *, source: str) -> Article | Skipped:
    """One record (a dict with the JSON fields: text/body/content, title, url, outlet,
    published, author, id...) as an article, or a `Skipped` that says what is missing."""
    if not isinstance(record, Mapping):
        return Skipped(source, f"record is {type(record).__name__}, not an object; skipped")
    body = _first_str(record, _TEXT_KEYS)
    if body is None:
        keys = "/".join(_TEXT_KEYS[:3])
        return Skipped(source, f"record has no {keys} field with text; add one")
    raw_id = _first(record, _ID_KEYS)
    url = _first_str(record, _URL_KEYS)
    try:
        if looks_like_html(body):
            article = article_from_html(body, source=source, url=url)
        else:
            article = article_from_text(body, source=source, title=_first_str(record, _TITLE_KEYS),
                                        url=url)  # fmt: skip
    except InputError as exc:
        return Skipped(source, str(exc))
    except Exception as exc:  # one record's parser fault must not lose the other records
        return Skipped(source, f"could not be parsed ({type(exc).__name__}: {exc}); skipped")
    return _with_fields(article, record, external_id=None if raw_id is None else str(raw_id))


def _with_fields(
    article: Article, record: Mapping[str, Any], *, external_id: str | None
) -> Article:
    byline = record.get("author") or record.get("byline") or record.get("authors")
    if isinstance(byline, list):
        byline = ", ".join(str(b) for b in byline if b)
    return replace(
        article,
        title=_first_str(record, _TITLE_KEYS) or article.title,
        outlet=_outlet(record) or article.outlet,
        published=_published(record) or article.published,
        byline=str(byline) if byline else article.byline,
        external_id=external_id,
        language=_language(record) or article.language,
    )


def _language(record: Mapping[str, Any]) -> str | None:
    """A record's own two-letter language code ("en", "zh-Hant" as "zh"), else None."""
    value = _first_str(record, ("language", "lang"))
    code = value.strip().split("-")[0].split("_")[0].lower() if value else ""
    return code if len(code) == 2 and code.isalpha() else None


def _published(record: Mapping[str, Any]) -> str | None:
    for key in _DATE_KEYS:
        if (value := iso_date(record.get(key))) is not None:
            return value
    return None


def _outlet(record: Mapping[str, Any]) -> str | None:
    for key in _OUTLET_KEYS:
        value = record.get(key)
        if isinstance(value, Mapping):
            value = value.get("name") or value.get("title")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _first(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def _first_str(record: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None
