"""What the story list shows of a story, computed from its members without fusing them.

Pure functions over member rows: the headline (the member title closest to the centroid of
the members' titles, never a sentence cut mid-word), the outlets (the outlet field, else the
domain of the article's address), the languages, the first and last report times, and how many
members are independent: members whose texts are near-copies (MinHash-estimated Jaccard of
5-word shingles >= 0.5, the threshold fusion's derivation uses) count once.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np

from newsfuse.disjoint import DisjointSets

PERMUTATIONS = 64
BANDS = 16  # 16 bands of 4 rows: two texts at Jaccard 0.5 share a band 64% of the time
SHINGLE = 5
COPY_JACCARD = 0.5  # fusion.derive's near_duplicate threshold
# A headline longer than this reads as a paragraph; a first line past it is not used as one.
MAX_HEADLINE = 160
_WORD = re.compile(r"\w+")
_SPACED_URL = re.compile(r"^\s*(?:https?\s*:\s*/\s*/|www\s*\.)", re.IGNORECASE)
_STOP = frozenset(
    "a an and are as at be by for from has have he her his in is it its of on or that the "
    "their they this to was were will with after over says said".split()
)
# Universal hashing (a*x + b) mod p of 32-bit shingle hashes: a*x stays below 2**64.
_PRIME = np.uint64(4_294_967_311)
_rng = np.random.default_rng(20260101)
_A = _rng.integers(1, 1 << 32, size=(PERMUTATIONS, 1), dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, size=(PERMUTATIONS, 1), dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class Member:
    """One member article as the summary needs it (``text`` only for the first line)."""

    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    added_at: str
    first_line: str = ""
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    headline: str
    size: int
    outlets: tuple[tuple[str, int], ...]  # (outlet, reports), most reports first
    languages: tuple[str, ...]
    first_published: str | None
    last_published: str | None
    first_seen: str
    last_seen: str
    independent: int

    @property
    def sort_key(self) -> str:
        """Newest activity sorts highest: dated stories by last publication then arrival,
        undated ones (after every dated one) by last arrival. Digits only, of fixed length,
        so every collation orders them alike."""
        dated = "1" + _digits(self.last_published, 14) if self.last_published else "0" * 15
        return dated + _digits(self.last_seen[:26], 20)


def _digits(iso: str | None, width: int) -> str:
    """The digits of an ISO date or time, padded or cut to ``width`` (YYYYMMDDhhmmss...)."""
    found = re.sub(r"\D", "", (iso or "")[:26])
    return (found + "0" * width)[:width]


def summarize(members: Sequence[Member], signatures: dict[str, bytes]) -> Summary:
    """The list's view of one story; ``signatures`` maps member ids to `fingerprint`s
    (members without one count as independent). A story with no whole headline to show is
    named by its outlets, never by a cut sentence."""
    published = sorted(m.published for m in members if m.published)
    seen = sorted(m.added_at for m in members) or [""]
    names: dict[str, str] = {}  # one spelling per outlet: the first seen
    outlets: Counter[str] = Counter()
    for name in filter(None, map(outlet_of, members)):
        key = names.setdefault(name.casefold()[:200], name)
        outlets[key] += 1
    languages = sorted({m.language for m in members if m.language})
    ranked = tuple(sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0].casefold())))
    plural = "s" if len(members) != 1 else ""
    untitled = f"Report{plural} from {', '.join(o for o, _ in ranked[:2])}" if ranked else ""
    return Summary(
        headline=pick_headline(members) or untitled or "Untitled story",
        size=len(members),
        outlets=ranked,
        languages=tuple(languages),
        first_published=published[0] if published else None,
        last_published=published[-1] if published else None,
        first_seen=seen[0],
        last_seen=seen[-1],
        independent=count_independent([m.id for m in members], signatures),
    )


def outlet_of(member: Member) -> str | None:
    """The outlet field, else the host of the article's address (without www.), else the
    host of a title that is only an address (some archives put the URL in the title)."""
    if member.outlet and member.outlet.strip():
        return member.outlet.strip()
    url = member.url
    if not url and member.title and _SPACED_URL.match(member.title):
        url = re.sub(r"\s+", "", member.title)
        url = url if "://" in url else "http://" + url
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def _usable(text: str | None) -> str | None:
    text = " ".join((text or "").split())
    if text and not _SPACED_URL.match(text) and len(text) <= MAX_HEADLINE:
        return text
    return None


def _candidate(member: Member, *, untitled: bool) -> str | None:
    """A member's headline: its title; when the title is only an address (some archives do
    that) the first line of its text; with ``untitled``, the first line of a member without
    a title."""
    if member.title and member.title.strip():
        return _usable(member.title) or (
            _usable(member.first_line) if _SPACED_URL.match(member.title) else None
        )
    return _usable(member.first_line) if untitled else None


def pick_headline(members: Sequence[Member]) -> str | None:
    """The member headline closest to the centroid of all members' headlines (cosine of word
    sets), earliest member on ties. Titles come first; the whole first line of an untitled
    member only when no member has a usable title. None when there is nothing whole to show."""
    options = [c for m in members if (c := _candidate(m, untitled=False))]
    options = options or [c for m in members if (c := _candidate(m, untitled=True))]
    if not options:
        return None
    bags = [{w.casefold() for w in _WORD.findall(o)} - _STOP for o in options]
    df = Counter(w for bag in bags for w in bag)
    best, best_score = options[0], -1.0
    for option, bag in zip(options, bags, strict=True):
        score = sum(df[w] for w in bag) / math.sqrt(len(bag)) if bag else 0.0
        if score > best_score + 1e-9:
            best, best_score = option, score
    return best


def fingerprint(text: str) -> bytes:
    """A MinHash signature of the text's 5-word shingles (64 values, 512 bytes)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        shingles = {" ".join(words)}
    else:
        shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest()) for s in shingles),
        dtype=np.uint64,
        count=len(shingles),
    )
    values = ((_A * hashes[None, :]) % _PRIME + _B) % _PRIME
    return np.asarray(values.min(axis=1), dtype=np.uint64).tobytes()


def count_independent(ids: Sequence[str], signatures: dict[str, bytes]) -> int:
    """How many groups of near-copies the members form (a member without a signature is a
    group of its own)."""
    known = [i for i in ids if i in signatures]
    if len(known) < 2:
        return len(ids)
    matrix = np.stack([np.frombuffer(signatures[i], dtype=np.uint64) for i in known])
    groups = DisjointSets(len(known))
    rows = PERMUTATIONS // BANDS
    for band in range(BANDS):
        keys = matrix[:, band * rows : (band + 1) * rows]
        _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
        heads = first[inverse.reshape(-1)]
        similar = (matrix == matrix[heads]).mean(axis=1) >= COPY_JACCARD
        for k in np.flatnonzero(similar & (heads != np.arange(len(known)))):
            groups.join(int(k), int(heads[k]))
    return len(ids) - len(known) + len({groups.find(k) for k in range(len(known))})
