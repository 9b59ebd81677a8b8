"""A document's full text as escaped HTML paragraphs with every cited span wrapped in <mark>.

Safety: the output is built only from ``markupsafe.escape``d slices of the text and from tags
whose attributes are span keys made of digits and dashes, so no character of the source text
can open a tag, close the page's <script> or start an attribute.

Spans may nest (a quote inside a fact's sentence) or cross (two sentence splitters that
disagree). Nested spans become nested <mark>s; a span that crosses another, or a paragraph
break, is continued in further <mark> fragments with the same ``data-span``. Only the first
fragment carries the ``id``, so joining the text of all ``mark[data-span~=key]`` elements gives
back the span's text exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape

from newsfuse.render.citations import SpanRef

_SAFE_KEY = re.compile(r"^[a-z][a-z0-9-]*$")


def mark_text(text: str, spans: Sequence[SpanRef]) -> Markup:
    """The text as <p> elements, one per line, with each span wrapped in <mark> fragments.

    Guarantees: the concatenated text content of the output equals ``text``; every span's key
    appears as exactly one ``id``.

    Raises:
        ValueError: a span key is not a plain HTML id (keys come from ``collect_citations``).
    """
    for span in spans:
        if not _SAFE_KEY.match(span.key):
            raise ValueError(f"span key {span.key!r} is not a safe HTML id")
    ordered = sorted(spans, key=_nesting)
    out: list[str] = ["<p>"]
    stack: list[str] = []
    opened: set[str] = set()
    starting: dict[int, list[SpanRef]] = {}
    for span in ordered:
        starting.setdefault(span.start, []).append(span)
    active: list[SpanRef] = []
    for a, b in _segments(text, ordered):
        # segments never straddle a span boundary, so membership only changes at segment starts
        active = [s for s in active if s.end > a] + starting.get(a, [])
        want = [s.key for s in sorted(active, key=_nesting)]
        common = 0
        while common < min(len(stack), len(want)) and stack[common] == want[common]:
            common += 1
        out.append("</mark>" * (len(stack) - common))
        del stack[common:]
        for key in want[common:]:
            out.append(_open_mark(key, first=key not in opened))
            opened.add(key)
            stack.append(key)
        out.append(str(escape(text[a:b])))
        if text[a:b].endswith("\n") and b < len(text):
            out.append("</mark>" * len(stack) + "</p><p>")
            stack.clear()
    out.append("</mark>" * len(stack) + "</p>")
    return Markup("".join(out))


def _nesting(span: SpanRef) -> tuple[int, int, str]:
    """Outer spans first: earlier start, then longer."""
    return (span.start, -span.end, span.key)


def _open_mark(key: str, *, first: bool) -> str:
    if first:
        return f'<mark class="ev" id="{key}" data-span="{key}" tabindex="-1">'
    return f'<mark class="ev ev-cont" data-span="{key}">'


def _segments(text: str, spans: Sequence[SpanRef]) -> list[tuple[int, int]]:
    """Consecutive pieces of the text inside which no span starts or ends and no line breaks."""
    cuts = {0, len(text)}
    for span in spans:
        cuts.update((span.start, span.end))
    cuts.update(m.end() for m in re.finditer("\n", text))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    return [(a, b) for a, b in zip(points, points[1:], strict=False) if a < b]
