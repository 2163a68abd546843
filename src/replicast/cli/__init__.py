"""The `replicast` command line (Typer + rich)."""
