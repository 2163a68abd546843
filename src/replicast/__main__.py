"""`python -m replicast` runs the command line."""

from replicast.cli.main import main

main()
