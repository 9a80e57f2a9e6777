"""Numbering a new item from the high-water marks kept per plan folder (issue 17): trusted only while
the folder's stat is unchanged and never stored for a folder changed within the racy window."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from fivefold import cache

from .conftest import Runner

OLD = 1_600_000_000  # a folder mtime well outside the racy window


def _age(folder: Path) -> None:
    os.utime(folder, (OLD, OLD))


def _new(ff: Runner, title: str = "新事项") -> str:
    return ff("new", title, "--area", "industry", "--due", "2026-12-31").stdout.strip()


def _marks(plans: Path) -> dict[str, tuple]:
    return cache.FileCache(plans / ".fivefold" / "cache" / "next-ids").load()


def test_numbers_follow_the_cached_mark_then_a_hand_added_file(ff: Runner, plans: Path) -> None:
    folder = plans / "demo"
    assert _new(ff) == "SY-001"
    _age(folder)
    assert _new(ff) == "SY-002"  # the folder was old: its marks are stored (for SY-001)
    _age(folder)
    assert _new(ff) == "SY-003"
    assert _marks(plans)["demo"][2] == {"SY": 2}  # stored before SY-003 was written
    # a file added by hand (a copy, a merge) changes the folder's mtime: it is counted
    shutil.copy(folder / "SY-001.yaml", folder / "SY-050.yaml")
    assert _new(ff) == "SY-051"


def test_a_folder_changed_within_the_racy_window_is_listed_every_time(
    ff: Runner, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 3600 * 10**9)  # however slow the machine, the folder stays recent
    assert _new(ff) == "SY-001"
    assert _new(ff) == "SY-002"  # the folder changed a moment ago: listed, not stored
    assert "demo" not in _marks(plans)
    # a second file in the same timestamp granule leaves the mtime as it was: still found
    folder = plans / "demo"
    st = os.stat(folder)
    shutil.copy(folder / "SY-001.yaml", folder / "SY-007.yaml")
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert _new(ff) == "SY-008"


def test_the_cached_mark_is_what_is_used_while_the_folder_is_unchanged(ff: Runner, plans: Path) -> None:
    folder = plans / "demo"
    _new(ff)
    _age(folder)
    _new(ff)  # stores the marks of the aged folder
    st = os.stat(folder)
    store = cache.FileCache(plans / ".fivefold" / "cache" / "next-ids")
    store.save({"demo": (cache.stat_key(st), None, {"SY": 41})})
    assert _new(ff) == "SY-042"


def test_a_damaged_cache_is_listed_again(ff: Runner, plans: Path) -> None:
    folder = plans / "demo"
    _new(ff)
    _age(folder)
    st = os.stat(folder)
    for payload in ({"SY": "41"}, ["SY"], None):
        store = cache.FileCache(plans / ".fivefold" / "cache" / "next-ids")
        store.save({"demo": (cache.stat_key(st), None, payload)})
        os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert _new(ff).startswith("SY-00")
        for extra in folder.glob("SY-00[2-9].yaml"):
            extra.unlink()
        os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))
        st = os.stat(folder)
