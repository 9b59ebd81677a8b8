"""Word lists the entity rules read: titles, organisation and place cue words, group names.

Each list is general English news vocabulary, not a patch for particular articles. All entries
are casefolded; look words up with ``word.casefold().rstrip(".")``.
"""

from __future__ import annotations

# Words that precede a person's name ("Defense Minister Gen. Ali Mahmoud Abbas"). They are not
# part of the name and, directly before a name, make it a person.
TITLES = frozenset(
    """president vice prime minister foreign defense defence interior finance gen general lt
    col colonel maj major capt captain sgt sergeant adm admiral cmdr commander mr mrs ms miss dr
    prof sen senator rep representative gov governor king queen prince princess sheikh sheik
    emir pope chancellor secretary ambassador envoy mayor judge justice lord lady sir rev
    ayatollah imam spokesman spokeswoman spokesperson chief leader premier chairman chairwoman
    speaker deputy state mdm madam mx""".split()
)

# A name containing one of these is an organisation ("Syrian Observatory for Human Rights",
# "Syrian National Army").
ORG_WORDS = frozenset(
    """observatory army council ministry agency front brigade brigades party movement
    organization organisation committee commission company corporation corp inc ltd bank union
    association institute university court parliament forces network alliance coalition league
    federation foundation guard guards police press group militia militias faction
    administration assembly congress senate service services authority department office
    board fund bureau reuters""".split()
)

# Directly before or after a name, these make it an organisation ("the jihadist group Hayat
# Tahrir al-Sham", "the Hayat Tahrir al-Sham group").
ORG_CUES = frozenset(
    """group faction militia movement organization organisation party alliance coalition
    network outfit company firm agency""".split()
)

# A few words before a name, these make it a place ("the towns of Rastan and Talbiseh").
PLACE_CUES = frozenset(
    """town towns city cities village villages province provinces district districts region
    regions capital suburb suburbs neighbourhood neighborhood governorate county state""".split()
)

# Religious, ethnic and sectarian group words: NORP whatever the model says ("Alawite").
GROUP_WORDS = frozenset(
    """alawite alawites alawi sunni sunnis shia shias shiite shiites shi'ite druze kurd kurds
    kurdish christian christians muslim muslims jewish jew jews islamist islamists arab arabs
    yazidi yazidis catholic catholics protestant protestants orthodox hindu hindus buddhist
    buddhists sikh sikhs copt copts coptic maronite maronites ismaili ismailis turkmen pashtun
    pashtuns hazara hazaras uyghur uyghurs rohingya bedouin bedouins evangelical
    evangelicals""".split()
)

# Capitalised words that are never a name on their own.
NOT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december i we you he she they it this that
    these those the a an and or but jan feb mar apr jun jul aug sep sept oct nov dec
    north south east west northern southern eastern western
    central""".split()
)

# Person-denoting nouns: "thousands of civilians" counts people.
PEOPLE_NOUNS = frozenset(
    """people persons person civilians civilian residents resident soldiers soldier troops
    fighters fighter insurgents insurgent rebels rebel refugees refugee migrants migrant
    children child women men adults students workers protesters militants militant officers
    officials police policemen demonstrators victims casualties dead injured wounded
    inhabitants citizens voters patients passengers prisoners detainees hostages members
    supporters loyalists families individuals employees staff deaths activists journalists
    doctors nurses teachers farmers miners pilgrims worshippers settlers survivors
    evacuees""".split()
)


def is_title(word: str) -> bool:
    return word.casefold().rstrip(".") in TITLES
