"""`python -m fivefold`."""

from fivefold.entry import main

main()
