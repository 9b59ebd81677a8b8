"""Metadata lines at the top of plain-text wire copy: keyword tag lines and "By ..." bylines.

A tag line is many short phrases separated by slashes, e.g.
``Homs conflict updates/ Syrian civil war 2024/ Newslooks/ J. Mansour/ Morning Edition/ Syrian
insurgents have seized ...``: keyword tags, then outlet, author and edition, and often the first
sentence of the body on the same line after the last slash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsfuse.ingest.agencies import known_agency

# A slash that separates tags: followed by white space or the end ("km/h" and URLs do not match);
# the look-behind keeps a long run of spaces from being scanned once per space.
_TAG_SEP = re.compile(r"(?<!\s)\s*/(?:\s+|$)")
# Tags are short phrases; a longer piece is the body text that runs on after the last slash.
_MAX_TAG_WORDS = 7
_MIN_TAGS = 3
_EDITION = re.compile(
    r"^(?:(?:morning|evening|afternoon|midday|late|early|night|weekend|sunday|saturday|daily|"
    r"weekly|international|national|online|print|digital|web|final|city|home)\s+)+"
    r"(?:edition|ed\.|briefing|update|report)$",
    re.IGNORECASE,
)
_NAME_PART = r"(?:[A-Z]\.\s?)+|[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_SURNAME = (
    r"(?:(?:al|el|de|van|von|der|da|di|bin|ibn|le|la)[- ])?[A-Z][A-Za-z'’]+(?:-[A-Z][a-z'’]+)?"
)
_INITIALS = re.compile(r"^(?:[A-Z]\.\s?)+[A-Z]")
_PERSON = re.compile(rf"^(?:{_NAME_PART})(?:\s*(?:{_NAME_PART}))?\s*{_SURNAME}$")
# A brand is one to three capitalised words: "Newslooks", "Al-Monitor", "The Daily Planet".
_BRAND = re.compile(r"^[A-Z][\w.’'&-]*(?: [A-Z][\w.’'&-]*){0,2}$")
_SENTENCE_END = re.compile(r"[.!?]['\"’”]?$")
_MAX_BYLINE_CHARS = 300
_BY = re.compile(r"^\s*by\s+(?P<rest>\S.*)$", re.IGNORECASE)
# (?<!\s): a long run of spaces is scanned once, not once per space
_BY_SPLIT = re.compile(r"(?<!\s)\s*(?:\||—|–|\s-\s|,)\s*")
_CAP_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|and|&|de|van|von|al|el|bin)$")


@dataclass(frozen=True, slots=True)
class TagLine:
    """What a tag line holds; `body` is the text that runs on after the last slash ("" if none)."""

    tags: tuple[str, ...]
    outlet: str | None
    byline: str | None
    edition: str | None
    body: str


@dataclass(frozen=True, slots=True)
class Byline:
    names: str
    outlet: str | None
    credits: tuple[str, ...]


def parse_tag_line(line: str) -> TagLine | None:
    """The parts of `line` if it is a tag line, else None.

    Guarantees: at least three short slash-separated phrases before the body; the metadata
    (outlet, person, edition) is read only from the trailing run of name-like phrases, so a
    keyword tag such as "Homs conflict updates" is never taken for an outlet.
    """
    parts = _TAG_SEP.split(line.strip())
    body = ""
    last = parts[-1].strip() if parts else ""
    if parts and (not last or len(last.split()) > _MAX_TAG_WORDS or _SENTENCE_END.search(last)):
        body = parts.pop().strip()
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) < _MIN_TAGS or any(len(p.split()) > _MAX_TAG_WORDS for p in parts):
        return None
    if not body and len(_TAG_SEP.findall(line)) < _MIN_TAGS:
        return None
    edition, outlet, byline = _trailing_metadata(parts)
    return TagLine(tuple(parts), outlet, byline, edition, body)


def _trailing_metadata(parts: list[str]) -> tuple[str | None, str | None, str | None]:
    """Pop the trailing run of metadata phrases off `parts`: (edition, outlet, byline).

    A name counts only beside an edition, an agency or another name, or when it has
    initials, so "Syria" or "Central Bank" ending a list of keyword tags stays a tag. Of two
    plain names the first is the author ("Name/ Outlet/ Edition/"); a name with initials
    ("J. Mansour") is the author wherever it stands; a lone plain name beside an edition is
    the outlet.
    """
    edition = outlet = byline = None
    while parts:
        tail, before = parts[-1], parts[-2] if len(parts) > 1 else ""
        if edition is None and _EDITION.match(tail):
            edition = tail
        elif outlet is None and known_agency(tail):
            outlet = known_agency(tail)
        elif (
            byline is None
            and _PERSON.match(tail)
            and (edition or outlet or _INITIALS.match(tail) or known_agency(before))
        ):
            byline = tail
        elif outlet is None and _BRAND.match(tail) and (byline or edition):
            outlet = tail
        else:
            break
        parts.pop()
    plain = byline is not None and not _INITIALS.match(byline)
    if plain and outlet and _PERSON.match(outlet) and not known_agency(outlet):
        byline, outlet = outlet, byline
    elif plain and outlet is None and edition:
        byline, outlet = None, byline
    return edition, outlet, byline


def parse_byline(line: str) -> Byline | None:
    """The names (and outlet or agency credits) of a "By ..." line, or None if it is not one.

    "By Jane Doe and John Roe, Associated Press" gives names "Jane Doe and John Roe" and the
    credit "Associated Press"; a sentence that merely starts with "By" is not a byline because
    every word of the names must be capitalised and the line is short.
    """
    match = _BY.match(line)
    if match is None or len(line.split()) > 16 or len(line) > _MAX_BYLINE_CHARS:
        return None
    pieces = [p for p in _BY_SPLIT.split(match.group("rest").strip().rstrip(".")) if p]
    if not pieces:
        return None
    names = pieces[0]
    words = names.split()
    if not 1 <= len(words) <= 8 or not all(_CAP_WORD.match(w) for w in words):
        return None
    outlet: str | None = None
    credits: list[str] = []
    for piece in pieces[1:]:
        agency = known_agency(piece)
        if agency:
            credits.append(agency)
        elif outlet is None and piece[:1].isupper() and len(piece.split()) <= 4:
            outlet = piece
    return Byline(names, outlet, tuple(credits))
