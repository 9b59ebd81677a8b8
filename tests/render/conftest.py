"""Fixtures for the renderer tests: reports built from the seeds, and a hostile one."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from newsfuse.ingest import read_sources
from newsfuse.models import Article, Report


def _load_reports() -> ModuleType:
    path = Path(__file__).with_name("reports.py")
    spec = importlib.util.spec_from_file_location("render_test_reports", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reports = _load_reports()


@pytest.fixture(scope="session")
def seed_report(seeds_dir: Path) -> Report:
    """The seeds as ingest reads them, with every section filled from their own words."""
    articles = [a for a in read_sources([seeds_dir]) if isinstance(a, Article)]
    assert len(articles) == 5
    report: Report = reports.build_report(articles)
    return report


@pytest.fixture(scope="session")
def hostile_report() -> Report:
    report: Report = reports.hostile_report()
    return report


@pytest.fixture(scope="session")
def hostile_wordings() -> Report:
    report: Report = reports.hostile_wordings_report()
    return report


@pytest.fixture(scope="session")
def helpers() -> ModuleType:
    """The report builders and the HTML page checker in reports.py."""
    return reports
