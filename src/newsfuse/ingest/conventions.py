"""Plain-text conventions of wire copy: headline, tag line, byline, credits, labels, see-also links,
and the calls to action a site adds (`newsfuse.ingest.promo`).

`apply_conventions` is pure: raw text in, a `Cleaned` record out. Everything it takes out of the
body goes to `boilerplate` (except the headline, which becomes the title), and every other line
of the input is kept word for word, so no sentence of the story is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsfuse.ingest.agencies import known_agency, normalise_credits
from newsfuse.ingest.dates import iso_date
from newsfuse.ingest.promo import is_promo, is_script_notice, promo_tail
from newsfuse.ingest.taglines import parse_byline, parse_tag_line

_LABELS = (
    r"quick looks?|deep looks?|key points|key takeaways|takeaways|highlights|story highlights|"
    r"in brief|at a glance|advertisement|story continues below(?: advertisement)?|"
    r"continue reading|read full (?:article|story)|listen to this article|"
    r"share this (?:article|story)|"
    r"related (?:articles|stories|coverage|content)|most read(?: in [\w ]{1,30})?|"
    r"trending(?: now)?|live updates|don'?t miss|you (?:may|might) also like|more stories|"
    r"recommended for you"
)
_LABEL_LINE = re.compile(rf"^\W*(?:{_LABELS})\W*$", re.IGNORECASE)
_LABEL_SUFFIX = re.compile(rf"^(?P<head>.{{3,160}}?)\s*[:|—–-]\s*(?P<label>{_LABELS})\s*$", re.I)
_LINK_LINE = re.compile(
    r"^(?:also,?\s+)?(?:see also|see more|see|read more|read also|also read|related|more|watch|"
    r"listen|don'?t miss|"
    r"recommended|more coverage|related coverage|more from [\w .'-]{1,40}|previously|"
    r"more on this(?: story)?)\s*[:—–]\s*\S",
    re.IGNORECASE,
)
_TRAILER = re.compile(
    r"^\(?(?:©|\(c\)\s|copyright\b|all rights reserved|follow (?:us|[A-Z][\w.]*(?: [A-Z][\w.]*)?)"
    r" on\b|sign up for\b|subscribe (?:to|for|now)\b|click here\b|editing by\b|reporting by\b|"
    r"writing by\b|additional reporting by\b)",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*)?(?P<holder>[^.,]+?)\s*"
    r"(?:[.,].*)?$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^(?:sources?|via|credits?|courtesy(?: of)?)\s*:\s*(?P<who>.+)$", re.I)
_INCLUDES = re.compile(
    r"^(?:this|the) (?:report|story|article|piece) (?:includes|contains|uses|draws on|is based on|"
    r"was compiled (?:with|using|from)) (?:information|reporting|material|reports?|content)?\s*"
    r"(?:from|by) (?P<who>[^.]+)\.?$",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(r"^(?P<who>.+?)\s+(?:writers?|reporters?|staff)\b.*\bcontributed\b", re.I)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w .,'’-]{0,60}?)?\s*\((?P<who>[^()]{2,40})\)\s*[-—–]+\s*"
)
_CREDIT_SPLIT = re.compile(r"\s*(?:,|;|&|/|\band\b)\s*")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A line that is only a date, perhaps after "Published:": checked cheaply before dateparser runs.
_DATE_LINE = re.compile(
    r"^(?:(?:first\s+)?(?:published|updated|posted|date|dated)\s*(?:on|:)?\s*)?"
    rf"(?P<date>(?:[a-z]+,?\s+)?(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*"
    r"(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,4})?)?)\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!;,:…]['\"’”)]?$")
_MAX_HEADLINE_WORDS = 25
_SHORT_CHARS = 600


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The body with conventions applied, and the metadata they revealed."""

    text: str
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    credited_sources: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = ()
    published: str | None = None  # ISO date from a date line near the top


@dataclass(slots=True)
class _Found:
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None
    credits: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)

    def credit(self, names: tuple[str, ...]) -> None:
        """Add agencies not credited yet, keeping first-seen order."""
        self.credits.extend(n for n in names if n not in self.credits)


