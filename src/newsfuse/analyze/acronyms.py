"""Acronyms defined in parentheses: "Hayat Tahrir al-Sham (HTS)" makes HTS an alias of the name.

The long form is the shortest run of words before the parenthesis whose initials spell the
acronym (Arabic articles "al-", "el-" and function words like "for" are skipped: "Syrian
Observatory for Human Rights (SOHR)"). Every whole-word use of the acronym in the article, and
the long form, become mention candidates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsfuse.analyze.entity_types import Cand, cand_from_chars
from newsfuse.analyze.parsed import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

_PAREN = re.compile(r"\(\s*([A-Z][A-Z&]{1,7})\s*\)")
_WORD = re.compile(r"\S+")
_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ul)[-‑]", re.IGNORECASE)
_FUNCTION = frozenset({"of", "for", "the", "and", "de", "la", "du", "des", "del", "on", "in"})


@dataclass(frozen=True, slots=True)
class AcronymDef:
    short: str
    long: str


def initials(name: str) -> str:
    """Initials of the significant words: "Hayat Tahrir al-Sham" -> "HTS"."""
    letters = []
    for word in name.split():
        core = _ARTICLE.sub("", word).strip("“”\"'’,")
        if core and core.casefold() not in _FUNCTION and core[0].isupper():
            letters.append(core[0])
    return "".join(letters)


def _long_form(text: str, paren: int, short: str) -> tuple[int, int] | None:
    words = list(_WORD.finditer(text, max(0, paren - 200), paren))
    for k in range(1, min(len(words), len(short) + 4) + 1):
        first = words[-k]
        if "\n" in text[first.start() : paren]:
            return None
        if first.group()[:1].isupper() and initials(text[first.start() : paren]) == short:
            return first.start(), words[-1].end()
    return None


def find_acronyms(doc: Doc, cands: Sequence[Cand]) -> tuple[list[Cand], list[AcronymDef]]:
    """Candidates with the long forms and acronym uses added (replacing overlaps), and the
    definitions found."""
    text = text_of(doc)
    defs: list[AcronymDef] = []
    extra: list[Cand] = []
    for match in _PAREN.finditer(text):
        short = match.group(1)
        bounds = _long_form(text, match.start(), short)
        if bounds is None:
            continue
        defs.append(AcronymDef(short=short, long=text[bounds[0] : bounds[1]]))
        long_cand = cand_from_chars(doc, bounds[0], bounds[1], _label_at(cands, bounds))
        if long_cand is not None:
            extra.append(long_cand)
    for short in dict.fromkeys(d.short for d in defs):
        for use in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text):
            cand = cand_from_chars(doc, use.start(), use.end(), "ORG")
            if cand is not None:
                extra.append(cand)
    kept = [c for c in cands if not any(c.start < e.end and e.start < c.end for e in extra)]
    return sorted(kept + extra, key=lambda c: c.start), defs


def _label_at(cands: Sequence[Cand], bounds: tuple[int, int]) -> str:
    for c in cands:
        if c.start < bounds[1] and bounds[0] < c.end:
            return c.label
    return ""
