"""Timeline: the events the reports date, in chronological order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from newsfuse.fusion.statements import Statement
from newsfuse.fusion.values import from_time
from newsfuse.models import Fact, TimelineEvent


def build_timeline(facts: Sequence[Fact], statements: Sequence[Statement]) -> list[TimelineEvent]:
    """One event per fact whose statements carry a resolved year, month or day.

    ``when`` is the date most of the fact's statements give (the most specific on a tie);
    events are sorted by the first day of ``when``, then by where they first appear. Relative
    dates count once the analysis has resolved them against the publication date.
    """
    by_span = {(s.doc, s.start, s.end): s for s in statements}
    events: list[tuple[float, int, TimelineEvent]] = []
    for order, fact in enumerate(facts):
        dated = []
        for e in fact.evidence:
            s = by_span.get((e.doc, e.start, e.end))
            if s is None:
                continue
            for t in s.times:
                if t.value is not None and from_time(t, resolved_relative=True) is not None:
                    dated.append((t, e))
        if not dated:
            continue
        counts = Counter(t.value for t, _ in dated)
        when = max(counts, key=lambda v: (counts[v], len(v or "")))
        chosen = [(t, e) for t, e in dated if t.value == when]
        value = from_time(chosen[0][0], resolved_relative=True)
        assert value is not None
        events.append(
            (
                value.low,
                order,
                TimelineEvent(
                    when=when,
                    when_text=chosen[0][0].text,
                    event=chosen[0][1].text,
                    evidence=tuple(dict.fromkeys(e for _, e in chosen)),
                ),
            )
        )
    return [event for _, _, event in sorted(events, key=lambda x: (x[0], x[1]))]
