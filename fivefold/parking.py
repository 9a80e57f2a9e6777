"""What a command is done with but need not free: a console run ends with os._exit (fivefold.entry.run),
so tearing down, object by object, the caches' entries and the rows of a large workspace (some 15 ms
at 10,000 items) would be work for nothing. One slot per caller: parking in it again lets what it
held go, so an in-process caller (the tests) that runs command after command holds one set at most."""

from __future__ import annotations

_slots: dict[str, tuple[object, ...]] = {}


def park(slot: str, *things: object) -> None:
    """Keep `things` until the next park in the same slot (or the end of the process)."""
    _slots[slot] = things
