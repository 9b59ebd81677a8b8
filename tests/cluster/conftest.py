"""Clustering fixtures: the dev sets' features, computed once per test session.

The quality tests use words, numbers and days only (no NER): running NER over 600 articles
would take minutes on this machine, and names add only ~0.005 B-cubed F1 on ECB+ dev
(bench/results/cluster.md reports the full feature set).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsfuse.cluster import ArticleFeatures, extract_features
from newsfuse.cluster.datasets import LabelledSet, load_labelled


@pytest.fixture(scope="session")
def ner() -> Any:
    """The packaged spaCy pipeline with only what NER needs (the clusterer reads names only)."""
    from newsfuse.nlp import load_spacy

    return load_spacy(disable=("tagger", "parser", "attribute_ruler", "lemmatizer"))


def _load(data_dir: Path, name: str) -> tuple[LabelledSet, list[ArticleFeatures]]:
    data = load_labelled(data_dir / "clustering" / name)
    return data, extract_features(data.articles)


@pytest.fixture(scope="session")
def ecbplus(data_dir: Path) -> tuple[LabelledSet, list[ArticleFeatures]]:
    return _load(data_dir, "ecbplus_dev.jsonl")


@pytest.fixture(scope="session")
def mmds(data_dir: Path) -> tuple[LabelledSet, list[ArticleFeatures]]:
    return _load(data_dir, "mmds_dev.jsonl")
