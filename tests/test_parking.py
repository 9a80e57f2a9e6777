"""fivefold.parking: what a command parks lives until the next park in the same slot, no longer."""

from __future__ import annotations

import weakref

from fivefold.parking import park


class Thing:
    pass


def test_parking_again_lets_the_previous_go() -> None:
    first, other = Thing(), Thing()
    gone, kept = weakref.ref(first), weakref.ref(other)
    park("test", first)
    park("test-other", other)
    del first, other
    assert gone() is not None and kept() is not None  # held by their slots
    park("test", Thing())
    assert gone() is None  # replaced: freed
    assert kept() is not None  # another slot's: still held
    park("test-other")
    assert kept() is None
