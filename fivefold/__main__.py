"""`python -m fivefold`."""

from fivefold.cli.main import main

main()
