"""Every default, once. Environment variables with the prefix NEWSFUSE_ override them."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSFUSE_", frozen=True)

    db: str = "newsfuse.db"
    # Fetching
    fetch_timeout_s: float = 20.0
    fetch_max_bytes: int = 20 * 1024 * 1024
    allow_private: bool = False
    # Reading files: larger inputs are refused with a message rather than read into memory.
    max_input_bytes: int = 50 * 1024 * 1024
    # Fusion
    brief_words: int = 120
    # Story clustering compares names of people, groups and places, taken from each article's
    # analysis (its one spaCy pass), in ingest, serve, cluster and batch alike. Off, stories
    # form on words, numbers and days alone: ingest then loads no model (about 4 ms of CPU per
    # article instead of some 50), at about 0.02-0.03 B-cubed F1 on ECB+ (bench/results/cluster.md).
    cluster_names: bool = True
    # Analysis: spaCy batch size and worker processes (2 cores here).
    nlp_batch_size: int = 16
    nlp_processes: int = 1
    # Sentence encoding: texts per encoder call. Fusion's texts are short sentences, and small
    # batches pad less (16 cost 15-25% less CPU per sentence than 64 here).
    encode_batch_size: int = 16
    # What a Session keeps across fusions: parses (about 10 KiB each: some 100 MiB) and
    # analyses (about 45 KiB each: some 90 MiB).
    parse_cache_texts: int = 10_000
    analysis_cache_articles: int = 2_000
    # Embedding cache (vectors keyed by text hash); empty string disables it.
    embedding_cache: Path | None = None
    # Sentence encoder: the packaged MiniLM on torch, or exported to ONNX (fp32 or int8 MatMul
    # weights) and run by onnxruntime; bench/results/encoder.md compares them.
    encoder: Literal["torch", "onnx", "onnx-int8"] = "onnx"
    # onnxruntime threads per process (0: every core). One, as throughput work runs one worker
    # process per core and fusion's batches are small.
    encoder_threads: int = 1
    # Where the ONNX export is cached; empty: $XDG_CACHE_HOME/newsfuse/encoder or ~/.cache/...
    model_cache: Path | None = None
    # An optional judge of the rules' conflicts: an OpenAI-compatible API base such as
    # http://127.0.0.1:8080/v1 (unset: the rules alone decide). No model ships with newsfuse.
    verifier_url: str | None = None
    verifier_model: str | None = None
    verifier_api_key: SecretStr | None = None
    verifier_timeout_s: float = 30.0
    verifier_retries: int = 1
    # Questions per story; beyond it the rules' verdict stands (a judge costs one call each).
    verifier_max_calls: int = 40


def default_settings() -> Settings:
    return Settings()
