"""Fixtures shared by every test package: where the shared data is, and the loaded models."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSFUSE_SHARED", ROOT.parent / "shared")).resolve()
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
SCHEMA = SHARED / "contracts" / "report.schema.json"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: the shared folder must sit beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def data_dir(shared_dir: Path) -> Path:
    return DATA


@pytest.fixture(scope="session")
def seed_paths(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))


def _import_bench(name: str) -> ModuleType:
    """``bench/NAME.py`` imported by path (bench/ is not a package), once per test run."""
    key = f"bench_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, ROOT / "bench" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module  # dataclasses and pickling look the module up by name
        spec.loader.exec_module(module)
    return sys.modules[key]


@pytest.fixture(scope="session")
def load_bench() -> Callable[[str], ModuleType]:
    """Imports a benchmark script by name: ``load_bench("fuse")`` is ``bench/fuse.py``."""
    return _import_bench


def _load_judge_server() -> ModuleType:
    """tests/fusion/judge_server.py imported by path (tests are not a package)."""
    name = "fusion_judge_server"
    if name not in sys.modules:
        path = Path(__file__).resolve().parent / "fusion" / "judge_server.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def judge_server() -> Iterator[Any]:
    """A chat-completions endpoint on 127.0.0.1 that answers as its path says (see the file)."""
    state, httpd = _load_judge_server().start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The full packaged spaCy pipeline, loaded once for the whole run."""
    from newsfuse.nlp import load_spacy

    return load_spacy()


@pytest.fixture(scope="session")
def encoder() -> Any:
    """The packaged MiniLM sentence encoder, loaded once for the whole run."""
    from newsfuse.nlp import load_encoder

    return load_encoder()


@pytest.fixture(scope="session")
def seed_story(seed_paths: list[Path], nlp: Any) -> tuple[list[Any], list[Any]]:
    """The seeds as `newsfuse fuse` reads them (Articles) and their analyses, made once."""
    from newsfuse.analyze import analyze_articles
    from newsfuse.pipeline import articles_from_sources

    articles = articles_from_sources(seed_paths)
    return articles, analyze_articles(articles, nlp=nlp)


@pytest.fixture(scope="session")
def fused_seeds(seed_story: tuple[list[Any], list[Any]], nlp: Any, encoder: Any) -> Any:
    """The seeds' Report from the real pipeline, fused once for every test that only reads it
    (fusion, render). Tests must not rely on its ``generated_at``."""
    from newsfuse.pipeline import fuse_articles

    articles, analyses = seed_story
    return fuse_articles(articles, nlp=nlp, encoder=encoder, analyses=analyses)


CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium keeps calling home, which floods a closed
# network; the rest keep a headless run quiet and reproducible.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.geteuid() == 0:
        subprocess.run(["bash", str(ROOT / "scripts" / "install-chromium.sh")], check=False)
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing and cannot be installed without root; "
            "run `sudo bash scripts/install-chromium.sh`"
        )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian chromium for the whole run.

    Playwright's sync API runs its own event loop in the calling thread, so a second
    `sync_playwright()` while the first is alive fails: every browser test shares this one.
    """
    _ensure_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()
