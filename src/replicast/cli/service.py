"""`replicast serve` and `replicast keys create|list|revoke`: the service's commands.

replicast keys create --tenant acme --name ci     # the key is printed once; store it
replicast serve --host 0.0.0.0 --port 8000 --data-dir /srv/replicast
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from replicast.settings import Settings

keys_app = typer.Typer(name="keys", help="API keys for the service.", no_args_is_help=True)
_out = Console(highlight=False)
_err = Console(stderr=True, highlight=False)


def _settings(data_dir: Path | None) -> Settings:
    settings = Settings()
    return settings.model_copy(update={"data_dir": data_dir}) if data_dir else settings


DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Folder of the database and object store [default: REPLICAST_DATA_DIR]"),
]


def serve_cmd(
    host: Annotated[str | None, typer.Option(help="Address to listen on [default: 127.0.0.1]")] = None,
    port: Annotated[int | None, typer.Option(min=0, max=65535, help="Port [default: 8000]")] = None,
    data_dir: DataDir = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Jobs run at once [default: 2]")] = None,
) -> None:
    """Run the service: HTTP API, jobs and storage in one process (SQLite + a local folder)."""
    import uvicorn

    from replicast.logs import configure_logging
    from replicast.service import create_app

    update: dict[str, Any] = {
        k: v for k, v in {"host": host, "port": port, "data_dir": data_dir, "workers": workers}.items() if v
    }
    settings = Settings().model_copy(update=update)
    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
    )


@keys_app.command("create")
def keys_create(
    tenant: Annotated[str, typer.Option(help="Whose data the key reaches (created if new).")],
    name: Annotated[str, typer.Option(help="A label for lists.")] = "",
    data_dir: DataDir = None,
) -> None:
    """Create an API key and print it. It is shown this once: only its hash is stored."""
    from replicast.db import Database
    from replicast.db.migrate import upgrade
    from replicast.service.apikeys import create_api_key

    db = Database(_settings(data_dir).resolved_database_url())
    try:
        upgrade(db)
        key = create_api_key(db, tenant, name)
    finally:
        db.dispose()
    _err.print(f"API key {key.key_id} for tenant {tenant!r} (shown once; keep it secret):")
    print(key.text)


@keys_app.command("list")
def keys_list(
    tenant: Annotated[str | None, typer.Option(help="Only this tenant's keys.")] = None,
    data_dir: DataDir = None,
) -> None:
    """List API keys (ids, tenants, state; never the secrets)."""
    from replicast.db import Database
    from replicast.db.keys import list_keys
    from replicast.db.migrate import upgrade

    db = Database(_settings(data_dir).resolved_database_url())
    try:
        upgrade(db)
        with db.read() as s:
            keys = list_keys(s, tenant)
    finally:
        db.dispose()
    table = Table("key id", "tenant", "name", "created", "state")
    for k in keys:
        state = f"revoked {k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "active"
        table.add_row(k.key_id, k.tenant, k.name, f"{k.created_at:%Y-%m-%d %H:%M}", state)
    _out.print(table)


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (the part after `rc_`), as `keys list` shows.")],
    data_dir: DataDir = None,
) -> None:
    """Revoke an API key: requests with it get 401 from now on."""
    from replicast.db import Database
    from replicast.db.keys import revoke_key
    from replicast.db.migrate import upgrade

    db = Database(_settings(data_dir).resolved_database_url())
    try:
        upgrade(db)
        with db.write() as s:
            done = revoke_key(s, key_id)
    finally:
        db.dispose()
    if not done:
        _err.print(f"[bold red]error:[/] no active key {key_id!r}")
        raise typer.Exit(code=1)
    _out.print(f"revoked {key_id}")
