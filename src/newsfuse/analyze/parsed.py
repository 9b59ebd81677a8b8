"""The text of a parsed document, computed once: spaCy's ``Doc.text`` rebuilds the string
from every token on each access, which made it the analysis layer's hottest call."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_KEY = "newsfuse.text"


def text_of(doc: Doc) -> str:
    """``doc.text``, cached in the document's user data."""
    cached = doc.user_data.get(_KEY)
    if isinstance(cached, str):
        return cached
    text: str = doc.text
    doc.user_data[_KEY] = text
    return text
