"""Reports for the renderer tests, built from real texts with simple, general rules.

Every span is found in the text itself (regex / str.find), so ``text[start:end] == span`` holds
exactly, as the pipeline guarantees. Loaded by tests/render/conftest.py and
tests/browser/conftest.py (pytest does not collect this file: its name does not start with test_).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from html.parser import HTMLParser

from newsfuse.models import (
    Article,
    BriefSentence,
    Conflict,
    ConflictSide,
    Derivation,
    Entity,
    EntityMention,
    Evidence,
    Fact,
    Framing,
    Report,
    ReportQuote,
    StoryInfo,
    TimelineEvent,
    content_id,
)

_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+[”\"’]?|$)", re.M)
_QUOTE = re.compile(r"“([^“”\n]{3,300})”")
_SPEAKER = re.compile(r"([A-Z][\w-]+(?: [A-Z][\w-]+)*) (?:said|declared|told|stated)")
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_START_YEAR = re.compile(r"\b(?:began|erupted|started) in ((?:19|20)\d\d)\b")
_CROWD = re.compile(r"\b(tens of thousands|thousands|hundreds)\b", re.I)
_WORD = re.compile(r"[a-z]+")

FACT_TERMS = (
    "Rastan",
    "Hama",
    "Observatory",
    "Damascus",
    "bridge",
    "third-largest",
    "Alawite",
    "Idlib",
)
ENTITY_GROUPS = (
    ("Homs", "GPE", ("Homs",)),
    ("Talbiseh", "GPE", ("Talbiseh", "Talbisseh")),
    ("Rastan", "GPE", ("Rastan",)),
    ("Hayat Tahrir al-Sham", "ORG", ("Hayat Tahrir al-Sham", "HTS")),
    ("Bashar al-Assad", "PERSON", ("Bashar al-Assad", "Bashar Assad", "Assad")),
    ("Syrian Observatory for Human Rights", "ORG", ("Syrian Observatory for Human Rights",)),
)
FRAMING_TERMS = ("rebels", "rebel", "insurgents", "insurgent", "jihadist", "militias", "Islamist")
# The report's section headings, in order, as a reader sees them in HTML, Markdown and the browser.
SECTIONS = [
    "What we know",
    "Where reports disagree",
    "Who said what",
    "Timeline",
    "People, places, organisations",
    "Coverage",
    "Sources",
]


def sentences(doc: Article) -> list[Evidence]:
    return [
        Evidence(doc.id, m.start() + _lead(m.group()), m.end(), m.group().strip())
        for m in _SENTENCE.finditer(doc.text)
        if m.group().strip()
    ]


def _lead(s: str) -> int:
    return len(s) - len(s.lstrip())


def _facts(docs: Sequence[Article]) -> list[Fact]:
    facts = []
    for i, term in enumerate(FACT_TERMS, start=1):
        evidence = []
        for doc in docs:
            hit = next((s for s in sentences(doc) if term in s.text), None)
            if hit is not None:
                evidence.append(hit)
        if not evidence:
            continue
        n = len(evidence)
        status = "consensus" if n >= 4 else "corroborated" if n >= 2 else "single_source"
        ids = tuple(e.doc for e in evidence)
        facts.append(Fact(f"f{i}", evidence[0].text, tuple(evidence), ids, n, status))
    return facts


def _conflict(cid: str, topic: str, pattern: re.Pattern[str], docs: Sequence[Article]) -> list:
    groups: dict[str, list[Evidence]] = {}
    for doc in docs:
        for m in pattern.finditer(doc.text):
            value = m.group(m.lastindex or 0).casefold()
            groups.setdefault(value, []).append(Evidence(doc.id, m.start(), m.end(), m.group()))
    if len(groups) < 2:
        return []
    sides = tuple(ConflictSide(v, tuple(ev)) for v, ev in groups.items())
    values = " and ".join(f"“{s.value}”" for s in sides)
    return [Conflict(cid, "count", topic, sides, f"The reports give {values}; not all can hold.")]


def _quotes(docs: Sequence[Article]) -> list[ReportQuote]:
    out = []
    for doc in docs:
        for m in _QUOTE.finditer(doc.text):
            window = doc.text[max(0, m.start() - 200) : m.end() + 200]
            who = _SPEAKER.search(window)
            ev = Evidence(doc.id, m.start(1), m.end(1), m.group(1))
            speaker = who.group(1) if who else None
            out.append(ReportQuote(f"q{len(out) + 1}", m.group(1), speaker, None, ev))
        for s in sentences(doc):
            if " said " in s.text and "“" not in s.text:
                out.append(ReportQuote(f"q{len(out) + 1}", s.text, None, None, s, direct=False))
    return out


def _timeline(docs: Sequence[Article]) -> list[TimelineEvent]:
    events = []
    for pattern, when in ((_START_YEAR, 1), (_WEEKDAY, None)):
        for doc in docs:
            for s in sentences(doc):
                m = pattern.search(s.text)
                if m:
                    value = m.group(when) if when else None
                    events.append(TimelineEvent(value, m.group(), s.text, (s,)))
    return sorted(events, key=lambda e: e.when or "9999")


def _entities(docs: Sequence[Article]) -> list[Entity]:
    out = []
    for i, (name, kind, spellings) in enumerate(ENTITY_GROUPS, start=1):
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, spellings)) + r")\b")
        mentions = tuple(
            EntityMention(d.id, m.start(), m.end(), m.group())
            for d in docs
            for m in pattern.finditer(d.text)
        )
        seen = tuple(dict.fromkeys(m.text for m in mentions))
        if mentions:
            out.append(Entity(f"e{i}", name, kind, seen, mentions))
    return out


def _framing(docs: Sequence[Article]) -> list[Framing]:
    terms = {}
    for doc in docs:
        words = Counter(re.findall(r"[A-Za-z]+", doc.text))
        counts = {t: words[t] for t in FRAMING_TERMS if words[t]}
        if counts:
            terms[doc.id] = counts
    return [Framing("the armed opposition", terms)] if terms else []


def _derivation(docs: Sequence[Article]) -> list[Derivation]:
    bags = [set(_WORD.findall(d.text.casefold())) for d in docs]
    out = []
    for i in range(len(docs)):
        for j in range(i + 1, len(docs)):
            sim = len(bags[i] & bags[j]) / len(bags[i] | bags[j])
            if sim > 0.2:
                out.append(Derivation(docs[i].id, docs[j].id, "shares_content", sim))
    return out


def _facts_holding(conflict: Conflict, facts: Sequence[Fact]) -> tuple[str, ...]:
    """The facts whose evidence contains one of the conflict's disputed words."""
    sides = [ev for side in conflict.sides for ev in side.evidence]
    return tuple(
        f.id
        for f in facts
        if any(
            e.doc == s.doc and e.start <= s.start and s.end <= e.end
            for e in f.evidence
            for s in sides
        )
    )


