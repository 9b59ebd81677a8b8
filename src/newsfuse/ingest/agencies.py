"""News agency names: the many ways wire copy credits an agency, mapped to one canonical name."""

from __future__ import annotations

import re

# Spellings seen in credit lines ("Source: Apnews", "(AP) —", "from The Associated Press"),
# lower-cased and with a leading "the" removed; the value is the name used in `credited_sources`.
_AGENCIES: dict[str, str] = {
    "ap": "Associated Press",
    "apnews": "Associated Press",
    "ap news": "Associated Press",
    "apnews.com": "Associated Press",
    "associated press": "Associated Press",
    "the associated press": "Associated Press",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "reuters.com": "Reuters",
    "afp": "Agence France-Presse",
    "agence france-presse": "Agence France-Presse",
    "agence france presse": "Agence France-Presse",
    "france-presse": "Agence France-Presse",
    "dpa": "Deutsche Presse-Agentur",
    "deutsche presse-agentur": "Deutsche Presse-Agentur",
    "upi": "United Press International",
    "united press international": "United Press International",
    "xinhua": "Xinhua",
    "xinhua news agency": "Xinhua",
    "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg",
    "ansa": "ANSA",
    "efe": "EFE",
    "kyodo": "Kyodo News",
    "kyodo news": "Kyodo News",
    "yonhap": "Yonhap",
    "yonhap news agency": "Yonhap",
    "pa": "PA Media",
    "pa media": "PA Media",
    "press association": "PA Media",
    "the canadian press": "The Canadian Press",
    "canadian press": "The Canadian Press",
    "aap": "Australian Associated Press",
    "australian associated press": "Australian Associated Press",
    "tass": "TASS",
    "anadolu": "Anadolu Agency",
    "anadolu agency": "Anadolu Agency",
    "sana": "SANA",
    "ians": "IANS",
    "pti": "Press Trust of India",
    "press trust of india": "Press Trust of India",
    "cnn": "CNN",
    "bbc": "BBC",
    "al jazeera": "Al Jazeera",
}

_THE = re.compile(r"^the\s+", re.IGNORECASE)
_TRIM = re.compile(r"^[\s\"'“”‘’(\[]+|[\s\"'“”‘’.,;:)\]]+$")
_SPLIT = re.compile(r"\s*(?:,|;|&|/|\band\b|\bplus\b)\s*", re.IGNORECASE)


def known_agency(name: str) -> str | None:
    """The canonical name of `name` if it is a known agency ("Apnews" -> "Associated Press")."""
    key = _TRIM.sub("", name).casefold()
    key = re.sub(r"\s+", " ", key)
    return _AGENCIES.get(key) or _AGENCIES.get(_THE.sub("", key))


def normalise_credits(phrase: str) -> tuple[str, ...]:
    """Agency names in a credit phrase ("The Associated Press and Reuters"), canonical, in order.

    Unknown names are kept as written (trimmed) when they look like a name (start with a
    capital letter and are at most five words); anything else is dropped. No duplicates.
    """
    names: list[str] = []
    for part in _SPLIT.split(phrase):
        part = _TRIM.sub("", part)
        if not part:
            continue
        canonical = known_agency(part)
        if canonical is None and part[0].isupper() and len(part.split()) <= 5:
            canonical = _THE.sub("", part) if known_agency(_THE.sub("", part)) else part
        if canonical and canonical not in names:
            names.append(canonical)
    return tuple(names)
