"""Quantities, money, percentages, counts, vague amounts and ranks, normalised.

- Exact amounts: ``value == low == high``; physical units normalised with pint (`units.py`):
  "three miles" -> norm 4.828 km. A qualifier before the number ("about", "within", "more
  than", ...) is kept in `qualifier` and inside the span; the value is left as written.
- Money: a symbol before or a currency word after the number; "pounds" take the currency the
  article names ("the Syrian pound" -> SYP), are GBP when the sentence talks money, and weight
  otherwise. ``norm_unit`` is the ISO code; amounts are not converted between currencies.
- Counts: a number with the noun it counts ("two towns"); people nouns normalise to "people".
- Vague amounts are ranges (inclusive) with ``value`` None and ``vague`` True: dozens 24-99,
  scores 40-99, hundreds 200-999, thousands 2,000-9,999, tens of thousands 20,000-99,999,
  hundreds of thousands 200,000-999,999, millions 2-9.99 million (and so on). The lower bounds
  read the plural as "at least two of the unit"; "Ten of thousands" is read as "tens of".
- Ranks: an ordinal with a superlative ("third-largest", "fourth largest") is kind "rank" with
  the ordinal as value, never a quantity. Plain ordinals ("the first time") are left out.
- Years and numbers inside date expressions are dates (`dates.py`), not quantities.

Guarantee: ``text[q.start:q.end] == q.text``; results are in text order and do not overlap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from newsfuse.analyze.lexicon import PEOPLE_NOUNS
from newsfuse.analyze.numbers import NUMBER, ORDINAL, parse_number, parse_ordinal
from newsfuse.analyze.parsed import text_of
from newsfuse.analyze.units import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    UNIT_PATTERN,
    CurrencyContext,
    convert,
)
from newsfuse.models import Quantity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

QUALIFIERS = (
    "approximately|about|around|roughly|nearly|almost|some|more than|over|less than|fewer than|"
    "under|at least|at most|up to|as many as|as much as|within|just|only|close to|upwards of|"
    "an estimated|estimated|barely|a little over|a little under|well over"
)
_CURRENCY = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))
_SYMBOL = r"(?:US|S|HK|A|C|NZ|R)?\$|[£€¥₹]"
_AMOUNT = re.compile(
    rf"(?:\b(?P<qual>{QUALIFIERS})\s+)?(?:(?P<sym>{_SYMBOL})\s?)?(?P<num>{NUMBER})"
    rf"(?:(?P<pct>\s?%|\s(?:percent|per cent)\b)|[\s-]?(?P<unit>{UNIT_PATTERN})(?![\w-])"
    rf"|\s(?P<cur>{_CURRENCY})\b)?",
    re.IGNORECASE,
)
_VAGUE_RANGES = {
    "dozens": (24.0, 99.0),
    "scores": (40.0, 99.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2e3, 9999.0),
    "millions": (2e6, 9999999.0),
    "billions": (2e9, 9999999999.0),
}
_VAGUE = re.compile(
    rf"(?:\b(?P<qual>{QUALIFIERS})\s+)?\b(?P<vague>(?:(?P<mult>tens?|dozens|hundreds) of )?"
    r"(?:dozens|scores|hundreds|thousands|millions|billions))\b"
    r"(?: of (?:the )?(?P<noun>[a-z]+))?",
    re.IGNORECASE,
)
_SUPERLATIVE = (
    r"largest|biggest|smallest|highest|lowest|busiest|richest|poorest|deadliest|oldest|"
    r"youngest|longest|greatest|worst|best|strongest|weakest|fastest|most\s+\w+|least\s+\w+"
)
_RANK = re.compile(rf"(?P<ord>{ORDINAL})[\s-]+(?P<sup>{_SUPERLATIVE})\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# A number that names a thing rather than counting one: "AK 47 rifles", "Flight 370", "Boeing
# 747", "Windows 8", "Article 5".
_LABEL = re.compile(
    r"(?:\b[A-Z]{1,5}|\b(?:Flight|Route|Article|Highway|Interstate|Room|Chapter|Section|Apollo|"
    r"Windows|No\.|Number|Channel|Category|Level|Phase|Stage|Round|Version|Model|Type|Boeing|"
    r"Airbus|Bowl|Game|Week|Day|Year|Resolution|Proposition|Prop\.|Measure|Amendment|Unit|"
    r"Block|Gate|Pier|Terminal|Platform|Ward|District|Precinct|Station|Engine|Ladder|Company))"
    r" ?$"
)


def find_quantities(
    doc: Doc, *, sentences: Sequence[Span] = (), exclude: Sequence[Span] = ()
) -> tuple[Quantity, ...]:
    """The quantities of a parsed article. `sentences` give the money context of each match
    (the whole text when empty); numbers overlapping `exclude` (dates) are skipped."""
    text = text_of(doc)
    context = CurrencyContext.of(text)
    found = [*_ranks(text), *_vague(text)]
    for match in _matches(text, exclude):
        sentence = _sentence_text(text, sentences, match.start())
        q = _amount(doc, match, context, sentence)
        if q is not None:
            found.append(q)
    return _without_overlaps(found, exclude)


def _matches(text: str, exclude: Sequence[Span]) -> list[re.Match[str]]:
    """Amount matches; "March 3, 200 people" is a date and 200 people, not the number 3,200
    ("100, 000" is one number only where no date claims its first part)."""
    out = []
    for match in _AMOUNT.finditer(text):
        comma = match["num"].find(", ")
        start = match.start("num")
        if comma > 0 and any(x.start <= start < x.end for x in exclude):
            again = _AMOUNT.match(text, start + comma + 2)
            if again is None:
                continue
            match = again
        out.append(match)
    return out


def _sentence_text(text: str, sentences: Sequence[Span], offset: int) -> str:
    for s in sentences:
        if s.start <= offset < s.end:
            return s.text
    return text


def _amount(doc: Doc, m: re.Match[str], context: CurrencyContext, sentence: str) -> Quantity | None:
    value = parse_number(m["num"])
    if value is None:
        return None
    tail = text_of(doc)[m.end() : m.end() + 1]
    if tail.isalnum() and not (m["unit"] or m["cur"] or m["pct"]):
        return None  # "4th", "5G": not an amount
    bare = not (m["sym"] or m["pct"] or m["unit"] or m["cur"])
    after = text_of(doc)[m.end() : m.end() + 6]
    clock = re.match(r":\s?\d|\s?(?:GMT|UTC|[ECMP][SD]T)\b", after) is not None
    if bare and (clock or _YEAR.fullmatch(m["num"]) or _label_before(text_of(doc), m.start())):
        return None
    qual = m["qual"].casefold() if m["qual"] else None
    if m["pct"]:
        return _make(text_of(doc), m.start(), m.end(), "percent", value, qual, "%", "%", value)
    currency = _currency(m, context, sentence)
    if currency is not None:
        unit = m["sym"] or m["cur"]
        return _make(text_of(doc), m.start(), m.end(), "money", value, qual, unit, currency, value)
    unit = m["unit"] or (m["cur"] if m["cur"] and m["cur"].casefold() == "pounds" else None)
    if unit:
        converted = convert(value, unit if unit.casefold() != "pounds" else "lbs")
        if converted is not None:
            norm, norm_unit = converted
            return _make(
                text_of(doc), m.start(), m.end(), "quantity", value, qual, unit, norm_unit, norm
            )
    return _count(doc, m, value, qual)


_CONTINUED = re.compile(r"\d\s?[:-]\s?$")


def _label_before(text: str, start: int) -> bool:
    """The number names a thing ("AK 47"), or continues a clock time or a code ("3: 33 a. m.",
    "2007 - 04 - 09 - office", tokenised texts)."""
    before = text[max(0, start - 24) : start]
    return _LABEL.search(before) is not None or _CONTINUED.search(before) is not None


def _currency(m: re.Match[str], context: CurrencyContext, sentence: str) -> str | None:
    if m["sym"]:
        return CURRENCY_SYMBOLS.get(m["sym"])
    word = m["cur"] or (m["unit"] if m["unit"] and m["unit"].casefold() == "pounds" else None)
    return context.code(word, sentence) if word else None


def _count(doc: Doc, m: re.Match[str], value: float, qual: str | None) -> Quantity | None:
    """A number and the noun it counts ("two key towns"); a bare digit string is a number."""
    text = text_of(doc)
    span = doc.char_span(m.start("num"), m.end("num"), alignment_mode="expand")
    noun = None
    if span is not None:
        last = span[-1]
        if last.dep_ == "nummod" and last.head.i > last.i and last.head.tag_.startswith("NN"):
            noun = last.head
    if noun is None:
        if not m["num"][:1].isdigit():
            return None  # "one", "two" without a noun are not amounts worth keeping
        return _make(text, m.start(), m.end(), "number", value, qual, None, None, value)
    word = noun.text
    norm = "people" if word.casefold() in PEOPLE_NOUNS else _singular(word.casefold())
    return _make(text, m.start(), noun.idx + len(word), "count", value, qual, word, norm, value)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _vague(text: str) -> list[Quantity]:
    out = []
    for m in _VAGUE.finditer(text):
        words = m["vague"].casefold().split()
        low, high = _VAGUE_RANGES[words[-1]]
        if m["mult"]:
            scale = {"ten": 10.0, "tens": 10.0, "dozens": 12.0, "hundreds": 100.0}
            low, high = (
                low * scale[m["mult"].casefold()],
                (high + 1) * (10.0 if m["mult"].casefold() != "hundreds" else 100.0) - 1,
            )
        noun = m["noun"]
        end = m.end() if noun else m.end("vague")
        unit = noun if noun else None
        norm = "people" if not noun or noun.casefold() in PEOPLE_NOUNS else _singular(noun)
        kind = "count"
        if noun and noun.casefold() in CURRENCY_WORDS:
            kind, norm = "money", CURRENCY_WORDS[noun.casefold()]
        qual = m["qual"].casefold() if m["qual"] else None
        q = Quantity(m.start(), end, text[m.start() : end], kind, None, low, high, unit, norm)
        out.append(replace(q, norm_low=low, norm_high=high, qualifier=qual, vague=True))
    return out


def _ranks(text: str) -> list[Quantity]:
    out = []
    for m in _RANK.finditer(text):
        rank = parse_ordinal(m["ord"])
        if rank is not None:
            r = float(rank)
            out.append(Quantity(m.start(), m.end(), m.group(), "rank", r, r, r, m["sup"]))
    return out


def _make(
    text: str,
    start: int,
    end: int,
    kind: str,
    value: float,
    qual: str | None,
    unit: str | None,
    norm_unit: str | None,
    norm: float,
) -> Quantity:
    return Quantity(
        start, end, text[start:end], kind, value, value, value, unit, norm_unit, norm, norm, qual
    )


def _without_overlaps(found: list[Quantity], exclude: Sequence[Span]) -> tuple[Quantity, ...]:
    out: list[Quantity] = []
    for q in sorted(found, key=lambda q: (q.start, -(q.end - q.start))):
        if any(q.start < x.end and x.start < q.end for x in exclude):
            continue
        if out and q.start < out[-1].end:
            continue
        out.append(q)
    return tuple(out)
