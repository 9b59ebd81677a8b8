"""Numbers as written in news: digits ("18,000", "2.5 million") and words ("three", "twenty-five").

`NUMBER` matches one number; `parse_number` gives its value. Ordinals ("third", "4th") are
`ORDINAL` / `parse_ordinal`.
"""

from __future__ import annotations

import re

_ONES = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SHORT_SCALES = {"bn": 1e9}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "twentieth": 20,
}

_WORD = "|".join(sorted([*_ONES, *_TENS], key=len, reverse=True))
_WORD_NUMBER = rf"(?:{_WORD})(?:[- ](?:{'|'.join(_ONES)}))?"
# "100, 000": a thousands separator followed by a space (a tokenised text) is still one number.
_DIGITS = r"\d{1,3}(?:, ?\d{3}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?"
# "110 - billion" (a tokenised "110-billion") is 110 billion too.
_SCALE = r"(?:(?:\s+|\s?-\s?)(?:hundred|thousand|million|billion|trillion)|\s?bn)\b"
NUMBER = (
    rf"(?:(?<![\w.,/-])(?:{_DIGITS})(?:{_SCALE})*"
    rf"|\b(?:{_WORD_NUMBER})\b(?:{_SCALE})*|\b(?:half )?an?(?:{_SCALE})+)"
)
ORDINAL = rf"\b(?:{'|'.join(_ORDINALS)}|\d+(?:st|nd|rd|th))\b"

_NUMBER_RE = re.compile(NUMBER, re.IGNORECASE)


def parse_number(text: str) -> float | None:
    """The value of a number as written: "18,000" -> 18000, "2.5 million" -> 2.5e6,
    "twenty-five" -> 25, "three hundred" -> 300, "a hundred" -> 100; None when not a number."""
    joined = re.sub(r"(\d),\s(\d{3})(?!\d)", r"\1,\2", text.strip().casefold())
    spaced = re.sub(r"(\d)bn\b", r"\1 bn", joined)
    words = re.split(r"[\s-]+", spaced)
    if not words or not words[0]:
        return None
    value: float | None = None
    half = words[0] == "half" and len(words) > 2
    if half:
        words = words[1:]
    first = words[0]
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", first):
        value = float(first.replace(",", ""))
    elif first in ("a", "an"):
        value = 1.0 if len(words) > 1 else None
    elif first in _TENS:
        value = float(_TENS[first])
        if len(words) > 1 and words[1] in _ONES and _ONES[words[1]] < 10:
            value += _ONES[words.pop(1)]
    elif first in _ONES:
        value = float(_ONES[first])
    if value is None:
        return None
    for word in words[1:]:
        scale = _SCALES.get(word) or _SHORT_SCALES.get(word)
        if scale is None:
            return None
        value *= scale
    return value / 2 if half else value


def parse_ordinal(text: str) -> int | None:
    """ "third" -> 3, "4th" -> 4; None when not an ordinal."""
    word = text.strip().casefold()
    if word in _ORDINALS:
        return _ORDINALS[word]
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word)
    return int(match.group(1)) if match else None


def is_number(text: str) -> bool:
    return _NUMBER_RE.fullmatch(text) is not None and parse_number(text) is not None
