"""`python -m fivefold`."""

from fivefold.entry import run

run()