def build_report(
    docs: Sequence[Article], *, title: str = "Rebels take Rastan and Talbiseh"
) -> Report:
    """A report with every section filled, from the documents' own words."""
    facts = _facts(docs)
    ranked = sorted(facts, key=lambda f: -f.support)[:4]
    brief = tuple(BriefSentence(f.statement, (f.id,), f.doc_ids) for f in ranked)
    conflicts = _conflict("c1", "How many fled", _CROWD, docs)
    conflicts += _conflict("c2", "When the civil war began", _START_YEAR, docs)
    conflicts = [replace(c, fact_ids=_facts_holding(c, facts)) for c in conflicts]
    return Report(
        story=StoryInfo("story-seeds", title, "2024-12-06", "2024-12-07"),
        documents=tuple(docs),
        brief=brief,
        facts=tuple(facts),
        conflicts=tuple(conflicts),
        entities=tuple(_entities(docs)),
        quotes=tuple(_quotes(docs)),
        timeline=tuple(_timeline(docs)),
        framing=tuple(_framing(docs)),
        derivation=tuple(_derivation(docs)),
        unique={d.id: tuple(f.id for f in facts if f.doc_ids == (d.id,)) for d in docs},
        generated_at="2026-11-22T17:00:00Z",
    )


PAYLOADS = (
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    "</script><script>window.__pwned = 3</script>",
    '<a href="javascript:window.__pwned = 4">click</a>',
    "<svg onload=window.__pwned=5>",
    '"><iframe srcdoc="<script>parent.__pwned=6</script>">',
    "<style>body{display:none}</style>",
    "--><!-- <details open ontoggle=window.__pwned=7>",
    "[link](javascript:window.__pwned=8) ![x](x) <b>bold</b> **md** `code`",
    "\u2028\u2029 {{ 7*7 }} ${7*7} &amp; &lt;script&gt;",
)
HOSTILE_URL = "javascript:window.__pwned=9"


