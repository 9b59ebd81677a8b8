"""Lines a site puts around an article that are no part of the story: calls to action ("READ
MORE HERE", "Click here to subscribe"), newsletter, app and membership pitches, and notices that
the page needs JavaScript.

Each test is on a whole line (or a tail after a finished sentence) and gives way to anything a
report would say: a line with a quotation mark or an attribution ("..., officials said") is
never promotion, so a story about a newsletter or a browser keeps its sentences.
"""

from __future__ import annotations

import re

# Promotion never quotes anyone or attributes anything; reporting does.
_REPORTED = re.compile(
    r"[\"“”„«»]|\b(?:said|says|say|according to|reported|told|found|warned|announced|urged)\b",
    re.IGNORECASE,
)
_MAX_WORDS = 40
# Longer lines are never promotion; the cap also keeps every pattern here linear.
_MAX_CHARS = 400
_NAV = r"(?:here|below|now|today|online|more|on (?:our|the) (?:website|site|app))"
# The whole line is the call: "READ MORE HERE", "Click here", "Read the full story here."
_CALL = re.compile(
    r"^\W*(?:(?:read|see|view|watch|listen|learn|find out|discover|get) (?:more|it all|"
    r"the (?:full|whole|rest of the|complete) (?:story|article|report|interview|list|video|"
    r"statement|transcript|piece)|the video|the clip|the replay|live)(?: (?:here|below|now|online|"
    rf"on (?:our|the) (?:website|site|app)))*|(?:read|watch|listen|see|tap|click) {_NAV}"
    r"|(?:click|tap|press) (?:here|this link|the link|below|on the link)\b.*"
    r"|(?:tell us|let us know) what you think\b.*|(?:got|have) a (?:news )?tip\?.*)\W*$",
    re.IGNORECASE,
)
# A pitch: an imperative opening that sells a subscription, a newsletter, an app or a feed.
# "Like" and "Support" open many reported sentences ("Like other towns, ..."): only "like us"
# and "support our journalism" are calls.
_PITCH_VERB = (
    r"(?:please |to )?(?:sign up|subscribe|get|join|download|install|register|follow|like us|"
    r"support (?:us|our|independent|quality)|become a (?:member|subscriber|supporter)|"
    r"don'?t miss|never miss|stay (?:up to date|informed|connected|updated)|be the first)"
)
_PITCH_OBJECT = (
    r"\b(?:newsletters?|inbox|e-?mail alerts?|alerts|notifications|our app|the app|app store|"
    r"google play|podcasts?|subscriptions?|subscrib\w*|membership|members|twitter|facebook|"
    r"instagram|youtube|tiktok|telegram|whatsapp|linkedin|full coverage|click here|"
    r"https?://\S+|@\w+)"
)
_PITCH = re.compile(rf"^\W*{_PITCH_VERB}\s.*{_PITCH_OBJECT}", re.IGNORECASE)
_IF_YOU = re.compile(
    r"^\W*if you (?:enjoyed|liked|value|appreciate|found) (?:this|our|reading)\b.*"
    r"\b(?:join|subscribe|support|become|donate|sign up|membership|proposition)\b",
    re.IGNORECASE,
)
_TAIL_CHARS = 40  # the longest call below, with room for spaces and a closing mark
# A call stuck to the end of a sentence: "... on Friday. READ MORE HERE", "...'Click To Tweet".
_TAIL = re.compile(
    r"(?:(?<=[.!?'’)])\s*(?:read more(?: here)?|continue reading|read the full (?:story|article))"
    r"|\s*click to tweet)\W*$",
    re.IGNORECASE,
)
# A notice that a page only works with scripts ("You need to enable JavaScript to run this app."):
# all that a client-side app's HTML holds, and a leftover under real articles.
_SCRIPT_NOTICE = re.compile(
    r"^\W*(?:(?:(?:please|kindly)\s+|you (?:will )?(?:need|have) to\s+|you must\s+)?"
    r"(?:enable|turn on|activate|allow) javascript"
    r"|(?:this|the|our) (?:site|web ?site|page|app|application|content|browser|experience)"
    r" (?:requires|needs|works best with) javascript"
    r"|javascript (?:is|must be|needs to be|seems to be|appears to be) (?:disabled|required"
    r"|turned off|not enabled|switched off|needed)"
    r"|(?:it (?:looks|seems) like )?your browser (?:does not|doesn't|did not) (?:support|have"
    r"|run) javascript"
    r"|(?:we(?:'|’)re sorry|sorry)\W+(?:but )?.{0,60}(?:does not|doesn't|won't|will not|cannot"
    r"|can't) (?:work|run|load)(?: properly| correctly)? without javascript)\b",
    re.IGNORECASE,
)


def is_promo(line: str) -> bool:
    """True for a line that is only a call to action or a pitch (a script notice included)."""
    stripped = line.strip()
    if not _short(stripped) or _REPORTED.search(stripped):
        return False
    return any(p.match(stripped) for p in (_CALL, _PITCH, _IF_YOU, _SCRIPT_NOTICE))


def is_script_notice(line: str) -> bool:
    """True for a line that only says the page needs JavaScript ("Please enable JavaScript to
    view the comments."); a sentence that reports on JavaScript is not one."""
    stripped = line.strip()
    return (
        _short(stripped)
        and not _REPORTED.search(stripped)
        and _SCRIPT_NOTICE.match(stripped) is not None
    )


def promo_tail(line: str) -> int | None:
    """Where a call to action stuck to the end of a sentence starts, or None if there is none."""
    start = max(0, len(line) - _TAIL_CHARS)
    match = _TAIL.search(line[start:])
    return start + match.start() if match is not None and start + match.start() > 0 else None


def _short(line: str) -> bool:
    return 0 < len(line) <= _MAX_CHARS and len(line.split()) <= _MAX_WORDS
