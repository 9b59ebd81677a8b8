"""Repair a sentence lifted out of its report so it reads on its own in the brief.

Four rules, applied in order:

0. A dateline ("WASHINGTON (AP) — ", "BAGHDAD — ") is where a report was filed, and a bullet
   with its label ("- Mass Exodus: ") is layout: both are removed.
1. A dangling discourse opener ("However,", "Meanwhile,", "Additionally,", "But") refers to a
   sentence the reader of the brief has not seen: it is removed and the first letter capitalised.
2. A sentence whose subject is a bare pronoun ("He", "It", "They", "His ...") has the pronoun
   replaced by the entity named in the preceding sentence of its document, or is dropped when
   that sentence names no entity of a fitting type.
3. Unbalanced quotation marks: an opening mark with no closing one is closed at the end (the
   quotation ran on into the next sentence of the report); a closing mark with no opening one
   means the sentence is the tail of a quotation and it is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Openers that may stand without a comma, and ones that only dangle when a comma follows
# ("Still, ..." dangles; "Still images ..." does not).
_BARE_OPENERS = (
    "however|meanwhile|additionally|moreover|furthermore|nevertheless|nonetheless|"
    "consequently|but|and"
)
_COMMA_OPENERS = (
    "also|still|yet|so|then|thus|therefore|hence|instead|indeed|besides|likewise|similarly|"
    "in addition|as a result|in turn|that said|on the other hand|by contrast|in contrast|"
    "at the same time|for its part|for their part|separately|otherwise|after all|even so|"
    "in fact|of course|to be sure|what's more|in the meantime"
)
_OPENER = re.compile(rf"^(?:(?:{_BARE_OPENERS})\b,?|(?:{_COMMA_OPENERS}),)\s+", re.IGNORECASE)

_PRONOUN = re.compile(r"^(He|She|It|They|His|Her|Its|Their)\b(?!')")
_POSSESSIVE = {"His", "Her", "Its", "Their"}
_FITTING_TYPES = {
    "He": {"PERSON"},
    "She": {"PERSON"},
    "His": {"PERSON"},
    "Her": {"PERSON"},
    "It": {"ORG", "GPE", "FAC", "EVENT", "LOC"},
    "Its": {"ORG", "GPE", "FAC", "EVENT", "LOC"},
    "They": {"ORG", "NORP"},
    "Their": {"ORG", "NORP"},
}
# "It is unclear whether ...", "It was not clear if ...": an expletive "it" refers to nothing.
_EXPLETIVE_IT = re.compile(
    r"^It(?:'s|’s| is| was| remains| remained| seems| seemed| appears| appeared| has been|"
    r" had been| will be| would be)(?: not)?(?: \S+){0,3}? (?:that|whether|if|to|when|how|why|"
    r"what|who)\b"
)
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{2,40}(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?"  # NEW YORK, Dec. 6
    r"(?: \([A-Za-z. ]{1,30}\))? ?[—–-]{1,2} "  # (Reuters) -
)
_BULLET = re.compile(r"^[-*•–]\s+(?:[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}:\s+)?")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*\n")


@dataclass(frozen=True, slots=True)
class NamedSpan:
    """An entity mention in one document, with the entity's canonical name and type."""

    start: int
    end: int
    name: str
    type: str


def strip_opener(text: str) -> str:
    """The sentence without a dateline or dangling discourse openers, first letter capitalised.

    Guarantees: the result is a suffix of ``text`` except for the capitalised first letter.
    """
    out = text
    for prefix in (_BULLET, _DATELINE):
        match = prefix.match(out)
        if match is not None and match.end() < len(out):
            out = out[match.end() :]
    for _ in range(3):
        match = _OPENER.match(out)
        if match is None or match.end() >= len(out):
            break
        out = out[match.end() :]
    if out is not text and out:
        out = out[0].upper() + out[1:]
    return out


def preceding_sentence_start(doc_text: str, start: int) -> int | None:
    """Where the sentence before the one starting at ``start`` begins; None when it is first."""
    head = doc_text[:start].rstrip()
    if not head:
        return None
    body = head[:-1]
    last = 0
    for match in _SENTENCE_END.finditer(body):
        last = match.end()
    return last


def antecedent(pronoun: str, names: Sequence[NamedSpan]) -> str | None:
    """The first entity named among ``names`` whose type fits ``pronoun``, or None."""
    fitting = _FITTING_TYPES.get(pronoun, set())
    for span in sorted(names, key=lambda s: s.start):
        if span.type in fitting:
            return span.name
    return None


def resolve_pronoun(text: str, names_before: Sequence[NamedSpan]) -> str | None:
    """Replace a pronoun subject by its antecedent; None when the sentence cannot stand alone.

    ``names_before`` are the entity mentions of the preceding sentence of the document.
    A sentence that does not start with a pronoun, or starts with an expletive "It", is
    returned unchanged.
    """
    match = _PRONOUN.match(text)
    if match is None or _EXPLETIVE_IT.match(text):
        return text
    pronoun = match.group(1)
    name = antecedent(pronoun, names_before)
    if name is None:
        return None
    replacement = f"{name}’s" if pronoun in _POSSESSIVE else name
    return replacement + text[match.end() :]


def balance_quotes(text: str) -> str | None:
    """Close a quotation left open at the end; None when a quotation closes that never opened."""
    opens, closes = text.count("“"), text.count("”")
    if closes > opens:
        return None
    if opens > closes:
        text = text + "”" * (opens - closes)
    if text.count('"') % 2:
        last = text.rfind('"')
        opening = (last == 0 or text[last - 1].isspace()) and last + 1 < len(text)
        if not opening:
            return None
        text = text + '"'
    return text


def repair(text: str, names_before: Sequence[NamedSpan]) -> str | None:
    """Apply the three rules; the repaired sentence, or None when it should be left out."""
    fixed = strip_opener(text.strip())
    resolved = resolve_pronoun(fixed, names_before)
    if resolved is None:
        return None
    return balance_quotes(resolved)
