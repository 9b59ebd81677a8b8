"""The analysis layer: sentences, entities and their resolution, quotes, quantities, dates.

`analyze_articles` runs per article (batched through spaCy); `resolve_entities` merges the
mentions of many articles into entities; `link_speakers` then gives each quote its speaker's
entity id.
"""

from __future__ import annotations

from newsfuse.analyze.gazetteer import Gazetteer, load_gazetteer
from newsfuse.analyze.linking import link_speakers
from newsfuse.analyze.pipeline import analyze_articles
from newsfuse.analyze.resolve import name_key, resolve_entities

__all__ = [
    "Gazetteer",
    "analyze_articles",
    "link_speakers",
    "load_gazetteer",
    "name_key",
    "resolve_entities",
]
