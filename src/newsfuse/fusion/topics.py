"""What a conflict is about, in words a reader understands.

"how many people fled Homs", "when the conflict began", "Recep Tayyip Erdogan's stance on the
push": built from the parsed frames of the conflicting statements (predicate, subject, object,
the stance's target), never from a file name or an internal label.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.fusion.frames import ValueFrame
from newsfuse.fusion.stance import StanceFrame

# Irregular past tenses of verbs that carry values in news ("fled", "struck"); others are
# inflected by rule ("killed", "displaced", "carried").
_IRREGULAR = dict(
    pair.split(":")
    for pair in (
        "flee:fled leave:left run:ran take:took get:got go:went come:came make:made give:gave "
        "see:saw find:found hold:held win:won lose:lost fall:fell rise:rose drive:drove "
        "fight:fought hit:hit build:built send:sent spend:spent sell:sold buy:bought "
        "bring:brought meet:met begin:began break:broke catch:caught shoot:shot put:put "
        "set:set cut:cut hurt:hurt stand:stood keep:kept lead:led feel:felt tell:told say:said "
        "pay:paid grow:grew throw:threw write:wrote know:knew become:became steal:stole "
        "strike:struck sink:sank swim:swam be:were have:had do:did seek:sought split:split "
        "spread:spread shut:shut quit:quit bear:bore wear:wore tear:tore draw:drew fly:flew "
        "freeze:froze speak:spoke choose:chose wake:woke ride:rode rise:rose"
    ).split()
)
_PREFIXES = ("under", "over", "with", "out", "fore", "mis", "re", "up", "be")
_VOWELS = set("aeiou")
_PRONOUNS = frozenset("i you he she it we they this that these those who which".split())
_ANAPHORIC = frozenset("such this these that those it them its their".split())
_ARTICLES = frozenset("the a an".split())


def past_tense(lemma: str) -> str:
    """The simple past of a verb lemma: "flee" -> "fled", "carry" -> "carried"."""
    word = lemma.casefold()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for prefix in _PREFIXES:  # "undergo" -> "underwent", "withhold" -> "withheld"
        if word.startswith(prefix) and word[len(prefix) :] in _IRREGULAR:
            return prefix + _IRREGULAR[word[len(prefix) :]]
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ied"
    if (
        len(word) <= 4
        and len(word) >= 3
        and word[-1] not in _VOWELS | {"w", "x", "y"}
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    ):
        return word + word[-1] + "ed"  # "stop" -> "stopped", "ban" -> "banned"
    return word + "ed"


def plural(noun: str) -> str:
    """The plural of a counted noun's singular form ("town" -> "towns", "people" stays)."""
    if noun in ("people", "") or noun.endswith("s"):
        return noun
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in _VOWELS:
        return noun[:-1] + "ies"
    if noun.endswith(("ch", "sh", "x")):
        return noun + "es"
    return noun + "s"


def value_topic(x: ValueFrame, y: ValueFrame) -> str:
    """The question two disagreeing values answer: "how many people fled Homs", "when the
    conflict began", "the distance the rebels advanced"."""
    frame = _best(x, y)
    family, _, unit = frame.value.family.partition(":")
    verb, subject = _verb(frame), _inside(frame.subject_text)
    if family == "date":
        if subject and verb:
            return f"when {subject} {verb}"
        return f"when it happened ({verb})" if verb else "the date"
    if family == "count":
        noun = plural(unit) or "of them"
        obj = _inside(frame.object_text or (x.object_text if frame is y else y.object_text))
        if frame.subject == "#value" and verb:
            return " ".join(w for w in ("how many", noun, verb, obj) if w)
        if subject and verb:
            return f"how many {noun} {subject} {verb}"
        return f"how many {noun}"
    what = _MEASURES.get(unit, _MEASURES.get(family, "figure"))
    if subject and frame.subject != "#value" and verb and subject.casefold() not in _PRONOUNS:
        return f"the {what} ({subject} {verb})"
    return f"the {what}"


_MEASURES = {
    **dict.fromkeys(("km", "m", "cm", "mm", "mi"), "distance"),
    **dict.fromkeys(("kg", "g", "t", "lb"), "weight"),
    **dict.fromkeys(("year", "month", "week", "day", "hour", "minute"), "duration"),
    "%": "percentage",
    "quantity": "amount",
    "money": "sum",
    "percent": "percentage",
    "number": "figure",
}


def _inside(phrase: str) -> str:
    """A phrase as it reads inside a sentence: "The conflict" -> "the conflict"."""
    first, _, rest = phrase.partition(" ")
    return f"{first.casefold()} {rest}".strip() if first.casefold() in _ARTICLES else phrase


def _best(x: ValueFrame, y: ValueFrame) -> ValueFrame:
    """The frame that reads best: the value as subject, a past-tense verb, an object named."""

    def rank(f: ValueFrame) -> tuple[bool, bool, bool, bool]:
        return (
            bool(f.predicate),
            f.subject == "#value" or f.value.family == "date",
            bool(f.subject_text),
            f.predicate_past,
        )

    return x if rank(x) >= rank(y) else y


def _verb(f: ValueFrame) -> str:
    if not f.predicate:
        return ""
    return f.predicate_text.casefold() if f.predicate_past else past_tense(f.predicate)


def stance_topic(frames: Sequence[StanceFrame], holder: str) -> str:
    """ "Recep Tayyip Erdogan's stance on the push": the holder, and what the stance is about
    (a named target, else the plainest target of a side that takes one stance only)."""
    owner = f"{holder}'" if holder.endswith("s") else f"{holder}'s"
    target = _target(frames)
    return f"{owner} stance on {target}" if target else f"{owner} stance"


def _target(frames: Sequence[StanceFrame]) -> str:
    def rank(f: StanceFrame) -> tuple[bool, bool, int]:
        words = f.target.casefold().split()
        anaphoric = bool(words) and words[0] in _ANAPHORIC
        return (bool(f.target_entities), not anaphoric, -len(words))

    with_target = [f for f in frames if f.target.strip()]
    if not with_target:
        return ""
    best = max(with_target, key=rank)
    words = best.target.split()
    if words[0].casefold() in _ANAPHORIC:
        return ""  # "such developments": says nothing on its own
    return _inside(" ".join(words))
