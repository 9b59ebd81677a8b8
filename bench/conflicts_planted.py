"""Planted disagreements in real multi-outlet stories (used by bench/conflicts.py).

Stories: NeuS dev (three outlets' reports of one event) and ECB+ dev events (up to three
reports of one gold event). A *case* is a value that two different reports of one story state
with the same meaning (same family, same interval) in sentences worded differently (rapidfuzz
ratio below SAME_WORDING): an independent restatement. Then, in the first report's own sentence:

- positive: the value is changed (a year by 3, any other number by x1.7 or +35 percentage points
  when that reads odd); the other report keeps its wording. Found when a conflict quotes the new
  value.
- negative: the value is restated (percent sign and "percent", thousands comma dropped or added,
  "about" before a rounded figure); found conflicts quoting it are false alarms.

Stories are split by a stable hash of their id: half "tune" (used to set the slot thresholds),
half "check" (reported). Runs through public APIs only, so the same code measures the base
commit (``--peer-src``).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import DATA  # noqa: E402

SAME_WORDING = 70.0
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Case:
    story: str
    kind: str  # date, count, money, percent, quantity
    texts: tuple[str, ...]  # the story's reports, the first one edited
    old: str  # the value's words in report 0
    new: str  # what they became
    other: str  # the same value's words in the other report
    planted: bool  # True: a changed value (must be found); False: a restatement


def stories() -> Iterator[tuple[str, list[str]]]:
    """(story id, its reports): NeuS dev stories, then ECB+ dev events with 2+ reports."""
    with (DATA / "summarization" / "neus_dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            texts = [s if isinstance(s, str) else s.get("text", "") for s in row["sources"]]
            yield f"neus:{row['id']}", [t for t in texts if t.strip()]
    events: dict[str, list[str]] = {}
    with (DATA / "clustering" / "ecbplus_dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            events.setdefault(str(row["event"]), []).append(row["text"])
    for event, texts in events.items():
        if len(texts) >= 2:
            yield f"ecb:{event}", texts[:3]


def half(story: str) -> str:
    return "tune" if hashlib.sha256(story.encode()).digest()[0] % 2 == 0 else "check"


def _kind(family: str) -> str:
    head, _, unit = family.partition(":")
    return {"percent": "percent", "money": "money", "count": "count", "date": "date"}.get(
        head, "quantity"
    )


def _values(analysis: Any, text: str) -> list[tuple[Any, str]]:
    """(Value, sentence text) for the comparable values of one analysed report."""
    from newsfuse.fusion.values import from_quantity, from_time

    out = []
    for sentence in analysis.sentences:
        for q in analysis.quantities:
            if sentence.start <= q.start < sentence.end and q.kind not in ("number", "rank"):
                v = from_quantity(q)
                if v is not None and _NUM.search(q.text):
                    out.append((v, sentence.text))
        for t in analysis.times:
            if sentence.start <= t.start < sentence.end and not t.relative:
                v = from_time(t)
                if v is not None and v.granularity in ("year", "day"):
                    out.append((v, sentence.text))
    return out


def cases_of(story: str, texts: list[str], analyses: list[Any], per_story: int) -> list[Case]:
    from rapidfuzz import fuzz

    found: list[Case] = []
    seen: set[str] = set()
    values = [_values(a, t) for a, t in zip(analyses, texts, strict=True)]
    for i, j in ((i, j) for i in range(len(texts)) for j in range(len(texts)) if i != j):
        for v, sent in values[i]:
            for w, other in values[j]:
                same = v.family == w.family and (v.low, v.high) == (w.low, w.high)
                if not same or v.text in seen or fuzz.ratio(sent, other) >= SAME_WORDING:
                    continue
                if texts[i].count(v.text) != 1 or math.isinf(v.high) or v.low <= 0:
                    continue  # open bounds ("more than 60") allow any larger value: left out
                seen.add(v.text)
                order = [texts[i], *(t for k, t in enumerate(texts) if k != i)]
                for planted, new in ((True, _changed(v)), (False, _restated(v))):
                    if new and new != v.text:
                        edited = order[0].replace(v.text, new, 1)
                        kind = _kind(v.family)
                        texts_ = (edited, *order[1:])
                        found.append(Case(story, kind, texts_, v.text, new, w.text, planted))
                if len(seen) >= per_story:
                    return found
    return found


def _changed(v: Any) -> str | None:
    match = _NUM.search(v.text)
    if match is None:
        return None
    digits = match.group(0)
    number = float(digits.replace(",", ""))
    if v.family == "date":
        if len(digits) == 4:
            new = str(int(number) + 3)
        elif number <= 25:
            new = str(int(number) + 3)
        else:
            new = str(int(number) - 7)
    elif v.family.startswith("percent"):
        new = _like(digits, number + 35 if number < 60 else number / 2)
    else:
        new = _like(digits, number * 1.7 if number >= 3 else number + 5)
    return v.text[: match.start()] + new + v.text[match.end() :]


def _like(digits: str, number: float) -> str:
    """``number`` written as ``digits`` is: decimals and thousands commas kept."""
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    text = f"{number:,.{decimals}f}" if "," in digits else f"{number:.{decimals}f}"
    return text


_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
_OTHER_UNIT = {
    "miles": ("kilometres", 1.609344),
    "mile": ("kilometres", 1.609344),
    "kilometres": ("miles", 1 / 1.609344),
    "kilometers": ("miles", 1 / 1.609344),
    "km": ("miles", 1 / 1.609344),
    "years": ("months", 12.0),
    "weeks": ("days", 7.0),
}


def _restated(v: Any) -> str | None:
    """The value in another format, another unit, or rounded: what must stay no conflict."""
    text = v.text
    match = _NUM.search(text)
    if v.family == "date" or match is None:
        return None  # a date in another format is another analyser path; not planted here
    digits, before, after = match.group(0), text[: match.start()], text[match.end() :]
    number = float(digits.replace(",", ""))
    unit = after.strip().split(" ")[0].casefold() if after.strip() else ""
    if "%" in text:
        return text.replace("%", " percent")
    if re.search(r"\bpercent\b", text):
        return text.replace(" percent", "%")
    if before.endswith("$") and re.match(r" (million|billion|trillion)\b", after):
        return before[:-1] + digits + after + " dollars"
    if unit in _OTHER_UNIT and v.family.startswith("quantity"):
        name, factor = _OTHER_UNIT[unit]
        rest = after.strip()[len(unit) :]
        return f"{before}{number * factor:,.1f} {name}{rest}".replace(".0 ", " ")
    if "," in digits and "." not in digits:
        return before + digits.replace(",", "") + after
    if number >= 10_000 and "." not in digits:
        return before + f"{number:,.0f}" + after
    if number.is_integer() and number < len(_WORDS) and not before and after.startswith(" "):
        return _WORDS[int(number)] + after
    if "." in digits and not re.match(r"(?i)(about|around|roughly|nearly|some)\b", text):
        rounded = f"{number:.0f}" if number >= 10 else f"{number:.1f}"
        if rounded != digits:
            return "about " + before + rounded + after
    return None


# --- running the cases ------------------------------------------------------------------------


def _quotes(conflict: Any, words: str) -> bool:
    return any(s.value and (words in s.value or s.value in words) for s in conflict.sides)


def run(which: str, per_story: int, limit: int, tools: Any) -> dict[str, Any]:
    """Planted cases of one half and its unmodified stories, fused; counts by kind, and every
    conflict of the unmodified stories (for reading)."""
    from newsfuse.analyze import analyze_articles
    from newsfuse.ingest import article_from_text
    from newsfuse.pipeline import fuse_articles

    nlp, encoder, cache = tools
    counts: dict[str, list[int]] = {}  # kind -> [positives, found, negatives, false alarms]
    unmodified: list[dict[str, Any]] = []
    facts = n_cases = 0
    for story, texts in stories():
        if half(story) != which or n_cases >= limit:
            continue
        articles = [article_from_text(t, source=f"{story}/{k}") for k, t in enumerate(texts)]
        analyses = analyze_articles(articles, nlp=nlp)
        report = fuse_articles(articles, nlp=nlp, encoder=encoder, cache=cache, analyses=analyses)
        facts += len(report.facts)
        unmodified += [_shown(story, c, report) for c in report.conflicts]
        for case in cases_of(story, [a.text for a in articles], analyses, per_story):
            n_cases += 1
            edited = [article_from_text(t, source=f"{story}/{k}") for k, t in enumerate(case.texts)]
            found = analyze_articles(edited[:1], nlp=nlp)
            rest = {a.id: x for a, x in zip(articles, analyses, strict=True)}
            more = [rest.get(a.id) or analyze_articles([a], nlp=nlp)[0] for a in edited[1:]]
            got = fuse_articles(
                edited, nlp=nlp, encoder=encoder, cache=cache, analyses=[*found, *more]
            )
            hit = any(_quotes(c, case.new) for c in got.conflicts)
            row = counts.setdefault(case.kind, [0, 0, 0, 0])
            row[0 if case.planted else 2] += 1
            row[1 if case.planted else 3] += int(hit)
            print(which, case.kind, case.planted, case.old, "->", case.new, hit, flush=True)
    return {"counts": counts, "unmodified": unmodified, "facts": facts}


def _shown(story: str, conflict: Any, report: Any) -> dict[str, Any]:
    texts = {d.id: d.text for d in report.documents}
    contexts = []
    for side in conflict.sides:
        e = side.evidence[0]
        text = texts[e.doc]
        contexts.append(text[max(0, e.start - 150) : e.end + 150].replace("\n", " "))
    return {
        "story": story,
        "kind": conflict.kind,
        "sides": [s.value for s in conflict.sides],
        "contexts": contexts,
    }
