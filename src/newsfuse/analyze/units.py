"""Units and currencies: the words news uses, their pint names and the canonical unit of each kind.

Physical amounts are normalised with pint to one unit per dimension (km, kg, km2, L, km/h,
day), so "3 miles" and "5 km" compare directly. Money keeps its currency (ISO 4217 code) and is
never converted: exchange rates are not facts of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

# word as written (casefolded) -> (pint unit, canonical unit)
_UNITS: dict[str, tuple[str, str]] = {}


def _add(words: str, pint_unit: str, canonical: str) -> None:
    for word in words.split():
        _UNITS[word.replace("_", " ")] = (pint_unit, canonical)


_add("mile miles mi", "mile", "km")
_add("kilometer kilometers kilometre kilometres km kms", "km", "km")
_add("meter meters metre metres", "m", "km")
_add("foot feet ft", "ft", "km")
_add("yard yards yd", "yd", "km")
_add("nautical_mile nautical_miles", "nautical_mile", "km")
_add("kilogram kilograms kilogramme kilogrammes kg kgs", "kg", "kg")
_add("gram grams g", "g", "kg")
_add("tonne tonnes metric_ton metric_tons", "metric_ton", "kg")
_add("ton tons", "short_ton", "kg")
_add("pound_weight lb lbs", "lb", "kg")
_add("square_kilometers square_kilometres square_km sq_km km2 km²", "km**2", "km2")
_add("square_miles square_mile sq_mi", "mi**2", "km2")
_add("hectare hectares ha", "hectare", "km2")
_add("acre acres", "acre", "km2")
_add("liter liters litre litres", "L", "L")
_add("gallon gallons", "gallon", "L")
_add("barrel barrels", "oil_barrel", "L")
_add("mph", "mph", "km/h")
_add("km/h kph", "km/h", "km/h")
_add("second seconds", "second", "day")
_add("minute minutes", "minute", "day")
_add("hour hours", "hour", "day")
_add("day days", "day", "day")
_add("week weeks", "week", "day")
_add("month months", "month", "day")
_add("year years", "year", "day")

UNIT_WORDS = tuple(sorted(_UNITS, key=len, reverse=True))
UNIT_PATTERN = "|".join(re.escape(w) for w in UNIT_WORDS)

# Currencies named after the number ("18,000 pounds") or as a symbol before it ("$5").
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "rupees": "INR",
    "ruble": "RUB",
    "rubles": "RUB",
    "rouble": "RUB",
    "roubles": "RUB",
    "lira": "TRY",
    "liras": "TRY",
    "shekel": "ILS",
    "shekels": "ILS",
    "won": "KRW",
    "pound": "GBP",
    "pounds": "GBP",
    "riyal": "SAR",
    "riyals": "SAR",
    "rial": "IRR",
    "rials": "IRR",
    "dinar": "IQD",
    "dinars": "IQD",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
}
CURRENCY_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "S$": "SGD",
    "HK$": "HKD",
    "A$": "AUD",
    "C$": "CAD",
    "NZ$": "NZD",
    "R$": "BRL",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "₹": "INR",
}

# A country adjective before a currency word names the currency ("the Syrian pound").
_NATIONAL = {
    "pound": {
        "syrian": "SYP",
        "lebanese": "LBP",
        "egyptian": "EGP",
        "sudanese": "SDG",
        "british": "GBP",
    },
    "dollar": {
        "canadian": "CAD",
        "australian": "AUD",
        "hong kong": "HKD",
        "new zealand": "NZD",
        "singapore": "SGD",
        "taiwan": "TWD",
        "zimbabwean": "ZWL",
        "u.s.": "USD",
        "us": "USD",
        "american": "USD",
    },
    "lira": {"turkish": "TRY", "lebanese": "LBP", "syrian": "SYP"},
    "dinar": {"iraqi": "IQD", "jordanian": "JOD", "kuwaiti": "KWD", "libyan": "LYD"},
    "rial": {"iranian": "IRR", "omani": "OMR", "yemeni": "YER", "qatari": "QAR"},
    "riyal": {"saudi": "SAR", "qatari": "QAR"},
}
_NATIONAL_RE = {
    base: re.compile(rf"\b({'|'.join(re.escape(a) for a in adjs)})\s+{base}s?\b", re.IGNORECASE)
    for base, adjs in _NATIONAL.items()
}
# Money talk in a sentence: "pounds" there are money, not weight.
_MONEY_CUES = re.compile(
    r"\b(?:currency|exchange|dollar|dollars|trading|traded|price|prices|cost|costs|paid|pay|"
    r"salary|salaries|wage|wages|worth|budget|sterling|economy|inflation|fund|funds)\b|[$£€]",
    re.IGNORECASE,
)

_WEIGHT_CUES = re.compile(
    r"\b(?:weigh|weighs|weighed|weighing|weight|heavy|heavier|lighter|lbs?)\b", re.IGNORECASE
)


def unit_of(word: str) -> tuple[str, str] | None:
    """(pint unit, canonical unit) for a unit word as written, or None."""
    return _UNITS.get(" ".join(word.casefold().split()))


@cache
def _registry() -> Any:
    import pint

    return pint.UnitRegistry()


@cache
def factor(pint_unit: str, canonical: str) -> float:
    """How many `canonical` units one `pint_unit` is (pint, computed once per pair)."""
    target = {"km2": "km**2"}.get(canonical, canonical)
    return float(_registry().Quantity(1, pint_unit).to(target).magnitude)


def convert(value: float, unit_word: str) -> tuple[float, str] | None:
    """`value` `unit_word` in its canonical unit: (4.828, "km") for 3 "miles"."""
    found = unit_of(unit_word)
    if found is None:
        return None
    return value * factor(*found), found[1]


@dataclass(frozen=True, slots=True)
class CurrencyContext:
    """The currencies an article names ("the Syrian pound" -> pound means SYP)."""

    national: dict[str, str]

    @classmethod
    def of(cls, text: str) -> CurrencyContext:
        found: dict[str, str] = {}
        for base, pattern in _NATIONAL_RE.items():
            for match in pattern.finditer(text):
                found.setdefault(base, _NATIONAL[base][match.group(1).casefold()])
        return cls(found)

    def code(self, word: str, sentence: str) -> str | None:
        """The currency a word after a number means here, or None when it is not money
        ("pounds" without money talk in the sentence or a named pound is weight)."""
        base = word.casefold().rstrip("s") if word.casefold() != "lira" else "lira"
        base = {"rupee": "rupee", "euro": "euro"}.get(base, base)
        if base in self.national:
            return self.national[base]
        if base == "pound" and (_WEIGHT_CUES.search(sentence) or not _MONEY_CUES.search(sentence)):
            return None
        return CURRENCY_WORDS.get(word.casefold())
