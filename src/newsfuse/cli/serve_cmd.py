"""`newsfuse serve`: the HTTP API and web UI over a store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsfuse.cli._app import app, console, fail
from newsfuse.errors import NewsfuseError


@app.command()
def serve(
    db: Annotated[
        str | None,
        typer.Option(help="SQLite file or postgresql://user@host/db URL [default: newsfuse.db]"),
    ] = None,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="port to listen on")] = 8000,
    private: Annotated[bool, typer.Option(help="reads need the API token too")] = False,
    allow_private: Annotated[
        bool, typer.Option(help="let feeds and URLs point at loopback/private addresses")
    ] = False,
    poll_feeds: Annotated[bool, typer.Option(help="run the background feed poller")] = True,
    outlets: Annotated[
        Path | None,
        typer.Option(
            help="outlet profiles, CSV or JSON (domain, name, country, owner, lean, "
            "factuality, state_affiliated)"
        ),
    ] = None,
) -> None:
    """Serve the API (/api, docs at /docs) and the web UI (/). Writes need a bearer token:
    NEWSFUSE_API_TOKEN, or one generated and printed once at the first start."""
    import uvicorn

    from newsfuse.server import ServerSettings, create_app

    overrides: dict[str, object] = {"private": private, "feed_workers": poll_feeds}
    if db is not None:
        overrides["db"] = db
    if allow_private:
        overrides["allow_private"] = True
    if outlets is not None:
        overrides["outlets"] = outlets
    try:
        web = create_app(ServerSettings(**overrides))  # type: ignore[arg-type]
    except NewsfuseError as exc:
        fail(str(exc))
    console.print(f"newsfuse: serving http://{host}:{port}/ (API docs at /docs)", highlight=False)
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False)
