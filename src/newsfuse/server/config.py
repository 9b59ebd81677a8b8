"""The service's settings: the library's Settings plus what only a running server needs."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import SettingsConfigDict

from newsfuse.config import Settings


class ServerSettings(Settings):
    """Every service default, once; NEWSFUSE_ environment variables override them.

    ``api_token`` empty means: generate one at start, print it once and keep only its hash in
    ``token_file`` (beside the SQLite file by default).
    """

    model_config = SettingsConfigDict(env_prefix="NEWSFUSE_", frozen=True)

    api_token: str = ""
    token_file: Path | None = None
    private: bool = False
    # A request body above this is refused with 413 before it is read. Ten megabytes holds a
    # batch of a few hundred articles; larger imports belong to `newsfuse ingest`.
    max_body_bytes: int = 10 * 1024 * 1024
    # Token bucket per client address: a sustained rate and a burst it may spend at once.
    rate_per_s: float = 20.0
    rate_burst: int = 100
    max_batch: int = 500
    page_size: int = 20
    # Feed polling: the default interval, and the cap on exponential backoff after errors.
    feed_interval_s: float = 900.0
    feed_max_backoff_s: float = 6 * 3600.0
    feed_workers: bool = True
    # Outlet profiles (CSV or JSON: domain, name, country, owner, lean, factuality,
    # state_affiliated), shown per report and as a story's coverage; none by default.
    outlets: Path | None = None


def server_settings(settings: Settings | None = None, **overrides: object) -> ServerSettings:
    """ServerSettings from the environment, or from library Settings plus overrides."""
    if isinstance(settings, ServerSettings) and not overrides:
        return settings
    values: dict[str, object] = settings.model_dump() if settings is not None else {}
    values.update(overrides)
    return ServerSettings(**values)  # type: ignore[arg-type]


def token_path(settings: ServerSettings) -> Path:
    """Where the hash of a generated API token is kept for this database."""
    if settings.token_file is not None:
        return settings.token_file
    db = settings.db
    if "://" in db and not db.startswith("sqlite"):
        return Path.cwd() / "newsfuse-server.token.sha256"
    path = db.split("///", 1)[1] if db.startswith("sqlite") else db
    return Path(path + ".token.sha256")
