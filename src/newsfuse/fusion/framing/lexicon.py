"""Which nouns CAN name an actor, and which modifiers belong to such a name.

These lists only recognise candidates: a word becomes a framing term when a document uses it
for a main actor (the syntax in ``naming`` and the rules in ``attribute`` decide that). Event
and action nouns ("offensive", "advance", "push") are deliberately absent: they name what an
actor does, never the actor.
"""

from __future__ import annotations

# Nouns for a group of people acting together, singular lemmas.
GROUP_NOUNS = frozenset(
    {
        "rebel", "insurgent", "fighter", "militant", "jihadist", "jihadi", "islamist",
        "extremist", "terrorist", "guerrilla", "separatist", "militia", "militiaman",
        "opposition", "group", "faction", "organization", "organisation", "movement",
        "coalition", "alliance", "network", "affiliate", "offshoot", "outfit", "force",
        "brigade", "battalion", "wing", "gunman", "combatant", "mujahideen", "protester",
        "demonstrator", "protestor", "rioter", "looter", "paramilitary",
    }
)  # fmt: skip

# Words for armed opponents that name a side on their own ("the opposition", "extremists").
OPPONENT_NOUNS = frozenset(
    {
        "rebel", "insurgent", "opposition", "fighter", "militant", "jihadist", "jihadi",
        "islamist", "extremist", "terrorist", "guerrilla", "separatist", "militia",
        "militiaman", "gunman", "combatant", "mujahideen", "paramilitary",
    }
)  # fmt: skip

# Words for a crowd that acts together without a proper name ("the protesters").
PROTEST_NOUNS = frozenset({"protester", "protestor", "demonstrator", "rioter", "looter"})
CROWD_NOUNS = OPPONENT_NOUNS | PROTEST_NOUNS

# Nouns for a state's institutions, which a person at its head is said to own ("Assad's regime").
INSTITUTION_NOUNS = frozenset(
    {
        "regime", "government", "administration", "authority", "army", "military", "troop",
        "soldier", "force", "junta", "cabinet",
    }
)  # fmt: skip

# Nouns for one person's role or rank: a description when tied to the name ("Assad, the
# country's leader"), never taken to point back to the last person named ("the president").
TITLES = frozenset(
    {"president", "leader", "chief", "commander", "premier", "head", "ruler", "minister"}
)
# Nouns that judge a person; like "-ist" nouns ("supremacist"), they may point back.
EPITHETS = frozenset({"dictator", "strongman", "autocrat", "despot", "tyrant", "warlord"})
PERSON_NOUNS = TITLES | EPITHETS
# What else can describe a person in an apposition or a copula: agent nouns by their ending
# ("adviser", "director", "theorist", "politician") and a few common ones without it.
PERSON_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman")
PERSON_OTHERS = frozenset(
    {"aide", "spy", "counsel", "confidant", "ally", "figure", "host", "official", "member",
     "candidate", "nominee", "critic", "agent", "envoy", "activist", "hardliner", "rival"}
)  # fmt: skip

# Heads too generic to carry a name from one document to another on their own.
GENERIC = frozenset(
    {"group", "force", "faction", "organization", "organisation", "movement", "wing"}
    | INSTITUTION_NOUNS
    | PERSON_NOUNS
)

# Nouns with another, common sense ("this movement follows their gains"): they name an actor
# only when the parse ties them to its name ("Hamas, the Islamist movement").
AMBIGUOUS = frozenset({"movement", "network", "wing", "outfit", "cell", "head", "chief"})

# Adjectives that describe what a group is (kept in a term: "islamist faction").
GROUP_ADJECTIVES = frozenset(
    {"armed", "radical", "hardline", "islamic", "former", "rebel", "insurgent", "opposition"}
)

# Verbs that make their subject the same thing as a noun after them.
COPULAS = frozenset({"be", "become", "remain"})
AS_COPULAS = frozenset({"emerge", "serve", "act", "operate"})  # "HTS has emerged as a force"
# "insurgents led by HTS", "HTS-led rebels": the head noun is the actor's coalition.
LEAD_VERBS = frozenset({"lead", "head", "command", "spearhead", "dominate"})
MEMBERSHIP = frozenset({"including", "include", "like", "particularly", "notably", "especially"})

# Words a sentence must contain (any form) to be parsed at all: the cheap pre-filter.
EXTRA_FORMS = frozenset({"militias", "authorities", "militiamen", "gunmen", "armies"})
