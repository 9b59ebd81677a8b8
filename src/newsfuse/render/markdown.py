"""The report as Markdown: the HTML report's sections, with footnote citations.

Every citation is a footnote (``[^3]``) that quotes the exact span with its document and
character offsets. All report text is escaped: HTML metacharacters become entities and
Markdown punctuation is backslash-escaped, so a hostile article cannot add a tag, a link or a
heading to whatever renders this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsfuse.models import Article, Fact, Report
from newsfuse.render.citations import (
    Citations,
    Cite,
    brief_cites,
    cites_for,
    collect_citations,
    doc_label,
    quote_evidence,
)
from newsfuse.render.html_view import RELATION_LABELS, STATUS_LABELS, TYPE_LABELS
from newsfuse.render.wordings import Wording, conflict_sides, fact_wordings

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Characters that open emphasis, code, links, tables, strikethrough or math anywhere in a line.
_PUNCT = re.compile(r"([\\`*_\[\]|~$])")
# Where a block starts, these also open headings, lists and setext underlines.
_BLOCK_START = re.compile(r"^(?:([#+=-])|(\d+)([.)]))")
_WS = re.compile(r"\s+")


def md_escape(text: str) -> str:
    """Text that renders as itself, on one line: no tag, link, emphasis, heading or list."""
    text = _WS.sub(" ", text).strip()
    text = "".join(_HTML.get(ch, ch) for ch in text)
    text = _PUNCT.sub(r"\\\1", text)
    return _BLOCK_START.sub(_escape_block_start, text, count=1)


def md_inline(text: str) -> str:
    """Text escaped like ``md_escape`` but kept as a piece of a line: spaces at its ends stay."""
    text = "".join(_HTML.get(ch, ch) for ch in _WS.sub(" ", text))
    return _PUNCT.sub(r"\\\1", text)


def _escape_block_start(m: re.Match[str]) -> str:
    if m.group(1):
        return "\\" + m.group(1)
    return m.group(2) + "\\" + m.group(3)


@dataclass
class _Notes:
    """Footnotes numbered in the order the reader first meets them."""

    citations: Citations
    docs: dict[str, Article]
    labels: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def cite(self, cite: Cite) -> str:
        key = cite.span.key if cite.span else f"doc{cite.doc_no}"
        if key not in self.labels:
            self.labels[key] = n = len(self.labels) + 1
            self.lines.append(f"[^{n}]: {self._describe(cite)}")
        return f"[^{self.labels[key]}]"

    def cites(self, cites: Iterable[Cite]) -> str:
        return "".join(self.cite(c) for c in cites)

    def _describe(self, cite: Cite) -> str:
        name = md_escape(doc_label(self.docs[cite.doc_id]))
        if cite.span is None:
            return f"\\[{cite.doc_no}\\] {name} (the report as a whole; no exact span)"
        s = cite.span
        return f"\\[{s.doc_no}\\] {name}, characters {s.start}–{s.end}: “{md_escape(s.text)}”"


def render_markdown(report: Report) -> str:
    """The report as CommonMark with footnotes (GitHub, Pandoc and markdown-it's footnote plugin).

    Guarantees: every footnote reference has exactly one definition and each span footnote
    quotes ``document.text[start:end]``; no report text can produce raw HTML.
    """
    cits = collect_citations(report)
    notes = _Notes(cits, {d.id: d for d in report.documents})
    parts = [
        _header(report),
        _what_we_know(report, notes),
        _disagree(report, notes),
        _quotes(report, notes),
        _timeline(report, notes),
        _entities(report, cits),
        _coverage(report, cits),
        _sources(report),
    ]
    body = "\n\n".join(p.strip("\n") for p in parts)
    return body + "\n\n" + "\n".join(notes.lines) + "\n" if notes.lines else body + "\n"


def _header(report: Report) -> str:
    n = len(report.documents)
    meta = [f"Fused report of {n} source{'s' if n != 1 else ''}"]
    if report.story.first_published:
        meta.append(f"first report {md_escape(report.story.first_published)}")
    if report.story.last_published:
        meta.append(f"latest {md_escape(report.story.last_published)}")
    if report.generated_at:
        meta.append(f"generated {md_escape(report.generated_at)}")
    return f"# {md_escape(report.story.title)}\n\n*{' · '.join(meta)}*"


def _what_we_know(report: Report, notes: _Notes) -> str:
    facts = {f.id: f for f in report.facts}
    lines = ["## What we know", ""]
    disputes = {f: md_escape(c.topic) for c in report.conflicts for f in c.fact_ids}
    brief = []
    for s in report.brief:
        topic = next((disputes[f] for f in s.fact_ids if f in disputes), None)
        note = f" *(disputed: see “{topic}” below)*" if topic else ""
        brief.append(md_escape(s.text) + notes.cites(brief_cites(s, facts, notes.citations)) + note)
    lines.append(" ".join(brief) if brief else "*No brief could be written.*")
    numbered = list(enumerate(report.facts, start=1))
    shared = [(i, f) for i, f in numbered if not _single(f)]
    single = [(i, f) for i, f in numbered if _single(f)]
    if shared:
        lines += ["", "### Facts and how many reports support them", ""]
        lines += [_fact_line(i, f, notes) for i, f in shared]
    if single:
        lines += ["", "### Facts stated by one report only", ""]
        lines += [_fact_line(i, f, notes) for i, f in single]
    return "\n".join(lines)


def _single(fact: Fact) -> bool:
    return fact.support <= 1 and fact.status != "disputed"


def _fact_line(no: int, fact: Fact, notes: _Notes) -> str:
    status = STATUS_LABELS.get(fact.status, md_escape(fact.status))
    cites = notes.cites(cites_for(fact.evidence, fact.doc_ids, notes.citations))
    support = f"{fact.support} independent of {len(fact.doc_ids)}"
    line = f"- **F{no}** {md_escape(fact.statement)} — *{status}*, {support}.{cites}"
    wordings = fact_wordings(fact)
    if len(wordings) < 2:
        return line
    lines = [line, "    - In each report's own words:"]
    for w in wordings:
        where = notes.cites(cites_for(w.evidence, w.doc_ids, notes.citations))
        lines.append(f"        - “{md_escape(w.text)}”{where}")
    return "\n".join(lines)


def _disagree(report: Report, notes: _Notes) -> str:
    lines = ["## Where reports disagree"]
    for c in report.conflicts:
        lines += ["", f"### {md_escape(c.topic)} ({md_escape(c.kind)})", ""]
        lines += [
            "| Side | Who says it | Their sentences (the value in bold) |",
            "| --- | --- | --- |",
        ]
        for n, side in enumerate(conflict_sides(report, c)):
            label = chr(ord("A") + n) if n < 26 else str(n + 1)
            who = "; ".join(md_escape(x) for x in side.labels)
            words = "; ".join(_marked(w, notes) for w in side.wordings)
            lines.append(f"| **{label}: {md_escape(side.side.value)}** | {who} | {words} |")
        lines += ["", md_escape(c.explanation)]
    if not report.conflicts:
        lines += ["", "*The reports do not contradict each other on anything we could compare.*"]
    return "\n".join(lines)


def _marked(wording: Wording, notes: _Notes) -> str:
    """The sentence in quotes with its values in bold, then the footnotes of the values."""
    text = "".join(f"**{md_inline(t)}**" if value else md_inline(t) for t, value in wording.parts)
    cites = [
        Cite(notes.citations.doc_numbers[ev.doc], ev.doc, notes.citations.ref(ev))
        for ev in wording.values
        if ev.doc in notes.citations.doc_numbers
    ]
    return f"“{text.strip()}”{notes.cites(cites)}"


def _quotes(report: Report, notes: _Notes) -> str:
    lines = ["## Who said what"]
    groups: dict[str, list[str]] = {}
    for q in report.quotes:
        kind = "direct quote" if q.direct else "reported speech"
        cites = [
            Cite(notes.citations.doc_numbers[ev.doc], ev.doc, notes.citations.ref(ev))
            for ev in quote_evidence(q)
            if ev.doc in notes.citations.doc_numbers
        ]
        line = f"- ({kind}) “{md_escape(q.text)}”{notes.cites(sorted(cites, key=_doc_no))}"
        groups.setdefault(q.speaker or "", []).append(line)
    for who in sorted(groups, key=lambda w: (w == "", -len(groups[w]), w.casefold())):
        lines += ["", f"### {md_escape(who) if who else 'Unattributed'}", "", *groups[who]]
    if not report.quotes:
        lines += ["", "*No quotations were found in the reports.*"]
    return "\n".join(lines)


def _doc_no(cite: Cite) -> int:
    return cite.doc_no


def _timeline(report: Report, notes: _Notes) -> str:
    lines = ["## Timeline", ""]
    for e in report.timeline:
        when = md_escape(e.when or e.when_text or "Undated (placed by the reports’ order)")
        if e.when and e.when_text and e.when_text != e.when:
            when += f" (“{md_escape(e.when_text)}”)"
        cites = notes.cites(cites_for(e.evidence, (), notes.citations))
        lines.append(f"- **{when}**: {md_escape(e.event)}{cites}")
    if not report.timeline:
        lines.append("*No dated events were found.*")
    return "\n".join(lines)


def _entities(report: Report, cits: Citations) -> str:
    groups: dict[str, list[str]] = {}
    for ent in sorted(report.entities, key=lambda e: (-len(e.mentions), e.name.casefold())):
        aliases = [a for a in dict.fromkeys(ent.aliases) if a != ent.name]
        also = f" — also {', '.join('“' + md_escape(a) + '”' for a in aliases)}" if aliases else ""
        counts: dict[int, int] = {}
        for m in ent.mentions:
            if m.doc in cits.doc_numbers:
                no = cits.doc_numbers[m.doc]
                counts[no] = counts.get(no, 0) + 1
        where = ", ".join(f"\\[{no}\\] ×{n}" for no, n in sorted(counts.items()))
        line = f"- **{md_escape(ent.name)}**{also}; {len(ent.mentions)} mentions: {where}"
        groups.setdefault(TYPE_LABELS.get(ent.type, "Other names"), []).append(line)
    lines = ["## People, places, organisations"]
    for label in dict.fromkeys(TYPE_LABELS.values()):
        if label in groups:
            lines += ["", f"### {label}", "", *groups[label]]
    if not groups:
        lines += ["", "*No named people, places or organisations were found.*"]
    return "\n".join(lines)


def _coverage(report: Report, cits: Citations) -> str:
    docs = report.documents
    numbers = {f.id: i for i, f in enumerate(report.facts, start=1)}
    head = "| Fact | " + " | ".join(f"\\[{i}\\]" for i in range(1, len(docs) + 1)) + " |"
    lines = ["## Coverage", "", "### Which report states which fact", ""]
    if report.facts and docs:
        lines += [head, "| --- |" + " :-: |" * len(docs)]
        rows = [f for f in report.facts if not _single(f)]
        rows += [f for f in report.facts if _single(f)]
        for f in rows:
            row = " | ".join("●" if d.id in f.doc_ids else "·" for d in docs)
            lines.append(f"| F{numbers[f.id]} | {row} |")
        totals = (sum(1 for f in report.facts if d.id in f.doc_ids) for d in docs)
        lines.append("| total | " + " | ".join(str(n) for n in totals) + " |")
    lines += ["", "### What only one report has", ""]
    unique = [(d, fids) for d, fids in report.unique.items() if d in cits.doc_numbers and fids]
    for d, fids in unique:
        named = "; ".join(f"F{numbers[f]}" for f in fids if f in numbers)
        lines.append(f"- \\[{cits.doc_numbers[d]}\\]: {named}")
    if not unique:
        lines.append("*No report adds a detail the others lack.*")
    lines += ["", "### Which reports derive from which", ""]
    if report.derivation:
        lines += ["| Report | Report | Relation | Similarity |", "| --- | --- | --- | ---: |"]
    for x in report.derivation:
        a, b = cits.doc_numbers.get(x.a), cits.doc_numbers.get(x.b)
        rel = RELATION_LABELS.get(x.relation, md_escape(x.relation))
        lines.append(f"| \\[{a}\\] | \\[{b}\\] | {rel} | {round(100 * x.similarity)}% |")
    if not report.derivation:
        lines.append("*The reports read as independent of each other.*")
    return "\n".join(lines + ["", _framing(report)])


def _framing(report: Report) -> str:
    docs = report.documents
    lines = ["### How each report names the same actors", ""]
    if not report.framing:
        return "\n".join(lines + ["*No differences in naming were found.*"])
    lines.append("| Who | " + " | ".join(f"\\[{i}\\]" for i in range(1, len(docs) + 1)) + " |")
    lines.append("| --- |" + " --- |" * len(docs))
    for f in report.framing:
        cells = []
        for d in docs:
            counts = sorted(f.terms.get(d.id, {}).items(), key=lambda kv: (-kv[1], kv[0]))
            cells.append(", ".join(f"{md_escape(t)} ×{n}" for t, n in counts) or "—")
        lines.append(f"| {md_escape(f.referent)} | {' | '.join(cells)} |")
    return "\n".join(lines)


def _sources(report: Report) -> str:
    lines = ["## Sources"]
    for i, d in enumerate(report.documents, start=1):
        lines += ["", f"### \\[{i}\\] {md_escape(d.title or doc_label(d))}", ""]
        meta = [
            ("Outlet", d.outlet),
            ("By", d.byline),
            ("Published", d.published),
            ("Credits", ", ".join(d.credited_sources) or None),
            ("Source", d.source),
        ]
        lines += [f"- {k}: {md_escape(v)}" for k, v in meta if v]
        if d.boilerplate:
            lines.append(f"- Removed as not part of the story ({len(d.boilerplate)}):")
            lines += [f"    - {md_escape(b)}" for b in d.boilerplate]
        paragraphs = [md_escape(p) for p in d.text.split("\n") if p.strip()]
        lines += ["", "\n>\n".join(f"> {p}" for p in paragraphs)]
    return "\n".join(lines)
