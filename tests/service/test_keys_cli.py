"""`replicast keys create|list|revoke`: shown once, stored as a hash, revocable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from replicast.cli.main import app
from replicast.db import Database
from replicast.service.apikeys import authenticate, parse_key

runner = CliRunner()


def test_create_list_revoke(tmp_path: Path) -> None:
    created = runner.invoke(
        app, ["keys", "create", "--tenant", "acme", "--name", "ci", "--data-dir", str(tmp_path)]
    )
    assert created.exit_code == 0, created.output
    key = created.stdout.strip().splitlines()[-1]
    key_id, secret = parse_key(key)

    db = Database(f"sqlite:///{tmp_path / 'replicast.db'}")
    assert authenticate(db, key).key_id == key_id
    db.dispose()
    with sqlite3.connect(tmp_path / "replicast.db") as conn:  # only a hash of the secret is stored
        dump = "\n".join(conn.iterdump())
    assert key_id in dump and secret not in dump

    listed = runner.invoke(app, ["keys", "list", "--data-dir", str(tmp_path)])
    assert listed.exit_code == 0
    assert key_id in listed.stdout and "acme" in listed.stdout and "active" in listed.stdout
    assert secret not in listed.stdout

    revoked = runner.invoke(app, ["keys", "revoke", key_id, "--data-dir", str(tmp_path)])
    assert revoked.exit_code == 0
    assert "revoked" in runner.invoke(app, ["keys", "list", "--data-dir", str(tmp_path)]).stdout
    again = runner.invoke(app, ["keys", "revoke", key_id, "--data-dir", str(tmp_path)])
    assert again.exit_code == 1


def test_keys_carry_at_least_128_random_bits(tmp_path: Path) -> None:
    result = runner.invoke(app, ["keys", "create", "--tenant", "acme", "--data-dir", str(tmp_path)])
    _, secret = parse_key(result.stdout.strip().splitlines()[-1])
    assert len(secret) * 6 >= 128  # base64url: 6 bits a character
