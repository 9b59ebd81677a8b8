"""The English words the timeline reads: event classes, verbs that report no event, connectives.

These are rules about English news prose, not about any story: a capture, a seizure and a fall
of a town are one kind of event; "said", "vowed" and "is" report no happening.
"""

from __future__ import annotations

import re

# Lemmas (verbs and their nominalisations) grouped into one event class, so that "the capture
# of Hama" and "the fall of Hama" name the same event. A lemma not listed is its own class.
_CLASSES = {
    "take": "capture seize seizure take fall claim overrun enter conquer storm retake recapture "
    "occupy gain control capitulate surrender",
    "advance": "advance push approach march close progress offensive incursion",
    "flee": "flee escape exodus flight evacuate evacuation leave displace displacement",
    "withdraw": "withdraw withdrawal retreat pullback pull",
    "attack": "strike attack bomb bombing hit target shell shelling airstrike raid",
    "begin": "begin start erupt outbreak break launch",
    "kill": "kill killing die death",
    "meet": "meet meeting convene talk",
    "elect": "elect election vote win",
}
EVENT_CLASS = {lemma: cls for cls, lemmas in _CLASSES.items() for lemma in lemmas.split()}

# Reporting verbs whose object may be the event itself ("reports indicate a new advance").
REPORT = frozenset("indicate show report confirm suggest reveal".split())
# Verbs whose clause reports speech, opinion or intent, not a happening ("vowed to push on").
SPEECH = frozenset(
    "say tell add note report indicate show suggest claim confirm affirm deny state announce "
    "declare warn urge vow pledge promise threaten call voice express emphasize emphasise "
    "criticize criticise blame label portray comment describe believe think fear hope want "
    "wish plan intend expect seem appear consider argue insist accuse welcome condemn endorse "
    "praise support oppose reject accept".split()
)
# Verbs that describe a state or a relation rather than an event ("Homs holds importance").
STATE = frozenset(
    "be have remain include mean represent underscore reflect symbolize symbolise serve "
    "become stay lie contain involve matter need face".split()
)
# Verbs whose subject is the event ("The fall of Hama came as ...", "The strike followed ...").
LIGHT = frozenset("come follow precede happen occur mark coincide".split())
# Verbs whose complement carries the event ("began fleeing", "were seen fleeing").
ASPECT = frozenset("begin start continue keep see report appear".split())
MODALS = frozenset("will would could may might should must can shall".split())
# A subject naming an earlier event without naming it ("This incursion followed ...").
ANAPHORA = frozenset("this these that those it its".split())

# Connectives whose object happened first: "after X, Y", "Y following X", "Y since X".
AFTER = frozenset({"after", "following", "since"})
# Connectives whose object happened later: "before X, Y", "Y prior to X".
BEFORE = frozenset({"before", "prior"})

# A cheap filter: only statements with one of these words are parsed for order cues.
CUE_WORDS = re.compile(
    r"\b(?:after|before|following|followed|follows?|preceded|precedes?|since|then|prior to)\b",
    re.IGNORECASE,
)


def event_class(lemma: str) -> str:
    """The class of an event word: its group ("take" for "seizure"), else the lemma itself."""
    word = lemma.casefold()
    return EVENT_CLASS.get(word, word)