def hostile_report() -> Report:
    """A report in which every text field, and every span, is an injection attempt."""
    body = "\n".join(
        f"Paragraph {i}: {p} and then the story goes on." for i, p in enumerate(PAYLOADS)
    )
    doc = Article(
        id=content_id(body),
        source=HOSTILE_URL,
        text=body,
        title=PAYLOADS[0] + " headline",
        outlet=PAYLOADS[1],
        byline=PAYLOADS[2],
        published=PAYLOADS[3],
        credited_sources=(PAYLOADS[4],),
        boilerplate=PAYLOADS[5:8],
        url=HOSTILE_URL,
    )
    spans = [body.index(p) for p in PAYLOADS]
    ev = [Evidence(doc.id, s, s + len(p), p) for s, p in zip(spans, PAYLOADS, strict=True)]
    facts = tuple(
        Fact(f"f{i}", p, (e,), (doc.id,), 1, "single_source")
        for i, (p, e) in enumerate(zip(PAYLOADS, ev, strict=True))
    )
    return Report(
        story=StoryInfo(PAYLOADS[2], PAYLOADS[0]),
        documents=(doc,),
        brief=tuple(BriefSentence(f.statement, (f.id,), (doc.id,)) for f in facts[:4]),
        facts=facts,
        conflicts=(
            Conflict(
                "c1",
                "claim",
                PAYLOADS[1],
                tuple(ConflictSide(p, (e,)) for p, e in zip(PAYLOADS[:3], ev, strict=False)),
                PAYLOADS[3],
            ),
        ),
        entities=(
            Entity(
                "e1",
                PAYLOADS[4],
                "PERSON",
                PAYLOADS[5:7],
                (EntityMention(doc.id, ev[4].start, ev[4].end, ev[4].text),),
            ),
        ),
        quotes=(ReportQuote("q1", PAYLOADS[6], PAYLOADS[7], None, ev[6]),),
        timeline=(TimelineEvent(PAYLOADS[8], PAYLOADS[9], PAYLOADS[2], (ev[2],)),),
        framing=(Framing(PAYLOADS[1], {doc.id: {PAYLOADS[0]: 2}}),),
        derivation=(),
        unique={doc.id: (facts[0].id,)},
        generated_at=PAYLOADS[3],
    )


def hostile_wordings_report() -> Report:
    """The hostile report with a fact worded three ways and a conflict whose values sit inside
    hostile sentences (one value is itself a payload), as the sentence and wording views show."""
    base = hostile_report()
    doc = base.documents[0]
    lines = []
    at = 0
    for line in doc.text.split("\n"):
        lines.append(Evidence(doc.id, at, at + len(line), line))
        at += len(line) + 1
    fact = Fact("fw", lines[0].text, tuple(lines[:3]), (doc.id,), 1, "disputed")
    story = lines[0].start + lines[0].text.index("story")
    value_a = Evidence(doc.id, story, story + len("story"), "story")
    payload = lines[2].start + lines[2].text.index(PAYLOADS[2])
    value_b = Evidence(doc.id, payload, payload + len(PAYLOADS[2]), PAYLOADS[2])
    conflict = Conflict(
        "c-w",
        "claim",
        PAYLOADS[4],
        (ConflictSide("story", (value_a,)), ConflictSide(PAYLOADS[2], (value_b,))),
        PAYLOADS[5],
        fact_ids=("fw",),
    )
    return replace(base, facts=(fact, *base.facts), conflicts=(conflict,))


class Page(HTMLParser):
    """What a browser's parser would build from the page, enough to check it without one."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.ids: dict[str, str] = {}
        self.span_text: dict[str, str] = {}
        self.h2: list[str] = []
        self.h3: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.text_chunks: list[str] = []
        self._marks: list[str] = []
        self._open: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.elements.append((tag, a))
        if a.get("id"):
            self.ids[str(a["id"])] = tag
        if tag == "mark":
            self._marks.append(str(a.get("data-span")))
        if tag not in _VOID:
            self._open.append(tag)
        if tag in ("h2", "h3"):
            getattr(self, tag).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._marks.pop()
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.text_chunks.append(data)
        current = self._open[-1] if self._open else ""
        if current == "script":
            self.scripts.append(data)
        elif current == "style":
            self.styles.append(data)
        for tag in ("h2", "h3"):
            if tag in self._open:
                getattr(self, tag)[-1] += data
        for key in self._marks:
            self.span_text[key] = self.span_text.get(key, "") + data


_VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}