def apply_conventions(raw: str, *, markdown: bool = False, head: bool = True) -> Cleaned:
    """Split raw article text into body and metadata by the conventions of wire copy.

    Guarantees: the headline (a short first line without closing punctuation, or a Markdown
    "# " heading) becomes `title`; tag lines, bylines, credit lines, section labels, see-also
    links, trailers and calls to action (a whole line, or one stuck to the end of a sentence)
    go to `boilerplate`; credited agencies are normalised ("Apnews" ->
    "Associated Press"); every other line is kept unchanged and in order. With `head` False
    (a body whose title is known, such as an extracted web page) no line becomes the title.
    """
    lines = [line.rstrip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    found = _Found()
    lines = _take_head(lines, found, markdown=markdown, head=head)
    body = [kept for line in lines if (kept := _clean_line(line, found)) is not None]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip()
    return Cleaned(
        text=text,
        title=found.title,
        outlet=found.outlet,
        byline=found.byline,
        credited_sources=tuple(found.credits),
        boilerplate=tuple(found.boilerplate),
        published=found.published,
    )


def _take_head(lines: list[str], found: _Found, *, markdown: bool, head: bool) -> list[str]:
    """Read the headline, tag line, byline and date line from the first few non-empty lines.

    The headline is the first line that is not metadata, and only if no body text came before.
    """
    out: list[str] = []
    seen = 0
    for index, line in enumerate(lines):
        if seen >= 4:
            return out + lines[index:]
        if not line.strip():
            out.append(line)
            continue
        seen += 1
        first = head and found.title is None and not any(o.strip() for o in out)
        rest = _head_line(line, found, first=first, markdown=markdown, more=lines[index + 1 :])
        if rest is not None:
            out.append(rest)
    return out


def _head_line(
    line: str, found: _Found, *, first: bool, markdown: bool, more: list[str]
) -> str | None:
    """One line near the top: the part to keep in the body, or None when all of it is metadata."""
    tag = parse_tag_line(line)
    if tag is not None:
        found.boilerplate.append(line[: len(line) - len(tag.body)].strip() if tag.body else line)
        found.outlet = found.outlet or tag.outlet
        found.byline = found.byline or tag.byline
        if tag.outlet and known_agency(tag.outlet):
            found.credit((tag.outlet,))  # a wire agency as the outlet is also the source
        return tag.body or None
    byline = parse_byline(line)
    if byline is not None:
        found.byline = found.byline or byline.names
        found.outlet = found.outlet or byline.outlet
        found.credit(byline.credits)
        found.boilerplate.append(line.strip())
        return None
    if found.published is None and (published := _date_line(line)) is not None:
        found.published = published
        found.boilerplate.append(line.strip())
        return None
    if first and _is_headline(line, markdown=markdown, more=more):
        found.title = _MD_HEADING.sub("", line).strip()
        return None
    return line


def _date_line(line: str) -> str | None:
    """The ISO date of a line that holds only a date ("Published: Dec. 6, 2024 10:32 AM")."""
    match = _DATE_LINE.match(line.strip())
    return iso_date(match.group("date"), date_only=True) if match else None


def _is_headline(line: str, *, markdown: bool, more: list[str]) -> bool:
    """A first line is a headline if it is short and unpunctuated and a body follows it."""
    if not any(m.strip() for m in more):
        return False
    if markdown and _MD_HEADING.match(line):
        return True
    stripped = line.strip()
    words = stripped.split()
    return (
        1 < len(words) <= _MAX_HEADLINE_WORDS
        and not _SENTENCE_END.search(stripped)
        and not stripped.startswith(("-", "*", "•", "("))
        and not _LABEL_LINE.match(stripped)
    )


def _clean_line(line: str, found: _Found) -> str | None:
    """The line to keep in the body (possibly shortened), or None when it is all boilerplate."""
    stripped = line.strip()
    if not stripped:
        return line
    if (cut := promo_tail(stripped)) is not None:  # "... on Friday. READ MORE HERE"
        found.boilerplate.append(stripped[cut:].strip())
        line = stripped = stripped[:cut].rstrip()
    # a line of a few "words" padded to thousands of characters is not short: the credit
    # patterns below backtrack over long runs of spaces
    short = len(stripped) <= _SHORT_CHARS and len(stripped.split()) <= 40
    if _LABEL_LINE.match(stripped) or (short and _LINK_LINE.match(stripped)) or is_promo(stripped):
        found.boilerplate.append(stripped)
        return None
    if short and (credits := _credit_line(stripped)) is not None:
        found.credit(credits)
        found.boilerplate.append(stripped)
        return None
    if short and _TRAILER.match(stripped):
        found.credit(_copyright_agency(stripped))
        found.boilerplate.append(stripped)
        return None
    if (label := _LABEL_SUFFIX.match(stripped)) is not None:
        # "Headline: Quick Looks" opens a summary box: with no title yet, it is the headline
        found.title = found.title or label.group("head")
        found.boilerplate.append(label.group("label"))
        return label.group("head")
    return _credit_dateline(line, found)


def scripts_only(cleaned: Cleaned, *, source: str) -> str | None:
    """Why `cleaned` is no article when its only text was a notice that the page needs
    JavaScript (a client-side app's HTML), else None."""
    if not any(is_script_notice(line) for line in cleaned.boilerplate):
        return None
    return (
        f"{source}: the page only says it needs JavaScript (its text is drawn by scripts); "
        "fetch a version that works without them, such as its print or AMP page or a feed"
    )


def _copyright_agency(line: str) -> tuple[str, ...]:
    """The agency holding the copyright of a notice ("Copyright 2024 The Associated Press.")."""
    match = _COPYRIGHT.match(line)
    if match is None:
        return ()
    agency = known_agency(match.group("holder"))
    return (agency,) if agency else ()


def _credit_line(line: str) -> tuple[str, ...] | None:
    """Agencies credited by a whole line ("Source: Apnews", "This report includes ..."), or None."""
    for pattern in (_SOURCE_LINE, _INCLUDES):
        match = pattern.match(line)
        if match is not None and _names_only(match.group("who")):
            return normalise_credits(match.group("who"))
    match = _CONTRIBUTED.match(line)
    if match is not None:
        agency = known_agency(" ".join(match.group("who").split()[:3]))
        words = match.group("who").split()
        for size in range(min(4, len(words)), 0, -1):
            agency = agency or known_agency(" ".join(words[:size]))
        if agency:
            return (agency,)
    return None


def _names_only(phrase: str) -> bool:
    """A credit names sources ("AP, Reuters"); "Sources: Sox May Not Be Out" is a headline."""
    parts = [p for p in _CREDIT_SPLIT.split(phrase.strip().rstrip(".")) if p]
    return bool(parts) and all(known_agency(p) or len(p.split()) <= 4 for p in parts)


def _credit_dateline(line: str, found: _Found) -> str:
    """Credit the agency of a wire dateline ("BEIRUT (Reuters) - ..."); the line stays as is,
    since the dateline is part of the story's first sentence."""
    match = _DATELINE.match(line)
    if match is None:
        return line
    agency = known_agency(match.group("who"))
    place = match.group("place") or ""
    # a dateline place is a few words ("BEIRUT", "Homs, Syria"); anything longer is a sentence
    if agency is not None and len(place.split()) <= 5:
        found.credit((agency,))
    return line
